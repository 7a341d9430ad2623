# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(a: T.handle, B: T.Buffer((64, 64), "float32"), c: T.handle):
        n = T.int32()
        A = T.match_buffer(a, (n, 64))
        C = T.match_buffer(c, (n, 64))
        # with T.block("root"):
        for i, j_0, k_0 in T.grid(n, 4, 4):
            with T.block("C_o"):
                vio, vjo, vko = T.axis.remap("SSR", [i, j_0, k_0])
                T.reads(A[vio, vko * 16:vko * 16 + 16], B[vko * 16:vko * 16 + 16, vjo * 16:vjo * 16 + 16])
                T.writes(C[vio, vjo * 16:vjo * 16 + 16])
                with T.init():
                    for j_1_init in range(16):
                        with T.block("C_init"):
                            vj_init = T.axis.spatial(16, j_1_init)
                            T.reads()
                            T.writes(C[vio, vjo * 16 + vj_init])
                            C[vio, vjo * 16 + vj_init] = T.float32(0.0)
                for j_1, k_1 in T.grid(16, 16):
                    with T.block("C"):
                        vj, vk = T.axis.remap("SR", [j_1, k_1])
                        T.reads(C[vio, vjo * 16 + vj], A[vio, vko * 16 + vk], B[vko * 16 + vk, vjo * 16 + vj])
                        T.writes(C[vio, vjo * 16 + vj])
                        C[vio, vjo * 16 + vj] = C[vio, vjo * 16 + vj] + A[vio, vko * 16 + vk] * B[vko * 16 + vk, vjo * 16 + vj]
