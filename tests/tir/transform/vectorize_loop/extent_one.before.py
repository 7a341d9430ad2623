# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((4,), "float32")):
    for i in range(4):
        for j in T.vectorized(1):
            A[i + j] = T.float32(0.0)
