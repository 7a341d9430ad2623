# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    for i in range(16):
        A[i] = T.float32(1.0)
        if 8 <= i:
            A[i] = A[i] + T.float32(1.0)
