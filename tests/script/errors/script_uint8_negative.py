# expect: 6:20: error: value -1 is out of range for uint8
from tvm.script import tir as T

@T.prim_func
def main(B: T.Buffer((4,), "uint8")):
    B[0] = T.uint8(-1)
