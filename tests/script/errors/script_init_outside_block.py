# expect: 6:10: error: T.init is only allowed inside a block
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    with T.init():
        A[0] = T.float32(0.0)
