# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32"), B: T.Buffer((16,), "float32")):
    # with T.block("root"):
    for i in range(16):
        with T.block("scan"):
            vi = T.axis.scan(16, i)
            T.reads(A[vi], B[vi - 1])
            T.writes(B[vi])
            B[vi] = A[vi] + B[vi - 1]
    for i in range(16):
        with T.block("opaque_axis"):
            vi = T.axis.opaque(16, i)
            T.reads(A[vi])
            T.writes(B[vi])
            B[vi] = A[vi]
