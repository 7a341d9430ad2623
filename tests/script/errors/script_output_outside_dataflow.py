# expect: 7:5: error: R.output is only allowed inside a dataflow block
from tvm.script import relax as R

@R.function
def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
    y: R.Tensor((4,), dtype="float32") = R.exp(x)
    R.output(y)
    return y
