# expect: 5:1: error: expected 'def' or 'class' after decorator
from tvm.script import tir as T

@T.prim_func
x = 1
