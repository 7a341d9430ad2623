# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((2,), "int8"), B: T.Buffer((2,), "int16"), C: T.Buffer((3,), "int64"), D: T.Buffer((2,), "int32"), E: T.Buffer((1,), "uint8"), F: T.Buffer((1,), "uint16"), G: T.Buffer((1,), "uint32"), H: T.Buffer((1,), "uint64")):
    A[0] = T.int8(-128)
    A[1] = T.int8(127)
    B[0] = T.int16(-32768)
    B[1] = T.int16(32767)
    C[0] = T.int64(9223372036854775807)
    C[1] = T.int64(-9223372036854775808)
    C[2] = T.int64(0)
    D[0] = 2147483647
    D[1] = -7
    E[0] = T.uint8(255)
    F[0] = T.uint16(65535)
    G[0] = T.uint32(4294967295)
    H[0] = T.uint64(1)
