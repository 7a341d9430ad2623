# from tvm.script import tir as T

@T.prim_func(private=True)
def main(A: T.Buffer((4,), "float32")):
    A[0] = T.float32(0.0)
