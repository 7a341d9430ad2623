# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((8,), "float32"), B: T.Buffer((2,), "float64")):
    A[0] = T.float32(0.0)
    A[1] = T.float32(1.5)
    A[2] = T.float32(-2.25)
    A[3] = T.float32(0.10000000000000001)
    A[4] = T.float32(3.1400000000000001)
    A[5] = T.float32(10000000000.0)
    A[6] = T.float32(1.0000000000000001e-05)
    A[7] = T.float32(-0.5)
    B[0] = T.float64(2.0)
    B[1] = T.float64(0.001)
