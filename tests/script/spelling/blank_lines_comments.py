# A file with comments, blank lines and a docstring-free layout.
from tvm.script import tir as T


# The kernel.
@T.prim_func
def main(A: T.Buffer((8,), "float32")):  # one buffer

    # fill it
    for i in range(8):


        A[i] = T.float32(1.0)  # the value
    # trailing comment
