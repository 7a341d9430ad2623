# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16, 64), "float32"), C: T.Buffer((16,), "float32")):
    for i, k0, k1 in T.grid(16, 8, 8):
        with T.block("C"):
            vi = T.axis.spatial(16, i)
            vk = T.axis.reduce(64, k0 * 8 + k1)
            with T.init():
                C[vi] = T.float32(0.0)
            C[vi] = C[vi] + A[vi, vk]
