# expect: 6:23: error: '(' was never closed
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    for i, j in T.grid(16, 16:
        A[i] = T.float32(0.0)
