# expect: 6:12: error: does not match the annotated return type
from tvm.script import relax as R

@R.function
def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((8,), dtype="float32"):
    return x
