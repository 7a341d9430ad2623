# expect: 6:42: error: R.add expects 2 arguments, got 1
from tvm.script import relax as R

@R.function
def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
    y: R.Tensor((4,), dtype="float32") = R.add(x)
    return y
