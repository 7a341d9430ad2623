b0 = sch.get_block(name="B", func_name="main")
sch.transform_layout(block=b0, buffer=("write", 0), index_map=lambda i: (i // 4, i % 4,), pad_value=lambda indices_0, indices_1: (T.float32(0.0),), assume_injective_transform=False)
