# expect: 6:42: error: unknown Relax operator 'R.nn.convolution'
from tvm.script import relax as R

@R.function
def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
    y: R.Tensor((4,), dtype="float32") = R.nn.convolution(x)
    return y
