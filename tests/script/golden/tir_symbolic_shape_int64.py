# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(a: T.handle, b: T.handle, c: T.handle):
        n, k = T.int64(), T.int64()
        A = T.match_buffer(a, (n, k))
        m = T.int64()
        B = T.match_buffer(b, (k, m))
        C = T.match_buffer(c, (n, m))
        for i, j in T.grid(n, m):
            C[i, j] = T.float32(0.0)
            for kk in range(k):
                C[i, j] = C[i, j] + A[i, kk] * B[kk, j]
