# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((64,), "int32"), B: T.Buffer((64,), "int32"), n: T.int32, m: T.int32):
    rmod, rdiv, rmod_1 = T.int32(), T.int32(), T.int32()
    for i in range(64):
        B[i] = T.shift_right(A[i], 3) + T.bitwise_and(A[i], 7) + T.Div(i, 3) + T.truncmod(i, 3) + (T.Div(i + 2, 3) - 4) + T.truncmod(i + 2, 3) + (T.Div(A[i], 3) + T.shift_right(T.truncmod(A[i], 3), 31)) + (T.truncmod(A[i], 3) + T.bitwise_and(3, T.shift_right(T.truncmod(A[i], 3), 31))) + T.Let(T.Let(T.Select(n >= 0 and rmod >= 0 or n < 0 and rmod <= 0, rdiv, rdiv - 1), where={rdiv: T.Div(A[i], n)}), where={rmod: T.truncmod(A[i], n)}) + T.Let(T.Select(m >= 0 and rmod_1 >= 0 or m < 0 and rmod_1 <= 0, rmod_1, rmod_1 + m), where={rmod_1: T.truncmod(A[i], m)})
