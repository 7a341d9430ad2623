# expect: 7:9: error: unexpected indent
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    A[0] = T.float32(0.0)
        A[1] = T.float32(1.0)
