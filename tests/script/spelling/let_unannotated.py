from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((4,), "float32")):
    for i in range(4):
        x = A[i] * T.float32(2.0)
        A[i] = x + x
