# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((32, 32), "float32"), B: T.Buffer((32, 32), "float32")):
    # with T.block("root"):
    for i, j_0 in T.grid(32, 4):
        with T.block("B_o"):
            vio, vjo = T.axis.remap("SS", [i, j_0])
            T.reads(A[vio, vjo * 8:vjo * 8 + 8])
            T.writes(B[vio, vjo * 8:vjo * 8 + 8])
            for j_1 in range(8):
                with T.block("B"):
                    vj = T.axis.spatial(8, j_1)
                    T.reads(A[vio, vjo * 8 + vj])
                    T.writes(B[vio, vjo * 8 + vj])
                    B[vio, vjo * 8 + vj] = A[vio, vjo * 8 + vj] * T.float32(2.0)
