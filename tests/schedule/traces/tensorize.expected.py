# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((32,), "uint8"), B: T.Buffer((64, 32), "int8"), C: T.Buffer((64,), "int32")):
    # with T.block("root"):
    for jo, ko in T.grid(4, 8):
        with T.block("C_o"):
            vjo, vko = T.axis.remap("SR", [jo, ko])
            T.reads(C[vjo * 16:vjo * 16 + 16], A[vko * 4:vko * 4 + 4], B[vjo * 16:vjo * 16 + 16, vko * 4:vko * 4 + 4])
            T.writes(C[vjo * 16:vjo * 16 + 16])
            A_1 = T.match_buffer(A[vko * 4:vko * 4 + 4], (4,), "uint8", strides=("A_1_a_s0",), offset_factor=1)
            B_1 = T.match_buffer(B[vjo * 16:vjo * 16 + 16, vko * 4:vko * 4 + 4], (16, 4), "int8", strides=("B_1_b_s0", "B_1_b_s1"), offset_factor=1)
            C_1 = T.match_buffer(C[vjo * 16:vjo * 16 + 16], (16,), "int32", strides=("C_1_c_s0",), offset_factor=1)
            T.call_extern("int32", "strata_ukr_igemm_portable", 1, 16, 1, C_1.data, C_1.elem_offset, 0, C_1.strides[0], A_1.data, A_1.elem_offset, 0, A_1.strides[0], B_1.data, B_1.elem_offset, 0, B_1.strides[0], B_1.strides[1])
