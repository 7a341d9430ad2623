# from tvm.script import tir as T

@T.prim_func
def main(var_A: T.handle, var_B: T.handle, var_T_out: T.handle):
    T.func_attr({"tir.noalias": True})
    n, m = T.int64(), T.int64()
    A = T.match_buffer(var_A, (n, m))
    B = T.match_buffer(var_B, (n, m))
    T_out = T.match_buffer(var_T_out, (n, m))
    # with T.block("root"):
    for i0, i1 in T.grid(n, m):
        with T.block("T_out"):
            v_i0, v_i1 = T.axis.remap("SS", [i0, i1])
            T.reads(A[v_i0, v_i1], B[v_i0, v_i1])
            T.writes(T_out[v_i0, v_i1])
            T_out[v_i0, v_i1] = T.exp(A[v_i0, v_i1]) + B[v_i0, v_i1]
