# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((16, 16, 16), "float32"), B: T.Buffer((16, 16), "float32")):
        # with T.block("root"):
        for i, j, k in T.grid(16, 16, 16):
            with T.block("B"):
                vi, vk = T.axis.remap("SR", [i, k])
                vj = T.axis.spatial(16, 15 - j)
                T.reads(A[vi, vj, vk])
                T.writes(B[vi, vj])
                with T.init():
                    B[vi, vj] = T.float32(0.0)
                B[vi, vj] = B[vi, vj] + A[vi, vj, vk]
