# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((32, 32), "float32"), B: T.Buffer((32, 32), "float32")):
    # with T.block("root"):
    for u in range(1):
        for i in T.serial(32, annotations={"pragma_auto_unroll_max_step": 16}):
            for j in T.serial(32, annotations={"factor": T.float32(0.5)}):
                with T.block("B"):
                    vi, vj = T.axis.remap("SS", [i, j])
                    T.reads(A[vi, vj])
                    T.writes(B[vi, vj])
                    T.block_attr({"schedule_rule": "none", "tags": [1, 2, 3]})
                    B[vi, vj] = A[vi, vj] * T.float32(2.0)
