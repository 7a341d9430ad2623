# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((32,), "float32"), D: T.Buffer((32,), "float32")):
    for k in range(2):
        B = T.allocate([16], "float32", "global")
        B_1 = T.Buffer((16,), data=B)
        for i in range(16):
            B_1[i] = A[k * 16 + i]
        for i in range(16):
            D[k * 16 + i] = B_1[i]
        C = T.allocate([4], "float32", "global")
        C_1 = T.Buffer((4,), data=C)
        for i in range(4):
            C_1[i] = D[k * 16 + i]
        for i in range(4):
            D[k * 16 + i] = C_1[i] * T.float32(2.0)
