# expect: 6:18: error: unterminated string literal
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    T.func_attr({"key: 1})
    A[0] = T.float32(0.0)
