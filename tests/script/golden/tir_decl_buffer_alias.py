# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    A_2d = T.decl_buffer((4, 4), data=A.data)
    for i, j in T.grid(4, 4):
        A_2d[i, j] = T.float32(0.0)
