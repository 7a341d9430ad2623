# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32"), B: T.Buffer((16,), "float32"), C: T.Buffer((8,), "int32")):
    for i in range(4):
        B[i * 4:i * 4 + 4] = A[i * 4:i * 4 + 4] + T.Broadcast(T.float32(1.0), 4)
    C[0:4] = T.Ramp(0, 1, 4)
    C[0:8:2] = T.Broadcast(7, 4)
    for j in T.vectorized(4):
        B[j] = A[j]
