# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16, 16), "float32"), C: T.Buffer((16, 16), "float32")):
    for i in range(16):
        B = T.decl_buffer((1, 16))
        if i < 15:
            for j in range(16):
                B[0, j] = A[i, j] + T.float32(1.0)
            for j in range(16):
                C[i, j] = B[0, j] * T.float32(2.0)
