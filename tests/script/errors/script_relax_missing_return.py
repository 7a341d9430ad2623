# expect: 5:1: error: a Relax function must end with a return statement
from tvm.script import relax as R

@R.function
def main(x: R.Tensor((4,), dtype="float32")):
    y: R.Tensor((4,), dtype="float32") = R.exp(x)
