# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((12,), "float32")):
    for j in range(6):
        x: T.float32 = A[j]
        A[j] = x * x
    for j in range(6):
        x: T.float32 = A[j + 6]
        A[j + 6] = x * x
