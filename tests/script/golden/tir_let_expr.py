# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((4,), "int32")):
    x = T.int32()
    A[0] = T.Let(x + 1, where={x: A[1]})
