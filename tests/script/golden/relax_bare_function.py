# from tvm.script import relax as R

@R.function
def foo(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
    y: R.Tensor((4,), dtype="float32") = R.add(x, x)
    return y
