# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    B = T.decl_buffer((16,))
    C = T.decl_buffer((4,), "int32", scope="local")
    for i in range(16):
        B[i] = A[i]
    C[0] = 1
    for i in range(16):
        A[i] = B[i] + T.Cast("float32", C[0])
