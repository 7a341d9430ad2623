# from tvm.script import ir as I
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor((1, 3, 32, 32), dtype="float32"), w: R.Tensor((8, 3, 3, 3), dtype="float32"), gamma: R.Tensor((30,), dtype="float32"), beta: R.Tensor((30,), dtype="float32")) -> R.Tensor((1, 8, 30, 30), dtype="float32"):
        with R.dataflow():
            lv: R.Tensor((1, 8, 30, 30), dtype="float32") = R.nn.conv2d(x, w, strides=[1, 1], padding=[0, 0, 0, 0], dilation=[1, 1], groups=1, data_layout="NCHW", kernel_layout="OIHW", out_layout="NCHW", out_dtype="void")
            lv1: R.Tensor((1, 8, 30, 30), dtype="float32") = R.nn.relu(lv)
            lv2: R.Tensor((1, 8, 30, 30), dtype="float32") = R.nn.softmax(lv1, axis=-1)
            gv: R.Tensor((1, 8, 30, 30), dtype="float32") = R.nn.layer_norm(lv2, gamma, beta, axes=[-1], epsilon=1.0000000000000001e-05, center=True, scale=True)
            R.output(gv)
        return gv
