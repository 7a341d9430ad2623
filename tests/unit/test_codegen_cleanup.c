/*
 * test_codegen_cleanup.c — error paths of generated code free what they
 * allocated: a library built by the C backend is loaded with a runtime API
 * table of our own whose workspace allocator counts live blocks, and its
 * function is made to fail (a user assert, a failing parallel task) inside
 * scopes that hold large temporaries.
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "strata/runtime.h"
#include "strata/strata.h"

static int live;
static void *count_alloc(size_t n) {
  live++;
  return aligned_alloc(64, (n + 63) / 64 * 64);
}
static void count_free(void *p) {
  if (p) live--;
  free(p);
}

/* Two temporaries (too large for the stack), then an assert on a scalar
 * parameter inside a parallel loop and another outside it. */
static const char *src =
    "# from tvm.script import tir as T\n\n"
    "@T.prim_func\n"
    "def main(A: T.Buffer((4,), \"float32\"), k: T.int32):\n"
    "    t = T.allocate([100000], \"float32\", \"global\")\n"
    "    T1 = T.decl_buffer((100000,), data=t)\n"
    "    u = T.allocate([100000], \"float32\", \"global\")\n"
    "    T2 = T.decl_buffer((100000,), data=u)\n"
    "    for i in T.parallel(4):\n"
    "        T1[i] = A[i]\n"
    "        assert k != 1, \"k must not be 1\"\n"
    "        T2[i] = T1[i]\n"
    "    assert k != 2, \"k must not be 2\"\n"
    "    A[0] = T2[0]\n";

static StrataPackedFn load(void **handle) {
  char *err = NULL;
  StrataModule *m = strata_parse("cleanup.py", src, strlen(src), &err);
  if (!m) {
    fprintf(stderr, "%s", err);
    return NULL;
  }
  char path[] = "/tmp/strata-cleanup-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  StrataBuildOptions o = {0};
  int rc = strata_build(m, &o, path, &err);
  strata_module_free(m);
  if (rc) {
    fprintf(stderr, "%s", err);
    unlink(path);
    return NULL;
  }
  *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  unlink(path);
  if (!*handle) return NULL;
  static StrataRuntimeApi api;
  api = *strata_runtime_api();
  api.workspace_alloc = count_alloc;
  api.workspace_free = count_free;
  int (*init)(const StrataRuntimeApi *);
  void *sym = dlsym(*handle, "strata_lib_init");
  memcpy(&init, &sym, sizeof init); /* POSIX: data and function pointers convert */
  const StrataLibFunc *funcs = dlsym(*handle, "strata_lib_funcs");
  if (!init || !funcs || init(&api) != 0) return NULL;
  return funcs[0].fn;
}

TEST(error_paths_free_workspace) {
  void *h = NULL;
  StrataPackedFn f = load(&h);
  CHECK(f != NULL);
  if (!f) return;
  int64_t shape[1] = {4};
  DLTensor *A;
  CHECK(strata_tensor_alloc(1, shape, strata_dtype("float32"), &A) == 0);
  for (int k = 0; k < 3; k++) {
    StrataAny args[2] = {strata_any_tensor(A), strata_any_int(k)}, ret;
    live = 0;
    int rc = f(NULL, args, 2, &ret);
    CHECK(rc == (k == 0 ? 0 : -1));
    if (k) CHECK(strstr(strata_last_error(), k == 1 ? "k must not be 1" : "k must not be 2") != NULL);
    CHECK(live == 0);
  }
  strata_tensor_free(A);
  dlclose(h);
}

int main(void) {
  RUN(error_paths_free_workspace);
  return harness_report();
}
