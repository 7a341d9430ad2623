# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(C: T.Buffer((128,), "float32"), D: T.Buffer((128,), "float32")):
        # with T.block("root"):
        A = T.alloc_buffer((128,))
        A_shared = T.alloc_buffer((128,), scope="shared")
        for i in range(8):
            for j in range(16):
                with T.block("A"):
                    vi = T.axis.spatial(128, i * 16 + j)
                    T.reads()
                    T.writes(A_shared[vi])
                    A_shared[vi] = T.float32(1.0)
            for ax0 in range(16):
                with T.block("A_shared"):
                    v0 = T.axis.spatial(128, i * 16 + ax0)
                    T.reads(A_shared[v0])
                    T.writes(A[v0])
                    A[v0] = A_shared[v0]
            for j in range(16):
                with T.block("B"):
                    vi = T.axis.spatial(128, i * 16 + j)
                    T.reads(A[vi])
                    T.writes(C[vi])
                    C[vi] = A[vi] + T.float32(1.0)
        for i in range(128):
            with T.block("D"):
                vi = T.axis.spatial(128, i)
                T.reads(A[vi])
                T.writes(D[vi])
                D[vi] = A[vi]
