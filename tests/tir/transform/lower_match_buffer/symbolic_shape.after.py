# from tvm.script import tir as T

@T.prim_func
def main(a: T.handle, b: T.handle):
    n = T.int32()
    A = T.match_buffer(a, (n, 16))
    B = T.match_buffer(b, (n, 16))
    # with T.block("root"):
    for i in range(n):
        with T.block(""):
            T.reads(A[i, 0:16])
            T.writes(B[i, 0:16])
            for j in range(16):
                B[i, j] = A[i, j] * T.float32(2.0)
