# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32"), n: T.int32, alpha: T.float32):
    for i in range(n):
        A[i] = A[i] * alpha
