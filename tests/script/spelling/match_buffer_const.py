from tvm.script import tir as T

@T.prim_func
def main(a: T.handle, b: T.handle):
    A = T.match_buffer(a, (16,), "float32")
    B = T.match_buffer(b, [4, 4], dtype="int32")
    for i in range(16):
        B[i // 4, i % 4] = T.Cast("int32", A[i])
