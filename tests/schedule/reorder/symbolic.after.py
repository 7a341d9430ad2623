# from tvm.script import tir as T

@T.prim_func
def main(a: T.handle, b: T.handle):
    n, m = T.int32(), T.int32()
    A = T.match_buffer(a, (n, m))
    B = T.match_buffer(b, (n, m))
    # with T.block("root"):
    for i_0, j, i_1 in T.grid((n + 7) // 8, m, 8):
        with T.block("B"):
            vi = T.axis.spatial(n, i_0 * 8 + i_1)
            vj = T.axis.spatial(m, j)
            T.where(i_0 * 8 + i_1 < n)
            T.reads(A[vi, vj])
            T.writes(B[vi, vj])
            B[vi, vj] = A[vi, vj] + T.float32(1.0)
