# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    buf = T.allocate([16], "float32", "global")
    T.call_extern("int32", "fill", buf, 16)
