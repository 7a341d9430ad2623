# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((16,), "float32"), B: T.Buffer((16,), "float32")):
        # with T.block("root"):
        for i in range(4):
            with T.block("B"):
                vi = T.axis.spatial(4, i)
                T.reads(A[vi * 4:vi * 4 + 4])
                T.writes(B[vi * 4:vi * 4 + 4])
                A_sub = T.match_buffer(A[vi * 4:vi * 4 + 4], (4,))
                B_sub = T.match_buffer(B[vi * 4:vi * 4 + 4], (4,))
                for k in range(4):
                    B_sub[k] = A_sub[k] * T.float32(3.0)
