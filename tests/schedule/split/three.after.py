# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((128, 96), "float32"), B: T.Buffer((128, 96), "float32")):
    # with T.block("root"):
    for i_0, i_1, i_2, j in T.grid(2, 4, 16, 96):
        with T.block("B"):
            vi = T.axis.spatial(128, i_0 * 64 + i_1 * 16 + i_2)
            vj = T.axis.spatial(96, j)
            T.reads(A[vi, vj])
            T.writes(B[vi, vj])
            B[vi, vj] = A[vi, vj] * T.float32(2.0)
