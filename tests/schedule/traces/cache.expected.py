# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((64, 64), "float32"), B: T.Buffer((64, 64), "float32"), C: T.Buffer((64, 64), "float32")):
    # with T.block("root"):
    A_local = T.alloc_buffer((64, 64), scope="local")
    C_local = T.alloc_buffer((64, 64), scope="local")
    for ax0, ax1 in T.grid(64, 64):
        with T.block("A_local"):
            v0, v1 = T.axis.remap("SS", [ax0, ax1])
            T.reads(A[v0, v1])
            T.writes(A_local[v0, v1])
            T.block_attr({"buffer_dim_align": [[0, 0, 16, 1]]})
            A_local[v0, v1] = A[v0, v1]
    for i, j, k in T.grid(64, 64, 64):
        with T.block("C"):
            vi, vj, vk = T.axis.remap("SSR", [i, j, k])
            T.reads(A_local[vi, vk], B[vk, vj])
            T.writes(C_local[vi, vj])
            with T.init():
                C_local[vi, vj] = T.float32(0.0)
            C_local[vi, vj] = C_local[vi, vj] + A_local[vi, vk] * B[vk, vj]
    for ax0, ax1 in T.grid(64, 64):
        with T.block("C_local"):
            v0, v1 = T.axis.remap("SS", [ax0, ax1])
            T.reads(C_local[v0, v1])
            T.writes(C[v0, v1])
            C[v0, v1] = C_local[v0, v1]
