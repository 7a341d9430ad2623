# expect: 6:19: error: unknown dtype 'flot32'
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    A[0] = T.Cast("flot32", A[1])
