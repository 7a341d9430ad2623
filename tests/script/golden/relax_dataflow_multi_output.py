# from tvm.script import ir as I
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor((8,), dtype="float32")) -> R.Tuple(R.Tensor((8,), dtype="float32"), R.Tensor((8,), dtype="float32")):
        with R.dataflow():
            lv: R.Tensor((8,), dtype="float32") = R.exp(x)
            gv0: R.Tensor((8,), dtype="float32") = R.sin(lv)
            gv1: R.Tensor((8,), dtype="float32") = R.cos(lv)
            R.output(gv0, gv1)
        gv2: R.Tuple(R.Tensor((8,), dtype="float32"), R.Tensor((8,), dtype="float32")) = gv0, gv1
        return gv2
