# expect: 6:34: error: unexpected keyword argument 'shape_x'
from tvm.script import tir as T

@T.prim_func
def main(a: T.handle):
    A = T.match_buffer(a, (16,), shape_x=1)
    A[0] = T.float32(0.0)
