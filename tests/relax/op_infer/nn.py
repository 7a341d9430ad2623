# from tvm.script import ir as I
# from tvm.script import tir as T
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(a: R.Tensor((4, 8), dtype="float32"), b: R.Tensor((8, 16), dtype="float32"), c: R.Tensor(("k", 4, 8), dtype="float32"), x: R.Tensor((1, 3, 32, 32), dtype="float32"), w: R.Tensor((16, 3, 3, 3), dtype="float32")) -> R.Tensor((4, 16), dtype="float32"):
        k = T.int64()
        m0: R.Tensor((4, 16), dtype="float32") = R.matmul(a, b)
        m1: R.Tensor((k, 4, 16), dtype="float32") = R.matmul(c, b)
        m2: R.Tensor((1, 16, 30, 30), dtype="float32") = R.nn.conv2d(x, w)
        m3: R.Tensor((1, 16, 16, 16), dtype="float32") = R.nn.conv2d(x, w, strides=[2, 2], padding=[1, 1, 1, 1])
        m4: R.Tensor((1, 3, 16, 16), dtype="float32") = R.nn.max_pool2d(x, pool_size=[2, 2], strides=[2, 2])
        return m0
