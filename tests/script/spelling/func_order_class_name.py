import tvm
from tvm.script import ir as I
from tvm.script import relax as R
from tvm.script import tir as T


@tvm.script.ir_module
class MyModule:
    @R.function
    def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
        y = R.call_tir(MyModule.zeta, (x,), out_sinfo=R.Tensor((4,), dtype="float32"))
        return y

    @R.function
    def beta(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
        return x

    @T.prim_func
    def zeta(A: T.Buffer((4,), "float32"), B: T.Buffer((4,), "float32")):
        for i in range(4):
            B[i] = A[i]

    @T.prim_func
    def alpha(A: T.Buffer((4,), "float32")):
        A[0] = T.float32(0.0)
