# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((3,), "float32")):
    for i in T.vectorized(3):
        A[i] = T.float32(0.0)
