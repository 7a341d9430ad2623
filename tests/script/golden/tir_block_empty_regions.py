# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((4,), "float32")):
    # with T.block("root"):
    for i in range(4):
        with T.block("noop"):
            vi = T.axis.spatial(4, i)
            T.reads()
            T.writes()
            T.evaluate(0)
