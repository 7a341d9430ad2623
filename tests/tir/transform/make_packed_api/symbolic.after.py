# from tvm.script import tir as T

@T.prim_func
def main(self: T.handle, args: T.handle, nargs: T.int32, ret: T.handle) -> T.int32:
    T.func_attr({"strata.packed_api": True})
    assert nargs == 4, "main: expected 4 arguments"
    assert T.strata.arg_type_code(args, 0) == 4, "main: argument 'A' must be a tensor"
    a: T.handle = T.strata.arg_tensor(args, 0)
    assert T.strata.arg_type_code(args, 1) == 4, "main: argument 'B' must be a tensor"
    b: T.handle = T.strata.arg_tensor(args, 1)
    assert T.strata.arg_type_code(args, 2) == 4, "main: argument 'C' must be a tensor"
    c: T.handle = T.strata.arg_tensor(args, 2)
    assert T.strata.arg_type_code(args, 3) == 2, "main: argument 'alpha' must be a float"
    alpha: T.float32 = T.Cast("float32", T.strata.arg_float64(args, 3))
    assert T.strata.tensor_ndim(a) == 2, "main: argument 'A' must have 2 dimensions"
    assert T.strata.tensor_dtype_code(a) == 2 and T.strata.tensor_dtype_bits(a) == 16 and T.strata.tensor_dtype_lanes(a) == 1, "main: argument 'A' must have dtype float16"
    n: T.int64 = T.strata.tensor_shape(a, 0)
    m: T.int64 = T.strata.tensor_shape(a, 1)
    assert T.strata.tensor_strides_compact(a), "main: argument 'A' must be compact (row-major strides or none)"
    assert T.strata.tensor_device_type(a) == 1, "main: argument 'A' must be on the CPU (device type 1)"
    assert T.strata.tensor_ndim(b) == 1, "main: argument 'B' must have 1 dimension"
    assert T.strata.tensor_dtype_code(b) == 2 and T.strata.tensor_dtype_bits(b) == 16 and T.strata.tensor_dtype_lanes(b) == 1, "main: argument 'B' must have dtype float16"
    assert T.strata.tensor_shape(b, 0) == m, "main: argument 'B' must have shape[0] == m (bound by 'A' shape[1])"
    assert T.strata.tensor_strides_compact(b), "main: argument 'B' must be compact (row-major strides or none)"
    assert T.strata.tensor_device_type(b) == 1, "main: argument 'B' must be on the CPU (device type 1)"
    assert T.strata.tensor_ndim(c) == 2, "main: argument 'C' must have 2 dimensions"
    assert T.strata.tensor_dtype_code(c) == 2 and T.strata.tensor_dtype_bits(c) == 16 and T.strata.tensor_dtype_lanes(c) == 1, "main: argument 'C' must have dtype float16"
    assert T.strata.tensor_shape(c, 0) == n, "main: argument 'C' must have shape[0] == n (bound by 'A' shape[0])"
    assert T.strata.tensor_shape(c, 1) == m, "main: argument 'C' must have shape[1] == m (bound by 'A' shape[1])"
    assert T.strata.tensor_strides_compact(c), "main: argument 'C' must be compact (row-major strides or none)"
    assert T.strata.tensor_device_type(c) == 1, "main: argument 'C' must be on the CPU (device type 1)"
    A: T.handle("float16", "global") = T.strata.tensor_data(a)
    assert T.strata.is_aligned(A, T.int64(64)), "main: argument 'A' data must be 64-byte aligned"
    B: T.handle("float16", "global") = T.strata.tensor_data(b)
    assert T.strata.is_aligned(B, T.int64(64)), "main: argument 'B' data must be 64-byte aligned"
    C: T.handle("float16", "global") = T.strata.tensor_data(c)
    assert T.strata.is_aligned(C, T.int64(64)), "main: argument 'C' data must be 64-byte aligned"
    with T.decl_buffer((n * m,), "float16", data=A) as A_1:
        B_1 = T.decl_buffer((m,), "float16", data=B)
        C_1 = T.decl_buffer((n * m,), "float16", data=C)
        for i, j in T.grid(n, m):
            C_1[i * m + j] = A_1[i * m + j] + B_1[j] * T.Cast("float16", alpha)
    return 0
