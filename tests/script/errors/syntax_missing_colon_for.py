# expect: 6:23: error: expected ':'
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    for i in range(16)
        A[i] = T.float32(0.0)
