# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(a: T.handle, c: T.handle):
        n = T.int32()
        A = T.match_buffer(a, (n,))
        C = T.match_buffer(c, (n,))
        # with T.block("root"):
        B = T.alloc_buffer(((n - 1) // 8 + 1, 8))
        for i in range(n):
            with T.block("B"):
                vi = T.axis.spatial(n, i)
                T.reads(A[vi])
                T.writes(B[vi // 8, vi % 8])
                B[vi // 8, vi % 8] = A[vi] * T.float32(2.0)
        for ax0, ax1 in T.grid((n - 1) // 8 + 1, 8):
            with T.block("B_pad"):
                v0, v1 = T.axis.remap("SS", [ax0, ax1])
                T.where(n <= ax0 * 8 + ax1)
                T.reads()
                T.writes(B[v0, v1])
                B[v0, v1] = T.float32(-1.0)
        for i in range(n):
            with T.block("C"):
                vi = T.axis.spatial(n, i)
                T.reads(B[vi // 8, vi % 8])
                T.writes(C[vi])
                C[vi] = B[vi // 8, vi % 8] + T.float32(1.0)
