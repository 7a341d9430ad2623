# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16,), "float32"), B: T.Buffer((4,), "float32")):
    # with T.block("root"):
    for i in range(4):
        with T.block("B"):
            vi = T.axis.spatial(4, i)
            T.reads(A[vi * 4:vi * 4 + 4])
            T.writes(B[vi])
            acc = T.alloc_buffer((1,), scope="local")
            acc[0] = T.float32(0.0)
            for k in range(4):
                acc[0] = acc[0] + A[vi * 4 + k]
            B[vi] = acc[0]
