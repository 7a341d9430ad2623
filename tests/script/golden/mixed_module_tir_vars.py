# from tvm.script import ir as I
# from tvm.script import tir as T
# from tvm.script import relax as R

@I.ir_module
class Module:
    @T.prim_func
    def take_prefix(a: T.handle, b: T.handle, k: T.int64):
        n = T.int64()
        A = T.match_buffer(a, (n,))
        B = T.match_buffer(b, (k,))
        for i in range(k):
            B[i] = A[i]

    @R.function
    def main(x: R.Tensor(("n",), dtype="float32"), s: R.Shape(["k"])) -> R.Tensor(("k",), dtype="float32"):
        k = T.int64()
        n = T.int64()
        cls = Module
        y = R.call_tir(cls.take_prefix, (x,), out_sinfo=R.Tensor((k,), dtype="float32"), tir_vars=R.shape([k]))
        return y
