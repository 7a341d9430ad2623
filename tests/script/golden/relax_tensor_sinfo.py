# from tvm.script import ir as I
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(a: R.Tensor((2, 3), dtype="float32"), b: R.Tensor(dtype="float32", ndim=2), c: R.Tensor((2, 3)), d: R.Tensor(ndim=3), e: R.Tensor, f: R.Tensor(dtype="int8")) -> R.Tensor((2, 3), dtype="float32"):
        return a
