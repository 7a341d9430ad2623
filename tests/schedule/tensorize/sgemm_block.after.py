# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((48, 64), "float32"), B: T.Buffer((64, 64), "float32"), C: T.Buffer((48, 64), "float32")):
        # with T.block("root"):
        for io, jo in T.grid(8, 2):
            with T.block("C_o"):
                vio, vjo = T.axis.remap("SS", [io, jo])
                T.reads(C[vio * 6:vio * 6 + 6, vjo * 32:vjo * 32 + 32], A[vio * 6:vio * 6 + 6, 0:64], B[0:64, vjo * 32:vjo * 32 + 32])
                T.writes(C[vio * 6:vio * 6 + 6, vjo * 32:vjo * 32 + 32])
                A_1 = T.match_buffer(A[vio * 6:vio * 6 + 6, 0:64], (6, 64), strides=("A_1_a_s0", "A_1_a_s1"), offset_factor=1)
                B_1 = T.match_buffer(B[0:64, vjo * 32:vjo * 32 + 32], (64, 32), strides=("B_1_b_s0", "B_1_b_s1"), offset_factor=1)
                C_1 = T.match_buffer(C[vio * 6:vio * 6 + 6, vjo * 32:vjo * 32 + 32], (6, 32), strides=("C_1_c_s0", "C_1_c_s1"), offset_factor=1)
                T.call_extern("int32", "strata_ukr_sgemm_avx512", 6, 32, 64, C_1.data, C_1.elem_offset, C_1.strides[0], C_1.strides[1], A_1.data, A_1.elem_offset, A_1.strides[0], A_1.strides[1], B_1.data, B_1.elem_offset, B_1.strides[0], B_1.strides[1])
