from tvm.script import relax as R

# Omitted operator attributes are filled with TVM's defaults.  The bindings
# carry annotations here because inferring an op's result struct info is the
# op registry's job (unannotated bindings of ops print without one today).
@R.function
def main(x: R.Tensor((1, 3, 8, 8), "float32"), w: R.Tensor((4, 3, 3, 3), "float32"), m: R.Tensor((8, 8), "float32")) -> R.Tensor((8, 8), "float32"):
    with R.dataflow():
        lv: R.Tensor((1, 4, 6, 6), "float32") = R.nn.conv2d(x, w)
        lv1: R.Tensor((1, 6, 6), "float32") = R.sum(lv, axis=[1])
        lv2: R.Tensor((8, 8), "float32") = R.matmul(m, m)
        gv: R.Tensor((8, 8), "float32") = R.nn.softmax(lv2)
        R.output(gv)
    return gv
