# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((8,), "float32"), B: T.Buffer((8,), "float32")):
    for i in range(8):
        B[i] = T.exp(A[i]) + T.log(A[i]) + T.sqrt(A[i])
        B[i] = T.tanh(A[i]) * T.sigmoid(A[i])
        B[i] = T.pow(A[i], T.float32(2.0))
        B[i] = T.floor(A[i]) - T.ceil(A[i]) + T.round(A[i])
        B[i] = T.sin(A[i]) + T.cos(A[i]) + T.erf(A[i])
        B[i] = T.rsqrt(A[i]) + T.log2(A[i]) + T.exp2(A[i])
