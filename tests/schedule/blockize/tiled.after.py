# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((128, 128), "float32"), B: T.Buffer((128, 128), "float32")):
        # with T.block("root"):
        for i_0, j_0 in T.grid(8, 8):
            with T.block("B_o"):
                vio, vjo = T.axis.remap("SS", [i_0, j_0])
                T.reads(A[vio * 16:vio * 16 + 16, vjo * 16:vjo * 16 + 16])
                T.writes(B[vio * 16:vio * 16 + 16, vjo * 16:vjo * 16 + 16])
                for i_1, j_1 in T.grid(16, 16):
                    with T.block("B"):
                        vi, vj = T.axis.remap("SS", [i_1, j_1])
                        T.reads(A[vio * 16 + vi, vjo * 16 + vj])
                        T.writes(B[vio * 16 + vi, vjo * 16 + vj])
                        B[vio * 16 + vi, vjo * 16 + vj] = A[vio * 16 + vi, vjo * 16 + vj] * T.float32(2.0)
