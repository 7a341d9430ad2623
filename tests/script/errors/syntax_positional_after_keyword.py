# expect: 6:32: error: positional argument follows keyword argument
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    for i in T.serial(start=0, 16):
        A[i] = T.float32(0.0)
