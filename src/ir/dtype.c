/*
 * dtype.c — data types with lanes: names, parsing, sizes and ranges.
 */
#include "ir.h"

#include <stdlib.h>
#include <string.h>

const char *dtype_str(DType t) {
  static _Thread_local char bufs[16][32];
  static _Thread_local int next;
  char *b = bufs[next++ & 15];
  if (dtype_is_void(t)) return "void";
  const char *base;
  switch (t.code) {
  case DT_CODE_INT: base = "int"; break;
  case DT_CODE_UINT: base = "uint"; break;
  case DT_CODE_FLOAT: base = "float"; break;
  case DT_CODE_BFLOAT: base = "bfloat"; break;
  case DT_CODE_BOOL: base = "bool"; break;
  default: base = "handle"; break;
  }
  if (t.code == DT_CODE_BOOL || t.code == DT_CODE_HANDLE)
    snprintf(b, 32, "%s", base);
  else
    snprintf(b, 32, "%s%d", base, t.bits);
  if (t.lanes != 1) {
    size_t n = strlen(b);
    snprintf(b + n, 32 - n, "x%d", t.lanes);
  }
  return b;
}

static bool parse_uint(const char *s, long max, long *out) {
  if (!*s) return false;
  long v = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9') return false;
    v = v * 10 + (*s - '0');
    if (v > max) return false;
  }
  *out = v;
  return true;
}

bool dtype_parse(const char *s, DType *out) {
  char buf[32];
  if (strlen(s) >= sizeof(buf)) return false;
  strcpy(buf, s);
  long lanes = 1;
  char *x = strrchr(buf, 'x');
  if (x && x != buf) {
    if (!parse_uint(x + 1, 65535, &lanes) || lanes < 1) return false;
    *x = 0;
  }
  if (!strcmp(buf, "void") && lanes == 1) {
    *out = DT_VOID;
    return true;
  }
  if (!strcmp(buf, "bool")) {
    *out = dtype_with_lanes(DT_BOOL, (int)lanes);
    return true;
  }
  if (!strcmp(buf, "handle")) {
    *out = dtype_with_lanes(DT_HANDLE, (int)lanes);
    return true;
  }
  static const struct { const char *p; DTypeCode c; } pre[] = {
      {"uint", DT_CODE_UINT}, {"int", DT_CODE_INT}, {"float", DT_CODE_FLOAT},
      {"bfloat", DT_CODE_BFLOAT}};
  for (size_t i = 0; i < sizeof(pre) / sizeof(pre[0]); i++) {
    size_t n = strlen(pre[i].p);
    if (strncmp(buf, pre[i].p, n) != 0) continue;
    long bits;
    if (!parse_uint(buf + n, 64, &bits)) return false;
    bool ok;
    switch (pre[i].c) {
    case DT_CODE_FLOAT: ok = bits == 16 || bits == 32 || bits == 64; break;
    case DT_CODE_BFLOAT: ok = bits == 16; break;
    default: ok = bits == 8 || bits == 16 || bits == 32 || bits == 64; break;
    }
    if (!ok) return false;
    *out = DT_MAKE(pre[i].c, bits, lanes);
    return true;
  }
  return false;
}

int dtype_bytes(DType t) {
  int b = t.code == DT_CODE_BOOL ? 1 : (t.bits + 7) / 8;
  return b * t.lanes;
}

int64_t dtype_int_min(DType t) {
  if (t.code == DT_CODE_UINT || t.code == DT_CODE_BOOL) return 0;
  if (t.bits >= 64) return INT64_MIN;
  return -((int64_t)1 << (t.bits - 1));
}

int64_t dtype_int_max(DType t) {
  if (t.code == DT_CODE_BOOL) return 1;
  if (t.code == DT_CODE_UINT) return t.bits >= 63 ? INT64_MAX : ((int64_t)1 << t.bits) - 1;
  if (t.bits >= 64) return INT64_MAX;
  return ((int64_t)1 << (t.bits - 1)) - 1;
}
