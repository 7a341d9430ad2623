# from tvm.script import ir as I
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor((8,), dtype="float32")) -> R.Tensor((8,), dtype="float32"):
        with R.dataflow():
            lv: R.Tensor((8,), dtype="float32") = R.exp(x)
            gv: R.Tensor((8,), dtype="float32") = R.negative(lv)
            R.output(gv)
        y: R.Tensor((8,), dtype="float32") = R.abs(gv)
        with R.dataflow():
            lv1: R.Tensor((8,), dtype="float32") = R.sqrt(y)
            gv1: R.Tensor((8,), dtype="float32") = R.log(lv1)
            R.output(gv1)
        return gv1
