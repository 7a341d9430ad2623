# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((128,), "float32"), B: T.Buffer((128,), "float32")):
    for io, ii in T.grid(8, 16):
        with T.block("B"):
            vi = T.axis.spatial(128, io * 16 + ii)
            T.where(io * 16 + ii < 128)
            T.reads(A[vi])
            T.writes(B[vi])
            B[vi] = A[vi] + T.float32(1.0)
