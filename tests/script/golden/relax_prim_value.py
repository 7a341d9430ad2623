# from tvm.script import ir as I
# from tvm.script import tir as T
# from tvm.script import relax as R

@I.ir_module
class Module:
    @R.function(pure=False)
    def main(x: R.Prim("int64"), y: R.Prim(value="n"), z: R.Prim("float32")) -> R.Object:
        n = T.int64()
        r: R.Object = R.call_packed("consume", x, y, z, R.prim_value(1), R.prim_value(n), R.prim_value(T.float32(1.5)), sinfo_args=(R.Object,))
        return r
