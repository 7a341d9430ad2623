# from tvm.script import tir as T

@T.prim_func
def main(a: T.handle, B: T.Buffer((64, 64), "float32"), c: T.handle):
    n = T.int32()
    A = T.match_buffer(a, (n, 64))
    C = T.match_buffer(c, (n, 64))
    for i, j_0, k_0, j_1, k_1 in T.grid(n, 4, 4, 16, 16):
        with T.block("C"):
            vi = T.axis.spatial(n, i)
            vj = T.axis.spatial(64, j_0 * 16 + j_1)
            vk = T.axis.reduce(64, k_0 * 16 + k_1)
            T.reads(A[vi, vk], B[vk, vj])
            T.writes(C[vi, vj])
            with T.init():
                C[vi, vj] = T.float32(0)
            C[vi, vj] = C[vi, vj] + A[vi, vk] * B[vk, vj]
