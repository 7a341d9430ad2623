# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((8,), "float32"), B_v0: T.Buffer((8,), "float32"), B_v1: T.Buffer((8,), "float32")):
    T.func_attr({"tir.noalias": True})
    # with T.block("root"):
    for i in range(8):
        with T.block("B.v0"):
            v_i = T.axis.spatial(8, i)
            T.reads(A[v_i])
            T.writes(B_v0[v_i])
            B_v0[v_i] = A[v_i] + T.float32(1.0)
        with T.block("B.v1"):
            v_i = T.axis.spatial(8, i)
            T.reads(A[v_i])
            T.writes(B_v1[v_i])
            B_v1[v_i] = A[v_i] * T.float32(2.0)
