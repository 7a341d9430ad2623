# expect: 7:14: error: T.axis.spatial is only allowed inside a block
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    for i in range(16):
        vi = T.axis.spatial(16, i)
        A[vi] = T.float32(0.0)
