# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16, 16), "float32")):
    for i in T.parallel(16):
        for j in T.vectorized(16):
            A[i, j] = T.float32(0.0)
    for i in T.unroll(4):
        for j in T.serial(16, annotations={"pragma_auto_unroll_max_step": 16}):
            A[i, j] = A[i, j] + T.float32(1.0)
    for i in range(16):
        A[i, 0] = T.float32(2.0)
