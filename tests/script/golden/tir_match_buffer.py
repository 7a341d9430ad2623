# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(a: T.handle, b: T.handle, n: T.int32):
        A = T.match_buffer(a, (n, 4))
        B = T.match_buffer(b, (n, 4), "float16")
        for i, j in T.grid(n, 4):
            B[i, j] = T.Cast("float16", A[i, j])
