# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((4,), "float32"), n: T.int32):
    with T.Assert(n < 100, "n too large"):
        A[1] = T.float32(1.0)
    assert n > 0, "n must be positive"
    A[0] = T.Cast("float32", n)
