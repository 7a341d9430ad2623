# expect: 9:18: error: symbolic variable 'm' is used before it is defined
from tvm.script import tir as T
from tvm.script import relax as R

@R.function
def main(x: R.Tensor(("n",), dtype="float32")) -> R.Tensor(("n",), dtype="float32"):
    n = T.int64()
    m = T.int64()
    y: R.Tensor((m,), dtype="float32") = R.exp(x)
    return x
