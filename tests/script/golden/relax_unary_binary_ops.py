# from tvm.script import ir as I
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor((4,), dtype="float32"), y: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="bool"):
        with R.dataflow():
            lv: R.Tensor((4,), dtype="float32") = R.divide(x, y)
            lv1: R.Tensor((4,), dtype="float32") = R.power(lv, y)
            lv2: R.Tensor((4,), dtype="float32") = R.maximum(lv1, x)
            lv3: R.Tensor((4,), dtype="float32") = R.minimum(lv2, y)
            lv4: R.Tensor((4,), dtype="float32") = R.tanh(lv3)
            lv5: R.Tensor((4,), dtype="float32") = R.sigmoid(lv4)
            lv6: R.Tensor((4,), dtype="float32") = R.nn.gelu(lv5)
            lv7: R.Tensor((4,), dtype="float32") = R.nn.silu(lv6)
            gv: R.Tensor((4,), dtype="bool") = R.equal(lv7, x)
            R.output(gv)
        return gv
