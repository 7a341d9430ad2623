# from tvm.script import ir as I
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function(pure=False, private=True)
    def log_it(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
        r: R.Object = R.call_packed("my_log", x, sinfo_args=(R.Object,))
        return x

    @R.function(pure=False)
    def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
        cls = Module
        y: R.Tensor((4,), dtype="float32") = cls.log_it(x)
        return y
