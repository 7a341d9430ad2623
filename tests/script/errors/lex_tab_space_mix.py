# expect: 8:6: error: inconsistent use of tabs and spaces in indentation
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    for i in range(16):
        A[i] = T.float32(0.0)
	    A[i] = T.float32(1.0)
