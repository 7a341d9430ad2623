# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((8, 8, 16), "int32"), C: T.Buffer((8,), "int32")):
    for i, j, k in T.grid(8, 8, 16):
        with T.block("C"):
            vi, vj, vk = T.axis.remap("SRR", [i, j, k])
            with T.init():
                C[vi] = 2147483647
            C[vi] = T.min(C[vi], A[vi, vj, vk])
