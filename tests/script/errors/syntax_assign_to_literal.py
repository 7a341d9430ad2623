# expect: 6:5: error: cannot assign to literal
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    1 = A[0]
