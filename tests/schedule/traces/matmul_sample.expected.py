# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((64, 64), "float32"), B: T.Buffer((64, 64), "float32"), C: T.Buffer((64, 64), "float32")):
    # with T.block("root"):
    for i_0, i_1, i_2, j, k_0, k_1 in T.grid(2, 4, 8, 64, 16, 4):
        with T.block("C"):
            vi = T.axis.spatial(64, i_0 * 32 + i_1 * 8 + i_2)
            vj = T.axis.spatial(64, j)
            vk = T.axis.reduce(64, k_0 * 4 + k_1)
            T.reads(A[vi, vk], B[vk, vj])
            T.writes(C[vi, vj])
            T.block_attr({"meta_schedule.unroll_explicit": 64})
            with T.init():
                C[vi, vj] = T.float32(0.0)
            C[vi, vj] = C[vi, vj] + A[vi, vk] * B[vk, vj]
