# expect: 6:12: error: buffer 'A' expects 1 index, got 2
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    A[0] = A[0, 1]
