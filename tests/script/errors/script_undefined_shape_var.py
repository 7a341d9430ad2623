# expect: 6:18: error: undefined name 'm'
from tvm.script import relax as R

@R.function
def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
    y: R.Tensor((m,), dtype="float32") = R.exp(x)
    return y
