# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def kernel(A: T.Buffer((4,), "float32")):
        T.func_attr({"tir.is_scheduled": True, "tir.noalias": True})
        A[0] = T.float32(0.0)

    @T.prim_func
    def main(A: T.Buffer((4,), "float32")):
        T.func_attr({"global_symbol": "my_kernel", "tir.noalias": True})
        A[0] = T.float32(1.0)
