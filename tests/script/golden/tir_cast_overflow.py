# from tvm.script import tir as T

@T.prim_func
def main(B: T.Buffer((4,), "float16"), C: T.Buffer((4,), "int32")):
    B[0] = T.Cast("float16", T.float32(70000.0))
    B[1] = T.float16(1.5)
    C[0] = T.Cast("int32", T.float32("inf"))
    C[1] = T.Cast("int32", T.float32("nan"))
