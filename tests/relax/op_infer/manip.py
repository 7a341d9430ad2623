# from tvm.script import ir as I
# from tvm.script import tir as T
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor((2, 3, 4), dtype="float32"), s: R.Tensor(("n", 8), dtype="float32")) -> R.Tensor((2, 4), dtype="float32"):
        n = T.int64()
        r0: R.Tensor((2, 4), dtype="float32") = R.sum(x, axis=[1])
        r1: R.Tensor((2, 1, 4), dtype="float32") = R.mean(x, axis=[1], keepdims=True)
        r2: R.Tensor((), dtype="float32") = R.max(x)
        r3: R.Tensor((2, 4), dtype="int64") = R.argmax(x, axis=1)
        r4: R.Tensor((4, 2, 3), dtype="float32") = R.permute_dims(x, axes=[2, 0, 1])
        r5: R.Tensor((2, 1, 3, 4), dtype="float32") = R.expand_dims(x, axis=[1])
        r6: R.Tensor((24,), dtype="float32") = R.reshape(x, R.shape([24]))
        r7: R.Tensor((n, 16), dtype="float32") = R.concat((s, s), axis=1)
        r8: R.Tensor((n * 8,), dtype="float32") = R.flatten(s)
        r9: R.Tensor((n,), dtype="float32") = R.sum(s, axis=[1])
        r10: R.Tensor((2, 3, 4), dtype="float32") = R.cumsum(x, axis=1)
        r11: R.Tensor((2, 3, 4), dtype="float32") = R.flip(x, axis=0)
        return r0
