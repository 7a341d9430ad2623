# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((128, 128), "float32"), C: T.Buffer((128, 128), "float32")):
        # with T.block("root"):
        B = T.alloc_buffer((128, 128))
        A_global = T.alloc_buffer((128, 128))
        B_local = T.alloc_buffer((128, 128), scope="local")
        for ax0, ax1 in T.grid(128, 128):
            with T.block("A_global"):
                v0, v1 = T.axis.remap("SS", [ax0, ax1])
                T.reads(A[v0, v1])
                T.writes(A_global[v0, v1])
                A_global[v0, v1] = A[v0, v1]
        for i, j in T.grid(128, 128):
            with T.block("B"):
                vi, vj = T.axis.remap("SS", [i, j])
                T.reads(A_global[vi, vj])
                T.writes(B[vi, vj])
                B[vi, vj] = A_global[vi, vj] * T.float32(2.0)
        for ax0, ax1 in T.grid(128, 128):
            with T.block("B_local"):
                v0, v1 = T.axis.remap("SS", [ax0, ax1])
                T.reads(B[v0, v1])
                T.writes(B_local[v0, v1])
                B_local[v0, v1] = B[v0, v1]
        for i, j in T.grid(128, 128):
            with T.block("C"):
                vi, vj = T.axis.remap("SS", [i, j])
                T.reads(B_local[vi, vj])
                T.writes(C[vi, vj])
                C[vi, vj] = B_local[vi, vj] + T.float32(1.0)
