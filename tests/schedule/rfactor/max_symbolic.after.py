# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(a: T.handle, c: T.handle):
        n = T.int32()
        A = T.match_buffer(a, (n, 128))
        C = T.match_buffer(c, (n,))
        # with T.block("root"):
        C_rf = T.alloc_buffer((4, n))
        for i, k0, k1 in T.grid(n, 4, 32):
            with T.block("C_rf"):
                vk0, vi, vk1 = T.axis.remap("SSR", [k0, i, k1])
                T.reads(A[vi, vk0 * 32 + vk1])
                T.writes(C_rf[vk0, vi])
                with T.init():
                    C_rf[vk0, vi] = T.float32(-340282346638528859811704183484516925440.0)
                C_rf[vk0, vi] = T.max(C_rf[vk0, vi], A[vi, vk0 * 32 + vk1])
        for i, k0 in T.grid(n, 4):
            with T.block("C"):
                vi, vk0 = T.axis.remap("SR", [i, k0])
                T.reads(C_rf[vk0, vi])
                T.writes(C[vi])
                with T.init():
                    C[vi] = T.float32(-340282346638528859811704183484516925440.0)
                C[vi] = T.max(C[vi], C_rf[vk0, vi])
