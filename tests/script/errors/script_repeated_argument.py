# expect: 5:39: error: got multiple values for argument 'dtype'
from tvm.script import relax as R

@R.function
def main(x: R.Tensor((4,), "float32", dtype="int32")) -> R.Tensor((4,), dtype="float32"):
    return x
