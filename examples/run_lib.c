/*
 * run_lib.c — calling a compiled Strata library from C, linking only the
 * runtime (no compiler inside).
 *
 *   strata build mm.py -o mm.so
 *   run_lib mm.so                       # lists the library's functions
 *   run_lib mm.so main a.npy b.npy out=c.npy:float32:4x8
 *
 * Each argument after the function name becomes one packed argument:
 *   FILE.npy               a tensor read from FILE.npy
 *   out=FILE.npy:DTYPE:SHAPE
 *                          a zeroed tensor of that dtype and shape (dims
 *                          joined by 'x', "" for a scalar), written to FILE
 *                          after the call
 *   123 / 1.5              an int / a float
 * A failing call prints the library's message ("main: argument 'A' must
 * have 2 dimensions") and exits 1.
 *
 * Build (what `make` does; build/examples/run_lib):
 *   cc -Iinclude examples/run_lib.c -Lbuild/lib -lstrata_runtime \
 *      -Wl,-rpath,build/lib -o run_lib
 * or statically: cc -Iinclude examples/run_lib.c build/lib/libstrata_runtime.a -lz -ldl -lpthread -lm
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strata/runtime.h"

enum { MAX_ARGS = 64 };

typedef struct Out {
  const char *path;
  DLTensor *t;
} Out;

/* out=FILE:DTYPE:D0xD1... */
static int parse_out(char *spec, Out *o) {
  char *dt = strchr(spec, ':'), *sh = dt ? strchr(dt + 1, ':') : NULL;
  if (!dt || !sh) return strata_set_error("output '%s' is not FILE.npy:DTYPE:SHAPE", spec);
  *dt++ = 0;
  *sh++ = 0;
  DLDataType t = strata_dtype(dt);
  if (t.lanes == 0) return strata_set_error("unknown dtype '%s'", dt);
  int64_t shape[16];
  int32_t ndim = 0;
  for (char *p = sh; *p && ndim < 16;) {
    char *end;
    shape[ndim++] = strtoll(p, &end, 10);
    if (end == p || (*end && *end != 'x')) return strata_set_error("bad shape '%s'", sh);
    p = *end ? end + 1 : end;
  }
  o->path = spec;
  return strata_tensor_alloc(ndim, shape, t, &o->t);
}

static int run(int argc, char **argv, StrataLib *lib, StrataAny *args, DLTensor **owned, Out *outs, int *nouts) {
  StrataPackedFn fn;
  void *self;
  if (strata_lib_get(lib, argv[2], &fn, &self)) return -1;
  int nargs = argc - 3;
  if (nargs > MAX_ARGS) return strata_set_error("too many arguments");
  for (int i = 0; i < nargs; i++) {
    char *a = argv[3 + i], *end;
    size_t n = strlen(a);
    if (!strncmp(a, "out=", 4)) {
      if (parse_out(a + 4, &outs[*nouts])) return -1;
      owned[i] = outs[*nouts].t;
      args[i] = strata_any_tensor(outs[(*nouts)++].t);
    } else if (n > 4 && !strcmp(a + n - 4, ".npy")) {
      if (strata_npy_load(a, &owned[i])) return -1;
      args[i] = strata_any_tensor(owned[i]);
    } else if ((void)strtoll(a, &end, 10), *end == 0) {
      args[i] = strata_any_int(strtoll(a, NULL, 10));
    } else if ((void)strtod(a, &end), *end == 0) {
      args[i] = strata_any_float(strtod(a, NULL));
    } else {
      return strata_set_error("argument '%s' is not a .npy file, out=..., or a number", a);
    }
  }
  StrataAny ret = strata_any_none();
  if (fn(self, args, nargs, &ret)) return -1;
  if (ret.type_code == STRATA_TYPE_INT) printf("%lld\n", (long long)ret.v_int64);
  if (ret.type_code == STRATA_TYPE_FLOAT) printf("%g\n", ret.v_float64);
  for (int i = 0; i < *nouts; i++)
    if (strata_npy_save(outs[i].path, outs[i].t)) return -1;
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: run_lib LIB.so [FUNC [ARG...]]\n");
    return 2;
  }
  StrataLib *lib;
  if (strata_lib_load(argv[1], &lib)) {
    fprintf(stderr, "run_lib: %s\n", strata_last_error());
    return 1;
  }
  if (argc == 2) {
    const char **names;
    int n;
    strata_lib_func_names(lib, &names, &n);
    for (int i = 0; i < n; i++) printf("%s\n", names[i]);
    strata_lib_free(lib);
    return 0;
  }
  StrataAny args[MAX_ARGS];
  DLTensor *owned[MAX_ARGS] = {0};
  Out outs[MAX_ARGS];
  int nouts = 0;
  int rc = run(argc, argv, lib, args, owned, outs, &nouts);
  if (rc) fprintf(stderr, "run_lib: %s\n", strata_last_error());
  for (int i = 0; i < MAX_ARGS; i++) strata_tensor_free(owned[i]);
  strata_lib_free(lib);
  return rc ? 1 : 0;
}
