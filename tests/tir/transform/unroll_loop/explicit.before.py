# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    for i in range(4):
        for j in T.unroll(4):
            A[i * 4 + j] = T.float32(1.0)
