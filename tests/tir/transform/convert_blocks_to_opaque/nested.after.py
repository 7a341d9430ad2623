# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16, 16), "float32"), B: T.Buffer((16, 16), "float32")):
    # with T.block("root"):
    for i in range(16):
        with T.block("outer"):
            T.reads(A[i, 0:16])
            T.writes(B[i, 0:16])
            for j in range(16):
                with T.block("inner"):
                    T.reads(A[i, j])
                    T.writes(B[i, j])
                    B[i, j] = A[i, j]
