/*
 * tensor.c — errors, dtypes and CPU tensors of the standalone runtime.
 * Includes no compiler header: an application links only this library.
 */
#include "strata/runtime.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

static _Thread_local char last_error[1024];

const char *strata_last_error(void) { return last_error; }

/* Formats into a scratch buffer first, so the arguments may point into the
 * slot itself (strata_set_error("context: %s", strata_last_error())). */
int strata_set_error(const char *fmt, ...) {
  char msg[sizeof(last_error)];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  memcpy(last_error, msg, sizeof(msg));
  return -1;
}

DLDataType strata_dtype(const char *name) {
  DLDataType t = {0, 0, 0};
  static const struct { const char *p; uint8_t code; } pre[] = {
      {"uint", kDLUInt}, {"int", kDLInt}, {"float", kDLFloat}, {"bfloat", kDLBfloat}};
  char base[32];
  unsigned lanes = 1;
  size_t n = strcspn(name, "x");
  if (n >= sizeof(base)) return t;
  memcpy(base, name, n);
  base[n] = 0;
  if (name[n] == 'x') {
    char *end;
    unsigned long l = strtoul(name + n + 1, &end, 10);
    if (*end || l == 0 || l > 65535 || name[n + 1] == 0) return t;
    lanes = (unsigned)l;
  }
  if (!strcmp(base, "bool")) return (DLDataType){kDLBool, 8, (uint16_t)lanes};
  for (size_t i = 0; i < sizeof(pre) / sizeof(pre[0]); i++) {
    size_t k = strlen(pre[i].p);
    if (strncmp(base, pre[i].p, k) != 0) continue;
    char *end;
    long bits = strtol(base + k, &end, 10);
    if (*end || end == base + k) return t;
    bool ok = pre[i].code == kDLFloat    ? (bits == 16 || bits == 32 || bits == 64)
              : pre[i].code == kDLBfloat ? bits == 16
                                         : (bits == 8 || bits == 16 || bits == 32 || bits == 64);
    if (ok) return (DLDataType){pre[i].code, (uint8_t)bits, (uint16_t)lanes};
    return t;
  }
  return t;
}

const char *strata_dtype_name(DLDataType t, char *buf, size_t size) {
  const char *base = t.code == kDLInt     ? "int"
                     : t.code == kDLUInt  ? "uint"
                     : t.code == kDLFloat ? "float"
                     : t.code == kDLBfloat ? "bfloat"
                     : t.code == kDLBool  ? "bool"
                                          : "handle";
  int n = (t.code == kDLBool || t.code == kDLOpaqueHandle) ? snprintf(buf, size, "%s", base)
                                                           : snprintf(buf, size, "%s%d", base, t.bits);
  if (t.lanes != 1 && n > 0 && (size_t)n < size) snprintf(buf + n, size - (size_t)n, "x%d", t.lanes);
  return buf;
}

size_t strata_dtype_bytes(DLDataType t) {
  size_t b = t.code == kDLBool ? 1 : (size_t)(t.bits + 7) / 8;
  return b * t.lanes;
}

int64_t strata_tensor_numel(const DLTensor *t) {
  int64_t n = 1;
  for (int32_t i = 0; i < t->ndim; i++) n *= t->shape[i];
  return n;
}

int strata_tensor_alloc(int32_t ndim, const int64_t *shape, DLDataType dtype, DLTensor **out) {
  *out = NULL;
  if (ndim < 0 || ndim > 64) return strata_set_error("tensor rank %d is out of range [0, 64]", ndim);
  if (dtype.lanes == 0 || strata_dtype_bytes(dtype) == 0)
    return strata_set_error("cannot allocate a tensor of an unknown dtype");
  size_t bytes = strata_dtype_bytes(dtype);
  for (int32_t i = 0; i < ndim; i++) {
    if (shape[i] < 0)
      return strata_set_error("dimension %d of a new tensor is negative (%lld)", i, (long long)shape[i]);
    if (shape[i] && bytes > (SIZE_MAX / 2) / (size_t)shape[i])
      return strata_set_error("tensor size overflows at dimension %d", i);
    bytes *= (size_t)shape[i];
  }
  DLTensor *t = calloc(1, sizeof(DLTensor) + sizeof(int64_t) * (size_t)(ndim ? ndim : 1));
  if (!t) return strata_set_error("out of memory allocating a tensor header");
  t->shape = (int64_t *)(t + 1);
  memcpy(t->shape, shape, sizeof(int64_t) * (size_t)ndim);
  size_t padded = (bytes + STRATA_ALIGNMENT - 1) / STRATA_ALIGNMENT * STRATA_ALIGNMENT;
  t->data = aligned_alloc(STRATA_ALIGNMENT, padded ? padded : STRATA_ALIGNMENT);
  if (!t->data) {
    free(t);
    return strata_set_error("out of memory allocating %zu bytes", bytes);
  }
  memset(t->data, 0, padded ? padded : STRATA_ALIGNMENT);
  t->device.device_type = kDLCPU;
  t->ndim = ndim;
  t->dtype = dtype;
  *out = t;
  return 0;
}

void strata_tensor_free(DLTensor *t) {
  if (!t) return;
  free(t->data);
  free(t);
}

int strata_tensor_is_compact(const DLTensor *t) {
  if (!t->strides) return 1;
  int64_t expect = 1;
  for (int32_t i = t->ndim - 1; i >= 0; i--) {
    if (t->shape[i] != 1 && t->strides[i] != expect) return 0;
    expect *= t->shape[i];
  }
  return 1;
}
