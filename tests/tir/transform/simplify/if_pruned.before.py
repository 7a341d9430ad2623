# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32")):
    for i in range(16):
        if i < 16:
            A[i] = T.float32(1.0)
        else:
            A[i] = T.float32(2.0)
        if i >= 8:
            if i >= 4:
                A[i] = A[i] + T.float32(1.0)
