# expect: 6:19: error: impure call 'R.call_packed' in a pure function
from tvm.script import relax as R

@R.function
def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
    r: R.Object = R.call_packed("my_log", x, sinfo_args=(R.Object,))
    return x
