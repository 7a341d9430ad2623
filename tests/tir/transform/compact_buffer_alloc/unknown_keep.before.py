# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32"), C: T.Buffer((16,), "float32"), n: T.int32):
    for i in range(4):
        with T.block(""):
            T.reads(A[0:16])
            T.writes(C[i])
            B = T.alloc_buffer((16,))
            B[n] = A[n]
            C[i] = B[i * 4]
