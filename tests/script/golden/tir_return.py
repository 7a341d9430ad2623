# from tvm.script import tir as T

@T.prim_func
def main(a: T.int32, b: T.int32) -> T.int32:
    return a * b + 1
