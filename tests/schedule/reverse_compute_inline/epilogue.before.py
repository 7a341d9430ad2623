# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((32, 32), "float32"), bias: T.Buffer((32,), "float32"), D: T.Buffer((32, 32), "float32")):
    B = T.alloc_buffer((32, 32))
    for i, j in T.grid(32, 32):
        with T.block("B"):
            vi, vj = T.axis.remap("SS", [i, j])
            B[vi, vj] = A[vi, vj] * T.float32(3.0)
    for i, j in T.grid(32, 32):
        with T.block("D"):
            vi, vj = T.axis.remap("SS", [i, j])
            D[vj, vi] = T.max(B[vi, vj] + bias[vj], T.float32(0.0))
