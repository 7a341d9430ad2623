# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(a: T.handle, c: T.handle):
        n, m = T.int32(), T.int32()
        A = T.match_buffer(a, (n, m))
        C = T.match_buffer(c, (n,))
        # with T.block("root"):
        for i in range(n):
            with T.block("C_init"):
                vi = T.axis.spatial(n, i)
                T.reads()
                T.writes(C[vi])
                C[vi] = T.float32(-340282346638528859811704183484516925440.0)
            for k in range(m):
                with T.block("C"):
                    vi, vk = T.axis.remap("SR", [i, k])
                    T.reads(C[vi], A[vi, vk])
                    T.writes(C[vi])
                    C[vi] = T.max(C[vi], A[vi, vk])
