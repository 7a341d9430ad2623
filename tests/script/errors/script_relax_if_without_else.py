# expect: 6:5: error: an if statement in a Relax function needs an else branch
from tvm.script import relax as R

@R.function
def main(c: R.Tensor((), dtype="bool"), x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
    if c:
        y: R.Tensor((4,), dtype="float32") = R.exp(x)
    return x
