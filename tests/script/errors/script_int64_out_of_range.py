# expect: 6:20: error: value 9223372036854775808 is out of range for int64
from tvm.script import tir as T

@T.prim_func
def main(B: T.Buffer((4,), "int64")):
    B[0] = T.int64(9223372036854775808)
