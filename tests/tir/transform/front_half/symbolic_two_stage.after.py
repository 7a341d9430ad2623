# from tvm.script import tir as T

@T.prim_func
def main(a: T.handle, c: T.handle):
    n = T.int32()
    A = T.match_buffer(a, (n, 16))
    C = T.match_buffer(c, (n, 16))
    A_1 = T.decl_buffer((n * 16,), data=A.data)
    C_1 = T.decl_buffer((n * 16,), data=C.data)
    for i in range(n):
        B = T.decl_buffer((16,))
        for j in range(16):
            B[j] = A_1[i * 16 + j] + T.float32(1.0)
        for j in range(16):
            C_1[i * 16 + j] = B[j] * T.float32(2.0)
