# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((8, 8, 16), "int32"), C: T.Buffer((8,), "int32")):
        # with T.block("root"):
        C_rf = T.alloc_buffer((8, 16), "int32")
        for i, j, k in T.grid(8, 8, 16):
            with T.block("C_rf"):
                vk, vi, vj = T.axis.remap("SSR", [k, i, j])
                T.reads(A[vi, vj, vk])
                T.writes(C_rf[vi, vk])
                with T.init():
                    C_rf[vi, vk] = 2147483647
                C_rf[vi, vk] = T.min(C_rf[vi, vk], A[vi, vj, vk])
        for i, k in T.grid(8, 16):
            with T.block("C"):
                vi, vk = T.axis.remap("SR", [i, k])
                T.reads(C_rf[vi, vk])
                T.writes(C[vi])
                with T.init():
                    C[vi] = 2147483647
                C[vi] = T.min(C[vi], C_rf[vi, vk])
