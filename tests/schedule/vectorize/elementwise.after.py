# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((128, 96), "float32"), B: T.Buffer((128, 96), "float32")):
    # with T.block("root"):
    for i, j_0 in T.grid(128, 12):
        for j_1 in T.vectorized(8):
            with T.block("B"):
                vi = T.axis.spatial(128, i)
                vj = T.axis.spatial(96, j_0 * 8 + j_1)
                T.reads(A[vi, vj])
                T.writes(B[vi, vj])
                B[vi, vj] = A[vi, vj] * T.float32(2.0)
