# from tvm.script import tir as T

@T.prim_func
def main(a: T.handle, c: T.handle):
    n = T.int32()
    A = T.match_buffer(a, (n,))
    C = T.match_buffer(c, (n,))
    # with T.block("root"):
    B = T.alloc_buffer(((n - 1) // 4 + 1, 4))
    for i in range(n):
        with T.block("B"):
            vi = T.axis.spatial(n, i)
            T.reads(A[vi])
            T.writes(B[vi // 4, vi % 4])
            B[vi // 4, vi % 4] = A[vi] * T.float32(2.0)
    for ax0, ax1 in T.grid((n - 1) // 4 + 1, 4):
        with T.block("B_pad"):
            v0, v1 = T.axis.remap("SS", [ax0, ax1])
            T.where(n <= ax0 * 4 + ax1)
            T.reads()
            T.writes(B[v0, v1])
            B[v0, v1] = T.float32(0.0)
    for i in range(n):
        with T.block("C"):
            vi = T.axis.spatial(n, i)
            T.reads(B[vi // 4, vi % 4])
            T.writes(C[vi])
            C[vi] = B[vi // 4, vi % 4] + T.float32(1.0)
