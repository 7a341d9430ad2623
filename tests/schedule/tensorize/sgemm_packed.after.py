# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(Ap: T.Buffer((4, 128, 8), "float32"), B: T.Buffer((128, 32), "float32"), C: T.Buffer((32, 32), "float32")):
        # with T.block("root"):
        for io, ko in T.grid(4, 2):
            with T.block("C_o"):
                vio, vko = T.axis.remap("SR", [io, ko])
                T.reads(C[vio * 8:vio * 8 + 8, 0:32], Ap[vio, vko * 64:vko * 64 + 64, 0:8], B[vko * 64:vko * 64 + 64, 0:32])
                T.writes(C[vio * 8:vio * 8 + 8, 0:32])
                Ap_1 = T.match_buffer(Ap[vio, vko * 64:vko * 64 + 64, 0:8], (64, 8), strides=("Ap_1_a_s0", "Ap_1_a_s1"), offset_factor=1)
                B_1 = T.match_buffer(B[vko * 64:vko * 64 + 64, 0:32], (64, 32), strides=("B_1_b_s0", "B_1_b_s1"), offset_factor=1)
                C_1 = T.match_buffer(C[vio * 8:vio * 8 + 8, 0:32], (8, 32), strides=("C_1_c_s0", "C_1_c_s1"), offset_factor=1)
                T.call_extern("int32", "strata_ukr_sgemm_avx512", 8, 32, 64, C_1.data, C_1.elem_offset, C_1.strides[0], C_1.strides[1], Ap_1.data, Ap_1.elem_offset, Ap_1.strides[1], Ap_1.strides[0], B_1.data, B_1.elem_offset, B_1.strides[0], B_1.strides[1])
