# from tvm.script import tir as T

@T.prim_func
def main(a: T.handle, b: T.handle):
    n = T.int32()
    A = T.match_buffer(a, (n, 4))
    B = T.match_buffer(b, (n, 4))
    for i, j in T.grid(n, 4):
        if i * 4 + j < n * 4:
            B[i, j] = T.max(A[(i * 4 + j) // 4, (i * 4 + j) % 4], T.float32(0.0))
