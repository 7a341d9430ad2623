# expect: 8:9: error: return is not allowed inside a dataflow block
from tvm.script import relax as R

@R.function
def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
    with R.dataflow():
        gv: R.Tensor((4,), dtype="float32") = R.exp(x)
        return gv
