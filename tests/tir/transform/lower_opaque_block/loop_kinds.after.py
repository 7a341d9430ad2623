# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((64,), "float32"), B: T.Buffer((64,), "float32")):
    for i in T.parallel(8):
        for j in T.vectorized(8):
            B[i * 8 + j] = A[i * 8 + j]
