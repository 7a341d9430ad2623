# from tvm.script import tir as T

@T.prim_func
def main(a: T.handle, b: T.handle):
    n, m = T.int32(), T.int32()
    A = T.match_buffer(a, (n, m))
    B = T.match_buffer(b, (n, m))
    # with T.block("root"):
    for i_0, i_1, j_0, j_1 in T.grid((n + 15) // 16, 16, 4, (m + 3) // 4):
        with T.block("B"):
            vi = T.axis.spatial(n, i_0 * 16 + i_1)
            vj = T.axis.spatial(m, j_0 * ((m + 3) // 4) + j_1)
            T.where(i_0 * 16 + i_1 < n and j_0 * ((m + 3) // 4) + j_1 < m)
            T.reads(A[vi, vj])
            T.writes(B[vi, vj])
            B[vi, vj] = A[vi, vj] + T.float32(1.0)
