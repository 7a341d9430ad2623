/*
 * test_npy.c — .npy and .npz files: round trips of every dtype, the exact
 * bytes numpy writes (spelled out by hand here, and in the numpy-written
 * fixtures of tests/data/npy/), and hostile inputs: every truncation, bad
 * magic, oversized shapes, header lengths past the end, refused dtypes and
 * layouts, corrupted archives.  Each must be a clear error, never a crash
 * or a leak (the suite also runs under ASan).  Runs from the repository
 * root.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "strata/runtime.h"

#define DATA "tests/data/npy/"

static char tmpdir[64];

static const char *tmp(const char *name) {
  static char buf[4][256];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
  return buf[k];
}

static unsigned char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *p = malloc((size_t)len + 1);
  *n = fread(p, 1, (size_t)len, f);
  fclose(f);
  return p;
}

static void spit(const char *path, const void *p, size_t n) {
  FILE *f = fopen(path, "wb");
  fwrite(p, 1, n, f);
  fclose(f);
}

static int same_tensor(const DLTensor *a, const DLTensor *b) {
  if (a->ndim != b->ndim || memcmp(&a->dtype, &b->dtype, sizeof a->dtype)) return 0;
  for (int i = 0; i < a->ndim; i++)
    if (a->shape[i] != b->shape[i]) return 0;
  return !memcmp(a->data, b->data, (size_t)strata_tensor_numel(a) * strata_dtype_bytes(a->dtype));
}

static const char *dtypes[] = {"bool",   "int8",   "int16",   "int32",   "int64",   "uint8",   "uint16",
                               "uint32", "uint64", "float16", "float32", "float64", "bfloat16"};
enum { NDTYPES = sizeof dtypes / sizeof dtypes[0] };

static DLTensor *pattern(const char *dtype, int32_t ndim, const int64_t *shape) {
  DLTensor *t = NULL;
  if (strata_tensor_alloc(ndim, shape, strata_dtype(dtype), &t)) return NULL;
  unsigned char *p = t->data;
  size_t n = (size_t)strata_tensor_numel(t) * strata_dtype_bytes(t->dtype);
  for (size_t i = 0; i < n; i++) p[i] = (unsigned char)(i * 37 + 11);
  if (!strcmp(dtype, "bool"))
    for (size_t i = 0; i < n; i++) p[i] &= 1;
  return t;
}

TEST(roundtrip_every_dtype) {
  int64_t shapes[4][3] = {{2, 3, 4}, {7, 0, 0}, {0, 0, 0}, {1, 1, 5}};
  int32_t ndims[4] = {3, 1, 0, 3};
  for (int d = 0; d < NDTYPES; d++) {
    for (int s = 0; s < 4; s++) {
      DLTensor *t = pattern(dtypes[d], ndims[s], shapes[s]), *u = NULL;
      CHECK(t != NULL);
      if (!t) continue;
      CHECK(strata_npy_save(tmp("rt.npy"), t) == 0);
      CHECK(strata_npy_load(tmp("rt.npy"), &u) == 0);
      CHECK(u && same_tensor(t, u));
      CHECK(u && ((uintptr_t)u->data % STRATA_ALIGNMENT) == 0);
      strata_tensor_free(u);
      void *buf = NULL;
      size_t n = 0;
      CHECK(strata_npy_save_bytes(t, &buf, &n) == 0 && n % 64 == (size_t)strata_tensor_numel(t) * strata_dtype_bytes(t->dtype) % 64);
      CHECK(strata_npy_load_bytes(buf, n, &u) == 0 && same_tensor(t, u));
      strata_tensor_free(u);
      free(buf);
      strata_tensor_free(t);
    }
  }
}

/* The bytes numpy 1.24 writes for np.save(f, np.arange(6, dtype='<f4').reshape(2, 3)) and friends,
 * spelled out from the format description. */
static void expect_bytes(const DLTensor *t, const char *dict) {
  char want[256];
  size_t dl = strlen(dict), hl = 64 - 10;
  while (10 + dl + 1 > hl + 10) hl += 64;
  memcpy(want, "\x93NUMPY\x01\x00", 8);
  want[8] = (char)hl;
  want[9] = 0;
  memcpy(want + 10, dict, dl);
  memset(want + 10 + dl, ' ', hl - dl - 1);
  want[10 + hl - 1] = '\n';
  void *buf = NULL;
  size_t n = 0;
  size_t data = (size_t)strata_tensor_numel(t) * strata_dtype_bytes(t->dtype);
  CHECK(strata_npy_save_bytes(t, &buf, &n) == 0);
  CHECK(n == 10 + hl + data);
  CHECK(buf && !memcmp(buf, want, 10 + hl));
  CHECK(buf && !memcmp((char *)buf + 10 + hl, t->data, data));
  if (buf && memcmp(buf, want, 10 + hl)) fprintf(stderr, "got header: %.*s\n", (int)hl, (char *)buf + 10);
  free(buf);
}

TEST(exact_header_bytes) {
  int64_t s23[2] = {2, 3}, s5[1] = {5}, s0[1] = {0};
  DLTensor *t = pattern("float32", 2, s23);
  /* dict, 21 - len("2") spare spaces, then padding and '\n' to 64 bytes */
  expect_bytes(t, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }                    ");
  strata_tensor_free(t);
  t = pattern("int64", 1, s5);
  expect_bytes(t, "{'descr': '<i8', 'fortran_order': False, 'shape': (5,), }                    ");
  strata_tensor_free(t);
  t = pattern("bool", 0, s5);
  expect_bytes(t, "{'descr': '|b1', 'fortran_order': False, 'shape': (), }");
  strata_tensor_free(t);
  t = pattern("uint8", 1, s0);
  expect_bytes(t, "{'descr': '|u1', 'fortran_order': False, 'shape': (0,), }                    ");
  strata_tensor_free(t);
  t = pattern("bfloat16", 1, s0);
  expect_bytes(t, "{'descr': '<V2', 'fortran_order': False, 'shape': (0,), }                    ");
  strata_tensor_free(t);
}

/* The fixtures numpy wrote: values by the rule in tests/data/npy/make.py,
 * and our writer reproduces each file byte for byte. */
TEST(numpy_fixtures) {
  const char *names[] = {"int8",   "int16",   "int32",   "int64",   "uint8", "uint16",
                         "uint32", "uint64",  "float16", "float32", "float64", "bool"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char path[128];
    snprintf(path, sizeof path, DATA "%s.npy", names[i]);
    DLTensor *t = NULL;
    CHECK(strata_npy_load(path, &t) == 0);
    if (!t) {
      fprintf(stderr, "%s: %s\n", path, strata_last_error());
      continue;
    }
    char nm[32];
    CHECK_STREQ(strata_dtype_name(t->dtype, nm, sizeof nm), names[i]);
    CHECK(t->ndim == 3 && t->shape[0] == 2 && t->shape[1] == 3 && t->shape[2] == 4);
    for (int k = 0; k < 24; k++) {
      int64_t want = (k * 7 + 3) % 256 - 128, got = 0;
      double fwant = k * 0.5 - 3, fgot = 0;
      switch (i) {
      case 0: got = ((int8_t *)t->data)[k]; break;
      case 1: got = ((int16_t *)t->data)[k]; break;
      case 2: got = ((int32_t *)t->data)[k]; break;
      case 3: got = ((int64_t *)t->data)[k]; break;
      case 4: got = ((uint8_t *)t->data)[k] - 128; break;
      case 5: got = ((uint16_t *)t->data)[k] - 128; break;
      case 6: got = (int64_t)((uint32_t *)t->data)[k] - 128; break;
      case 7: got = (int64_t)((uint64_t *)t->data)[k] - 128; break;
      case 8: {
        uint16_t h = ((uint16_t *)t->data)[k]; /* decode half by hand: exact for these values */
        int e = (h >> 10) & 31, m = h & 1023;
        fgot = (e ? (1024 + m) * (double)(1 << e) / (1 << 25) : m / (double)(1 << 24)) * ((h >> 15) ? -1 : 1);
        got = want;
        break;
      }
      case 9: fgot = ((float *)t->data)[k], got = want; break;
      case 10: fgot = ((double *)t->data)[k], got = want; break;
      case 11: got = ((uint8_t *)t->data)[k], want = k % 2; break;
      }
      if (i < 8 || i == 11) CHECK(got == want);
      else CHECK(fgot == fwant);
    }
    void *buf = NULL;
    size_t n = 0, fn = 0;
    unsigned char *file = slurp(path, &fn);
    CHECK(strata_npy_save_bytes(t, &buf, &n) == 0);
    CHECK(file && n == fn && !memcmp(buf, file, n));
    free(buf);
    free(file);
    strata_tensor_free(t);
  }
  DLTensor *t = NULL;
  CHECK(strata_npy_load(DATA "scalar.npy", &t) == 0 && t->ndim == 0 && *(float *)t->data == 2.5f);
  strata_tensor_free(t);
  CHECK(strata_npy_load(DATA "empty.npy", &t) == 0 && t->ndim == 2 && t->shape[0] == 0 && t->shape[1] == 5);
  strata_tensor_free(t);
  CHECK(strata_npy_load(DATA "vector.npy", &t) == 0 && t->ndim == 1 && ((int64_t *)t->data)[4] == 4);
  strata_tensor_free(t);
  CHECK(strata_npy_load(DATA "bf16.npy", &t) == 0 && t->dtype.code == kDLBfloat && t->shape[0] == 4);
  if (t) CHECK(((uint16_t *)t->data)[1] == 0x3f80 + 256); /* bfloat16 1.0 plus one step */
  strata_tensor_free(t);
}

static void expect_refused(const char *path, const char *needle) {
  DLTensor *t = (DLTensor *)1;
  CHECK(strata_npy_load(path, &t) == -1 && t == NULL);
  if (!strstr(strata_last_error(), needle))
    fprintf(stderr, "%s: message '%s' lacks '%s'\n", path, strata_last_error(), needle);
  CHECK(strstr(strata_last_error(), needle) != NULL);
}

TEST(refused_fixtures) {
  expect_refused(DATA "fortran.npy", "Fortran-order");
  expect_refused(DATA "bigendian.npy", "big-endian");
  expect_refused(DATA "object.npy", "object arrays");
  expect_refused(DATA "complex.npy", "complex");
  expect_refused(DATA "unicode.npy", "strings");
  expect_refused(DATA "nonexistent.npy", "cannot open");
  expect_refused("tests/data", "not a regular file");
}

/* A .npy image from a dict (v1 header, padded), followed by `data` bytes of zeros. */
static size_t image(unsigned char *out, const char *dict, size_t data) {
  size_t dl = strlen(dict), hl = (10 + dl + 1 + 63) / 64 * 64 - 10;
  memcpy(out, "\x93NUMPY\x01\x00", 8);
  out[8] = (unsigned char)(hl & 0xff);
  out[9] = (unsigned char)(hl >> 8);
  memcpy(out + 10, dict, dl);
  memset(out + 10 + dl, ' ', hl - dl - 1);
  out[10 + hl - 1] = '\n';
  memset(out + 10 + hl, 0, data);
  return 10 + hl + data;
}

static void expect_bytes_refused(const unsigned char *p, size_t n, const char *needle) {
  DLTensor *t = (DLTensor *)1;
  int rc = strata_npy_load_bytes(p, n, &t);
  CHECK(rc == -1 && t == NULL);
  if (rc == 0) strata_tensor_free(t);
  if (!strstr(strata_last_error(), needle))
    fprintf(stderr, "message '%s' lacks '%s'\n", strata_last_error(), needle);
  CHECK(strstr(strata_last_error(), needle) != NULL);
}

TEST(hostile_headers) {
  unsigned char b[4096];
  size_t n;
  n = image(b, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 24);
  DLTensor *t = NULL;
  CHECK(strata_npy_load_bytes(b, n, &t) == 0 && t && t->shape[1] == 3);
  strata_tensor_free(t);
  /* spacing, double quotes, key order, no trailing comma, Python 2 longs: accepted */
  n = image(b, "{\"shape\":(2L,3L),\"fortran_order\":False,\"descr\":\"<f4\"}", 24);
  CHECK(strata_npy_load_bytes(b, n, &t) == 0);
  strata_tensor_free(t);

  /* every truncation of a valid image fails cleanly */
  n = image(b, "{'descr': '<i2', 'fortran_order': False, 'shape': (3,), }", 6);
  for (size_t k = 0; k < n; k++) expect_bytes_refused(b, k, k < 10 ? "not a .npy" : "");

  memcpy(b, "\x93NUMPX", 6);
  expect_bytes_refused(b, n, "bad magic");
  n = image(b, "{'descr': '<i2', 'fortran_order': False, 'shape': (3,), }", 6);
  b[6] = 9;
  expect_bytes_refused(b, n, "version 9");
  n = image(b, "{'descr': '<i2', 'fortran_order': False, 'shape': (3,), }", 6);
  b[8] = 0xff, b[9] = 0xff;
  expect_bytes_refused(b, n, "runs past the end");
  b[6] = 2, b[8] = 0xff, b[9] = 0xff; /* v2: 4-byte length 0x0000ffff... read from bytes 8..11 */
  expect_bytes_refused(b, n, "runs past the end");

  struct {
    const char *dict, *needle;
  } bad[] = {
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000, 1000000000000, 1000000), }", "too large"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", "too large"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776,), }", "truncated"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", "non-negative"},
      {"{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", "Fortran-order"},
      {"{'descr': '>f8', 'fortran_order': False, 'shape': (3,), }", "big-endian"},
      {"{'descr': '|O', 'fortran_order': False, 'shape': (3,), }", "object arrays"},
      {"{'descr': '<c16', 'fortran_order': False, 'shape': (3,), }", "complex"},
      {"{'descr': '<V4', 'fortran_order': False, 'shape': (3,), }", "raw records"},
      {"{'descr': '<f3', 'fortran_order': False, 'shape': (3,), }", "not supported"},
      {"{'descr': 'f4', 'fortran_order': False, 'shape': (3,), }", "unrecognised"},
      {"{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (3,), }", "structured"},
      {"{'descr': '<f4', 'shape': (3,), }", "lacks 'fortran_order'"},
      {"{'descr': '<f4', 'fortran_order': False, }", "lacks 'shape'"},
      {"{'fortran_order': False, 'shape': (3,), }", "lacks 'descr'"},
      {"{'descr': '<f4', 'fortran_order': Maybe, 'shape': (3,), }", "True or False"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'extra': 1}", "unexpected key"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,) 'x'}", "expected ','"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': [3], }", "expected '('"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (3 4), }", "bad shape"},
      {"{'descr': '<f4", "string"},
      {"['descr']", "expected '{'"},
      {"{'descr': 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', }", "bad string"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,"
       "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1), }",
       "more than 64"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    n = image(b, bad[i].dict, 16);
    expect_bytes_refused(b, n, bad[i].needle);
  }
  /* a header without the dict's closing brace, then arbitrary bytes */
  n = image(b, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,", 0);
  expect_bytes_refused(b, n, "malformed");
}

TEST(strided_save) {
  /* a transposed view of a 2x3 int32 array saves as the 3x2 transpose */
  int64_t s[2] = {2, 3};
  DLTensor *a = pattern("int32", 2, s), *u = NULL;
  int64_t vshape[2] = {3, 2}, vstrides[2] = {1, 3};
  DLTensor view = *a;
  view.shape = vshape;
  view.strides = vstrides;
  CHECK(strata_npy_save(tmp("view.npy"), &view) == 0);
  CHECK(strata_npy_load(tmp("view.npy"), &u) == 0 && u->shape[0] == 3 && u->shape[1] == 2);
  const int32_t *src = a->data, *dst = u ? u->data : NULL;
  for (int i = 0; dst && i < 3; i++)
    for (int j = 0; j < 2; j++) CHECK(dst[i * 2 + j] == src[j * 3 + i]);
  strata_tensor_free(u);
  /* byte_offset skips the first row */
  view = *a;
  view.byte_offset = 12;
  int64_t one[2] = {1, 3};
  view.shape = one;
  CHECK(strata_npy_save(tmp("row.npy"), &view) == 0);
  CHECK(strata_npy_load(tmp("row.npy"), &u) == 0 && ((int32_t *)u->data)[0] == src[3]);
  strata_tensor_free(u);
  /* refusals on save */
  view = *a;
  view.dtype = strata_dtype("float32x4");
  CHECK(strata_npy_save(tmp("x.npy"), &view) == -1 && strstr(strata_last_error(), "vector dtype"));
  view = *a;
  view.dtype.code = kDLComplex;
  CHECK(strata_npy_save(tmp("x.npy"), &view) == -1 && strstr(strata_last_error(), "cannot hold"));
  view = *a;
  view.device.device_type = kDLCUDA;
  CHECK(strata_npy_save(tmp("x.npy"), &view) == -1 && strstr(strata_last_error(), "CPU only"));
  CHECK(access(tmp("x.npy"), F_OK) != 0);
  CHECK(strata_npy_save(tmp("nodir/x.npy"), a) == -1 && strstr(strata_last_error(), "cannot create"));
  strata_tensor_free(a);
}

/* ---- npz ---- */

static void check_ab(const StrataNpz *z) {
  CHECK(z->narrays == 2);
  DLTensor *a = strata_npz_get(z, "a"), *b = strata_npz_get(z, "b");
  CHECK(a && b && !strata_npz_get(z, "c"));
  if (!a || !b) return;
  CHECK(a->ndim == 3 && a->dtype.code == kDLFloat && a->dtype.bits == 32);
  for (int k = 0; k < 24; k++) CHECK(((float *)a->data)[k] == (float)(k * 0.5 - 3));
  CHECK(b->ndim == 1 && b->shape[0] == 5 && ((int64_t *)b->data)[3] == 3);
}

TEST(npz_numpy_fixtures) {
  StrataNpz *z = NULL;
  CHECK(strata_npz_load(DATA "stored.npz", &z) == 0);
  if (z) check_ab(z);
  strata_npz_free(z);
  CHECK(strata_npz_load(DATA "deflated.npz", &z) == 0);
  if (z) check_ab(z);
  else fprintf(stderr, "%s\n", strata_last_error());
  strata_npz_free(z);
}

TEST(npz_roundtrip) {
  int64_t s1[2] = {3, 4}, s2[1] = {0};
  DLTensor *x = pattern("float16", 2, s1), *y = pattern("bool", 1, s2), *w = pattern("uint64", 0, s1);
  const char *names[3] = {"x", "y.z", "w"};
  const DLTensor *arrs[3] = {x, y, w};
  CHECK(strata_npz_save(tmp("rt.npz"), 3, names, arrs) == 0);
  StrataNpz *z = NULL;
  CHECK(strata_npz_load(tmp("rt.npz"), &z) == 0);
  if (z) {
    CHECK(z->narrays == 3 && !strcmp(z->names[0], "x") && !strcmp(z->names[1], "y.z"));
    CHECK(same_tensor(strata_npz_get(z, "x"), x) && same_tensor(strata_npz_get(z, "y.z"), y));
    CHECK(same_tensor(strata_npz_get(z, "w"), w));
  }
  strata_npz_free(z);
  CHECK(strata_npz_save(tmp("empty.npz"), 0, NULL, NULL) == 0);
  CHECK(strata_npz_load(tmp("empty.npz"), &z) == 0 && z->narrays == 0);
  strata_npz_free(z);
  const char *dup[2] = {"x", "x"}, *slash[1] = {"a/b"}, *empty[1] = {""};
  CHECK(strata_npz_save(tmp("bad.npz"), 2, dup, arrs) == -1 && strstr(strata_last_error(), "two arrays"));
  CHECK(strata_npz_save(tmp("bad.npz"), 1, slash, arrs) == -1 && strstr(strata_last_error(), "without '/'"));
  CHECK(strata_npz_save(tmp("bad.npz"), 1, empty, arrs) == -1);
  DLTensor vec = *x;
  vec.dtype = strata_dtype("int8x4");
  const DLTensor *bad[1] = {&vec};
  CHECK(strata_npz_save(tmp("bad.npz"), 1, names, bad) == -1 && strstr(strata_last_error(), "vector"));
  CHECK(access(tmp("bad.npz"), F_OK) != 0);
  strata_tensor_free(x);
  strata_tensor_free(y);
  strata_tensor_free(w);
}

/* Every truncation and every single-byte corruption of an archive either
 * loads or fails with a message; none crashes (ASan watches the rest). */
static void mangle(const char *fixture) {
  size_t n = 0;
  unsigned char *p = slurp(fixture, &n);
  CHECK(p != NULL);
  if (!p) return;
  int loaded = 0, refused = 0;
  for (size_t k = 0; k < n; k++) {
    spit(tmp("cut.npz"), p, k);
    StrataNpz *z = (StrataNpz *)1;
    CHECK(strata_npz_load(tmp("cut.npz"), &z) == -1 && z == NULL && *strata_last_error());
  }
  for (size_t k = 0; k < n; k++) {
    unsigned char save = p[k];
    p[k] ^= (unsigned char)(0x5a + k);
    spit(tmp("flip.npz"), p, n);
    p[k] = save;
    StrataNpz *z = NULL;
    if (strata_npz_load(tmp("flip.npz"), &z) == 0) loaded++;
    else {
      refused++;
      CHECK(z == NULL && *strata_last_error());
    }
    strata_npz_free(z);
  }
  CHECK(refused > 0);
  (void)loaded;
  free(p);
}

TEST(npz_hostile) {
  mangle(DATA "stored.npz");
  mangle(DATA "deflated.npz");
  StrataNpz *z = NULL;
  CHECK(strata_npz_load(DATA "float32.npy", &z) == -1 && strstr(strata_last_error(), "not a zip"));
  CHECK(strata_npz_load(DATA "missing.npz", &z) == -1 && strstr(strata_last_error(), "cannot open"));
  /* a zip entry that is not .npy, and a CRC mismatch */
  size_t n = 0;
  unsigned char *p = slurp(DATA "stored.npz", &n);
  unsigned char *q = p;
  while (q && (q = memmem(q, n - (size_t)(q - p), "a.npy", 5)) != NULL) q[2] = 'x', q += 5; /* "a.xpy" everywhere */
  spit(tmp("names.npz"), p, n);
  CHECK(strata_npz_load(tmp("names.npz"), &z) == -1 && strstr(strata_last_error(), "not a .npy array"));
  free(p);
  p = slurp(DATA "stored.npz", &n);
  p[n / 4] ^= 1; /* inside the first entry's data */
  spit(tmp("crc.npz"), p, n);
  CHECK(strata_npz_load(tmp("crc.npz"), &z) == -1);
  CHECK(strstr(strata_last_error(), "CRC") || strstr(strata_last_error(), "header") || strstr(strata_last_error(), "npy"));
  free(p);
}

int main(void) {
  snprintf(tmpdir, sizeof tmpdir, "/tmp/strata_npy_XXXXXX");
  if (!mkdtemp(tmpdir)) return 1;
  RUN(roundtrip_every_dtype);
  RUN(exact_header_bytes);
  RUN(numpy_fixtures);
  RUN(refused_fixtures);
  RUN(hostile_headers);
  RUN(strided_save);
  RUN(npz_numpy_fixtures);
  RUN(npz_roundtrip);
  RUN(npz_hostile);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
  return harness_report();
}
