# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((128, 96), "float32"), B: T.Buffer((128, 96), "float32")):
    # with T.block("root"):
    for i in T.serial(128, annotations={"pragma_auto_unroll_max_step": 64}):
        for j in range(96):
            with T.block("B"):
                vi, vj = T.axis.remap("SS", [i, j])
                T.reads(A[vi, vj])
                T.writes(B[vi, vj])
                T.block_attr({"meta_schedule.tiling_structure": "SSRSRS"})
                B[vi, vj] = A[vi, vj] * T.float32(2.0)
