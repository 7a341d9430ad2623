# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    for i in range(16):
        x: T.float32 = A[i] * T.float32(2.0)
        y: T.int32 = i + 1
        A[i] = x + T.Cast("float32", y)
