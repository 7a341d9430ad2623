# expect: 9:9: error: both branches must end by assigning the same variable
from tvm.script import relax as R

@R.function
def main(c: R.Tensor((), dtype="bool"), x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
    if c:
        y: R.Tensor((4,), dtype="float32") = R.exp(x)
    else:
        z: R.Tensor((4,), dtype="float32") = R.log(x)
    return y
