# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((8,), "int32"), n: T.int32, m: T.int32):
    A[0] = (n + m) * 2
    A[1] = n - (m - 1)
    A[2] = n - m - 1
    A[3] = n * (m // 4)
    A[4] = n // 4 * m
    A[5] = n % m + n // m * m
    A[6] = n * m + (n - m) * (n + m)
