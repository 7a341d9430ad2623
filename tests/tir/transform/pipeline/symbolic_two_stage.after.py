# from tvm.script import tir as T

@T.prim_func
def main(self: T.handle, args: T.handle, nargs: T.int32, ret: T.handle) -> T.int32:
    T.func_attr({"strata.packed_api": True})
    assert nargs == 2, "main: expected 2 arguments"
    assert T.strata.arg_type_code(args, 0) == 4, "main: argument 'A' must be a tensor"
    a: T.handle = T.strata.arg_tensor(args, 0)
    assert T.strata.arg_type_code(args, 1) == 4, "main: argument 'C' must be a tensor"
    c: T.handle = T.strata.arg_tensor(args, 1)
    assert T.strata.tensor_ndim(a) == 2, "main: argument 'A' must have 2 dimensions"
    assert T.strata.tensor_dtype_code(a) == 2 and T.strata.tensor_dtype_bits(a) == 32 and T.strata.tensor_dtype_lanes(a) == 1, "main: argument 'A' must have dtype float32"
    n: T.int32 = T.Cast("int32", T.strata.tensor_shape(a, 0))
    assert T.strata.tensor_shape(a, 1) == T.int64(16), "main: argument 'A' must have shape[1] == 16"
    assert T.strata.tensor_strides_compact(a), "main: argument 'A' must be compact (row-major strides or none)"
    assert T.strata.tensor_device_type(a) == 1, "main: argument 'A' must be on the CPU (device type 1)"
    assert T.strata.tensor_ndim(c) == 2, "main: argument 'C' must have 2 dimensions"
    assert T.strata.tensor_dtype_code(c) == 2 and T.strata.tensor_dtype_bits(c) == 32 and T.strata.tensor_dtype_lanes(c) == 1, "main: argument 'C' must have dtype float32"
    assert T.strata.tensor_shape(c, 0) == T.Cast("int64", n), "main: argument 'C' must have shape[0] == n (bound by 'A' shape[0])"
    assert T.strata.tensor_shape(c, 1) == T.int64(16), "main: argument 'C' must have shape[1] == 16"
    assert T.strata.tensor_strides_compact(c), "main: argument 'C' must be compact (row-major strides or none)"
    assert T.strata.tensor_device_type(c) == 1, "main: argument 'C' must be on the CPU (device type 1)"
    A: T.handle("float32", "global") = T.strata.tensor_data(a)
    assert T.strata.is_aligned(A, T.int64(64)), "main: argument 'A' data must be 64-byte aligned"
    C: T.handle("float32", "global") = T.strata.tensor_data(c)
    assert T.strata.is_aligned(C, T.int64(64)), "main: argument 'C' data must be 64-byte aligned"
    with T.decl_buffer((n * 16,), data=A) as A_1:
        C_1 = T.decl_buffer((n * 16,), data=C)
        for i in range(n):
            B = T.decl_buffer((16,))
            for j in range(16):
                B[j] = A_1[i * 16 + j] + T.float32(1.0)
            for j in range(16):
                C_1[i * 16 + j] = B[j] * T.float32(2.0)
    return 0
