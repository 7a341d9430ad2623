from tvm.script import relax as R

@R.function(private=True)
def helper(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
    return x
