# expect: 13:9: error: duplicate definition of 'main'
from tvm.script import ir as I
from tvm.script import tir as T
from tvm.script import relax as R

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((4,), "float32")):
        A[0] = T.float32(0.0)

    @T.prim_func
    def main(A: T.Buffer((4,), "float32")):
        A[0] = T.float32(1.0)
