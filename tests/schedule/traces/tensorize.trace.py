b0 = sch.get_block(name="C_o", func_name="main")
sch.tensorize(block_or_loop=b0, tensor_intrin="strata.dot_16x4.portable", preserve_unit_iters=True)
