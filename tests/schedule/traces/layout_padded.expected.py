# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((14, 6), "float32"), C: T.Buffer((14, 6), "float32")):
    # with T.block("root"):
    B = T.alloc_buffer((6, 4, 4))
    for i, j in T.grid(14, 6):
        with T.block("B"):
            vi, vj = T.axis.remap("SS", [i, j])
            T.reads(A[vi, vj])
            T.writes(B[vj, vi // 4, vi % 4])
            B[vj, vi // 4, vi % 4] = A[vi, vj] * T.float32(2.0)
    for ax0, ax1, ax2 in T.grid(4, 6, 4):
        with T.block("B_pad"):
            v0, v1, v2 = T.axis.remap("SSS", [ax0, ax1, ax2])
            T.where(14 <= ax0 * 4 + ax2)
            T.reads()
            T.writes(B[v1, v0, v2])
            B[v1, v0, v2] = T.float32(0.0)
    for i, j in T.grid(14, 6):
        with T.block("C"):
            vi, vj = T.axis.remap("SS", [i, j])
            T.reads(B[vj, vi // 4, vi % 4])
            T.writes(C[vi, vj])
            C[vi, vj] = B[vj, vi // 4, vi % 4] + T.float32(1.0)
