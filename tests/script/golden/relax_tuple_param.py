# from tvm.script import ir as I
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(t: R.Tuple(R.Tensor((4,), dtype="float32"), R.Object), e: R.Tuple) -> R.Tensor((4,), dtype="float32"):
        x: R.Tensor((4,), dtype="float32") = t[0]
        return x
