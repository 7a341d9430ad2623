from tvm.script import tir as T

@T.prim_func
def foo(A: T.Buffer((4,), "float32")):
    T.func_attr({"global_symbol": "my_kernel"})
    A[0] = T.float32(0.0)
