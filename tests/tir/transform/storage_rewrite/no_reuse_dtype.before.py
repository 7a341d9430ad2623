# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32"), D: T.Buffer((16,), "int32")):
    B = T.allocate([16], "float32", "global")
    B_1 = T.Buffer((16,), data=B)
    for i in range(16):
        B_1[i] = A[i]
    C = T.allocate([16], "int32", "global")
    C_1 = T.Buffer((16,), "int32", data=C)
    for i in range(16):
        C_1[i] = T.Cast("int32", B_1[i])
    for i in range(16):
        D[i] = C_1[i]
