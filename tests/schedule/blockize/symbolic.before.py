# from tvm.script import tir as T

@T.prim_func
def main(a: T.handle, b: T.handle):
    n = T.int32()
    A = T.match_buffer(a, (n, 64))
    B = T.match_buffer(b, (n, 64))
    for i, j_0, j_1 in T.grid(n, 4, 16):
        with T.block("B"):
            vi = T.axis.spatial(n, i)
            vj = T.axis.spatial(64, j_0 * 16 + j_1)
            T.reads(A[vi, vj])
            T.writes(B[vi, vj])
            B[vi, vj] = A[vi, vj] + T.float32(1)
