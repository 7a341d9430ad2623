# expect: 6:16: error: unmatched ')'
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    A[0] = A[1])
