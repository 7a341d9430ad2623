# from tvm.script import ir as I
# from tvm.script import tir as T
# from tvm.script import relax as R

@I.ir_module
class Module:
    @T.prim_func(private=True)
    def fill(A: T.Buffer((4,), "float32")):
        for i in range(4):
            A[i] = T.float32(1.0)

    @R.function
    def main() -> R.Tensor((4,), dtype="float32"):
        cls = Module
        x = R.call_tir(cls.fill, R.tuple(), out_sinfo=R.Tensor((4,), dtype="float32"))
        return x
