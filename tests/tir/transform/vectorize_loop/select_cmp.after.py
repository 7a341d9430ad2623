# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32"), B: T.Buffer((16,), "float32")):
    B[0:16] = T.Select(A[0:16] > T.Broadcast(T.float32(0.0), 16), A[0:16], A[0:16] * T.Broadcast(T.float32(0.10000000000000001), 16))
