# The seed's R.call_dps(shape, func, args): the output dtype comes from the
# binding's annotation.
from tvm.script import ir as I
from tvm.script import tir as T
from tvm.script import relax as R


@I.ir_module
class Module:
    @T.prim_func
    def add_one(A: T.Buffer((8,), "float32"), B: T.Buffer((8,), "float32")):
        for i in range(8):
            B[i] = A[i] + T.float32(1.0)

    @R.function
    def main(x: R.Tensor((8,), "float32")) -> R.Tensor((8,), "float32"):
        lv: R.Tensor((8,), "float32") = R.call_dps((8,), Module.add_one, [x])
        return lv
