# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((8, 16), "float32"), B: T.Buffer((8,), "float32")):
    for i in range(8):
        with T.block("row"):
            vi = T.axis.spatial(8, i)
            T.reads(A[vi, 0:16])
            T.writes(B[vi])
            A_row = T.match_buffer(A[vi, 0:16], (16,))
            acc = T.alloc_buffer((1,), scope="local")
            acc[0] = T.float32(0.0)
            for k in range(16):
                acc[0] = acc[0] + A_row[k]
            B[vi] = acc[0]
