# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((4,), "int32")):
    T.evaluate(0)
    T.evaluate(A[0] + 1)
    T.call_extern("int32", "side_effect", A[1])
