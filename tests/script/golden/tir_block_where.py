# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((130,), "float32"), B: T.Buffer((130,), "float32")):
        # with T.block("root"):
        for i_0, i_1 in T.grid(33, 4):
            with T.block("B"):
                vi = T.axis.spatial(130, i_0 * 4 + i_1)
                T.where(i_0 * 4 + i_1 < 130)
                T.reads(A[vi])
                T.writes(B[vi])
                B[vi] = A[vi] + T.float32(1.0)
