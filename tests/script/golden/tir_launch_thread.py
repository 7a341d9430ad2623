# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((128,), "float32")):
    blockIdx_x = T.launch_thread("blockIdx.x", 4)
    threadIdx_x = T.launch_thread("threadIdx.x", 32)
    A[blockIdx_x * 32 + threadIdx_x] = T.float32(0.0)
