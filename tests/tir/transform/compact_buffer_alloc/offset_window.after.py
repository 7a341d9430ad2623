# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((64,), "float32"), C: T.Buffer((64,), "float32")):
    # with T.block("root"):
    for io in range(4):
        with T.block(""):
            T.reads(A[io * 16:io * 16 + 16])
            T.writes(C[io * 16:io * 16 + 16])
            B = T.alloc_buffer((16,))
            for ii in range(16):
                B[ii] = A[io * 16 + ii] + T.float32(1.0)
            for ii in range(16):
                C[io * 16 + ii] = B[ii]
