# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32"), B: T.Buffer((16,), "int32"), C: T.Buffer((16,), "float16")):
    for i in range(16):
        B[i] = T.Cast("int32", A[i])
        C[i] = T.Select(A[i] > T.float32(0.0), T.Cast("float16", A[i]), T.float16(0.0))
