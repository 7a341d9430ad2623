# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((8, 16), "float32"), B: T.Buffer((8, 16), "float32")):
    # with T.block("root"):
    for i in range(8):
        with T.block(""):
            T.reads(A[i, 0:16])
            T.writes(B[i, 0:16])
            for j in range(16):
                B[i, j] = A[i, j] + T.float32(1.0)
