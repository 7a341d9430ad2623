# Bindings without annotations take the struct info TVM infers, for what the
# parser infers without an op registry: the builtin call forms (call_tir,
# call_dps_packed, call_pure_packed with sinfo_args), tuples, tuple items,
# shapes, constants and calls to the module's Relax functions.  The return
# annotation comes from the returned value.
from tvm.script import ir as I
from tvm.script import tir as T
from tvm.script import relax as R


@I.ir_module
class Module:
    @T.prim_func
    def add_one(A: T.Buffer((2, 3), "float32"), B: T.Buffer((2, 3), "float32")):
        for i, j in T.grid(2, 3):
            B[i, j] = A[i, j] + T.float32(1.0)

    @R.function
    def helper(x: R.Tensor((2, 3), dtype="float32")) -> R.Tensor((2, 3), dtype="float32"):
        return x

    @R.function
    def main(x: R.Tensor((2, 3), dtype="float32"), y: R.Tensor((2, 3), dtype="float32")):
        cls = Module
        with R.dataflow():
            lv0 = R.call_tir(cls.add_one, (x,), out_sinfo=R.Tensor((2, 3), dtype="float32"))
            lv1 = R.call_dps_packed("my_kernel", (lv0, y), out_sinfo=R.Tensor((2, 3), dtype="float32"))
            lv2 = cls.helper(lv1)
            s = R.shape([2, 3])
            c = R.const(1.5, "float32")
            t = (lv2, s, c)
            gv = t[0]
            R.output(gv)
        n = R.call_pure_packed("my_norm", gv, sinfo_args=(R.Tensor((), dtype="float32"),))
        p = (gv, n)
        return p
