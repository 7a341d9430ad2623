# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16, 16), "float32"), C: T.Buffer((16, 16), "float32")):
    A_1 = T.decl_buffer((256,), data=A.data)
    C_1 = T.decl_buffer((256,), data=C.data)
    for i in range(16):
        B = T.decl_buffer((16,))
        for j in range(16):
            B[j] = A_1[i * 16 + j] + T.float32(1.0)
        for j in range(16):
            C_1[i * 16 + j] = B[j] * T.float32(2.0)
