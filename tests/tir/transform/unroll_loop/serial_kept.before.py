# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((4,), "float32")):
    for i in range(4):
        A[i] = T.float32(1.0)
    for j in range(0):
        A[j] = T.float32(2.0)
