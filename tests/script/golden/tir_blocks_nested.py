# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32"), B: T.Buffer((16,), "float32")):
    # with T.block("root"):
    for i_0 in range(4):
        with T.block("outer"):
            vi_o = T.axis.spatial(4, i_0)
            T.reads(A[vi_o * 4:vi_o * 4 + 4])
            T.writes(B[vi_o * 4:vi_o * 4 + 4])
            for i_1 in range(4):
                with T.block("inner"):
                    vi_i = T.axis.spatial(16, vi_o * 4 + i_1)
                    T.reads(A[vi_i])
                    T.writes(B[vi_i])
                    B[vi_i] = A[vi_i]
