# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((16, 64), "float32"), C: T.Buffer((16,), "float32")):
        # with T.block("root"):
        C_rf = T.alloc_buffer((16, 8))
        for i, k0, k1 in T.grid(16, 8, 8):
            with T.block("C_rf"):
                vk0, vi, vk1 = T.axis.remap("SSR", [k0, i, k1])
                T.reads(A[vi, vk0 * 8 + vk1])
                T.writes(C_rf[vi, vk0])
                with T.init():
                    C_rf[vi, vk0] = T.float32(0.0)
                C_rf[vi, vk0] = C_rf[vi, vk0] + A[vi, vk0 * 8 + vk1]
        for i, k0 in T.grid(16, 8):
            with T.block("C"):
                vi, vk0 = T.axis.remap("SR", [i, k0])
                T.reads(C_rf[vi, vk0])
                T.writes(C[vi])
                with T.init():
                    C[vi] = T.float32(0.0)
                C[vi] = C[vi] + C_rf[vi, vk0]
