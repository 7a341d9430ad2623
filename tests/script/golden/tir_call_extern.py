# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((4,), "float32")):
    A[0] = T.call_extern("float32", "my_extern_fn", A[1], 2)
    A[1] = T.call_pure_extern("float32", "expf", A[2])
    T.call_extern("int32", "log_value", A[3])
