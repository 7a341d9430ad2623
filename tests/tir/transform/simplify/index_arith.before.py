# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((64,), "float32"), B: T.Buffer((64,), "float32")):
    for i in range(4):
        for j in range(16):
            B[i * 16 + j] = A[(i * 16 + j) // 16 * 16 + (i * 16 + j) % 16] * T.float32(2.0) + T.float32(1.0) * T.float32(0.0)
