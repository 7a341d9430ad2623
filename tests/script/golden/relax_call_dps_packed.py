# from tvm.script import ir as I
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
        y = R.call_dps_packed("my_dps_func", (x,), out_sinfo=R.Tensor((4,), dtype="float32"))
        z = R.call_dps_packed("my_split", (x, y), out_sinfo=[R.Tensor((2,), dtype="float32"), R.Tensor((2,), dtype="float32")])
        return y
