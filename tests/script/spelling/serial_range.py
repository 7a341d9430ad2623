from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32"), n: T.int32):
    for i in T.serial(0, n):
        A[i] = T.float32(1.0)
    for j in T.serial(8):
        A[j] = T.float32(2.0)
    for k in range(0, 4):
        A[k] = T.float32(3.0)
    for a in T.serial(2, 6):
        A[a] = T.float32(4.0)
