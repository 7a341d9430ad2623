# from tvm.script import ir as I
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor((2, 3), dtype="float32")) -> R.Tensor((2, 3), dtype="float32"):
        with R.dataflow():
            lv: R.Tensor((2, 3), dtype="float32") = R.zeros(R.shape([2, 3]), dtype="float32")
            lv1: R.Tensor((2, 3), dtype="float32") = R.ones(R.shape([2, 3]), dtype="float32")
            lv2: R.Tensor((2, 3), dtype="float32") = R.add(lv, lv1)
            gv: R.Tensor((2, 3), dtype="float32") = R.add(lv2, x)
            R.output(gv)
        return gv
