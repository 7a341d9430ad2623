# expect: 6:5: error: while loops are not supported in Relax functions
from tvm.script import relax as R

@R.function
def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
    while x:
        x = R.exp(x)
    return x
