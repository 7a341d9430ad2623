# expect: 7:9: error: 'break' is not supported in TVMScript
from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    for i in range(16):
        break
