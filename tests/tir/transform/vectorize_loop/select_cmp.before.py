# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32"), B: T.Buffer((16,), "float32")):
    for i in T.vectorized(16):
        B[i] = T.Select(A[i] > T.float32(0.0), A[i], A[i] * T.float32(0.1))
