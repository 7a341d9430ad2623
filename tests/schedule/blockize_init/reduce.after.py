# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((64, 32), "float32"), B: T.Buffer((64,), "float32")):
        # with T.block("root"):
        for i in range(64):
            with T.block("B_o"):
                vio = T.axis.spatial(64, i)
                T.reads(A[vio, 0:32])
                T.writes(B[vio])
                with T.init():
                    with T.block("B_init"):
                        T.reads()
                        T.writes(B[vio])
                        B[vio] = T.float32(0.0)
                for k in range(32):
                    with T.block("B"):
                        vk = T.axis.reduce(32, k)
                        T.reads(A[vio, vk])
                        T.writes(B[vio])
                        B[vio] = B[vio] + A[vio, vk]
