# expect: 7:5: error: unterminated triple-quoted string literal
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    A[0] = T.float32(0.0)
    """this docstring never ends
