from tvm.script import tir as T
from tvm.script import relax as R

@R.function
def main(x: R.Tensor(("n", "m"), "float32")):
    n = T.int64()
    m = T.int64()
    y: R.Tensor((n, m), "float32") = R.exp(x)
    return y
