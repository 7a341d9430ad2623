# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((64,), "float32"), S: T.Buffer((8,), "float32"), B: T.Buffer((64,), "float32")):
    for i in range(8):
        B[i * 8:i * 8 + 8] = T.exp(A[i * 8:i * 8 + 8] - T.Broadcast(S[i], 8)) + T.Cast("float32x8", T.Ramp(0, 1, 8))
