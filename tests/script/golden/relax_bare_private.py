# from tvm.script import relax as R

@R.function(private=True)
def main(x: R.Tensor((10, 10))) -> R.Tensor((10, 10)):
    R.func_attr({"some_attr": 1})
    return x
