# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((4,), "float32")):
    with T.LetStmt(A[0] + A[1]) as v:
        A[2] = v
    A[3] = T.float32(0.0)
