# from tvm.script import ir as I
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor((4,), dtype="float32"), y: R.Tensor((4,), dtype="float32")) -> R.Tensor((1, 8), dtype="float32"):
        with R.dataflow():
            lv: R.Tensor((8,), dtype="float32") = R.concat((x, y), axis=0)
            lv1: R.Tuple(R.Tensor((2,), dtype="float32"), R.Tensor((2,), dtype="float32")) = R.split(x, indices_or_sections=2, axis=0)
            lv2: R.Tensor((2, 4), dtype="float32") = R.reshape(lv, R.shape([2, 4]))
            lv3: R.Tensor((8,), dtype="float32") = R.flatten(lv2)
            gv: R.Tensor((1, 8), dtype="float32") = R.expand_dims(lv3, axis=[0])
            R.output(gv)
        return gv
