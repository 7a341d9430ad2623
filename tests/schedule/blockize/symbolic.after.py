# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(a: T.handle, b: T.handle):
        n = T.int32()
        A = T.match_buffer(a, (n, 64))
        B = T.match_buffer(b, (n, 64))
        # with T.block("root"):
        for i, j_0 in T.grid(n, 4):
            with T.block("B_o"):
                vio, vjo = T.axis.remap("SS", [i, j_0])
                T.reads(A[vio, vjo * 16:vjo * 16 + 16])
                T.writes(B[vio, vjo * 16:vjo * 16 + 16])
                for j_1 in range(16):
                    with T.block("B"):
                        vj = T.axis.spatial(16, j_1)
                        T.reads(A[vio, vjo * 16 + vj])
                        T.writes(B[vio, vjo * 16 + vj])
                        B[vio, vjo * 16 + vj] = A[vio, vjo * 16 + vj] + T.float32(1.0)
