# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((4,), "float32")):
    with T.attr(0, "pragma_import_c", "extern.c"):
        A[0] = T.float32(1.0)
    T.attr(A.data, "storage_alignment", 128)
    A[1] = T.float32(2.0)
