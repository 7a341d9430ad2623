# expect: 6:22: error: invalid float literal 'abc'
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    A[0] = T.float32("abc")
