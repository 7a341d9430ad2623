# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((64,), "float32"), B: T.Buffer((64,), "float32")):
    for i, j in T.grid(4, 16):
        B[i * 16 + j] = A[i * 16 + j] * T.float32(2.0)
