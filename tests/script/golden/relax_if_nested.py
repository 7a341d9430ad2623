# from tvm.script import ir as I
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(a: R.Tensor((), dtype="bool"), b: R.Tensor((), dtype="bool"), x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
        if a:
            if b:
                lv: R.Tensor((4,), dtype="float32") = R.exp(x)
                y: R.Tensor((4,), dtype="float32") = lv
            else:
                lv1: R.Tensor((4,), dtype="float32") = R.log(x)
                y: R.Tensor((4,), dtype="float32") = lv1
            z: R.Tensor((4,), dtype="float32") = y
        else:
            z: R.Tensor((4,), dtype="float32") = x
        return z
