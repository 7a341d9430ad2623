# from tvm.script import tir as T

@T.prim_func
def main(var_A: T.handle, var_B: T.handle, s: T.int64):
    T.func_attr({"tir.noalias": True})
    n = T.int64()
    A = T.match_buffer(var_A, (n,))
    B = T.match_buffer(var_B, (n,))
    # with T.block("root"):
    for i in range(n):
        with T.block("B"):
            v_i = T.axis.spatial(n, i)
            T.reads(A[v_i])
            T.writes(B[v_i])
            B[v_i] = A[v_i] + T.Cast("float32", s)
