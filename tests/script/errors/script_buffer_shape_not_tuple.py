# expect: 5:22: error: buffer shape must be a tuple
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer("128", "float32")):
    A[0] = T.float32(0.0)
