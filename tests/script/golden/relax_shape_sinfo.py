# from tvm.script import ir as I
# from tvm.script import tir as T
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(s: R.Shape([2, 3]), t: R.Shape(ndim=2), u: R.Shape(ndim=-1), v: R.Shape(["n", "m"])) -> R.Shape(["n", "m"]):
        n = T.int64()
        m = T.int64()
        return v
