/*
 * npy.c — numpy's .npy format, read and written.
 *
 * A .npy stream is: the magic "\x93NUMPY", a major and minor version byte,
 * a little-endian header length (2 bytes in version 1, 4 in versions 2 and
 * 3), a Python dict literal such as
 *   {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
 * padded with spaces and a newline so the data starts on a 64-byte
 * boundary, then the raw elements in C order.
 *
 * The reader treats every byte as hostile: the header is parsed by a small
 * recursive-descent reader over the dict (no eval), every size is checked
 * against the stream's length before anything is allocated, and each refusal
 * is a message, never an abort.  The writer produces the bytes numpy 1.24's
 * np.save does, so files compare equal.  Sits under include/strata/runtime.h
 * (strata_npy_*) and internal.h (the streams npz.c reuses).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "runtime/internal.h"

enum { MAX_HEADER = 1 << 20, MAX_NDIM = 64 };

/* ---- dtype <-> descr ---- */

/* The numpy descr of a dtype ("<f4"), or NULL with an error set. */
static const char *descr_of(DLDataType t) {
  char name[32];
  if (t.lanes != 1)
    return strata_set_error(".npy cannot hold vector dtype %s", strata_dtype_name(t, name, sizeof name)),
           NULL;
  switch (t.code) {
  case kDLBool: return t.bits == 8 ? "|b1" : NULL;
  case kDLInt:
    return t.bits == 8 ? "|i1" : t.bits == 16 ? "<i2" : t.bits == 32 ? "<i4" : t.bits == 64 ? "<i8" : NULL;
  case kDLUInt:
    return t.bits == 8 ? "|u1" : t.bits == 16 ? "<u2" : t.bits == 32 ? "<u4" : t.bits == 64 ? "<u8" : NULL;
  case kDLFloat: return t.bits == 16 ? "<f2" : t.bits == 32 ? "<f4" : t.bits == 64 ? "<f8" : NULL;
  case kDLBfloat: return t.bits == 16 ? "<V2" : NULL;
  default: break;
  }
  strata_set_error(".npy cannot hold dtype %s", strata_dtype_name(t, name, sizeof name));
  return NULL;
}

/* The dtype of a descr, or lanes 0 with an error naming `what`. */
static DLDataType dtype_of(const char *d, const char *what) {
  DLDataType bad = {0, 0, 0};
  size_t n = strlen(d);
  char order = n ? d[0] : 0;
  char kind = n > 1 ? d[1] : 0;
  char *end = NULL;
  long size = n > 2 ? strtol(d + 2, &end, 10) : -1;
  bool sized = n > 2 && end && *end == 0 && size > 0;
  if (!strchr("<>|=", order) || !order) {
    strata_set_error("%s: unrecognised dtype '%s'", what, d);
    return bad;
  }
  if (kind == 'O') {
    strata_set_error("%s: object arrays ('%s') are not supported", what, d);
    return bad;
  }
  if (order == '>' && sized && size > 1) {
    strata_set_error("%s: big-endian data ('%s') is not supported; save it as '<%s' "
                     "(arr.astype(arr.dtype.newbyteorder('<')))",
                     what, d, d + 1);
    return bad;
  }
  if (sized) {
    if (kind == 'b' && size == 1) return (DLDataType){kDLBool, 8, 1};
    if ((kind == 'i' || kind == 'u') && (size == 1 || size == 2 || size == 4 || size == 8))
      return (DLDataType){kind == 'i' ? kDLInt : kDLUInt, (uint8_t)(size * 8), 1};
    if (kind == 'f' && (size == 2 || size == 4 || size == 8)) return (DLDataType){kDLFloat, (uint8_t)(size * 8), 1};
    if (kind == 'V' && size == 2) return (DLDataType){kDLBfloat, 16, 1};
  }
  const char *why = kind == 'c' ? "complex numbers are" : (kind == 'U' || kind == 'S' || kind == 'a') ? "strings are"
                    : (kind == 'M' || kind == 'm')                                                 ? "datetimes are"
                    : kind == 'V' ? "raw records other than 2-byte (bfloat16) ones are"
                                  : "this dtype is";
  strata_set_error("%s: dtype '%s' is not supported (%s not supported)", what, d, why);
  return bad;
}

/* ---- the header dict ---- */

typedef struct Hdr {
  const char *p, *end, *what;
  char descr[32];
  bool fortran;
  int32_t ndim;
  int64_t shape[MAX_NDIM];
  bool has_descr, has_fortran, has_shape;
} Hdr;

static void ws(Hdr *h) {
  while (h->p < h->end && (*h->p == ' ' || *h->p == '\t' || *h->p == '\n' || *h->p == '\r')) h->p++;
}

static int expect(Hdr *h, char c) {
  ws(h);
  if (h->p >= h->end || *h->p != c)
    return strata_set_error("%s: malformed .npy header: expected '%c'", h->what, c);
  h->p++;
  return 0;
}

/* A quoted string ('...' or "...", no escapes) into buf. */
static int str(Hdr *h, char *buf, size_t cap) {
  ws(h);
  if (h->p >= h->end || (*h->p != '\'' && *h->p != '"'))
    return strata_set_error("%s: malformed .npy header: expected a string", h->what);
  char q = *h->p++;
  size_t n = 0;
  while (h->p < h->end && *h->p != q) {
    if (n + 1 >= cap || *h->p == '\\') return strata_set_error("%s: malformed .npy header: bad string", h->what);
    buf[n++] = *h->p++;
  }
  if (h->p >= h->end) return strata_set_error("%s: malformed .npy header: unterminated string", h->what);
  h->p++;
  buf[n] = 0;
  return 0;
}

static bool word(Hdr *h, const char *w) {
  size_t n = strlen(w);
  if ((size_t)(h->end - h->p) >= n && !memcmp(h->p, w, n)) return h->p += n, true;
  return false;
}

/* (d0, d1, ...) with non-negative decimal dimensions (a trailing L allowed). */
static int shape(Hdr *h) {
  if (expect(h, '(')) return -1;
  h->ndim = 0;
  for (;;) {
    ws(h);
    if (h->p < h->end && *h->p == ')') break;
    if (h->p >= h->end || *h->p < '0' || *h->p > '9')
      return strata_set_error("%s: malformed .npy header: shape must be a tuple of non-negative integers", h->what);
    int64_t v = 0;
    while (h->p < h->end && *h->p >= '0' && *h->p <= '9') {
      if (v > (INT64_MAX - 9) / 10) return strata_set_error("%s: .npy shape dimension is too large", h->what);
      v = v * 10 + (*h->p++ - '0');
    }
    if (h->p < h->end && *h->p == 'L') h->p++;
    if (h->ndim == MAX_NDIM) return strata_set_error("%s: .npy shape has more than %d dimensions", h->what, MAX_NDIM);
    h->shape[h->ndim++] = v;
    ws(h);
    if (h->p < h->end && *h->p == ',') {
      h->p++;
      continue;
    }
    ws(h);
    if (h->p < h->end && *h->p == ')') break;
    return strata_set_error("%s: malformed .npy header: bad shape tuple", h->what);
  }
  h->p++;
  return 0;
}

static int entry(Hdr *h) {
  char key[32];
  if (str(h, key, sizeof key) || expect(h, ':')) return -1;
  ws(h);
  if (!strcmp(key, "descr")) {
    if (h->p < h->end && *h->p == '[')
      return strata_set_error("%s: structured dtypes are not supported", h->what);
    h->has_descr = true;
    return str(h, h->descr, sizeof h->descr);
  }
  if (!strcmp(key, "fortran_order")) {
    h->has_fortran = true;
    if (word(h, "True")) return h->fortran = true, 0;
    if (word(h, "False")) return h->fortran = false, 0;
    return strata_set_error("%s: malformed .npy header: fortran_order must be True or False", h->what);
  }
  if (!strcmp(key, "shape")) {
    h->has_shape = true;
    return shape(h);
  }
  return strata_set_error("%s: malformed .npy header: unexpected key '%s'", h->what, key);
}

static int parse_header(Hdr *h) {
  if (expect(h, '{')) return -1;
  for (;;) {
    ws(h);
    if (h->p < h->end && *h->p == '}') break;
    if (entry(h)) return -1;
    ws(h);
    if (h->p < h->end && *h->p == ',') {
      h->p++;
      continue;
    }
    if (h->p < h->end && *h->p == '}') break;
    return strata_set_error("%s: malformed .npy header: expected ',' or '}'", h->what);
  }
  if (!h->has_descr || !h->has_fortran || !h->has_shape)
    return strata_set_error("%s: .npy header lacks '%s'", h->what,
                            !h->has_descr ? "descr" : !h->has_fortran ? "fortran_order" : "shape");
  return 0;
}

/* ---- reading ---- */

int rt_npy_read(const RtSource *src, DLTensor **out) {
  *out = NULL;
  unsigned char pre[12];
  if (src->size < 10) return strata_set_error("%s: not a .npy file (only %llu bytes)", src->what, (unsigned long long)src->size);
  if (src->read(src->ctx, pre, 10)) return -1;
  if (memcmp(pre, "\x93NUMPY", 6) != 0) return strata_set_error("%s: not a .npy file (bad magic)", src->what);
  if (pre[6] < 1 || pre[6] > 3)
    return strata_set_error("%s: unsupported .npy format version %d.%d", src->what, pre[6], pre[7]);
  uint64_t hlen, pos = 10;
  if (pre[6] == 1) {
    hlen = (uint64_t)pre[8] | (uint64_t)pre[9] << 8;
  } else {
    if (src->size < 12) return strata_set_error("%s: .npy file truncated in its preamble", src->what);
    if (src->read(src->ctx, pre + 10, 2)) return -1;
    hlen = (uint64_t)pre[8] | (uint64_t)pre[9] << 8 | (uint64_t)pre[10] << 16 | (uint64_t)pre[11] << 24;
    pos = 12;
  }
  if (hlen > src->size - pos)
    return strata_set_error("%s: .npy header length %llu runs past the end of the data (%llu bytes)", src->what,
                            (unsigned long long)hlen, (unsigned long long)src->size);
  if (hlen > MAX_HEADER) return strata_set_error("%s: .npy header is too long (%llu bytes)", src->what, (unsigned long long)hlen);
  char *text = malloc(hlen + 1);
  if (!text) return strata_set_error("out of memory reading %s", src->what);
  if (src->read(src->ctx, text, hlen)) return free(text), -1;
  text[hlen] = 0;
  Hdr h = {.p = text, .end = text + hlen, .what = src->what};
  int rc = parse_header(&h);
  free(text);
  if (rc) return -1;
  pos += hlen;
  DLDataType t = dtype_of(h.descr, src->what);
  if (t.lanes == 0) return -1;
  uint64_t bytes = strata_dtype_bytes(t);
  for (int32_t i = 0; i < h.ndim; i++) {
    if (h.shape[i] && bytes > UINT64_MAX / 4 / (uint64_t)h.shape[i])
      return strata_set_error("%s: .npy shape is too large", src->what);
    bytes *= (uint64_t)h.shape[i];
  }
  if (h.fortran)
    return strata_set_error("%s: Fortran-order arrays are not supported; save with "
                            "np.save(f, np.ascontiguousarray(a))",
                            src->what);
  if (bytes > src->size - pos)
    return strata_set_error("%s: .npy data truncated: the header promises %llu bytes, %llu remain", src->what,
                            (unsigned long long)bytes, (unsigned long long)(src->size - pos));
  DLTensor *x;
  if (strata_tensor_alloc(h.ndim, h.shape, t, &x)) return -1;
  if (bytes && src->read(src->ctx, x->data, (size_t)bytes)) return strata_tensor_free(x), -1;
  *out = x;
  return 0;
}

typedef struct MemIn {
  const unsigned char *p;
  size_t left;
} MemIn;

static int mem_read(void *ctx, void *buf, size_t n) {
  MemIn *m = ctx;
  if (n > m->left) return strata_set_error(".npy data truncated");
  memcpy(buf, m->p, n);
  m->p += n;
  m->left -= n;
  return 0;
}

int strata_npy_load_bytes(const void *data, size_t size, DLTensor **out) {
  MemIn m = {data, size};
  RtSource src = {mem_read, &m, size, "<memory>"};
  if (!data && size) return *out = NULL, strata_set_error("strata_npy_load_bytes: NULL data");
  return rt_npy_read(&src, out);
}

typedef struct FileIn {
  FILE *f;
  const char *path;
} FileIn;

static int file_read(void *ctx, void *buf, size_t n) {
  FileIn *fi = ctx;
  if (fread(buf, 1, n, fi->f) != n) return strata_set_error("%s: read failed or file truncated", fi->path);
  return 0;
}

int rt_open_regular(const char *path, FILE **f, uint64_t *size) {
  *f = fopen(path, "rb");
  if (!*f) return strata_set_error("cannot open %s: %s", path, strerror(errno));
  struct stat st;
  if (fstat(fileno(*f), &st) != 0 || !S_ISREG(st.st_mode)) {
    fclose(*f);
    *f = NULL;
    return strata_set_error("%s: not a regular file", path);
  }
  *size = (uint64_t)st.st_size;
  return 0;
}

int strata_npy_load(const char *path, DLTensor **out) {
  *out = NULL;
  FILE *f;
  uint64_t size;
  if (rt_open_regular(path, &f, &size) != 0) return -1;
  FileIn fi = {f, path};
  RtSource src = {file_read, &fi, size, path};
  int rc = rt_npy_read(&src, out);
  fclose(f);
  return rc;
}

/* ---- writing ---- */

/* The header numpy 1.24 writes: the dict with keys sorted, spare spaces for
 * growing the first axis, padding to 64 bytes, a newline.  Returns the full
 * preamble length (magic included) or 0 with an error. */
static size_t header(const DLTensor *t, char *buf, size_t cap) {
  const char *d = descr_of(t->dtype);
  if (!d) return 0;
  char dict[64 * 24 + 128];
  size_t n = (size_t)snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, 'shape': (", d);
  for (int32_t i = 0; i < t->ndim; i++)
    n += (size_t)snprintf(dict + n, sizeof dict - n, i ? ", %lld" : "%lld", (long long)t->shape[i]);
  n += (size_t)snprintf(dict + n, sizeof dict - n, "%s), }", t->ndim == 1 ? "," : "");
  if (t->ndim > 0) {
    char first[24];
    int w = snprintf(first, sizeof first, "%lld", (long long)t->shape[0]);
    for (int i = w; i < 21; i++) dict[n++] = ' ';
  }
  size_t hlen = n + 1; /* the newline */
  size_t pre = hlen + 2 > 65535 ? 12 : 10;
  size_t pad = 64 - (pre + hlen) % 64;
  if (pre + hlen + pad > cap) return strata_set_error(".npy header too long"), 0;
  memcpy(buf, "\x93NUMPY", 6);
  buf[6] = pre == 10 ? 1 : 2;
  buf[7] = 0;
  size_t total = hlen + pad;
  for (size_t i = 0; i < pre - 8; i++) buf[8 + i] = (char)(total >> (8 * i) & 0xff);
  memcpy(buf + pre, dict, n);
  memset(buf + pre + n, ' ', pad);
  buf[pre + n + pad] = '\n';
  return pre + total;
}

static int check_writable(const DLTensor *t) {
  if (!t) return strata_set_error("cannot save a NULL tensor as .npy");
  if (t->device.device_type != kDLCPU && t->device.device_type != kDLCUDAHost)
    return strata_set_error("cannot save a tensor on device type %d as .npy (CPU only)", t->device.device_type);
  if (t->ndim < 0 || t->ndim > MAX_NDIM) return strata_set_error("cannot save a tensor of rank %d as .npy", t->ndim);
  for (int32_t i = 0; i < t->ndim; i++)
    if (t->shape[i] < 0) return strata_set_error("cannot save a tensor with negative dimension %d", i);
  return 0;
}

uint64_t rt_npy_size(const DLTensor *t) {
  char buf[64 * 24 + 256];
  if (check_writable(t)) return 0;
  size_t pre = header(t, buf, sizeof buf);
  if (!pre) return 0;
  uint64_t n = (uint64_t)strata_tensor_numel(t);
  return pre + n * strata_dtype_bytes(t->dtype);
}

/* Writes the elements of a strided tensor one row of the last axis at a
 * time (a row is contiguous when the last stride is 1). */
static int write_strided(const DLTensor *t, const RtSink *sink) {
  size_t es = strata_dtype_bytes(t->dtype);
  int32_t nd = t->ndim;
  int64_t idx[MAX_NDIM] = {0};
  const char *base = (const char *)t->data + t->byte_offset;
  int64_t inner = t->shape[nd - 1], step = t->strides[nd - 1];
  for (;;) {
    int64_t off = 0;
    for (int32_t i = 0; i < nd - 1; i++) off += idx[i] * t->strides[i];
    for (int64_t j = 0; j < inner; j++)
      if (sink->write(sink->ctx, base + (off + j * step) * (int64_t)es, es)) return -1;
    int32_t k = nd - 2;
    while (k >= 0 && ++idx[k] == t->shape[k]) idx[k--] = 0;
    if (k < 0) return 0;
  }
}

int rt_npy_write(const DLTensor *t, const RtSink *sink) {
  char buf[64 * 24 + 256];
  if (check_writable(t)) return -1;
  size_t pre = header(t, buf, sizeof buf);
  if (!pre || sink->write(sink->ctx, buf, pre)) return -1;
  int64_t n = strata_tensor_numel(t);
  if (n == 0) return 0;
  if (strata_tensor_is_compact(t))
    return sink->write(sink->ctx, (const char *)t->data + t->byte_offset, (size_t)n * strata_dtype_bytes(t->dtype));
  return write_strided(t, sink);
}

static int file_write(void *ctx, const void *buf, size_t n) {
  FileIn *fo = ctx;
  if (fwrite(buf, 1, n, fo->f) != n) return strata_set_error("%s: write failed: %s", fo->path, strerror(errno));
  return 0;
}

int strata_npy_save(const char *path, const DLTensor *t) {
  if (check_writable(t) || !descr_of(t->dtype)) return -1;
  FILE *f = fopen(path, "wb");
  if (!f) return strata_set_error("cannot create %s: %s", path, strerror(errno));
  FileIn fo = {f, path};
  RtSink sink = {file_write, &fo};
  int rc = rt_npy_write(t, &sink);
  if (fclose(f) != 0 && rc == 0) rc = strata_set_error("%s: write failed: %s", path, strerror(errno));
  if (rc) remove(path);
  return rc;
}

typedef struct MemOut {
  char *p;
  size_t n;
} MemOut;

static int mem_write(void *ctx, const void *buf, size_t n) {
  MemOut *m = ctx;
  memcpy(m->p + m->n, buf, n);
  m->n += n;
  return 0;
}

int strata_npy_save_bytes(const DLTensor *t, void **data, size_t *size) {
  *data = NULL;
  *size = 0;
  uint64_t total = rt_npy_size(t);
  if (!total) return -1;
  if (total > SIZE_MAX) return strata_set_error("tensor too large for memory");
  MemOut m = {malloc((size_t)total), 0};
  if (!m.p) return strata_set_error("out of memory writing .npy (%llu bytes)", (unsigned long long)total);
  RtSink sink = {mem_write, &m};
  if (rt_npy_write(t, &sink)) return free(m.p), -1;
  *data = m.p;
  *size = m.n;
  return 0;
}
