# from tvm.script import ir as I
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor((2, 3), dtype="float32"), w: R.Tensor((3, 4), dtype="float32")) -> R.Tensor((4, 2), dtype="float16"):
        with R.dataflow():
            lv: R.Tensor((2, 4), dtype="float32") = R.matmul(x, w, out_dtype="void")
            lv1: R.Tensor((2,), dtype="float32") = R.sum(lv, axis=[1], keepdims=False)
            lv2: R.Tensor((4, 2), dtype="float32") = R.permute_dims(lv, axes=[1, 0])
            lv3: R.Tensor((1, 4), dtype="float32") = R.mean(lv, axis=[0], keepdims=True)
            lv4: R.Tensor((), dtype="float32") = R.max(lv, axis=None, keepdims=False)
            gv: R.Tensor((4, 2), dtype="float16") = R.astype(lv2, dtype="float16")
            R.output(gv)
        return gv
