# expect: 6:22: error: expected ':'
from tvm.script import relax as R

@R.function
def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
    with R.dataflow()
        gv: R.Tensor((4,), dtype="float32") = R.exp(x)
        R.output(gv)
    return gv
