/*
 * run.c — `strata run FILE|LIB.so [--func NAME] [--trace TRACE] [ARG ...] [-o OUT] [--repeat N]`.
 *
 * A source file is built into a temporary library first; a library is
 * loaded as is.  Either way the function's calling signature comes from the
 * library's exported `strata_lib_signatures` text (see strata_signatures),
 * so running needs no source.  The arguments given bind the leading
 * parameters (a .npy file for a tensor, a number or a 0-d .npy for a
 * scalar); their shapes bind the symbolic variables that appear bare in a
 * shape; the remaining parameters are outputs, allocated (zeroed) with
 * shapes computed from those variables, or, for a scalar, taken from the
 * variable of its name.  The packed entry checks everything else (dtype,
 * ndim, consistent dims) and its message is printed as is.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "driver.h"
#include "strata/runtime.h"
#include "support/support.h"

typedef struct Param {
  char *name, *dtype;
  bool tensor;
  int ndim;
  char *dims[16];
} Param;

typedef struct Sig {
  int nparams, nvars;
  Param params[64];
  char *vars[64], *var_dtypes[64];
  long long values[64];
  bool bound[64];
} Sig;

static int fail(const char *fmt, const char *a, const char *b) {
  fprintf(stderr, "strata: ");
  fprintf(stderr, fmt, a, b);
  fputc('\n', stderr);
  return 1;
}

static bool ends_with(const char *s, const char *suf) {
  size_t n = strlen(s), k = strlen(suf);
  return n >= k && !strcmp(s + n - k, suf);
}

/* Parse the block of function `name` from signatures text; 0 or -1. */
static int sig_parse(const char *text, const char *name, Sig *s) {
  memset(s, 0, sizeof *s);
  char *copy = xstrdup(text), *save = NULL;
  bool in = false, found = false;
  for (char *ln = strtok_r(copy, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
    if (!strncmp(ln, "func ", 5)) {
      in = !strcmp(ln + 5, name);
      found |= in;
      continue;
    }
    if (!in) continue;
    char *sp = NULL;
    if (!strncmp(ln, "var ", 4) && s->nvars < 64) {
      char *nm = strtok_r(ln + 4, " ", &sp), *dt = strtok_r(NULL, " ", &sp);
      s->vars[s->nvars] = xstrdup(nm ? nm : "?");
      s->var_dtypes[s->nvars++] = xstrdup(dt ? dt : "int64");
    } else if (!strncmp(ln, "param ", 6) && s->nparams < 64) {
      Param *p = &s->params[s->nparams++];
      char *nm = strtok_r(ln + 6, " ", &sp), *kind = strtok_r(NULL, " ", &sp), *dt = strtok_r(NULL, " ", &sp);
      p->name = xstrdup(nm ? nm : "?");
      p->tensor = kind && !strcmp(kind, "tensor");
      p->dtype = xstrdup(dt ? dt : "?");
      char *rest = strtok_r(NULL, "", &sp), *dsave = NULL;
      for (char *d = rest ? strtok_r(rest, ";", &dsave) : NULL; d && p->ndim < 16; d = strtok_r(NULL, ";", &dsave)) {
        while (*d == ' ') d++;
        p->dims[p->ndim++] = xstrdup(d);
      }
    }
  }
  free(copy);
  return found ? 0 : -1;
}

static void sig_free(Sig *s) {
  for (int i = 0; i < s->nparams; i++) {
    free(s->params[i].name);
    free(s->params[i].dtype);
    for (int k = 0; k < s->params[i].ndim; k++) free(s->params[i].dims[k]);
  }
  for (int i = 0; i < s->nvars; i++) free(s->vars[i]), free(s->var_dtypes[i]);
}

static int var_index(const Sig *s, const char *name) {
  for (int i = 0; i < s->nvars; i++)
    if (!strcmp(s->vars[i], name)) return i;
  return -1;
}

static void bind(Sig *s, const char *name, long long v) {
  int i = var_index(s, name);
  if (i >= 0 && !s->bound[i]) s->bound[i] = true, s->values[i] = v;
}

/* The value of a dim expression from the bound variables. */
static int dim_value(Sig *s, const char *expr, long long *out, char **err) {
  const char *names[64], *dts[64];
  long long vals[64];
  int n = 0;
  for (int i = 0; i < s->nvars; i++)
    if (s->bound[i]) names[n] = s->vars[i], dts[n] = s->var_dtypes[i], vals[n++] = s->values[i];
  return strata_eval_shape(expr, n, names, dts, vals, out, err);
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Build FILE into a temporary library; returns its path (malloc'd) or NULL. */
static char *build_temp(const char *file, const char *target, const char *func,
                        const char *trace) {
  StrataModule *m = driver_load(file, STRATA_DIAG_TEXT);
  if (!m) return NULL;
  if (trace && driver_apply_trace(m, func, trace, STRATA_DIAG_TEXT) != 0) {
    strata_module_free(m);
    return NULL;
  }
  char *err = NULL;
  if (strata_check(m, &err) != 0) {
    fputs(err, stderr);
    strata_free(err);
    strata_module_free(m);
    return NULL;
  }
  const char *tmp = getenv("TMPDIR");
  StrBuf p = {0};
  sb_printf(&p, "%s/strata-run-XXXXXX.so", tmp && *tmp ? tmp : "/tmp");
  int fd = mkstemps(p.data, 3);
  if (fd < 0) {
    fail("cannot create a temporary library %s: %s", p.data, strerror(errno));
    sb_free(&p);
    strata_module_free(m);
    return NULL;
  }
  close(fd);
  StrataBuildOptions o = {0};
  o.target = target;
  int rc = strata_build(m, &o, p.data, &err);
  strata_module_free(m);
  if (rc != 0) {
    fputs(err ? err : "build failed\n", stderr);
    strata_free(err);
    unlink(p.data);
    sb_free(&p);
    return NULL;
  }
  return sb_take(&p);
}

typedef struct Run {
  const char *path, *func, *out, *target, *trace;
  int repeat, nargs;
  char **args;
} Run;

static int parse_args(int argc, char **argv, Run *r) {
  memset(r, 0, sizeof *r);
  r->args = xcalloc((size_t)argc + 1, sizeof(char *));
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    bool more = i + 1 < argc;
    if (!strcmp(a, "--func") && more) r->func = argv[++i];
    else if (!strcmp(a, "-o") && more) r->out = argv[++i];
    else if (!strcmp(a, "--target") && more) r->target = argv[++i];
    else if (!strcmp(a, "--trace") && more) r->trace = argv[++i];
    else if (!strcmp(a, "--repeat") && more) {
      char *end;
      long v = strtol(argv[++i], &end, 10);
      if (*end || v < 1 || v > 1000000) return driver_usage_error("--repeat needs a count from 1, not '%s'", argv[i]);
      r->repeat = (int)v;
    } else if (a[0] == '-' && a[1] == '-') return driver_usage_error("unknown or incomplete option '%s'", a);
    else if (!r->path) r->path = a;
    else r->args[r->nargs++] = argv[i];
  }
  if (!r->path) return driver_usage_error("'%s' needs FILE or LIB.so", "run");
  return 0;
}

/* Load a scalar argument: a number, or a one-element .npy. */
static int scalar_arg(const char *a, const Param *p, StrataAny *out) {
  bool isf = !strncmp(p->dtype, "float", 5) || !strncmp(p->dtype, "bfloat", 6);
  if (ends_with(a, ".npy")) {
    DLTensor *t = NULL;
    if (strata_npy_load(a, &t) != 0) return fail("%s: %s", a, strata_last_error());
    int ok = strata_tensor_numel(t) == 1;
    double d = 0;
    long long v = 0;
    DLDataType dt = t->dtype;
    if (ok && dt.code == kDLFloat && dt.bits == 32) d = *(float *)t->data, v = (long long)d;
    else if (ok && dt.code == kDLFloat && dt.bits == 64) d = *(double *)t->data, v = (long long)d;
    else if (ok && dt.code == kDLInt && dt.bits == 64) v = *(int64_t *)t->data, d = (double)v;
    else if (ok && dt.code == kDLInt && dt.bits == 32) v = *(int32_t *)t->data, d = (double)v;
    else ok = 0;
    strata_tensor_free(t);
    if (!ok) return fail("%s: a scalar argument needs one int32/int64/float32/float64 value%s", a, "");
    *out = isf ? strata_any_float(d) : strata_any_int(v);
    return 0;
  }
  char *end;
  errno = 0;
  if (isf) {
    double d = strtod(a, &end);
    if (*end || end == a) return fail("argument '%s' for scalar parameter '%s' is not a number", a, p->name);
    *out = strata_any_float(d);
  } else {
    long long v = strtoll(a, &end, 0);
    if (*end || end == a || errno) return fail("argument '%s' for scalar parameter '%s' is not an integer", a, p->name);
    *out = strata_any_int(v);
  }
  return 0;
}

static void print_output(const Param *p, const DLTensor *t) {
  char dt[32];
  printf("%s: %s[", p->name, strata_dtype_name(t->dtype, dt, sizeof dt));
  for (int k = 0; k < t->ndim; k++) printf("%s%lld", k ? ", " : "", (long long)t->shape[k]);
  printf("]");
  int64_t n = strata_tensor_numel(t);
  if (t->dtype.code == kDLFloat && (t->dtype.bits == 32 || t->dtype.bits == 64)) {
    printf(" =");
    for (int64_t i = 0; i < n && i < 8; i++)
      printf(" %g", t->dtype.bits == 32 ? ((float *)t->data)[i] : ((double *)t->data)[i]);
    if (n > 8) printf(" ...");
  } else if (t->dtype.code == kDLInt && (t->dtype.bits == 32 || t->dtype.bits == 64)) {
    printf(" =");
    for (int64_t i = 0; i < n && i < 8; i++)
      printf(" %lld", t->dtype.bits == 32 ? (long long)((int32_t *)t->data)[i] : (long long)((int64_t *)t->data)[i]);
    if (n > 8) printf(" ...");
  }
  printf("\n");
}

static int execute(Run *r, StrataLib *lib, const char *sigtext);

int driver_cmd_run(int argc, char **argv) {
  Run r;
  int rc = parse_args(argc, argv, &r);
  if (rc) {
    free(r.args);
    return rc;
  }
  char *built = NULL, *libpath;
  if (r.trace && ends_with(r.path, ".so")) {
    free(r.args);
    return driver_usage_error("--trace needs a TVMScript FILE, not the library '%s'", r.path);
  }
  if (r.trace && !r.func) {
    free(r.args);
    return driver_usage_error("%s", "--trace needs --func NAME");
  }
  if (ends_with(r.path, ".so")) {
    libpath = strchr(r.path, '/') ? xstrdup(r.path) : NULL;
    if (!libpath) {
      StrBuf b = {0};
      sb_printf(&b, "./%s", r.path);
      libpath = sb_take(&b);
    }
  } else {
    built = build_temp(r.path, r.target, r.func, r.trace);
    if (!built) {
      free(r.args);
      return 1;
    }
    libpath = xstrdup(built);
  }
  StrataLib *lib = NULL;
  void *h = NULL;
  const char *sigtext = NULL;
  if (strata_lib_load(libpath, &lib) != 0) {
    rc = fail("%s%s", strata_last_error(), "");
  } else if (!(h = dlopen(libpath, RTLD_NOW | RTLD_LOCAL)) ||
             !(sigtext = dlsym(h, "strata_lib_signatures"))) {
    rc = fail("%s: not built by strata build (no strata_lib_signatures)%s", r.path, "");
  } else {
    rc = execute(&r, lib, sigtext);
  }
  if (h) dlclose(h);
  strata_lib_free(lib);
  if (built) unlink(built);
  free(built);
  free(libpath);
  free(r.args);
  return rc;
}

static int execute(Run *r, StrataLib *lib, const char *sigtext) {
  const char **names = NULL;
  int nfuncs = 0;
  strata_lib_func_names(lib, &names, &nfuncs);
  const char *func = r->func;
  if (!func && nfuncs == 1) func = names[0];
  if (!func) {
    StrBuf l = {0};
    for (int i = 0; i < nfuncs; i++) sb_printf(&l, "%s%s", i ? ", " : "", names[i]);
    int x = fail("the library has several functions (%s): pick one with --func NAME%s", l.data ? l.data : "", "");
    sb_free(&l);
    return x;
  }
  StrataPackedFn fn;
  void *self;
  if (strata_lib_get(lib, func, &fn, &self) != 0) return fail("%s%s", strata_last_error(), "");
  Sig *s = xcalloc(1, sizeof *s);
  StrataAny *args = NULL;
  DLTensor **tensors = NULL;
  int rc = 0;
  if (sig_parse(sigtext, func, s) != 0) {
    rc = fail("no signature for function '%s' in the library%s", func, "");
    goto done;
  }
  if (r->nargs > s->nparams) {
    char b[128];
    snprintf(b, sizeof b, "%d arguments given, function has %d parameters", r->nargs, s->nparams);
    rc = fail("%s: %s", func, b);
    goto done;
  }
  args = xcalloc((size_t)s->nparams + 1, sizeof *args);
  tensors = xcalloc((size_t)s->nparams + 1, sizeof *tensors);
  for (int i = 0; i < r->nargs && !rc; i++) {
    Param *p = &s->params[i];
    if (!p->tensor) {
      rc = scalar_arg(r->args[i], p, &args[i]);
      if (!rc) bind(s, p->name, args[i].type_code == STRATA_TYPE_INT ? args[i].v_int64 : (long long)args[i].v_float64);
      continue;
    }
    if (strata_npy_load(r->args[i], &tensors[i]) != 0) {
      rc = fail("%s: %s", r->args[i], strata_last_error());
      break;
    }
    args[i] = strata_any_tensor(tensors[i]);
    for (int k = 0; k < p->ndim && k < tensors[i]->ndim; k++) bind(s, p->dims[k], tensors[i]->shape[k]);
  }
  for (int i = r->nargs; i < s->nparams && !rc; i++) { /* outputs */
    Param *p = &s->params[i];
    int vi = var_index(s, p->name);
    if (!p->tensor) {
      if (vi < 0 || !s->bound[vi]) {
        rc = fail("scalar parameter '%s' needs a value (give it on the command line)%s", p->name, "");
        break;
      }
      args[i] = strata_any_int(s->values[vi]);
      continue;
    }
    int64_t shape[16];
    for (int k = 0; k < p->ndim && !rc; k++) {
      long long v = 0;
      char *err = NULL;
      if (dim_value(s, p->dims[k], &v, &err) != 0) {
        rc = fail("output '%s': %s", p->name, err ? err : "bad shape");
      } else if (v < 0) {
        rc = fail("output '%s': negative dimension '%s'", p->name, p->dims[k]);
      }
      free(err);
      shape[k] = v;
    }
    if (rc) break;
    if (strata_tensor_alloc(p->ndim, shape, strata_dtype(p->dtype), &tensors[i]) != 0) {
      rc = fail("output '%s': %s", p->name, strata_last_error());
      break;
    }
    args[i] = strata_any_tensor(tensors[i]);
  }
  if (rc) goto done;
  StrataAny ret = strata_any_none();
  if (fn(self, args, s->nparams, &ret) != 0) {
    rc = fail("%s%s", strata_last_error(), "");
    goto done;
  }
  if (r->repeat > 0) {
    double *t = xcalloc((size_t)r->repeat, sizeof *t);
    for (int k = 0; k < r->repeat && !rc; k++) {
      double t0 = now_ms();
      if (fn(self, args, s->nparams, &ret) != 0) rc = fail("%s%s", strata_last_error(), "");
      t[k] = now_ms() - t0;
    }
    if (!rc) {
      qsort(t, (size_t)r->repeat, sizeof *t, cmp_double);
      double med = r->repeat % 2 ? t[r->repeat / 2] : (t[r->repeat / 2 - 1] + t[r->repeat / 2]) / 2;
      printf("%s: median %.4f ms, min %.4f ms, max %.4f ms over %d runs (after 1 warm-up)\n", func, med,
              t[0], t[r->repeat - 1], r->repeat);
    }
    free(t);
    if (rc) goto done;
  }
  int nout = 0, first = -1;
  for (int i = r->nargs; i < s->nparams; i++)
    if (tensors[i]) nout++, first = first < 0 ? i : first;
  if (r->out && ends_with(r->out, ".npz")) {
    const char *nm[64];
    const DLTensor *ts[64];
    int n = 0;
    for (int i = r->nargs; i < s->nparams; i++)
      if (tensors[i]) nm[n] = s->params[i].name, ts[n++] = tensors[i];
    if (strata_npz_save(r->out, n, nm, ts) != 0) rc = fail("%s: %s", r->out, strata_last_error());
  } else if (r->out) {
    if (nout != 1) {
      char b[64];
      snprintf(b, sizeof b, "%d", nout);
      rc = fail("the function has %s outputs: write them with -o OUT.npz (%s)", b, r->out);
    } else if (strata_npy_save(r->out, tensors[first]) != 0) {
      rc = fail("%s: %s", r->out, strata_last_error());
    }
  } else {
    for (int i = r->nargs; i < s->nparams; i++)
      if (tensors[i]) print_output(&s->params[i], tensors[i]);
    if (ret.type_code == STRATA_TYPE_INT) printf("return: %lld\n", (long long)ret.v_int64);
  }
done:
  if (tensors)
    for (int i = 0; i < s->nparams; i++) strata_tensor_free(tensors[i]);
  free(tensors);
  free(args);
  sig_free(s);
  free(s);
  return rc;
}
