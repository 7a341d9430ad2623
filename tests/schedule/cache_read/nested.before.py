# from tvm.script import tir as T

@T.prim_func
def main(C: T.Buffer((128,), "float32"), D: T.Buffer((128,), "float32")):
    A = T.alloc_buffer((128,))
    for i in range(8):
        for j in range(16):
            with T.block("A"):
                vi = T.axis.spatial(128, i * 16 + j)
                T.reads()
                T.writes(A[vi])
                A[vi] = T.float32(1)
        for j in range(16):
            with T.block("B"):
                vi = T.axis.spatial(128, i * 16 + j)
                T.reads(A[vi])
                T.writes(C[vi])
                C[vi] = A[vi] + T.float32(1)
    for i in range(128):
        with T.block("D"):
            vi = T.axis.spatial(128, i)
            T.reads(A[vi])
            T.writes(D[vi])
            D[vi] = A[vi]
