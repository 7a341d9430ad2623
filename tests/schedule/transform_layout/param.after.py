# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((4, 4, 16, 8), "float32"), B: T.Buffer((32, 64), "float32")):
        # with T.block("root"):
        for i, j in T.grid(64, 32):
            with T.block("B"):
                vi, vj = T.axis.remap("SS", [i, j])
                T.reads(A[vi // 16, vj // 8, vi % 16, vj % 8])
                T.writes(B[vj, vi])
                B[vj, vi] = A[vi // 16, vj // 8, vi % 16, vj % 8] * T.float32(2.0)
