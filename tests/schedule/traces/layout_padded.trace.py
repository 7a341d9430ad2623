b0 = sch.get_block(name="B", func_name="main")
sch.transform_layout(block=b0, buffer=("write", 0), index_map=lambda i, j: (i // 4, j, i % 4,), pad_value=lambda indices_0, indices_1, indices_2: (T.float32(0.0),), assume_injective_transform=False)
b1 = sch.get_block(name="C", func_name="main")
sch.transform_layout(block=b1, buffer=("read", 0), index_map=lambda a, b, c: (b, a, c,), pad_value=None, assume_injective_transform=False)
