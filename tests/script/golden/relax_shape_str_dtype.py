# from tvm.script import ir as I
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function(pure=False)
    def main(x: R.Tensor((2, 3), dtype="float32")) -> R.Shape([2, 3]):
        s: R.Shape([2, 3]) = R.shape([2, 3])
        r: R.Object = R.call_packed("describe", x, R.str("hello"), R.dtype("float32"), s, sinfo_args=(R.Object,))
        return s
