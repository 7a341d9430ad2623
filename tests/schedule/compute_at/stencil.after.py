# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((130,), "float32"), C: T.Buffer((128,), "float32")):
        # with T.block("root"):
        B = T.alloc_buffer((130,))
        for i0 in range(8):
            for ax0 in range(18):
                with T.block("B"):
                    vi = T.axis.spatial(130, i0 * 16 + ax0)
                    T.reads(A[vi])
                    T.writes(B[vi])
                    B[vi] = A[vi] + T.float32(1.0)
            for i1 in range(16):
                with T.block("C"):
                    vi = T.axis.spatial(128, i0 * 16 + i1)
                    T.reads(B[vi:vi + 3])
                    T.writes(C[vi])
                    C[vi] = B[vi] + B[vi + 1] + B[vi + 2]
