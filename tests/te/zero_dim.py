# from tvm.script import tir as T

@T.prim_func
def main(a: T.Buffer((), "int32"), b: T.Buffer((), "int32"), c: T.Buffer((), "int32")):
    T.func_attr({"tir.noalias": True})
    # with T.block("root"):
    with T.block("c"):
        vi = T.axis.spatial(1, 0)
        T.reads(a[()], b[()])
        T.writes(c[()])
        c[()] = a[()] + b[()]
