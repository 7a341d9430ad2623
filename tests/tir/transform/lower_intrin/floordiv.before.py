# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((64,), "int32"), B: T.Buffer((64,), "int32"), n: T.int32, m: T.int32):
    for i in range(64):
        B[i] = A[i] // 8 + A[i] % 8 + i // 3 + i % 3 + (i - 10) // 3 + (i - 10) % 3 + A[i] // 3 + A[i] % 3 + A[i] // n + A[i] % m
