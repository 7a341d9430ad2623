# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16, 16), "float32"), C: T.Buffer((16, 16), "float32")):
    # with T.block("root"):
    for i, j in T.grid(16, 16):
        with T.block("C"):
            T.reads(A[i, j])
            T.writes(C[i, j])
            C[i, j] = A[i, j] * T.float32(2.0)
