# expect: 6:22: error: value 70000.0 is out of range for float16
from tvm.script import tir as T

@T.prim_func
def main(B: T.Buffer((4,), "float16")):
    B[0] = T.float16(70000.0)
