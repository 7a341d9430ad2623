# from tvm.script import tir as T

@T.prim_func
def main(Ap: T.Buffer((4, 128, 8), "float32"), B: T.Buffer((128, 32), "float32"), C: T.Buffer((32, 32), "float32")):
    for io, ko in T.grid(4, 2):
        with T.block("C_o"):
            vio, vko = T.axis.remap("SR", [io, ko])
            T.reads(C[vio * 8:vio * 8 + 8, 0:32], Ap[vio, vko * 64:vko * 64 + 64, 0:8], B[vko * 64:vko * 64 + 64, 0:32])
            T.writes(C[vio * 8:vio * 8 + 8, 0:32])
            for u, k, ii, j in T.grid(1, 64, 8, 32):
                with T.block("C"):
                    vi = T.axis.spatial(32, vio * 8 + ii)
                    vj = T.axis.spatial(32, j + u)
                    vk = T.axis.reduce(128, vko * 64 + k)
                    T.reads(C[vi, vj], Ap[vi // 8, vk, vi % 8], B[vk, vj])
                    T.writes(C[vi, vj])
                    C[vi, vj] = C[vi, vj] + Ap[vi // 8, vk, vi % 8] * B[vk, vj]
