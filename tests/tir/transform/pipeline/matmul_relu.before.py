# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16, 16), "float32"), B: T.Buffer((16, 16), "float32"), C: T.Buffer((16, 16), "float32")):
    T.func_attr({"tir.noalias": True})
    Tmp = T.alloc_buffer((16, 16))
    for i, j, k in T.grid(16, 16, 16):
        with T.block("mm"):
            vi, vj, vk = T.axis.remap("SSR", [i, j, k])
            with T.init():
                Tmp[vi, vj] = T.float32(0.0)
            Tmp[vi, vj] = Tmp[vi, vj] + A[vi, vk] * B[vk, vj]
    for i in range(16):
        for j in T.vectorized(16):
            with T.block("relu"):
                vi, vj = T.axis.remap("SS", [i, j])
                C[vi, vj] = T.max(Tmp[vi, vj], T.float32(0.0))
