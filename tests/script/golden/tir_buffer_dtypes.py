# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((4,), "int8"), B: T.Buffer((4,), "uint8"), C: T.Buffer((4,), "int32"), D: T.Buffer((4,), "float64")):
    for i in range(4):
        C[i] = T.Cast("int32", A[i]) * T.Cast("int32", B[i])
        D[i] = T.Cast("float64", C[i])
