# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((4, 4), "float32"), M: T.Buffer((4, 4), "bool")):
    A_1 = T.decl_buffer((16,), data=A.data)
    M_1 = T.decl_buffer((16,), "int8", data=M.data)
    for i, j in T.grid(4, 4):
        M_1[i * 4 + j] = T.Cast("int8", A_1[i * 4 + j] > T.float32(0.0))
