# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((128,), "float32"), B: T.Buffer((127,), "float32")):
    for i in range(127):
        with T.block("B"):
            vi = T.axis.spatial(127, i)
            T.reads(A[vi + 1])
            T.writes(B[vi])
            B[vi] = A[vi + 1]
