# expect: 6:49: error: unexpected keyword argument 'axes'
from tvm.script import relax as R

@R.function
def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((), dtype="float32"):
    y: R.Tensor((), dtype="float32") = R.sum(x, axes=[0])
    return y
