# from tvm.script import tir as T
# int8 C = A·B (u8 × i8 → i32) at one static size (1024 here; bench/gemm/run.sh
# substitutes the size).  Block "B_pack" regroups B's rows in fours,
# Bp[ko, j, l] = B[4 ko + l, j], the operand layout of AVX-512 VNNI's vpdpbusd;
# the schedule (bench/gemm/igemm_trace.py) moves it under the tile loops.

@T.prim_func
def main(A: T.Buffer((1024, 1024), "uint8"), B: T.Buffer((1024, 1024), "int8"), C: T.Buffer((1024, 1024), "int32")):
    Bp = T.alloc_buffer((256, 1024, 4), "int8")
    for ko, j, l in T.grid(256, 1024, 4):
        with T.block("B_pack"):
            vko, vj, vl = T.axis.remap("SSS", [ko, j, l])
            Bp[vko, vj, vl] = B[vko * 4 + vl, vj]
    for i, j, ko, l in T.grid(1024, 1024, 256, 4):
        with T.block("C"):
            vi, vj, vko, vl = T.axis.remap("SSRR", [i, j, ko, l])
            with T.init():
                C[vi, vj] = 0
            C[vi, vj] = C[vi, vj] + T.Cast("int32", A[vi, vko * 4 + vl]) * T.Cast("int32", Bp[vko, vj, vl])
