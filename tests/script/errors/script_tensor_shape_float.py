# expect: 5:23: error: shape dimensions must be integers
from tvm.script import relax as R

@R.function
def main(x: R.Tensor((4.5,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
    return x
