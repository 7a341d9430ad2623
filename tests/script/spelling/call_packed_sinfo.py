from tvm.script import relax as R

@R.function(pure=False)
def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
    a: R.Object = R.call_packed("f", x, sinfo_args=R.Object)
    b: R.Object = R.call_packed("g", x, sinfo_args=[R.Object])
    c = R.call_packed("h", x, sinfo_args=R.Tensor((4,), dtype="float32"))
    return c
