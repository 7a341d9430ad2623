# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((8,), "float32"), B: T.Buffer((8,), "float32")):
    for i in range(8):
        B[i] = T.rsqrt(A[i]) + T.sigmoid(A[i]) + T.exp10(A[i]) + T.exp(A[i]) + T.floordiv(A[i], T.float32(2.0)) + T.floormod(A[i], T.float32(2.0)) + T.max_value("float32")
