# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((64, 64), "float32"), B: T.Buffer((64, 64), "float32"), D: T.Buffer((64, 64), "float32")):
        # with T.block("root"):
        C = T.alloc_buffer((64, 64))
        for i0, j0 in T.grid(4, 4):
            for ax0, ax1, ax2 in T.grid(16, 16, 64):
                with T.block("C"):
                    vi = T.axis.spatial(64, i0 * 16 + ax0)
                    vj = T.axis.spatial(64, j0 * 16 + ax1)
                    vk = T.axis.reduce(64, ax2)
                    T.reads(A[vi, vk], B[vk, vj])
                    T.writes(C[vi, vj])
                    with T.init():
                        C[vi, vj] = T.float32(0.0)
                    C[vi, vj] = C[vi, vj] + A[vi, vk] * B[vk, vj]
            for i1, j1 in T.grid(16, 16):
                with T.block("D"):
                    vi = T.axis.spatial(64, i0 * 16 + i1)
                    vj = T.axis.spatial(64, j0 * 16 + j1)
                    T.reads(C[vi, vj])
                    T.writes(D[vi, vj])
                    D[vi, vj] = T.max(C[vi, vj], T.float32(0.0))
