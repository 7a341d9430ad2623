from tvm.script import tir as T

@T.prim_func
def main(a: T.handle):
    n = T.var("int64")
    A = T.match_buffer(a, (n,), "float32")
    for i in range(n):
        A[i] = T.float32(0.0)
