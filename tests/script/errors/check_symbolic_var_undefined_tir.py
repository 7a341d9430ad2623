# expect: 7:20: error: symbolic variable 'm' is used before it is defined
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    m = T.int32()
    for i in range(m):
        A[i] = T.float32(0.0)
