/*
 * module.c — loading compiled Strata libraries.
 *
 * A generated library is self-contained: it does not link against this
 * runtime.  It exports `strata_lib_init`, which the loader calls right after
 * dlopen with the runtime's StrataRuntimeApi table (error slot, thread pool,
 * workspace), and `strata_lib_funcs`, an array of {name, packed function}
 * ending with {NULL, NULL}.  The loader checks both symbols, the init status
 * and the table (bounded, names non-empty and distinct) before handing out a
 * StrataLib.  Functions of a library are called with self = NULL.
 * Includes no compiler header.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strata/runtime.h"

enum { MAX_FUNCS = 1 << 16 };

struct StrataLib {
  void *handle;
  char *path;
  int nfuncs;
  const StrataLibFunc *funcs;
  const char **names;
};

static const StrataRuntimeApi api = {
    .version = STRATA_RUNTIME_API_VERSION,
    .set_error = strata_set_error,
    .parallel_for = strata_parallel_for,
    .workspace_alloc = strata_workspace_alloc,
    .workspace_free = strata_workspace_free,
    .num_threads = strata_num_threads,
    .last_error = strata_last_error,
};

const StrataRuntimeApi *strata_runtime_api(void) { return &api; }

static int fail(StrataLib *lib, int rc) {
  strata_lib_free(lib);
  return rc;
}

/* Counts and checks the function table. */
static int check_funcs(StrataLib *lib) {
  const StrataLibFunc *f = lib->funcs;
  int n = 0;
  while (n < MAX_FUNCS && (f[n].name || f[n].fn)) {
    if (!f[n].name || !*f[n].name || !f[n].fn)
      return strata_set_error("%s: entry %d of strata_lib_funcs lacks a name or a function", lib->path, n);
    for (int j = 0; j < n; j++)
      if (!strcmp(f[j].name, f[n].name))
        return strata_set_error("%s: strata_lib_funcs lists '%s' twice", lib->path, f[n].name);
    n++;
  }
  if (n == MAX_FUNCS)
    return strata_set_error("%s: strata_lib_funcs is not terminated by {NULL, NULL}", lib->path);
  lib->nfuncs = n;
  lib->names = malloc(sizeof(char *) * (size_t)(n + 1));
  if (!lib->names) return strata_set_error("out of memory loading %s", lib->path);
  for (int i = 0; i < n; i++) lib->names[i] = f[i].name;
  lib->names[n] = NULL;
  return 0;
}

int strata_lib_load(const char *path, StrataLib **out) {
  *out = NULL;
  if (!path || !*path) return strata_set_error("strata_lib_load: empty path");
  StrataLib *lib = calloc(1, sizeof *lib);
  size_t n = strlen(path);
  if (lib) lib->path = malloc(n + 3);
  if (!lib || !lib->path) return fail(lib, strata_set_error("out of memory loading %s", path));
  /* Without a '/', dlopen would search the library path instead of the file named. */
  snprintf(lib->path, n + 3, "%s%s", strchr(path, '/') ? "" : "./", path);
  dlerror();
  lib->handle = dlopen(lib->path, RTLD_NOW | RTLD_LOCAL);
  if (!lib->handle) {
    const char *why = dlerror();
    return fail(lib, strata_set_error("cannot load %s: %s", path, why ? why : "dlopen failed"));
  }
  StrataLibInitFn init = NULL;
  void *sym = dlsym(lib->handle, STRATA_LIB_INIT_SYMBOL);
  memcpy(&init, &sym, sizeof init); /* object pointer to function pointer, without a pedantic warning */
  lib->funcs = dlsym(lib->handle, STRATA_LIB_FUNCS_SYMBOL);
  if (!init || !lib->funcs)
    return fail(lib, strata_set_error("%s is not a Strata library: it does not export %s", path,
                                      !init ? STRATA_LIB_INIT_SYMBOL : STRATA_LIB_FUNCS_SYMBOL));
  strata_set_error("%s", "");
  if (init(&api) != 0) {
    const char *m = strata_last_error();
    return fail(lib, strata_set_error("%s: strata_lib_init failed: %s", path,
                                      *m ? m : "(no message; is the library newer than this runtime?)"));
  }
  if (check_funcs(lib)) return fail(lib, -1);
  *out = lib;
  return 0;
}

int strata_lib_get(StrataLib *lib, const char *name, StrataPackedFn *fn, void **self) {
  *fn = NULL;
  if (self) *self = NULL;
  if (!lib || !name) return strata_set_error("strata_lib_get: NULL library or name");
  for (int i = 0; i < lib->nfuncs; i++) {
    if (strcmp(lib->funcs[i].name, name) != 0) continue;
    *fn = lib->funcs[i].fn;
    return 0;
  }
  char have[512] = "";
  size_t k = 0;
  for (int i = 0; i < lib->nfuncs && k + 1 < sizeof have; i++)
    k += (size_t)snprintf(have + k, sizeof have - k, "%s%s", i ? ", " : "", lib->funcs[i].name);
  return strata_set_error("%s has no function '%s' (it has: %s)", lib->path, name,
                          lib->nfuncs ? have : "none");
}

int strata_lib_func_names(StrataLib *lib, const char ***names, int *n) {
  if (!lib) return strata_set_error("strata_lib_func_names: NULL library");
  *names = lib->names;
  *n = lib->nfuncs;
  return 0;
}

void *strata_lib_symbol(StrataLib *lib, const char *name) {
  if (!lib || !name) return NULL;
  return dlsym(lib->handle, name);
}

void strata_lib_free(StrataLib *lib) {
  if (!lib) return;
  if (lib->handle) dlclose(lib->handle);
  free(lib->names);
  free(lib->path);
  free(lib);
}
