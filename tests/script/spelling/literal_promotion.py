from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((8,), "float32"), B: T.Buffer((T.int64(8),), "int64")):
    for i in range(8):
        A[i] = A[i] * 2.0 + 1.0
        A[i] = 0
    for j in range(T.int64(8)):
        B[j] = j + 1
        B[j] += 3
