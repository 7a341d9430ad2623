# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((T.int64(2), T.int64(3), T.int64(4)), "float32"), T_argmin: T.Buffer((T.int64(2), T.int64(4)), "int64")):
    T.func_attr({"tir.noalias": True})
    # with T.block("root"):
    A_red_temp_v0 = T.alloc_buffer((T.int64(2), T.int64(4)), "int64")
    A_red_temp_v1 = T.alloc_buffer((T.int64(2), T.int64(4)))
    for ax0, ax1, k1 in T.grid(T.int64(2), T.int64(4), T.int64(3)):
        with T.block("A_red_temp"):
            v_ax0, v_ax1, v_k1 = T.axis.remap("SSR", [ax0, ax1, k1])
            T.reads(A[v_ax0, v_k1, v_ax1])
            T.writes(A_red_temp_v0[v_ax0, v_ax1], A_red_temp_v1[v_ax0, v_ax1])
            with T.init():
                A_red_temp_v0[v_ax0, v_ax1] = T.int64(-1)
                A_red_temp_v1[v_ax0, v_ax1] = T.float32(340282346638528859811704183484516925440.0)
            v_A_red_temp_v0: T.int64 = T.Select(A_red_temp_v1[v_ax0, v_ax1] < A[v_ax0, v_k1, v_ax1] or A_red_temp_v1[v_ax0, v_ax1] == A[v_ax0, v_k1, v_ax1] and A_red_temp_v0[v_ax0, v_ax1] < v_k1, A_red_temp_v0[v_ax0, v_ax1], v_k1)
            v_A_red_temp_v1: T.float32 = T.Select(A_red_temp_v1[v_ax0, v_ax1] < A[v_ax0, v_k1, v_ax1], A_red_temp_v1[v_ax0, v_ax1], A[v_ax0, v_k1, v_ax1])
            A_red_temp_v0[v_ax0, v_ax1] = v_A_red_temp_v0
            A_red_temp_v1[v_ax0, v_ax1] = v_A_red_temp_v1
    for ax0, ax1 in T.grid(T.int64(2), T.int64(4)):
        with T.block("T_argmin"):
            v_ax0, v_ax1 = T.axis.remap("SS", [ax0, ax1])
            T.reads(A_red_temp_v0[v_ax0, v_ax1])
            T.writes(T_argmin[v_ax0, v_ax1])
            T_argmin[v_ax0, v_ax1] = A_red_temp_v0[v_ax0, v_ax1]
