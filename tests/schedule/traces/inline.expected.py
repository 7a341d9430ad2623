# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((64, 64), "float32"), D: T.Buffer((64, 64), "float32")):
    # with T.block("root"):
    for i, j in T.grid(64, 64):
        with T.block("C"):
            vi, vj = T.axis.remap("SS", [i, j])
            T.reads(A[vi, vj])
            T.writes(D[vi, vj])
            D[vi, vj] = (A[vi, vj] * T.float32(2.0) + T.float32(1.0)) * (A[vi, vj] * T.float32(2.0) + T.float32(1.0))
