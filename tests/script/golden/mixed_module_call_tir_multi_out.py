# from tvm.script import ir as I
# from tvm.script import tir as T
# from tvm.script import relax as R

@I.ir_module
class Module:
    @T.prim_func
    def split(A: T.Buffer((4,), "float32"), B: T.Buffer((2,), "float32"), C: T.Buffer((2,), "float32")):
        for i in range(2):
            B[i] = A[i]
            C[i] = A[i + 2]

    @R.function
    def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((2,), dtype="float32"):
        cls = Module
        lv = R.call_tir(cls.split, (x,), out_sinfo=[R.Tensor((2,), dtype="float32"), R.Tensor((2,), dtype="float32")])
        lv1: R.Tensor((2,), dtype="float32") = lv[0]
        lv2: R.Tensor((2,), dtype="float32") = lv[1]
        y: R.Tensor((2,), dtype="float32") = R.add(lv1, lv2)
        return y
