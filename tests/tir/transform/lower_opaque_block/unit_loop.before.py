# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32"), B: T.Buffer((16,), "float32")):
    for i in range(16):
        for j in range(1):
            with T.block(""):
                T.reads(A[i + j])
                T.writes(B[i + j])
                B[i + j] = A[i + j]
