from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((8,), "int32")):
    for i in range(8):
        A[i] = T.truncdiv(i, 3) + T.truncmod(i, 3)
        A[i] = T.floordiv(i, 3) + T.floormod(i, 3)
        A[i] = T.max(i, 2) + T.min(i, 5)
