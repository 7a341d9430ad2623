# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((100,), "float32"), C: T.Buffer((100,), "float32")):
        # with T.block("root"):
        B = T.alloc_buffer((100,))
        for i0 in range(7):
            for i1 in range(16):
                with T.block("B"):
                    vi = T.axis.spatial(100, i0 * 16 + i1)
                    T.where(i0 * 16 + i1 < 100)
                    T.reads(A[vi])
                    T.writes(B[vi])
                    B[vi] = A[vi] * T.float32(2.0)
            for ax0 in range(16):
                with T.block("C"):
                    vi = T.axis.spatial(100, i0 * 16 + ax0)
                    T.where(i0 * 16 + ax0 < 100)
                    T.reads(B[vi])
                    T.writes(C[vi])
                    C[vi] = B[vi] + T.float32(1.0)
