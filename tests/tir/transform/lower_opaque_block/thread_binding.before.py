# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((128,), "float32"), B: T.Buffer((128,), "float32")):
    for bx in T.thread_binding(4, thread="blockIdx.x"):
        for tx in T.thread_binding(32, thread="threadIdx.x"):
            with T.block(""):
                T.reads(A[bx * 32 + tx])
                T.writes(B[bx * 32 + tx])
                B[bx * 32 + tx] = A[bx * 32 + tx]
