# expect: 8:35: error: invalid iterator kind 'X' in T.axis.remap (expected 'S' or 'R')
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((4, 4), "float32")):
    for i, j in T.grid(4, 4):
        with T.block("B"):
            vi, vj = T.axis.remap("SX", [i, j])
            T.reads()
            T.writes(A[vi, vj])
            A[vi, vj] = T.float32(0.0)
