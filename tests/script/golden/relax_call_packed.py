# from tvm.script import ir as I
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function(pure=False)
    def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
        r: R.Object = R.call_packed("my_print", x, sinfo_args=(R.Object,))
        y: R.Tensor((4,), dtype="float32") = R.call_packed("my_copy", x, sinfo_args=(R.Tensor((4,), dtype="float32"),))
        return y
