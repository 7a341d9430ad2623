# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((8, 8), "float32"), B: T.Buffer((8,), "float32"), C: T.Buffer((2, 3, 4, 5), "float32")):
    for i, j in T.grid(8, 8):
        for k in range(i):
            A[i, j] = A[i, j] + B[k]
    for a, b, c, d in T.grid(2, 3, 4, 5):
        C[a, b, c, d] = T.float32(0.0)
