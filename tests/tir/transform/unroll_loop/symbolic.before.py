# from tvm.script import tir as T

@T.prim_func
def main(a: T.handle):
    n = T.int32()
    A = T.match_buffer(a, (n,))
    for i in T.unroll(n):
        A[i] = T.float32(1.0)
