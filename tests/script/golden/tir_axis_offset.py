# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32"), B: T.Buffer((8,), "float32")):
    # with T.block("root"):
    for i in range(8):
        with T.block("B"):
            vi = T.axis.spatial((4, 12), i + 4)
            T.reads(A[vi])
            T.writes(B[vi - 4])
            B[vi - 4] = A[vi]
