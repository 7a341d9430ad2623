# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((32, 48), "float32"), B: T.Buffer((48, 40), "float32"), C: T.Buffer((32, 40), "float32")):
    # with T.block("root"):
    for k_0, i, k_1, j in T.grid(12, 32, 4, 40):
        with T.block("C"):
            vi, vj = T.axis.remap("SS", [i, j])
            vk = T.axis.reduce(48, k_0 * 4 + k_1)
            T.reads(A[vi, vk], B[vk, vj])
            T.writes(C[vi, vj])
            with T.init():
                C[vi, vj] = T.float32(0.0)
            C[vi, vj] = C[vi, vj] + A[vi, vk] * B[vk, vj]
