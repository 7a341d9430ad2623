# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    for i in range(4):
        A[i * 4] = T.float32(1.0)
        A[i * 4 + 1] = T.float32(1.0)
        A[i * 4 + 2] = T.float32(1.0)
        A[i * 4 + 3] = T.float32(1.0)
