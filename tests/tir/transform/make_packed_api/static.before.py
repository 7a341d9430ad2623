# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((4, 8), "float32"), B: T.Buffer((4, 8), "float32")):
    A_1 = T.decl_buffer((32,), data=A.data)
    B_1 = T.decl_buffer((32,), data=B.data)
    for i in range(32):
        B_1[i] = A_1[i] + T.float32(1.0)
