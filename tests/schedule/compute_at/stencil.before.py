# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((130,), "float32"), C: T.Buffer((128,), "float32")):
    B = T.alloc_buffer((130,))
    for i in range(130):
        with T.block("B"):
            vi = T.axis.spatial(130, i)
            B[vi] = A[vi] + T.float32(1.0)
    for i0, i1 in T.grid(8, 16):
        with T.block("C"):
            vi = T.axis.spatial(128, i0 * 16 + i1)
            C[vi] = B[vi] + B[vi + 1] + B[vi + 2]
