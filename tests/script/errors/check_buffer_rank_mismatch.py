# expect: 16:35: error: rank mismatch
from tvm.script import ir as I
from tvm.script import tir as T
from tvm.script import relax as R

@I.ir_module
class Module:
    @T.prim_func
    def copy(A: T.Buffer((16,), "float32"), B: T.Buffer((16,), "float32")):
        for i in range(16):
            B[i] = A[i]

    @R.function
    def main(x: R.Tensor((4, 4), dtype="float32")) -> R.Tensor((16,), dtype="float32"):
        cls = Module
        y = R.call_tir(cls.copy, (x,), out_sinfo=R.Tensor((16,), dtype="float32"))
        return y
