# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    for i in range(2, 10):
        A[i] = T.float32(1.0)
    for j in T.parallel(1, 5):
        A[j] = T.float32(2.0)
    for k in T.unroll(12, 16):
        A[k] = T.float32(3.0)
