# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((16, 64), "float32"), C: T.Buffer((16,), "float32")):
        # with T.block("root"):
        C_rf = T.alloc_buffer((8, 16))
        for i_init, k1_init in T.grid(16, 8):
            with T.block("C_rf_init"):
                vk1, vi = T.axis.remap("SS", [k1_init, i_init])
                T.reads()
                T.writes(C_rf[vk1, vi])
                C_rf[vk1, vi] = T.float32(0.0)
        for i, k0, k1 in T.grid(16, 8, 8):
            with T.block("C_rf"):
                vk1, vi, vk0 = T.axis.remap("SSR", [k1, i, k0])
                T.reads(C_rf[vk1, vi], A[vi, vk0 * 8 + vk1])
                T.writes(C_rf[vk1, vi])
                C_rf[vk1, vi] = C_rf[vk1, vi] + A[vi, vk0 * 8 + vk1]
        for i, k1 in T.grid(16, 8):
            with T.block("C"):
                vi, vk1 = T.axis.remap("SR", [i, k1])
                T.reads(C_rf[vk1, vi])
                T.writes(C[vi])
                with T.init():
                    C[vi] = T.float32(0.0)
                C[vi] = C[vi] + C_rf[vk1, vi]
