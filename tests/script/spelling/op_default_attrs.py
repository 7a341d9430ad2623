from tvm.script import relax as R

@R.function
def main(x: R.Tensor((1, 3, 8, 8), "float32"), w: R.Tensor((4, 3, 3, 3), "float32"), m: R.Tensor((8, 8), "float32")):
    with R.dataflow():
        lv = R.nn.conv2d(x, w)
        lv1 = R.sum(lv, axis=[1])
        lv2 = R.matmul(m, m)
        gv = R.nn.softmax(lv2)
        R.output(gv)
    return gv
