# expect: 7:5: error: expected the same dtype for TIR variable 'n': int64 vs int32
from tvm.script import tir as T
from tvm.script import relax as R

@R.function
def main(x: R.Tensor(("n",), dtype="float32")) -> R.Tensor(("n",), dtype="float32"):
    n = T.int32()
    return x
