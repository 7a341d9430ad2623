# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "int8"), k: T.int32, flag: T.bool):
    for i in range(16):
        if flag:
            A[i] = T.Cast("int8", k)
