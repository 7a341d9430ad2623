# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((64, 64), "float32"), B: T.Buffer((64, 64), "float32"), C: T.Buffer((64, 64), "float32")):
        # with T.block("root"):
        for i_0, j_0, k_0 in T.grid(4, 4, 4):
            with T.block("C_o"):
                vio, vjo, vko = T.axis.remap("SSR", [i_0, j_0, k_0])
                T.reads(A[vio * 16:vio * 16 + 16, vko * 16:vko * 16 + 16], B[vko * 16:vko * 16 + 16, vjo * 16:vjo * 16 + 16])
                T.writes(C[vio * 16:vio * 16 + 16, vjo * 16:vjo * 16 + 16])
                with T.init():
                    for i_1_init, j_1_init in T.grid(16, 16):
                        with T.block("C_init"):
                            vi_init, vj_init = T.axis.remap("SS", [i_1_init, j_1_init])
                            T.reads()
                            T.writes(C[vio * 16 + vi_init, vjo * 16 + vj_init])
                            C[vio * 16 + vi_init, vjo * 16 + vj_init] = T.float32(0.0)
                for i_1, j_1, k_1 in T.grid(16, 16, 16):
                    with T.block("C"):
                        vi, vj, vk = T.axis.remap("SSR", [i_1, j_1, k_1])
                        T.reads(C[vio * 16 + vi, vjo * 16 + vj], A[vio * 16 + vi, vko * 16 + vk], B[vko * 16 + vk, vjo * 16 + vj])
                        T.writes(C[vio * 16 + vi, vjo * 16 + vj])
                        C[vio * 16 + vi, vjo * 16 + vj] = C[vio * 16 + vi, vjo * 16 + vj] + A[vio * 16 + vi, vko * 16 + vk] * B[vko * 16 + vk, vjo * 16 + vj]
