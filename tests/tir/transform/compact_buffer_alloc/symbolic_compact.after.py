# from tvm.script import tir as T

@T.prim_func
def main(a: T.handle, c: T.handle):
    n = T.int32()
    A = T.match_buffer(a, (n, 8))
    C = T.match_buffer(c, (n, 8))
    # with T.block("root"):
    for i in range(n):
        with T.block(""):
            T.reads(A[i, 0:8])
            T.writes(C[i, 0:8])
            B = T.alloc_buffer((1, 8))
            for j in range(8):
                B[0, j] = A[i, j]
            for j in range(8):
                C[i, j] = B[0, j]
