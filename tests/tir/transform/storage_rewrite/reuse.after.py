# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32"), D: T.Buffer((16,), "float32")):
    B = T.allocate([16], "float32", "global")
    B_1 = T.Buffer((16,), data=B)
    E_1 = T.Buffer((8,), data=B)
    C = T.allocate([16], "float32", "global")
    C_1 = T.Buffer((16,), data=C)
    for i in range(16):
        B_1[i] = A[i] + T.float32(1.0)
    for i in range(16):
        C_1[i] = B_1[i] * T.float32(2.0)
    for i in range(8):
        E_1[i] = C_1[i] + C_1[i + 8]
    for i in range(8):
        D[i] = E_1[i]
