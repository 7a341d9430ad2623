# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((8, 4, 4), "float32"), B: T.Buffer((8,), "float32")):
    # with T.block("root"):
    for i, k, j in T.grid(8, 4, 4):
        with T.block("B"):
            vi, vk, vj = T.axis.remap("SRR", [i, k, j])
            T.reads(A[vi, vk, vj])
            T.writes(B[vi])
            if vk == 0 and vj == 0:
                B[vi] = T.float32(0.0)
            B[vi] = T.max(B[vi], A[vi, vk, vj])
