# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((32, 48), "float32"), B: T.Buffer((48, 40), "float32"), C: T.Buffer((32, 40), "float32")):
    # with T.block("root"):
    for i_j_fused, k in T.grid(1280, 48):
        with T.block("C"):
            vi = T.axis.spatial(32, i_j_fused // 40)
            vj = T.axis.spatial(40, i_j_fused % 40)
            vk = T.axis.reduce(48, k)
            T.reads(A[vi, vk], B[vk, vj])
            T.writes(C[vi, vj])
            with T.init():
                C[vi, vj] = T.float32(0.0)
            C[vi, vj] = C[vi, vj] + A[vi, vk] * B[vk, vj]
