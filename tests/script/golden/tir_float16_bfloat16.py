# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((4,), "float16"), B: T.Buffer((4,), "bfloat16")):
    A[0] = T.float16(1.5)
    A[1] = A[0] * T.float16(2.0)
    B[0] = T.bfloat16(1.0)
    B[1] = T.Cast("bfloat16", A[1])
