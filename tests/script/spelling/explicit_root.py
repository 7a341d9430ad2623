from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((32,), "float32"), B: T.Buffer((32,), "float32")):
    with T.block("root"):
        C = T.alloc_buffer((32,))
        for i in range(32):
            with T.block("C"):
                vi = T.axis.spatial(32, i)
                T.reads(A[vi])
                T.writes(C[vi])
                C[vi] = A[vi] + T.float32(1.0)
        for i in range(32):
            with T.block("B"):
                vi = T.axis.spatial(32, i)
                T.reads(C[vi])
                T.writes(B[vi])
                B[vi] = C[vi]
