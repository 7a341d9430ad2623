# expect: 7:24: error: impure call 'R.call_packed' is not allowed inside a dataflow block
from tvm.script import relax as R

@R.function(pure=False)
def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
    with R.dataflow():
        gv: R.Object = R.call_packed("my_log", x, sinfo_args=(R.Object,))
        R.output(gv)
    return x
