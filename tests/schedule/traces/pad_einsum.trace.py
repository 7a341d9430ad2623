b0 = sch.get_block(name="C", func_name="main")
sch.pad_einsum(block=b0, padding=[32, 32, 16])
