# expect: 6:19: error: value 200 is out of range for int8
from tvm.script import tir as T

@T.prim_func
def main(B: T.Buffer((4,), "int8")):
    B[0] = T.int8(200)
