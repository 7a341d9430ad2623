# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((8,), "float32"), B: T.Buffer((8,), "float32"), C: T.Buffer((8,), "float32")):
    for i in range(8):
        C[i] = T.max(A[i], B[i])
        C[i] = T.min(A[i], T.float32(0.0))
        C[i] = T.max(T.min(A[i], T.float32(6.0)), T.float32(0.0))
