# from tvm.script import ir as I
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor((2, 2), dtype="float32")) -> R.Tensor((2, 2), dtype="float32"):
        c: R.Tensor((2, 2), dtype="float32") = R.const([[1.0, 2.0], [3.0, 4.5]], "float32")
        d: R.Tensor((3,), dtype="int32") = R.const([1, -2, 3], "int32")
        e: R.Tensor((2,), dtype="bool") = R.const([True, False], "bool")
        lv: R.Tensor((2, 2), dtype="float32") = R.add(x, c)
        return lv
