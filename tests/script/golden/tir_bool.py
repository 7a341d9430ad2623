# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((4,), "bool"), B: T.Buffer((2,), "int32")):
    A[0] = T.bool(True)
    A[1] = T.bool(False)
    A[2] = B[0] < B[1]
    A[3] = not A[0]
