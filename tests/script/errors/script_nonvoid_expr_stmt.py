# expect: 6:5: error: non-void expression must be bound to a variable
from tvm.script import relax as R

@R.function
def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
    R.add(x, x)
    return x
