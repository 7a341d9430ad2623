# expect: 5:46: error: duplicate parameter 'x'
from tvm.script import relax as R

@R.function
def main(x: R.Tensor((4,), dtype="float32"), x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
    return x
