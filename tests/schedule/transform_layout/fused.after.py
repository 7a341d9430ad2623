# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((64, 32), "float32"), C: T.Buffer((64, 32), "float32")):
        # with T.block("root"):
        B = T.alloc_buffer((2048,))
        for i, j in T.grid(64, 32):
            with T.block("B"):
                vi, vj = T.axis.remap("SS", [i, j])
                T.reads(A[vi, vj])
                T.writes(B[vi * 32 + vj])
                B[vi * 32 + vj] = A[vi, vj] * T.float32(2.0)
        for i, j in T.grid(64, 32):
            with T.block("C"):
                vi, vj = T.axis.remap("SS", [i, j])
                T.reads(B[vi * 32 + vj])
                T.writes(C[vi, vj])
                C[vi, vj] = B[vi * 32 + vj] + T.float32(1.0)
