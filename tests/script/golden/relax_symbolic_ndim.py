# from tvm.script import ir as I
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor(dtype="float32", ndim=2), y: R.Tensor(dtype="float32")) -> R.Tensor(dtype="float32", ndim=2):
        z: R.Tensor(dtype="float32", ndim=2) = R.exp(x)
        w: R.Tensor(dtype="float32") = R.exp(y)
        return z
