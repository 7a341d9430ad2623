# from tvm.script import tir as T

@T.prim_func
def main(a: T.handle, c: T.handle):
    n, m = T.int32(), T.int32()
    A = T.match_buffer(a, (n, m))
    C = T.match_buffer(c, (n, m))
    A_1 = T.decl_buffer((m * n,), data=A.data)
    C_1 = T.decl_buffer((m * n,), data=C.data)
    for i, j in T.grid(n, m):
        C_1[i * m + j] = A_1[i * m + j] * T.float32(2.0)
