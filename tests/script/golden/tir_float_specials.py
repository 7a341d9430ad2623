# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((3,), "float32"), B: T.Buffer((2,), "float64")):
    A[0] = T.float32("inf")
    A[1] = T.float32("-inf")
    A[2] = T.float32("nan")
    B[0] = T.float64("inf")
    B[1] = T.float64("nan")
