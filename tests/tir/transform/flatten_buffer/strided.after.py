# from tvm.script import tir as T

@T.prim_func
def main(a: T.handle):
    A = T.match_buffer(a, (4, 4), strides=("s", 1))
    A_1 = T.decl_buffer((A.strides[0] * 4,), data=A.data)
    for i, j in T.grid(4, 4):
        A_1[i * A.strides[0] + j] = T.float32(0.0)
