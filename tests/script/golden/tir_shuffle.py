# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((4,), "float32"), B: T.Buffer((4,), "float32")):
    B[0:4] = T.Shuffle([A[0:4]], [3, 2, 1, 0])
