# from tvm.script import tir as T

@T.prim_func
def main(a: T.handle, b: T.handle):
    n = T.int32()
    A = T.match_buffer(a, (n, 16))
    B = T.match_buffer(b, (n, 16))
    for i in range(n):
        with T.block(""):
            T.reads(A[i, 0:16])
            T.writes(B[i, 0:16])
            w = T.int32()
            A_row = T.match_buffer(A[i, 0:16], (w,))
            B_row = T.match_buffer(B[i, 0:16], (16,))
            for j in range(w):
                B_row[j] = A_row[j] * T.float32(2.0)
