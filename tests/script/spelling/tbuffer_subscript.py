from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer[(128,), "float32"], B: T.Buffer[(128,), "float16"]):
    for i in range(128):
        B[i] = T.Cast("float16", A[i])
