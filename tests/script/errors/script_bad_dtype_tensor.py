# expect: 5:34: error: unknown dtype 'flaot32'
from tvm.script import relax as R

@R.function
def main(x: R.Tensor((4,), dtype="flaot32")) -> R.Tensor((4,), dtype="float32"):
    return x
