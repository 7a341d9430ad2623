b0 = sch.get_block(name="C", func_name="main")
l1, l2 = sch.get_loops(block=b0)
l3, l4 = sch.split(loop=l2, factors=[None, 8], preserve_unit_iters=True, disable_predication=False)
b5 = sch.rfactor(loop=l4, factor_axis=0)
