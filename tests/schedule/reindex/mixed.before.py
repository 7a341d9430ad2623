# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((65,), "float32"), B: T.Buffer((64,), "float32")):
    for i in range(64):
        with T.block("B"):
            vi = T.axis.spatial(64, i)
            T.reads(A[vi:vi + 2])
            T.writes(B[vi])
            B[vi] = A[vi] + A[vi + 1]
