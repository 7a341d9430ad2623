# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16, 16), "float32"), B: T.Buffer((16, 16), "float32"), C: T.Buffer((16, 16), "float32")):
    A_1 = T.decl_buffer((256,), data=A.data)
    B_1 = T.decl_buffer((256,), data=B.data)
    C_1 = T.decl_buffer((256,), data=C.data)
    for i, j, k in T.grid(16, 16, 16):
        if k == 0:
            C_1[i * 16 + j] = T.float32(0.0)
        C_1[i * 16 + j] = C_1[i * 16 + j] + A_1[i * 16 + k] * B_1[j + k * 16]
