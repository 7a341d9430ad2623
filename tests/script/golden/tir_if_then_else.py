# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32"), B: T.Buffer((16,), "float32")):
    for i in range(16):
        B[i] = T.if_then_else(i < 8, A[i], T.float32(0.0))
    for i in range(16):
        if i % 2 == 0:
            B[i] = A[i]
        else:
            B[i] = T.float32(0.0)
