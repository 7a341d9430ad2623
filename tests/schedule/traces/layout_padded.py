# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((14, 6), "float32"), C: T.Buffer((14, 6), "float32")):
    B = T.alloc_buffer((14, 6))
    for i, j in T.grid(14, 6):
        with T.block("B"):
            vi, vj = T.axis.remap("SS", [i, j])
            T.reads(A[vi, vj])
            T.writes(B[vi, vj])
            B[vi, vj] = A[vi, vj] * T.float32(2)
    for i, j in T.grid(14, 6):
        with T.block("C"):
            vi, vj = T.axis.remap("SS", [i, j])
            T.reads(B[vi, vj])
            T.writes(C[vi, vj])
            C[vi, vj] = B[vi, vj] + T.float32(1)
