from tvm.script import relax as R

@R.function
def main(x: R.Tensor((4,), "float32"), y: R.Tensor(ndim=2, dtype="int32"), s: R.Shape((2, 3))) -> R.Tensor((4,), "float32"):
    return x
