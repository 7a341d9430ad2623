# from tvm.script import tir as T

@T.prim_func
def main(self: T.handle, args: T.handle, nargs: T.int32, ret: T.handle) -> T.int32:
    T.func_attr({"strata.packed_api": True})
    assert nargs == 2, "main: expected 2 arguments"
    assert T.strata.arg_type_code(args, 0) == 4, "main: argument 'A' must be a tensor"
    a: T.handle = T.strata.arg_tensor(args, 0)
    assert T.strata.arg_type_code(args, 1) == 4, "main: argument 'B' must be a tensor"
    b: T.handle = T.strata.arg_tensor(args, 1)
    assert T.strata.tensor_ndim(a) == 1, "main: argument 'A' must have 1 dimension"
    assert T.strata.tensor_dtype_code(a) == 2 and T.strata.tensor_dtype_bits(a) == 32 and T.strata.tensor_dtype_lanes(a) == 1, "main: argument 'A' must have dtype float32"
    assert T.strata.tensor_strides_compact(a), "main: argument 'A' must be compact (row-major strides or none)"
    assert T.strata.tensor_device_type(a) == 1, "main: argument 'A' must be on the CPU (device type 1)"
    assert T.strata.tensor_ndim(b) == 1, "main: argument 'B' must have 1 dimension"
    assert T.strata.tensor_dtype_code(b) == 2 and T.strata.tensor_dtype_bits(b) == 32 and T.strata.tensor_dtype_lanes(b) == 1, "main: argument 'B' must have dtype float32"
    n: T.int32 = T.Cast("int32", T.strata.tensor_shape(b, 0))
    assert T.strata.tensor_strides_compact(b), "main: argument 'B' must be compact (row-major strides or none)"
    assert T.strata.tensor_device_type(b) == 1, "main: argument 'B' must be on the CPU (device type 1)"
    assert T.strata.tensor_shape(a, 0) == T.Cast("int64", n * 2), "main: argument 'A' has a shape[0] that does not match its declared expression"
    A: T.handle("float32", "global") = T.strata.tensor_data(a)
    A_1 = T.Buffer((n * 2,), data=A)
    assert T.strata.is_aligned(A, T.int64(64)), "main: argument 'A' data must be 64-byte aligned"
    B: T.handle("float32", "global") = T.strata.tensor_data(b)
    B_1 = T.Buffer((n,), data=B)
    assert T.strata.is_aligned(B, T.int64(64)), "main: argument 'B' data must be 64-byte aligned"
    for i in range(n):
        B_1[i] = A_1[i * 2] + A_1[i * 2 + 1]
    return 0
