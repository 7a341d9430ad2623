# from tvm.script import tir as T

@T.prim_func
def main(a: T.handle, b: T.handle):
    n, m = T.int32(), T.int32()
    A = T.match_buffer(a, (n, m))
    B = T.match_buffer(b, (n, m))
    # with T.block("root"):
    for i_j_fused_0, i_j_fused_1 in T.grid((m * n + 31) // 32, 32):
        with T.block("B"):
            vi = T.axis.spatial(n, (i_j_fused_0 * 32 + i_j_fused_1) // m)
            vj = T.axis.spatial(m, (i_j_fused_0 * 32 + i_j_fused_1) % m)
            T.where(i_j_fused_0 * 32 + i_j_fused_1 < m * n)
            T.reads(A[vi, vj])
            T.writes(B[vi, vj])
            B[vi, vj] = A[vi, vj] + T.float32(1.0)
