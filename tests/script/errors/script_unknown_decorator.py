# expect: 4:2: error: unknown decorator 'T.kernel'
from tvm.script import tir as T

@T.kernel
def main(A: T.Buffer((16,), "float32")):
    A[0] = T.float32(0.0)
