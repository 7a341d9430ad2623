# from tvm.script import tir as T

@T.prim_func
def main(self: T.handle, args: T.handle, nargs: T.int32, ret: T.handle) -> T.int32:
    T.func_attr({"strata.packed_api": True})
    assert nargs == 3, "main: expected 3 arguments"
    assert T.strata.arg_type_code(args, 0) == 4, "main: argument 'A' must be a tensor"
    A_handle: T.handle = T.strata.arg_tensor(args, 0)
    assert T.strata.arg_type_code(args, 1) == 1, "main: argument 'k' must be an integer"
    k: T.int32 = T.Cast("int32", T.strata.arg_int64(args, 1))
    assert T.strata.arg_type_code(args, 2) == 1, "main: argument 'flag' must be an integer"
    flag: T.bool = T.strata.arg_int64(args, 2) != T.int64(0)
    assert T.strata.tensor_ndim(A_handle) == 1, "main: argument 'A' must have 1 dimension"
    assert T.strata.tensor_dtype_code(A_handle) == 0 and T.strata.tensor_dtype_bits(A_handle) == 8 and T.strata.tensor_dtype_lanes(A_handle) == 1, "main: argument 'A' must have dtype int8"
    assert T.strata.tensor_shape(A_handle, 0) == T.int64(16), "main: argument 'A' must have shape[0] == 16"
    assert T.strata.tensor_strides_compact(A_handle), "main: argument 'A' must be compact (row-major strides or none)"
    assert T.strata.tensor_device_type(A_handle) == 1, "main: argument 'A' must be on the CPU (device type 1)"
    A: T.handle("int8", "global") = T.strata.tensor_data(A_handle)
    A_1 = T.Buffer((16,), "int8", data=A)
    assert T.strata.is_aligned(A, T.int64(64)), "main: argument 'A' data must be 64-byte aligned"
    for i in range(16):
        if flag:
            A_1[i] = T.Cast("int8", k)
    return 0
