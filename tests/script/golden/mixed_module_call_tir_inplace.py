# from tvm.script import ir as I
# from tvm.script import tir as T
# from tvm.script import relax as R

@I.ir_module
class Module:
    @T.prim_func
    def relu_inplace(A: T.Buffer((4,), "float32")):
        for i in range(4):
            A[i] = T.max(A[i], T.float32(0.0))

    @R.function
    def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
        cls = Module
        y: R.Tensor((4,), dtype="float32") = R.call_tir_inplace(cls.relu_inplace, (x,), out_sinfo=R.Tensor((4,), dtype="float32"), inplace_indices=[0])
        return y
