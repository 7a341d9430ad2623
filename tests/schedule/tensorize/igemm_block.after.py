# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def main(A: T.Buffer((8, 64), "uint8"), B: T.Buffer((16, 32, 4), "int8"), C: T.Buffer((8, 32), "int32")):
        # with T.block("root"):
        for io, jo in T.grid(2, 1):
            with T.block("C_o"):
                vio, vjo = T.axis.remap("SS", [io, jo])
                T.reads(C[vio * 4:vio * 4 + 4, vjo * 32:vjo * 32 + 32], A[vio * 4:vio * 4 + 4, 0:64], B[0:16, vjo * 32:vjo * 32 + 32, 0:4])
                T.writes(C[vio * 4:vio * 4 + 4, vjo * 32:vjo * 32 + 32])
                A_1 = T.match_buffer(A[vio * 4:vio * 4 + 4, 0:64], (4, 64), "uint8", strides=("A_1_a_s0", "A_1_a_s1"), offset_factor=1)
                B_1 = T.match_buffer(B[0:16, 0:32, 0:4], (16, 32, 4), "int8", strides=("B_1_b_s0", "B_1_b_s1", "B_1_b_s2"), offset_factor=1)
                C_1 = T.match_buffer(C[vio * 4:vio * 4 + 4, 0:32], (4, 32), "int32", strides=("C_1_c_s0", "C_1_c_s1"), offset_factor=1)
                T.call_extern("int32", "strata_ukr_igemm_vnni", 4, 32, 16, C_1.data, C_1.elem_offset, C_1.strides[0], C_1.strides[1], A_1.data, A_1.elem_offset, A_1.strides[0], A_1.strides[1], B_1.data, B_1.elem_offset, B_1.strides[0], B_1.strides[1], B_1.strides[2])
