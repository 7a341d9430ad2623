# from tvm.script import tir as T

@T.prim_func
def main(self: T.handle, args: T.handle, nargs: T.int32, ret: T.handle) -> T.int32:
    T.func_attr({"strata.packed_api": True})
    assert nargs == 2, "main: expected 2 arguments"
    assert T.strata.arg_type_code(args, 0) == 4, "main: argument 'A' must be a tensor"
    A_handle: T.handle = T.strata.arg_tensor(args, 0)
    assert T.strata.arg_type_code(args, 1) == 4, "main: argument 'B' must be a tensor"
    B_handle: T.handle = T.strata.arg_tensor(args, 1)
    assert T.strata.tensor_ndim(A_handle) == 2, "main: argument 'A' must have 2 dimensions"
    assert T.strata.tensor_dtype_code(A_handle) == 2 and T.strata.tensor_dtype_bits(A_handle) == 32 and T.strata.tensor_dtype_lanes(A_handle) == 1, "main: argument 'A' must have dtype float32"
    assert T.strata.tensor_shape(A_handle, 0) == T.int64(4), "main: argument 'A' must have shape[0] == 4"
    assert T.strata.tensor_shape(A_handle, 1) == T.int64(8), "main: argument 'A' must have shape[1] == 8"
    assert T.strata.tensor_strides_compact(A_handle), "main: argument 'A' must be compact (row-major strides or none)"
    assert T.strata.tensor_device_type(A_handle) == 1, "main: argument 'A' must be on the CPU (device type 1)"
    assert T.strata.tensor_ndim(B_handle) == 2, "main: argument 'B' must have 2 dimensions"
    assert T.strata.tensor_dtype_code(B_handle) == 2 and T.strata.tensor_dtype_bits(B_handle) == 32 and T.strata.tensor_dtype_lanes(B_handle) == 1, "main: argument 'B' must have dtype float32"
    assert T.strata.tensor_shape(B_handle, 0) == T.int64(4), "main: argument 'B' must have shape[0] == 4"
    assert T.strata.tensor_shape(B_handle, 1) == T.int64(8), "main: argument 'B' must have shape[1] == 8"
    assert T.strata.tensor_strides_compact(B_handle), "main: argument 'B' must be compact (row-major strides or none)"
    assert T.strata.tensor_device_type(B_handle) == 1, "main: argument 'B' must be on the CPU (device type 1)"
    A: T.handle("float32", "global") = T.strata.tensor_data(A_handle)
    assert T.strata.is_aligned(A, T.int64(64)), "main: argument 'A' data must be 64-byte aligned"
    B: T.handle("float32", "global") = T.strata.tensor_data(B_handle)
    assert T.strata.is_aligned(B, T.int64(64)), "main: argument 'B' data must be 64-byte aligned"
    with T.decl_buffer((32,), data=A) as A_1:
        B_1 = T.decl_buffer((32,), data=B)
        for i in range(32):
            B_1[i] = A_1[i] + T.float32(1.0)
    return 0
