# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((64, 64), "float32"), D: T.Buffer((64, 64), "float32")):
    # with T.block("root"):
    B = T.alloc_buffer((64, 64))
    C = T.alloc_buffer((64, 64))
    for i_0 in range(8):
        for ax0, ax1 in T.grid(8, 64):
            with T.block("B"):
                vi = T.axis.spatial(64, i_0 * 8 + ax0)
                vj = T.axis.spatial(64, ax1)
                T.reads(A[vi, vj])
                T.writes(B[vi, vj])
                B[vi, vj] = A[vi, vj] * T.float32(2.0)
        for i_1, j in T.grid(8, 64):
            with T.block("C"):
                vi = T.axis.spatial(64, i_0 * 8 + i_1)
                vj = T.axis.spatial(64, j)
                T.reads(B[vi, vj])
                T.writes(C[vi, vj])
                C[vi, vj] = B[vi, vj] + T.float32(1.0)
        for ax0, ax1 in T.grid(8, 64):
            with T.block("D"):
                vi = T.axis.spatial(64, i_0 * 8 + ax0)
                vj = T.axis.spatial(64, ax1)
                T.reads(C[vi, vj])
                T.writes(D[vi, vj])
                D[vi, vj] = C[vi, vj] * C[vi, vj]
