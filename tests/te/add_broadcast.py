# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((128, 64), "float32"), B: T.Buffer((64,), "float32"), T_add: T.Buffer((128, 64), "float32")):
    T.func_attr({"tir.noalias": True})
    # with T.block("root"):
    for ax0, ax1 in T.grid(128, 64):
        with T.block("T_add"):
            v_ax0, v_ax1 = T.axis.remap("SS", [ax0, ax1])
            T.reads(A[v_ax0, v_ax1], B[v_ax1])
            T.writes(T_add[v_ax0, v_ax1])
            T_add[v_ax0, v_ax1] = A[v_ax0, v_ax1] + B[v_ax1]
