# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((4, 8, 16), "float32"), B: T.Buffer((512,), "float32")):
    for i, j, k in T.grid(4, 8, 16):
        B[i * 128 + j * 16 + k] = A[i, j, k]
