# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((128, 96), "float32"), B: T.Buffer((128, 96), "float32")):
    # with T.block("root"):
    for i_j_fused in range(12288):
        with T.block("B"):
            vi = T.axis.spatial(128, i_j_fused // 96)
            vj = T.axis.spatial(96, i_j_fused % 96)
            T.reads(A[vi, vj])
            T.writes(B[vi, vj])
            B[vi, vj] = A[vi, vj] * T.float32(2.0)
