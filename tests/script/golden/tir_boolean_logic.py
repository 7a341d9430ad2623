# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((8,), "int32"), B: T.Buffer((8,), "bool")):
    for i in range(8):
        B[i] = i < 4 and A[i] > 0
        B[i] = (i < 2 or i > 5) and A[i] != 0
        B[i] = not (i == 3 or i >= 7)
        B[i] = i <= 1 or not B[i]
