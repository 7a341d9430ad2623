# from tvm.script import tir as T

@T.prim_func
def main(a: T.handle):
    s = T.int32()
    A = T.match_buffer(a, (4, 4), strides=(s, 1))
    for i, j in T.grid(4, 4):
        A[i, j] = T.float32(0.0)
