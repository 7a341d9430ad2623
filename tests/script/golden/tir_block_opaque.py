# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((16,), "float32"), B: T.Buffer((16,), "float32")):
        # with T.block("root"):
        for i in range(16):
            with T.block("opaque"):
                T.reads(A[i])
                T.writes(B[i])
                B[i] = A[i]
