# from tvm.script import tir as T

@T.prim_func
def main(C: T.Buffer((4, 4), "float32"), B: T.Buffer((4, 4), "float32"), A: T.Buffer((4, 4), "float32")):
    T.func_attr({"tir.noalias": True})
    # with T.block("root"):
    for x, y in T.grid(4, 4):
        with T.block("B"):
            v_x, v_y = T.axis.remap("SS", [x, y])
            T.reads(A[v_x, v_y])
            T.writes(B[v_x, v_y])
            B[v_x, v_y] = A[v_x, v_y] * T.float32(2.0)
    for x, y in T.grid(4, 4):
        with T.block("C"):
            v_x, v_y = T.axis.remap("SS", [x, y])
            T.reads(B[v_x, v_y])
            T.writes(C[v_x, v_y])
            C[v_x, v_y] = B[v_x, v_y] + T.float32(1.0)
