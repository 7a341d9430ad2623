# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((100,), "float32"), C: T.Buffer((100,), "float32")):
    B = T.alloc_buffer((100,))
    for i0, i1 in T.grid(7, 16):
        with T.block("B"):
            vi = T.axis.spatial(100, i0 * 16 + i1)
            T.where(i0 * 16 + i1 < 100)
            B[vi] = A[vi] * T.float32(2.0)
    for i in range(100):
        with T.block("C"):
            vi = T.axis.spatial(100, i)
            C[vi] = B[vi] + T.float32(1.0)
