# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((2,), "int32")):
    while A[0] < 100:
        if A[0] % 2 == 1:
            A[0] = A[0] * 3 + 1
        else:
            A[0] = A[0] // 2
        A[1] = A[1] + 1
