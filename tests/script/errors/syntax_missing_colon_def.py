# expect: 5:40: error: expected ':'
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32"))
    A[0] = T.float32(0.0)
