# expect: 11:24: error: no function named 'missing' in the module
from tvm.script import ir as I
from tvm.script import tir as T
from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
        cls = Module
        y = R.call_tir(cls.missing, (x,), out_sinfo=R.Tensor((4,), dtype="float32"))
        return y
