# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((128,), "float32"), B: T.Buffer((128,), "float32")):
        # with T.block("root"):
        A_shared = T.alloc_buffer((128,), scope="shared")
        A_local = T.alloc_buffer((128,), "float16", scope="local")
        for i in range(128):
            with T.block("A_shared"):
                vi = T.axis.spatial(128, i)
                T.reads(A[vi])
                T.writes(A_shared[vi])
                A_shared[vi] = A[vi]
        for i in range(128):
            with T.block("A_local"):
                vi = T.axis.spatial(128, i)
                T.reads(A_shared[vi])
                T.writes(A_local[vi])
                A_local[vi] = T.Cast("float16", A_shared[vi])
        for i in range(128):
            with T.block("B"):
                vi = T.axis.spatial(128, i)
                T.reads(A_local[vi])
                T.writes(B[vi])
                B[vi] = T.Cast("float32", A_local[vi])
