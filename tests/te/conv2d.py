# from tvm.script import tir as T

@T.prim_func
def main(X: T.Buffer((1, 3, 8, 8), "float32"), W: T.Buffer((4, 3, 3, 3), "float32"), Y: T.Buffer((1, 4, 6, 6), "float32")):
    T.func_attr({"tir.noalias": True})
    # with T.block("root"):
    for nn, ff, yy, xx, rc, ry, rx in T.grid(1, 4, 6, 6, 3, 3, 3):
        with T.block("Y"):
            v_nn, v_ff, v_yy, v_xx, v_rc, v_ry, v_rx = T.axis.remap("SSSSRRR", [nn, ff, yy, xx, rc, ry, rx])
            T.reads(X[v_nn, v_rc, v_ry + v_yy, v_rx + v_xx], W[v_ff, v_rc, v_ry, v_rx])
            T.writes(Y[v_nn, v_ff, v_yy, v_xx])
            with T.init():
                Y[v_nn, v_ff, v_yy, v_xx] = T.float32(0.0)
            Y[v_nn, v_ff, v_yy, v_xx] = Y[v_nn, v_ff, v_yy, v_xx] + X[v_nn, v_rc, v_ry + v_yy, v_rx + v_xx] * W[v_ff, v_rc, v_ry, v_rx]
