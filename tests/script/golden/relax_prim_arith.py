# from tvm.script import ir as I
# from tvm.script import tir as T
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor(("n", "m"), dtype="float32")) -> R.Shape(["n * m", "n + m"]):
        n = T.int64()
        m = T.int64()
        s: R.Shape([n * m, n + m]) = R.shape([n * m, n + m])
        return s
