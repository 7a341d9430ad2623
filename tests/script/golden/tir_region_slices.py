# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((8, 8), "float32"), B: T.Buffer((8,), "float32")):
    # with T.block("root"):
    for i in range(8):
        with T.block("rowsum"):
            vi = T.axis.spatial(8, i)
            T.reads(A[vi, 0:8])
            T.writes(B[vi])
            B[vi] = T.float32(0.0)
            for k in range(8):
                B[vi] = B[vi] + A[vi, k]
