# expect: 6:42: error: unknown Relax operator 'R.frobnicate'
from tvm.script import relax as R

@R.function
def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
    y: R.Tensor((4,), dtype="float32") = R.frobnicate(x)
    return y
