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
 *
 * The second half holds what every schedule test does around that, each
 * printing what went wrong and returning 1 when all is well:
 *
 *   SchedCase c;                                  // tests/schedule/DIR/NAME.before.py
 *   int ok = sched_case_open(&c, "split", "elementwise", 1) && sched_case_apply(&c, fn) &&
 *            sched_case_check(&c, true) &&        // ir_check, .after.py golden, parse back
 *            sched_same_numbers(c.before, c.after, "main", NULL, 1e-5);
 *   sched_case_close(&c);
 *
 * sched_parse (sources owned by the IrCtx), sched_verify, sched_expect_text
 * (STRATA_REGEN=1 rewrites the golden), sched_parses_back, sched_replay and
 * sched_failed_cleanly are the pieces, for tests that build cases otherwise.
 */
#ifndef STRATA_SCHED_UTIL_H
#define STRATA_SCHED_UTIL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ir/check.h"
#include "script/script.h"
#include "strata/runtime.h"
#include "strata/strata.h"
#include "support/support.h"
#include "tir/schedule/schedule.h"

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

/* ---- schedule cases: parse, golden, check, errors ---- */

typedef int (*SchedFn)(Schedule *s);

/* Parse text (named name in messages) into cx, which owns the source from
 * then on; NULL with the diagnostics printed. */
static inline Node *sched_parse(IrCtx *cx, const char *name, const char *text) {
  DiagCtx d;
  diag_init(&d);
  SourceFile *f = ir_ctx_own_source(cx, source_new(name, text, strlen(text)));
  Node *r = script_parse(cx, f, &d);
  if (diag_errors(&d)) diag_print(&d, stderr), r = NULL;
  diag_free(&d);
  return r;
}

/* ir_check of mod; what names it in messages. */
static inline int sched_verify(Node *mod, const char *what) {
  DiagCtx d;
  diag_init(&d);
  int ok = ir_check(mod, &d) == 0;
  if (!ok) fprintf(stderr, "%s: ir_check:\n", what), diag_print(&d, stderr);
  diag_free(&d);
  return ok;
}

/* got equals the golden file at path, which STRATA_REGEN=1 rewrites first. */
static inline int sched_expect_text(const char *path, const char *got) {
  const char *regen = getenv("STRATA_REGEN");
  if (regen && *regen && strcmp(regen, "0") && write_file_atomic(path, got, strlen(got)) != 0)
    return fprintf(stderr, "%s: cannot write\n", path), 0;
  size_t len;
  char *want = read_file(path, &len);
  if (!want) return fprintf(stderr, "%s: missing (STRATA_REGEN=1 writes it); got:\n%s", path, got), 0;
  int ok = strcmp(got, want) == 0;
  if (!ok) fprintf(stderr, "%s: output differs\n--- got\n%s--- expected\n%s", path, got, want);
  free(want);
  return ok;
}

/* text (printed from want, named name) parses back structurally equal to want. */
static inline int sched_parses_back(IrCtx *cx, const char *name, const char *text, const Node *want) {
  Node *back = sched_parse(cx, name, text);
  StrBuf why = {0};
  int ok = back && ir_struct_equal_explain(back, want, &why);
  if (!ok) fprintf(stderr, "%s: does not parse back equal: %s\n", name, why.data ? why.data : "");
  sb_free(&why);
  return ok;
}

/* A fresh schedule (seed) of "main" in mod with a trace applied (Python form
 * or JSON, named name); NULL on failure with the diagnostics rendered into
 * err, or printed when err is NULL. */
static inline Schedule *sched_replay(IrCtx *cx, Node *mod, uint64_t seed, const char *name, const char *text,
                                     bool json, StrBuf *err) {
  Schedule *s = sch_new(cx, mod, "main", seed);
  SourceFile *f = source_new(name, text, strlen(text));
  DiagCtx d;
  diag_init(&d);
  int rc = json ? sch_trace_apply_json(s, f, &d) : sch_trace_apply_text(s, f, &d);
  if (rc && err) diag_render(&d, err);
  else if (rc) diag_print(&d, stderr);
  diag_free(&d);
  source_free(f);
  if (rc) sch_free(s), s = NULL;
  return s;
}

/* A primitive returned rc on s: it failed with msg in its error and left
 * the module as mod0 and the trace at len0 steps (len0 < 0: not checked,
 * for callers whose lookups before the primitive add steps). */
static inline int sched_failed_cleanly(const Schedule *s, int rc, const Node *mod0, int len0, const char *msg,
                                       const char *what) {
  if (rc == 0) return fprintf(stderr, "%s: expected an error\n", what), 0;
  int ok = 1;
  if (!strstr(sch_error(s), msg))
    fprintf(stderr, "%s: error was: %s\nexpected to contain: %s\n", what, sch_error(s), msg), ok = 0;
  if (sch_mod(s) != mod0) fprintf(stderr, "%s: module changed on error\n", what), ok = 0;
  if (len0 >= 0 && sch_trace_len(s) != len0)
    fprintf(stderr, "%s: trace changed on error (%d steps, was %d)\n", what, sch_trace_len(s), len0), ok = 0;
  return ok;
}

/* One golden case: a schedule of tests/schedule/DIR/NAME.before.py. */
typedef struct SchedCase {
  IrCtx *cx;
  Schedule *s;
  char *before; /* the .before.py text */
  char *after;  /* the printed result, set by sched_case_check */
  char what[160]; /* "DIR/NAME", for messages */
  char path[256]; /* the .after.py golden */
} SchedCase;

static inline int sched_case_open(SchedCase *c, const char *dir, const char *name, uint64_t seed) {
  memset(c, 0, sizeof *c);
  snprintf(c->what, sizeof c->what, "%s/%s", dir, name);
  snprintf(c->path, sizeof c->path, "tests/schedule/%s/%s.before.py", dir, name);
  size_t len;
  c->before = read_file(c->path, &len);
  if (!c->before) return fprintf(stderr, "%s: cannot read\n", c->path), 0;
  c->cx = ir_ctx_new();
  Node *root = sched_parse(c->cx, c->path, c->before);
  if (root) c->s = sch_new(c->cx, root, "main", seed);
  snprintf(c->path, sizeof c->path, "tests/schedule/%s/%s.after.py", dir, name);
  return c->s != NULL;
}

/* fn succeeds on the case's schedule. */
static inline int sched_case_apply(SchedCase *c, SchedFn fn) {
  if (fn(c->s) == 0) return 1;
  fprintf(stderr, "%s: %s\n", c->what, sch_error(c->s));
  return 0;
}

/* The result passes ir_check, prints (the module, or the function when
 * whole is false) as the .after.py golden, and parses back equal.  The
 * printed text is left in c->after even when a check fails. */
static inline int sched_case_check(SchedCase *c, bool whole) {
  Node *got = whole ? sch_mod(c->s) : sch_func(c->s);
  StrBuf out = {0};
  script_print(got, &out);
  c->after = out.data ? sb_take(&out) : calloc(1, 1);
  int ok = sched_verify(sch_mod(c->s), c->what);
  if (!sched_expect_text(c->path, c->after)) ok = 0;
  if (!sched_parses_back(c->cx, c->path, c->after, got)) ok = 0;
  return ok;
}

static inline void sched_case_close(SchedCase *c) {
  if (c->s) sch_free(c->s);
  if (c->cx) ir_ctx_free(c->cx);
  free(c->before);
  free(c->after);
}

#endif
