# from tvm.script import ir as I
# from tvm.script import tir as T
# from tvm.script import relax as R

@I.ir_module
class Module:
    @T.prim_func
    def bias_add(A: T.Buffer((4, 8), "float32"), B: T.Buffer((8,), "float32"), C: T.Buffer((4, 8), "float32")):
        # with T.block("root"):
        for i, j in T.grid(4, 8):
            with T.block("C"):
                vi, vj = T.axis.remap("SS", [i, j])
                T.reads(A[vi, vj], B[vj])
                T.writes(C[vi, vj])
                C[vi, vj] = A[vi, vj] + B[vj]

    @R.function
    def main(x: R.Tensor((4, 16), dtype="float32"), w: R.Tensor((16, 8), dtype="float32"), b: R.Tensor((8,), dtype="float32")) -> R.Tensor((4, 8), dtype="float32"):
        cls = Module
        with R.dataflow():
            lv = R.call_dps_packed("strata.cblas.matmul", (x, w), out_sinfo=R.Tensor((4, 8), dtype="float32"))
            gv = R.call_tir(cls.bias_add, (lv, b), out_sinfo=R.Tensor((4, 8), dtype="float32"))
            R.output(gv)
        return gv
