# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((128,), "float32"), B: T.Buffer((128,), "float32")):
    # with T.block("root"):
    for io, ii in T.grid(8, 16):
        with T.block("B"):
            T.where(io * 16 + ii < 128)
            T.reads(A[io * 16 + ii])
            T.writes(B[io * 16 + ii])
            B[io * 16 + ii] = A[io * 16 + ii] + T.float32(1.0)
