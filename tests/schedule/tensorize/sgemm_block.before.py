# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((48, 64), "float32"), B: T.Buffer((64, 64), "float32"), C: T.Buffer((48, 64), "float32")):
    for io, jo in T.grid(8, 2):
        with T.block("C_o"):
            vio, vjo = T.axis.remap("SS", [io, jo])
            T.reads(C[vio * 6:vio * 6 + 6, vjo * 32:vjo * 32 + 32], A[vio * 6:vio * 6 + 6, 0:64], B[0:64, vjo * 32:vjo * 32 + 32])
            T.writes(C[vio * 6:vio * 6 + 6, vjo * 32:vjo * 32 + 32])
            for ii, k, ji in T.grid(6, 64, 32):
                with T.block("C"):
                    vi = T.axis.spatial(48, vio * 6 + ii)
                    vj = T.axis.spatial(64, vjo * 32 + ji)
                    vk = T.axis.reduce(64, k)
                    T.reads(C[vi, vj], A[vi, vk], B[vk, vj])
                    T.writes(C[vi, vj])
                    C[vi, vj] = C[vi, vj] + A[vi, vk] * B[vk, vj]
