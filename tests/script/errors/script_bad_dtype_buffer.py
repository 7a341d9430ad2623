# expect: 5:29: error: unknown dtype 'float33'
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float33")):
    A[0] = T.float32(0.0)
