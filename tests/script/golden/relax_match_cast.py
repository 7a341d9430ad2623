# from tvm.script import ir as I
# from tvm.script import tir as T
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor(dtype="float32", ndim=2), s: R.Shape(ndim=1)) -> R.Tensor(dtype="float32", ndim=2):
        n = T.int64()
        m = T.int64()
        k = T.int64()
        y: R.Tensor((n, m), dtype="float32") = R.match_cast(x, R.Tensor((n, m), dtype="float32"))
        z: R.Tensor((n, m), dtype="float32") = R.exp(y)
        s1: R.Shape([k]) = R.match_cast(s, R.Shape([k]))
        return z
