# from tvm.script import tir as T

@T.prim_func
def main(a: T.handle, b: T.handle, c: T.handle, alpha: T.float32):
    n = T.int64()
    m = T.int64()
    A = T.match_buffer(a, (n, m), "float16")
    B = T.match_buffer(b, (m,), "float16")
    C = T.match_buffer(c, (n, m), "float16")
    A_1 = T.decl_buffer((n * m,), "float16", data=A.data)
    B_1 = T.decl_buffer((m,), "float16", data=B.data)
    C_1 = T.decl_buffer((n * m,), "float16", data=C.data)
    for i, j in T.grid(n, m):
        C_1[i * m + j] = A_1[i * m + j] + B_1[j] * T.Cast("float16", alpha)
