# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((4, 4), "float32"), M: T.Buffer((4, 4), "bool")):
    for i, j in T.grid(4, 4):
        M[i, j] = A[i, j] > T.float32(0.0)
