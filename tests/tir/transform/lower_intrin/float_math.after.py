# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((8,), "float32"), B: T.Buffer((8,), "float32")):
    for i in range(8):
        B[i] = T.float32(1.0) / T.sqrt(A[i]) + T.float32(1.0) / (T.float32(1.0) + T.exp(T.float32(0.0) - A[i])) + T.exp(A[i] * T.float32(2.3025850929940459)) + T.exp(A[i]) + T.floor(A[i] / T.float32(2.0)) + (A[i] - T.floor(A[i] / T.float32(2.0)) * T.float32(2.0)) + T.float32(340282346638528859811704183484516925440.0)
