# expect: 8:13: error: cannot unpack 2 values into 1 name
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((4, 4), "float32")):
    for i, j in T.grid(4, 4):
        with T.block("B"):
            vi = T.axis.remap("SS", [i, j])
            T.reads()
            T.writes(A[0, 0])
            A[0, 0] = T.float32(0.0)
