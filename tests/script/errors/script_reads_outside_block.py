# expect: 6:5: error: T.reads is only allowed inside a block
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    T.reads(A[0])
    A[0] = T.float32(0.0)
