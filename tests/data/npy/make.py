# Run with a python3 that has numpy: `python3 make.py` in this folder.
# Regenerates the numpy-written fixtures test_npy reads (numpy 1.24 wrote
# the committed ones).  Values follow one rule per file so the C test checks
# them without numpy:  element k of a dtype file is (k * 7 + 3) % 256 - 128
# cast to the dtype for signed ints, (k * 7 + 3) % 256 for unsigned ints,
# k % 2 == 1 for bool, k * 0.5 - 3 for floats; shapes are (2, 3, 4) unless named.
import numpy as np
k = np.arange(24)
shape = (2, 3, 4)
for name in ["int8", "int16", "int32", "int64"]:
    np.save(name + ".npy", ((k * 7 + 3) % 256 - 128).astype(name).reshape(shape))
for name in ["uint8", "uint16", "uint32", "uint64"]:
    np.save(name + ".npy", ((k * 7 + 3) % 256).astype(name).reshape(shape))
for name in ["float16", "float32", "float64"]:
    np.save(name + ".npy", (k * 0.5 - 3).astype(name).reshape(shape))
np.save("bool.npy", (k % 2 == 1).reshape(shape))
np.save("scalar.npy", np.float32(2.5))           # shape ()
np.save("empty.npy", np.zeros((0, 5), "int32"))  # no data
np.save("vector.npy", np.arange(5, dtype="int64"))
np.save("bf16.npy", (np.arange(4, dtype="<u2") * 256 + 0x3f80).view("V2"))  # raw 2-byte records
# refused ones
np.save("fortran.npy", np.asfortranarray((k * 0.5 - 3).astype("float32").reshape(4, 6)))
np.save("bigendian.npy", (k * 0.5 - 3).astype(">f4"))
np.save("object.npy", np.array([1, "a", None], dtype=object), allow_pickle=True)
np.save("complex.npy", np.ones(3, "complex64"))
np.save("unicode.npy", np.array(["ab", "c"]))
arrs = dict(a=(k * 0.5 - 3).astype("float32").reshape(shape), b=np.arange(5, dtype="int64"))
np.savez("stored.npz", **arrs)
np.savez_compressed("deflated.npz", **arrs)
