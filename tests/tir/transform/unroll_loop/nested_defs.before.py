# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((12,), "float32")):
    for i in T.unroll(2):
        for j in range(6):
            x: T.float32 = A[i * 6 + j]
            A[i * 6 + j] = x * x
