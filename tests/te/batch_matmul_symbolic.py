# from tvm.script import tir as T

@T.prim_func
def main(var_A: T.handle, var_B: T.handle, var_T_batch_matmul: T.handle):
    T.func_attr({"tir.noalias": True})
    b = T.int64()
    A = T.match_buffer(var_A, (b, T.int64(32), T.int64(64)))
    B = T.match_buffer(var_B, (b, T.int64(64), T.int64(16)))
    T_batch_matmul = T.match_buffer(var_T_batch_matmul, (b, T.int64(32), T.int64(16)))
    # with T.block("root"):
    for b_1, i, j, k in T.grid(b, T.int64(32), T.int64(16), T.int64(64)):
        with T.block("T_batch_matmul"):
            v_b, v_i, v_j, v_k = T.axis.remap("SSSR", [b_1, i, j, k])
            T.reads(A[v_b, v_i, v_k], B[v_b, v_k, v_j])
            T.writes(T_batch_matmul[v_b, v_i, v_j])
            with T.init():
                T_batch_matmul[v_b, v_i, v_j] = T.float32(0.0)
            T_batch_matmul[v_b, v_i, v_j] = T_batch_matmul[v_b, v_i, v_j] + A[v_b, v_i, v_k] * B[v_b, v_k, v_j]
