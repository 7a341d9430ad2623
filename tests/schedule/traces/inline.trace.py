b0 = sch.get_block(name="B", func_name="main")
sch.compute_inline(block=b0)
b1 = sch.get_block(name="D", func_name="main")
sch.reverse_compute_inline(block=b1)
