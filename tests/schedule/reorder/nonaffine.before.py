# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16, 16), "float32"), B: T.Buffer((256,), "float32")):
    for i, j in T.grid(16, 16):
        with T.block("B"):
            vi = T.axis.spatial(256, i * j)
            T.reads(A[0, 0])
            T.writes(B[vi])
            B[vi] = A[0, 0]
