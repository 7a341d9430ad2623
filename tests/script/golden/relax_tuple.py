# from tvm.script import ir as I
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor((4,), dtype="float32"), y: R.Tensor((2,), dtype="int32")) -> R.Tuple(R.Tensor((4,), dtype="float32"), R.Tensor((2,), dtype="int32")):
        t: R.Tuple(R.Tensor((4,), dtype="float32"), R.Tensor((2,), dtype="int32")) = x, y
        u: R.Tuple(R.Tensor((4,), dtype="float32")) = (x,)
        a: R.Tensor((4,), dtype="float32") = t[0]
        b: R.Tensor((2,), dtype="int32") = t[1]
        nested: R.Tuple(R.Tuple(R.Tensor((4,), dtype="float32"), R.Tensor((2,), dtype="int32")), R.Tensor((4,), dtype="float32")) = t, a
        R.tuple()
        return t
