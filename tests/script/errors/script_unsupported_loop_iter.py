# expect: 6:14: error: unsupported loop iterator
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    for i in [1, 2, 3]:
        A[i] = T.float32(0.0)
