# expect: 6:12: error: undefined name 'B'
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    A[0] = B[0]
