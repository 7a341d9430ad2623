# expect: 7:12: error: undefined name 'y'
from tvm.script import relax as R

@R.function
def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
    z: R.Tensor((4,), dtype="float32") = R.add(x, x)
    return y
