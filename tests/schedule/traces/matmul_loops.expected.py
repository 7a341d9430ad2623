# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((64, 64), "float32"), B: T.Buffer((64, 64), "float32"), C: T.Buffer((64, 64), "float32")):
    # with T.block("root"):
    for i_0_j_0_fused in T.parallel(16):
        for k in range(64):
            for i_1 in T.unroll(16):
                for j_1 in T.vectorized(16):
                    with T.block("C"):
                        vi = T.axis.spatial(64, i_1 + i_0_j_0_fused // 4 * 16)
                        vj = T.axis.spatial(64, j_1 + i_0_j_0_fused % 4 * 16)
                        vk = T.axis.reduce(64, k)
                        T.reads(A[vi, vk], B[vk, vj])
                        T.writes(C[vi, vj])
                        with T.init():
                            C[vi, vj] = T.float32(0.0)
                        C[vi, vj] = C[vi, vj] + A[vi, vk] * B[vk, vj]
