# from tvm.script import tir as T

@T.prim_func
def main(a: T.handle, B: T.Buffer((64, 48), "float32"), c: T.handle):
    n = T.int32()
    A = T.match_buffer(a, (n, 64))
    C = T.match_buffer(c, (n, 48))
    # with T.block("root"):
    C_reindex = T.alloc_buffer((n, 48))
    A_reindex = T.alloc_buffer((n, 64))
    B_reindex = T.alloc_buffer((48, 64))
    for ax0, ax1 in T.grid(n, 64):
        with T.block("A_reindex"):
            v0, v1 = T.axis.remap("SS", [ax0, ax1])
            T.reads(A[v0, v1])
            T.writes(A_reindex[v0, v1])
            A_reindex[v0, v1] = A[v0, v1]
    for ax0, ax1 in T.grid(48, 64):
        with T.block("B_reindex"):
            v0, v1 = T.axis.remap("SS", [ax0, ax1])
            T.reads(B[v1, v0])
            T.writes(B_reindex[v0, v1])
            B_reindex[v0, v1] = B[v1, v0]
    for i, j, k in T.grid(n, 48, 64):
        with T.block("C"):
            vi, vj, vk = T.axis.remap("SSR", [i, j, k])
            T.reads(A_reindex[vi, vk], B_reindex[vj, vk])
            T.writes(C_reindex[vi, vj])
            with T.init():
                C_reindex[vi, vj] = T.float32(0.0)
            C_reindex[vi, vj] = C_reindex[vi, vj] + A_reindex[vi, vk] * B_reindex[vj, vk]
    for ax0, ax1 in T.grid(n, 48):
        with T.block("C_reindex"):
            v0, v1 = T.axis.remap("SS", [ax0, ax1])
            T.reads(C_reindex[v0, v1])
            T.writes(C[v0, v1])
            C[v0, v1] = C_reindex[v0, v1]
