# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16, 16), "float32"), sum: T.Buffer((), "float32")):
    T.func_attr({"tir.noalias": True})
    # with T.block("root"):
    sum_1 = T.alloc_buffer((16,))
    for i, k1 in T.grid(16, 16):
        with T.block("sum"):
            v_i, v_k1 = T.axis.remap("SR", [i, k1])
            T.reads(A[v_i, v_k1])
            T.writes(sum_1[v_i])
            with T.init():
                sum_1[v_i] = T.float32(0.0)
            sum_1[v_i] = sum_1[v_i] + A[v_i, v_k1]
    for k2 in range(16):
        with T.block("sum_1"):
            v_k2 = T.axis.reduce(16, k2)
            T.reads(sum_1[v_k2])
            T.writes(sum[()])
            with T.init():
                sum[()] = T.float32(0.0)
            sum[()] = sum[()] + sum_1[v_k2]
