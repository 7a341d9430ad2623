# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16, 32), "int32"), A_red: T.Buffer((16,), "int32")):
    T.func_attr({"tir.noalias": True})
    # with T.block("root"):
    for i, k in T.grid(16, 32):
        with T.block("A_red"):
            v_i, v_k = T.axis.remap("SR", [i, k])
            T.reads(A[v_i, v_k])
            T.writes(A_red[v_i])
            with T.init():
                A_red[v_i] = 2147483647
            A_red[v_i] = T.min(A_red[v_i], A[v_i, v_k])
