# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((8, 16), "float32"), B: T.Buffer((8,), "float32")):
    A_1 = T.decl_buffer((128,), data=A.data)
    for i in range(8):
        acc = T.decl_buffer((1,), scope="local")
        acc[0] = T.float32(0.0)
        for k in range(16):
            acc[0] = acc[0] + A_1[i * 16 + k]
        B[i] = acc[0]
