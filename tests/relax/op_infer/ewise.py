# from tvm.script import ir as I
# from tvm.script import tir as T
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor((2, 3), dtype="float32"), y: R.Tensor((3,), dtype="float32"), z: R.Tensor(("n", 1), dtype="float32"), b: R.Tensor((2, 3), dtype="bool"), i: R.Tensor((2, 3), dtype="int32")) -> R.Tensor((2, 3), dtype="float32"):
        n = T.int64()
        a0: R.Tensor((2, 3), dtype="float32") = R.add(x, y)
        a1: R.Tensor((2, 3), dtype="bool") = R.less(x, y)
        a2: R.Tensor((n, 3), dtype="float32") = R.multiply(z, y)
        a3: R.Tensor((2, 3), dtype="float32") = R.exp(x)
        a4: R.Tensor((2, 3), dtype="bool") = R.isnan(x)
        a5: R.Tensor((2, 3), dtype="float32") = R.where(b, x, y)
        a6: R.Tensor((2, 3), dtype="float32") = R.nn.relu(x)
        a7: R.Tensor((2, 3), dtype="float32") = R.nn.softmax(x, axis=-1)
        a8: R.Tensor((2, 3), dtype="float16") = R.astype(x, dtype="float16")
        a9: R.Tensor((2, 3), dtype="float32") = R.clip(x, R.prim_value(0), R.prim_value(1))
        a10: R.Tensor((2, 3), dtype="int32") = R.abs(i)
        a11: R.Tensor((2, 3), dtype="float32") = R.nn.gelu(x)
        return a0
