# from tvm.script import ir as I
# from tvm.script import tir as T
# from tvm.script import relax as R

@I.ir_module
class Module:
    @T.prim_func
    def tir_mm(x: T.handle, w: T.handle, y: T.handle):
        n, d = T.int64(), T.int64()
        X = T.match_buffer(x, (n, d))
        m = T.int64()
        W = T.match_buffer(w, (d, m))
        Y = T.match_buffer(y, (n, m))
        # with T.block("root"):
        for i, j, k in T.grid(n, m, d):
            with T.block("body"):
                vi, vj, vk = T.axis.remap("SSR", [i, j, k])
                T.reads(X[vi, vk], W[vk, vj])
                T.writes(Y[vi, vj])
                with T.init():
                    Y[vi, vj] = T.float32(0.0)
                Y[vi, vj] = Y[vi, vj] + X[vi, vk] * W[vk, vj]

    @R.function(pure=False)
    def relax_func(x: R.Tensor(("n", "d"), dtype="float32"), w: R.Tensor(("d", "m"), dtype="float32")) -> R.Tensor(("n * m",), dtype="float32"):
        n = T.int64()
        m = T.int64()
        d = T.int64()
        cls = Module
        with R.dataflow():
            lv0 = R.call_tir(cls.tir_mm, (x, w), out_sinfo=R.Tensor((n, m), dtype="float32"))
            lv1: R.Tensor((n * m,), dtype="float32") = R.reshape(lv0, R.shape([n * m]))
            gv0: R.Tensor((n * m,), dtype="float32") = R.exp(lv1)
            R.output(gv0)
        _: R.Object = R.call_packed("custom_inplace_update", gv0, sinfo_args=(R.Object,))
        return gv0
