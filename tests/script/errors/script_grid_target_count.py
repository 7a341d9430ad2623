# expect: 6:9: error: cannot unpack 2 values into 1 name
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    for i in T.grid(4, 4):
        A[i] = T.float32(0.0)
