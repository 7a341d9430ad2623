# from tvm.script import ir as I
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor((4, 4), dtype="float32"), y: R.Tensor((4, 4), dtype="float32")) -> R.Tensor((4, 4), dtype="float32"):
        with R.dataflow():
            lv0: R.Tensor((4, 4), dtype="float32") = R.add(x, y)
            lv1: R.Tensor((4, 4), dtype="float32") = R.multiply(lv0, x)
            gv: R.Tensor((4, 4), dtype="float32") = R.subtract(lv1, y)
            R.output(gv)
        return gv
