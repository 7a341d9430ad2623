/*
 * sched_util.h — numeric checks for schedule tests, header only: build two
 * versions of a module with the C backend, run one function of each on the
 * same random inputs, and compare every buffer afterwards.
 *
 *   const char *binds[] = {"n=64", "m=48", NULL};   // symbolic vars, if any
 *   CHECK(sched_same_numbers(before_text, after_text, "main", binds, 1e-5));
 *
 * Every tensor parameter is filled with the same pseudo-random values in
 * both runs (outputs too, so read-before-write bugs show), integers in
 * [-8, 8], floats in [-1, 1]; scalar parameters take their binding.  Floats
 * compare with |a - b| <= tol * (1 + |b|).  Prints the first difference.
 */
#ifndef STRATA_SCHED_UTIL_H
#define STRATA_SCHED_UTIL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strata/runtime.h"
#include "strata/strata.h"

typedef struct SchedParam {
  char name[64];
  int tensor;
  char dtype[16];
  char dims[8][128];
  int ndim;
} SchedParam;

/* Parse the signature block of func from strata_signatures() text. */
static inline int sched_sig(const char *sig, const char *func, SchedParam *ps, int max) {
  char want[96];
  snprintf(want, sizeof want, "func %s\n", func);
  const char *p = strstr(sig, want);
  if (!p) return -1;
  p += strlen(want);
  int n = 0;
  while (*p && strncmp(p, "func ", 5) != 0) {
    const char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) : strlen(p);
    char line[1024];
    if (len >= sizeof line) return -1;
    memcpy(line, p, len);
    line[len] = 0;
    p = eol ? eol + 1 : p + len;
    if (strncmp(line, "param ", 6) != 0 || n >= max) continue;
    SchedParam *q = &ps[n++];
    memset(q, 0, sizeof *q);
    char kind[16];
    int off = 0;
    if (sscanf(line, "param %63s %15s %15s %n", q->name, kind, q->dtype, &off) < 3) return -1;
    q->tensor = !strcmp(kind, "tensor");
    char *d = line + off;
    while (q->tensor && *d && q->ndim < 8) {
      char *semi = strchr(d, ';');
      size_t dl = semi ? (size_t)(semi - d) : strlen(d);
      while (dl && d[dl - 1] == ' ') dl--;
      if (dl >= sizeof q->dims[0]) return -1;
      memcpy(q->dims[q->ndim], d, dl);
      q->dims[q->ndim++][dl] = 0;
      if (!semi) break;
      d = semi + 1;
      while (*d == ' ') d++;
    }
  }
  return n;
}

static inline double sched_rand(unsigned *state) {
  *state = *state * 1103515245u + 12345u;
  return (double)((*state >> 8) & 0xFFFF) / 65535.0;
}

static inline void sched_fill(DLTensor *t, unsigned seed) {
  int64_t n = strata_tensor_numel(t);
  unsigned st = seed;
  for (int64_t i = 0; i < n; i++) {
    double r = sched_rand(&st) * 2 - 1;
    switch (t->dtype.code) {
    case kDLFloat:
      if (t->dtype.bits == 32) ((float *)t->data)[i] = (float)r;
      else if (t->dtype.bits == 64) ((double *)t->data)[i] = r;
      else ((uint16_t *)t->data)[i] = 0x3c00; /* 1.0 in float16 */
      break;
    case kDLInt:
    case kDLUInt: {
      int64_t v = (int64_t)(r * 8);
      if (t->dtype.code == kDLUInt && v < 0) v = -v;
      switch (t->dtype.bits) {
      case 8: ((int8_t *)t->data)[i] = (int8_t)v; break;
      case 16: ((int16_t *)t->data)[i] = (int16_t)v; break;
      case 32: ((int32_t *)t->data)[i] = (int32_t)v; break;
      default: ((int64_t *)t->data)[i] = v; break;
      }
      break;
    }
    default: memset(t->data, 0, (size_t)n * strata_dtype_bytes(t->dtype)); return;
    }
  }
}

static inline double sched_get(const DLTensor *t, int64_t i) {
  switch (t->dtype.code) {
  case kDLFloat: return t->dtype.bits == 32 ? ((float *)t->data)[i] : t->dtype.bits == 64 ? ((double *)t->data)[i] : ((uint16_t *)t->data)[i];
  case kDLInt:
  case kDLUInt:
    switch (t->dtype.bits) {
    case 8: return t->dtype.code == kDLInt ? ((int8_t *)t->data)[i] : ((uint8_t *)t->data)[i];
    case 16: return ((int16_t *)t->data)[i];
    case 32: return ((int32_t *)t->data)[i];
    default: return (double)((int64_t *)t->data)[i];
    }
  default: return ((uint8_t *)t->data)[i];
  }
}

/* Build text into a temporary library; returns the loaded library or NULL. */
static inline StrataLib *sched_build(const char *text, char *sig_out, size_t sig_size) {
  char *err = NULL;
  StrataModule *m = strata_parse("sched.py", text, strlen(text), &err);
  if (!m) {
    fprintf(stderr, "sched_util: parse failed:\n%s\n%s", err ? err : "", text);
    strata_free(err);
    return NULL;
  }
  char *sig = strata_signatures(m);
  snprintf(sig_out, sig_size, "%s", sig);
  strata_free(sig);
  char path[] = "/tmp/strata-sched-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) {
    strata_module_free(m);
    return NULL;
  }
  close(fd);
  StrataBuildOptions o = {0};
  StrataLib *lib = NULL;
  if (strata_build(m, &o, path, &err) != 0) {
    fprintf(stderr, "sched_util: build failed:\n%s\n%s", err ? err : "", text);
    strata_free(err);
  } else if (strata_lib_load(path, &lib) != 0) {
    fprintf(stderr, "sched_util: load failed: %s\n", strata_last_error());
    lib = NULL;
  }
  unlink(path);
  strata_module_free(m);
  return lib;
}

/* Run func of lib; tensors allocated from the signature and bindings. */
static inline int sched_run(StrataLib *lib, const char *sig, const char *func, const char *const *binds,
                     DLTensor **ts, int *nts) {
  SchedParam ps[32];
  int np = sched_sig(sig, func, ps, 32);
  if (np < 0) return fprintf(stderr, "sched_util: no signature for %s\n", func), -1;
  const char *names[16], *dtypes[16];
  long long vals[16];
  char nbuf[16][64];
  int nb = 0;
  for (; binds && binds[nb] && nb < 16; nb++) {
    sscanf(binds[nb], "%63[^=]=%lld", nbuf[nb], &vals[nb]);
    names[nb] = nbuf[nb];
    dtypes[nb] = "int64";
  }
  StrataAny args[32];
  *nts = 0;
  for (int i = 0; i < np; i++) {
    if (!ps[i].tensor) {
      long long v = 0;
      for (int k = 0; k < nb; k++)
        if (!strcmp(names[k], ps[i].name)) v = vals[k];
      args[i] = strata_any_int(v);
      continue;
    }
    int64_t shape[8];
    for (int d = 0; d < ps[i].ndim; d++) {
      long long v;
      char *err = NULL;
      if (strata_eval_shape(ps[i].dims[d], nb, names, dtypes, vals, &v, &err) != 0) {
        fprintf(stderr, "sched_util: %s\n", err ? err : "shape");
        strata_free(err);
        return -1;
      }
      shape[d] = v;
    }
    DLTensor *t;
    if (strata_tensor_alloc(ps[i].ndim, shape, strata_dtype(ps[i].dtype), &t) != 0) return -1;
    sched_fill(t, 1234u + (unsigned)i * 77u);
    ts[(*nts)++] = t;
    args[i] = strata_any_tensor(t);
  }
  StrataPackedFn fn;
  void *self;
  StrataAny ret;
  if (strata_lib_get(lib, func, &fn, &self) != 0 || fn(self, args, np, &ret) != 0) {
    fprintf(stderr, "sched_util: call failed: %s\n", strata_last_error());
    return -1;
  }
  return 0;
}

static inline int sched_same_numbers(const char *before, const char *after, const char *func,
                              const char *const *binds, double tol) {
  char sig1[8192], sig2[8192];
  StrataLib *a = sched_build(before, sig1, sizeof sig1), *b = a ? sched_build(after, sig2, sizeof sig2) : NULL;
  DLTensor *ta[32], *tb[32];
  int na = 0, nb = 0, ok = a && b;
  if (ok) ok = sched_run(a, sig1, func, binds, ta, &na) == 0 && sched_run(b, sig2, func, binds, tb, &nb) == 0;
  if (ok && na != nb) ok = 0;
  for (int i = 0; ok && i < na; i++) {
    int64_t n = strata_tensor_numel(ta[i]);
    if (n != strata_tensor_numel(tb[i])) ok = 0;
    for (int64_t k = 0; ok && k < n; k++) {
      double x = sched_get(tb[i], k), y = sched_get(ta[i], k);
      if (!(fabs(x - y) <= tol * (1 + fabs(y)))) {
        fprintf(stderr, "sched_util: %s: tensor %d element %lld: scheduled %g, reference %g\n", func, i,
                (long long)k, x, y);
        ok = 0;
      }
    }
  }
  for (int i = 0; i < na; i++) strata_tensor_free(ta[i]);
  for (int i = 0; i < nb; i++) strata_tensor_free(tb[i]);
  if (a) strata_lib_free(a);
  if (b) strata_lib_free(b);
  return ok;
}

#endif
