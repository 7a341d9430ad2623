# from tvm.script import tir as T

@T.prim_func
def main(a: T.handle, c: T.handle):
    n = T.int32()
    A = T.match_buffer(a, (n, 128))
    C = T.match_buffer(c, (n,))
    for i, k0, k1 in T.grid(n, 4, 32):
        with T.block("C"):
            vi = T.axis.spatial(n, i)
            vk = T.axis.reduce(128, k0 * 32 + k1)
            with T.init():
                C[vi] = T.float32(-3.4028234663852886e+38)
            C[vi] = T.max(C[vi], A[vi, vk])
