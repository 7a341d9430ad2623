# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16, 64), "float32"), C: T.Buffer((16,), "float32")):
    # with T.block("root"):
    C_rf = T.alloc_buffer((8, 16))
    for i, k_0, k_1 in T.grid(16, 8, 8):
        with T.block("C_rf"):
            vk_1, vi, vk_0 = T.axis.remap("SSR", [k_1, i, k_0])
            T.reads(A[vi, vk_0 * 8 + vk_1])
            T.writes(C_rf[vk_1, vi])
            with T.init():
                C_rf[vk_1, vi] = T.float32(0.0)
            C_rf[vk_1, vi] = C_rf[vk_1, vi] + A[vi, vk_0 * 8 + vk_1]
    for i, k_1 in T.grid(16, 8):
        with T.block("C"):
            vi, vk_1 = T.axis.remap("SR", [i, k_1])
            T.reads(C_rf[vk_1, vi])
            T.writes(C[vi])
            with T.init():
                C[vi] = T.float32(0.0)
            C[vi] = C[vi] + C_rf[vk_1, vi]
