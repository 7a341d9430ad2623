# from tvm.script import tir as T

@T.prim_func
def main(a: T.handle, b: T.handle):
    A = T.match_buffer(a, (4, 4), strides=(8, 1), elem_offset=2)
    B = T.match_buffer(b, (16,), "float16", scope="shared", align=128, offset_factor=4)
    for i, j in T.grid(4, 4):
        B[i * 4 + j] = T.Cast("float16", A[i, j])
