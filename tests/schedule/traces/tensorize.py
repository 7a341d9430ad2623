# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((32,), "uint8"), B: T.Buffer((64, 32), "int8"), C: T.Buffer((64,), "int32")):
    for jo, ko in T.grid(4, 8):
        with T.block("C_o"):
            vjo, vko = T.axis.remap("SR", [jo, ko])
            T.reads(C[vjo * 16:vjo * 16 + 16], A[vko * 4:vko * 4 + 4], B[vjo * 16:vjo * 16 + 16, vko * 4:vko * 4 + 4])
            T.writes(C[vjo * 16:vjo * 16 + 16])
            for j, k in T.grid(16, 4):
                with T.block("C"):
                    vj = T.axis.spatial(64, vjo * 16 + j)
                    vk = T.axis.reduce(32, vko * 4 + k)
                    T.reads(C[vj], A[vk], B[vj, vk])
                    T.writes(C[vj])
                    C[vj] = C[vj] + T.Cast("int32", A[vk]) * T.Cast("int32", B[vj, vk])
