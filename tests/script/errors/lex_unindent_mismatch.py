# expect: 8:3: error: unindent does not match any outer indentation level
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    for i in range(16):
        A[i] = T.float32(0.0)
  A[0] = T.float32(1.0)
