# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((8, 64), "uint8"), B: T.Buffer((16, 32, 4), "int8"), C: T.Buffer((8, 32), "int32")):
    for io, jo in T.grid(2, 1):
        with T.block("C_o"):
            vio, vjo = T.axis.remap("SS", [io, jo])
            T.reads(C[vio * 4:vio * 4 + 4, vjo * 32:vjo * 32 + 32], A[vio * 4:vio * 4 + 4, 0:64], B[0:16, vjo * 32:vjo * 32 + 32, 0:4])
            T.writes(C[vio * 4:vio * 4 + 4, vjo * 32:vjo * 32 + 32])
            for ii, ji, ko, l in T.grid(4, 32, 16, 4):
                with T.block("C"):
                    vi = T.axis.spatial(8, vio * 4 + ii)
                    vj = T.axis.spatial(32, vjo * 32 + ji)
                    vk = T.axis.reduce(64, ko * 4 + l)
                    T.reads(C[vi, vj], A[vi, vk], B[vk // 4, vj, vk % 4])
                    T.writes(C[vi, vj])
                    C[vi, vj] = C[vi, vj] + T.Cast("int32", A[vi, vk]) * T.Cast("int32", B[vk // 4, vj, vk % 4])
