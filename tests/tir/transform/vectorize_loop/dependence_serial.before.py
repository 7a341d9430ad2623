# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((9,), "float32")):
    for i in T.vectorized(8):
        A[i + 1] = A[i] + T.float32(1.0)
