# from tvm.script import tir as T

@T.prim_func
def main(a: T.handle, b: T.handle):
    n = T.int32()
    A = T.match_buffer(a, (n * 2,))
    B = T.match_buffer(b, (n,))
    for i in range(n):
        B[i] = A[i * 2] + A[i * 2 + 1]
