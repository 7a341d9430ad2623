# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((64, 32), "float32"), B: T.Buffer((64,), "float32")):
        # with T.block("root"):
        B_local = T.alloc_buffer((64,), scope="local")
        for i, k in T.grid(64, 32):
            with T.block("B"):
                vi, vk = T.axis.remap("SR", [i, k])
                T.reads(A[vi, vk])
                T.writes(B_local[vi])
                with T.init():
                    B_local[vi] = T.float32(0.0)
                B_local[vi] = B_local[vi] + A[vi, vk]
        for ax0 in range(64):
            with T.block("B_local"):
                v0 = T.axis.spatial(64, ax0)
                T.reads(B_local[v0])
                T.writes(B[v0])
                B[v0] = B_local[v0]
