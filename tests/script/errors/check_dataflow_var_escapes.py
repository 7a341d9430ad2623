# expect: 10:12: error: dataflow variable 'lv' used outside its dataflow block
from tvm.script import relax as R

@R.function
def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
    with R.dataflow():
        lv: R.Tensor((4,), dtype="float32") = R.exp(x)
        gv: R.Tensor((4,), dtype="float32") = R.add(lv, x)
        R.output(gv)
    return lv
