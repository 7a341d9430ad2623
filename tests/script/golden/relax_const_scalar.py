# from tvm.script import ir as I
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
        lv: R.Tensor((4,), dtype="float32") = R.add(x, R.const(1.0, "float32"))
        lv1: R.Tensor((4,), dtype="float32") = R.multiply(lv, R.const(0.10000000149011612, "float32"))
        c: R.Tensor((), dtype="int32") = R.const(3, "int32")
        b: R.Tensor((), dtype="bool") = R.const(True, "bool")
        h: R.Tensor((), dtype="float16") = R.const(1.5, "float16")
        d: R.Tensor((), dtype="float64") = R.const(2.5, "float64")
        i: R.Tensor((), dtype="int64") = R.const(-7, "int64")
        j: R.Tensor((), dtype="int8") = R.const(-128, "int8")
        return lv1
