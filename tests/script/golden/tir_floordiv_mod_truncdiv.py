# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((8,), "int32"), B: T.Buffer((8,), "float32")):
    for i in range(8):
        A[i] = i // 3 + i % 3
        A[i] = T.Div(i, 3) - T.truncmod(i, 3)
        A[i] = (i + 1) // 2 * 2
        A[i] = A[i] % (i + 1)
        B[i] = B[i] / T.float32(2.0)
