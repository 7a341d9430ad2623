/*
 * test_runtime.c — the standalone runtime: dtype names, tensor allocation
 * (alignment, zeroing, shapes) and the error slot; StrataAny values; the
 * function registry; workspace memory; and loading libraries: the test
 * writes small "generated-style" C libraries (own copies of the ABI structs,
 * strata_lib_init, strata_lib_funcs), compiles them with `cc -shared -fPIC`
 * into a temporary folder, loads them, calls their functions and checks
 * results and errors, then runs examples/run_lib on one.  Uses nothing of
 * the compiler but this file's harness.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "strata/runtime.h"

TEST(dtypes) {
  const char *names[] = {"int8", "int32", "int64", "uint8", "uint64", "float16", "float32",
                         "float64", "bfloat16", "bool", "float32x4"};
  char buf[32];
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
    DLDataType t = strata_dtype(names[i]);
    CHECK(t.lanes != 0);
    CHECK_STREQ(strata_dtype_name(t, buf, sizeof(buf)), names[i]);
  }
  CHECK(strata_dtype("float7").lanes == 0);
  CHECK(strata_dtype("").lanes == 0);
  CHECK(strata_dtype("int32x").lanes == 0);
  CHECK(strata_dtype("bfloat32").lanes == 0);
  CHECK(strata_dtype_bytes(strata_dtype("float16x4")) == 8);
  CHECK(strata_dtype_bytes(strata_dtype("bool")) == 1);
}

TEST(tensor_alloc) {
  int64_t shape[3] = {3, 5, 7};
  DLTensor *t = NULL;
  CHECK(strata_tensor_alloc(3, shape, strata_dtype("float32"), &t) == 0);
  CHECK(t && ((uintptr_t)t->data % STRATA_ALIGNMENT) == 0);
  CHECK(strata_tensor_numel(t) == 105);
  CHECK(t->device.device_type == kDLCPU && t->strides == NULL);
  const float *f = t->data;
  for (int i = 0; i < 105; i++) CHECK(f[i] == 0.0f);
  strata_tensor_free(t);
  CHECK(strata_tensor_alloc(0, shape, strata_dtype("int64"), &t) == 0); /* a scalar */
  CHECK(strata_tensor_numel(t) == 1);
  strata_tensor_free(t);
  int64_t zero[1] = {0};
  CHECK(strata_tensor_alloc(1, zero, strata_dtype("int8"), &t) == 0);
  strata_tensor_free(t);
}

TEST(tensor_alloc_errors) {
  DLTensor *t = (DLTensor *)1;
  int64_t neg[2] = {4, -1};
  CHECK(strata_tensor_alloc(2, neg, strata_dtype("float32"), &t) == -1 && t == NULL);
  CHECK(strstr(strata_last_error(), "dimension 1") != NULL);
  int64_t huge[3] = {INT64_MAX / 2, INT64_MAX / 2, 4};
  CHECK(strata_tensor_alloc(3, huge, strata_dtype("float32"), &t) == -1);
  CHECK(strstr(strata_last_error(), "overflow") != NULL);
  CHECK(strata_tensor_alloc(1, huge, strata_dtype("nope"), &t) == -1);
  CHECK(strstr(strata_last_error(), "dtype") != NULL);
}

TEST(compact) {
  int64_t shape[3] = {2, 1, 3}, st[3] = {3, 99, 1}, bad[3] = {1, 3, 2};
  DLTensor t = {.ndim = 3, .shape = shape, .dtype = {kDLFloat, 32, 1}};
  CHECK(strata_tensor_is_compact(&t));
  t.strides = st;
  CHECK(strata_tensor_is_compact(&t)); /* the extent-1 dimension's stride does not matter */
  t.strides = bad;
  CHECK(!strata_tensor_is_compact(&t));
  strata_tensor_free(NULL);
}

TEST(any_values) {
  CHECK(sizeof(StrataAny) == 16);
  StrataAny a = strata_any_int(-7), b = strata_any_float(2.5), c = strata_any_str("x"), n = strata_any_none();
  CHECK(a.type_code == STRATA_TYPE_INT && a.v_int64 == -7);
  CHECK(b.type_code == STRATA_TYPE_FLOAT && b.v_float64 == 2.5);
  CHECK(c.type_code == STRATA_TYPE_STR && !strcmp(c.v_str, "x"));
  CHECK(n.type_code == STRATA_TYPE_NONE && strata_any_handle(&a).v_handle == &a);
  CHECK(strata_any_tensor(NULL).type_code == STRATA_TYPE_TENSOR);
  CHECK_STREQ(strata_type_name(STRATA_TYPE_TENSOR), "tensor");
  CHECK_STREQ(strata_type_name(STRATA_TYPE_DTYPE), "dtype");
  CHECK_STREQ(strata_type_name(42), "unknown");
  CHECK_STREQ(strata_type_name(-1), "unknown");
  strata_set_error("inner %d", 1); /* the message may quote the slot itself */
  strata_set_error("outer: %s", strata_last_error());
  CHECK_STREQ(strata_last_error(), "outer: inner 1");
}

static int twice(void *self, const StrataAny *args, int32_t nargs, StrataAny *ret) {
  if (nargs != 1 || args[0].type_code != STRATA_TYPE_INT) return strata_set_error("twice: want one int");
  *ret = strata_any_int(args[0].v_int64 * 2 + (self ? *(int *)self : 0));
  return 0;
}

TEST(registry) {
  int bias = 1;
  StrataPackedFn fn;
  void *self;
  CHECK(strata_func_register("test.twice", twice, &bias) == 0);
  CHECK(strata_func_register("test.twice", twice, NULL) == -1 && strstr(strata_last_error(), "already"));
  CHECK(strata_func_lookup("test.twice", &fn, &self) == 0 && fn == twice && self == &bias);
  StrataAny arg = strata_any_int(20), ret = strata_any_none();
  CHECK(fn(self, &arg, 1, &ret) == 0 && ret.type_code == STRATA_TYPE_INT && ret.v_int64 == 41);
  CHECK(fn(self, &arg, 0, &ret) != 0 && strstr(strata_last_error(), "want one int"));
  CHECK(strata_func_unregister("test.twice") == 0); /* replace */
  CHECK(strata_func_register("test.twice", twice, NULL) == 0);
  CHECK(strata_func_lookup("test.twice", &fn, &self) == 0 && self == NULL);
  char name[32];
  for (int i = 0; i < 40; i++) { /* growth */
    snprintf(name, sizeof name, "test.f%d", i);
    CHECK(strata_func_register(name, twice, NULL) == 0);
  }
  CHECK(strata_func_lookup("test.f39", &fn, NULL) == 0);
  for (int i = 0; i < 40; i++) {
    snprintf(name, sizeof name, "test.f%d", i);
    CHECK(strata_func_unregister(name) == 0);
  }
  CHECK(strata_func_unregister("test.twice") == 0);
  CHECK(strata_func_unregister("test.twice") == -1);
  CHECK(strata_func_lookup("test.twice", &fn, &self) == -1 && fn == NULL);
  CHECK(strstr(strata_last_error(), "no function named 'test.twice'") != NULL);
  CHECK(strata_func_register("", twice, NULL) == -1);
  CHECK(strata_func_register("x", NULL, NULL) == -1);
}

TEST(workspace) {
  void *p[10];
  for (int i = 0; i < 10; i++) {
    p[i] = strata_workspace_alloc((size_t)i * 1000);
    CHECK(p[i] && (uintptr_t)p[i] % STRATA_ALIGNMENT == 0);
    memset(p[i], 0xab, (size_t)i * 1000);
  }
  for (int i = 0; i < 10; i++) strata_workspace_free(p[i]);
  void *q = strata_workspace_alloc(9000); /* served from the cache */
  CHECK(q && (uintptr_t)q % STRATA_ALIGNMENT == 0);
  strata_workspace_free(q);
  strata_workspace_free(q); /* a second free is ignored */
  strata_workspace_free(NULL);
  CHECK(strata_workspace_alloc(SIZE_MAX - 8) == NULL && strstr(strata_last_error(), "too large"));
  void *big = strata_workspace_alloc((size_t)300 << 20); /* above the cache limit */
  CHECK(big != NULL);
  strata_workspace_free(big);
}

/* ---- loading libraries ---- */

static char tmpdir[64];

/* What a generated library looks like: its own copy of the ABI, no runtime
 * header, functions taking packed arguments. */
static const char *lib_src =
    "#include <stdint.h>\n#include <stddef.h>\n"
    "typedef struct { uint8_t code, bits; uint16_t lanes; } DLDataType;\n"
    "typedef struct { int32_t device_type, device_id; } DLDevice;\n"
    "typedef struct { void *data; DLDevice device; int32_t ndim; DLDataType dtype; int64_t *shape;\n"
    "  int64_t *strides; uint64_t byte_offset; } DLTensor;\n"
    "typedef struct { int32_t type_code, reserved; union { int64_t v_int64; double v_float64; void *v_handle;\n"
    "  DLTensor *v_tensor; const char *v_str; DLDataType v_dtype; }; } StrataAny;\n"
    "typedef int (*StrataTaskFn)(int64_t, int64_t, void *);\n"
    "typedef struct { int32_t version, reserved; int (*set_error)(const char *, ...);\n"
    "  int (*parallel_for)(int64_t, StrataTaskFn, void *); void *(*workspace_alloc)(size_t);\n"
    "  void (*workspace_free)(void *); int (*num_threads)(void); const char *(*last_error)(void); } StrataRuntimeApi;\n"
    "typedef int (*StrataPackedFn)(void *, const StrataAny *, int32_t, StrataAny *);\n"
    "typedef struct { const char *name; StrataPackedFn fn; } StrataLibFunc;\n"
    "static const StrataRuntimeApi *api;\n"
    "int strata_lib_init(const StrataRuntimeApi *a) {\n"
    "  if (a->version < WANT_VERSION) return a->set_error(\"library needs runtime API %d\", WANT_VERSION);\n"
    "  api = a; return 0; }\n"
    "typedef struct { const float *a; float *b, *tmp; int64_t n; } Cl;\n"
    "static int body(int64_t t, int64_t nt, void *cd) { Cl *c = cd;\n"
    "  if (c->a[t] < 0) return api->set_error(\"add_one: negative input at %lld\", (long long)t);\n"
    "  c->tmp[t] = c->a[t] + 1.0f; c->b[t] = c->tmp[t]; return 0; }\n"
    "static int add_one(void *self, const StrataAny *args, int32_t nargs, StrataAny *ret) {\n"
    "  if (nargs != 2) return api->set_error(\"add_one: expected 2 arguments, got %d\", (int)nargs);\n"
    "  if (args[0].type_code != 4) return api->set_error(\"add_one: argument 'A' must be a tensor\");\n"
    "  DLTensor *A = args[0].v_tensor, *B = args[1].v_tensor;\n"
    "  if (A->ndim != 1) return api->set_error(\"add_one: argument 'A' must have 1 dimensions\");\n"
    "  if (B->shape[0] != A->shape[0]) return api->set_error(\"add_one: argument 'B' has shape[0] %lld, expected %lld\",\n"
    "    (long long)B->shape[0], (long long)A->shape[0]);\n"
    "  Cl c = {A->data, B->data, api->workspace_alloc(sizeof(float) * A->shape[0]), A->shape[0]};\n"
    "  if (!c.tmp) return -1;\n"
    "  int rc = api->parallel_for(A->shape[0], body, &c);\n"
    "  api->workspace_free(c.tmp); return rc; }\n"
    "static int answer(void *self, const StrataAny *args, int32_t nargs, StrataAny *ret) {\n"
    "  ret->type_code = 1; ret->v_int64 = 42 + (int64_t)api->num_threads() * 0; return 0; }\n"
    "const StrataLibFunc strata_lib_funcs[] = {FUNCS};\n";

/* Compiles lib_src with the given macros into tmpdir/NAME.so; returns the path. */
static const char *build_lib(const char *name, const char *defines) {
  static char so[256];
  char src[256], cmd[1024];
  snprintf(src, sizeof src, "%s/%s.c", tmpdir, name);
  snprintf(so, sizeof so, "%s/%s.so", tmpdir, name);
  FILE *f = fopen(src, "w");
  if (!f) return NULL;
  fputs(lib_src, f);
  fclose(f);
  snprintf(cmd, sizeof cmd, "cc -std=c11 -O2 -shared -fPIC %s -o %s %s", defines, so, src);
  return system(cmd) == 0 ? so : NULL;
}

#define GOOD_FUNCS "'-DFUNCS={\"add_one\", add_one}, {\"answer\", answer}, {NULL, NULL}' -DWANT_VERSION=1"

TEST(lib_load_and_call) {
  const char *so = build_lib("good", GOOD_FUNCS);
  CHECK(so != NULL);
  if (!so) return;
  StrataLib *lib = NULL;
  CHECK(strata_lib_load(so, &lib) == 0);
  if (!lib) {
    fprintf(stderr, "%s\n", strata_last_error());
    return;
  }
  const char **names;
  int n;
  CHECK(strata_lib_func_names(lib, &names, &n) == 0 && n == 2);
  CHECK_STREQ(names[0], "add_one");
  CHECK_STREQ(names[1], "answer");
  StrataPackedFn fn;
  void *self = (void *)1;
  CHECK(strata_lib_get(lib, "answer", &fn, &self) == 0 && self == NULL);
  StrataAny ret = strata_any_none();
  CHECK(fn(self, NULL, 0, &ret) == 0 && ret.type_code == STRATA_TYPE_INT && ret.v_int64 == 42);
  CHECK(strata_lib_get(lib, "add_one", &fn, &self) == 0);
  int64_t shape[1] = {1000}, other[2] = {1000, 2};
  DLTensor *a, *b, *m;
  strata_tensor_alloc(1, shape, strata_dtype("float32"), &a);
  strata_tensor_alloc(1, shape, strata_dtype("float32"), &b);
  strata_tensor_alloc(2, other, strata_dtype("float32"), &m);
  for (int i = 0; i < 1000; i++) ((float *)a->data)[i] = (float)i * 0.25f;
  StrataAny args[2] = {strata_any_tensor(a), strata_any_tensor(b)};
  CHECK(fn(self, args, 2, &ret) == 0);
  int ok = 1;
  for (int i = 0; i < 1000; i++) ok &= ((float *)b->data)[i] == (float)i * 0.25f + 1.0f;
  CHECK(ok);
  /* errors from the library, at entry and from inside a parallel task */
  CHECK(fn(self, args, 1, &ret) != 0);
  CHECK_STREQ(strata_last_error(), "add_one: expected 2 arguments, got 1");
  StrataAny bad[2] = {strata_any_int(3), strata_any_tensor(b)};
  CHECK(fn(self, bad, 2, &ret) != 0);
  CHECK_STREQ(strata_last_error(), "add_one: argument 'A' must be a tensor");
  StrataAny two[2] = {strata_any_tensor(m), strata_any_tensor(b)};
  CHECK(fn(self, two, 2, &ret) != 0);
  CHECK_STREQ(strata_last_error(), "add_one: argument 'A' must have 1 dimensions");
  ((float *)a->data)[777] = -1.0f;
  CHECK(fn(self, args, 2, &ret) != 0);
  CHECK_STREQ(strata_last_error(), "add_one: negative input at 777");
  CHECK(strata_lib_symbol(lib, "strata_lib_funcs") != NULL);
  CHECK(strata_lib_symbol(lib, "strata_lib_signatures") == NULL);
  CHECK(strata_lib_get(lib, "nope", &fn, &self) == -1 && fn == NULL);
  CHECK(strstr(strata_last_error(), "no function 'nope' (it has: add_one, answer)") != NULL);
  /* loading the same library twice shares the handle; both close cleanly */
  StrataLib *again = NULL;
  CHECK(strata_lib_load(so, &again) == 0);
  strata_lib_free(again);
  strata_tensor_free(a);
  strata_tensor_free(b);
  strata_tensor_free(m);
  strata_lib_free(lib);
  strata_lib_free(NULL);
}

static void expect_load_error(const char *so, const char *needle) {
  StrataLib *lib = (StrataLib *)1;
  CHECK(so != NULL);
  if (!so) return;
  CHECK(strata_lib_load(so, &lib) == -1 && lib == NULL);
  if (!strstr(strata_last_error(), needle)) fprintf(stderr, "'%s' lacks '%s'\n", strata_last_error(), needle);
  CHECK(strstr(strata_last_error(), needle) != NULL);
}

TEST(lib_load_errors) {
  expect_load_error(build_lib("newer", GOOD_FUNCS " -UWANT_VERSION -DWANT_VERSION=99"),
                    "strata_lib_init failed: library needs runtime API 99");
  expect_load_error(build_lib("dup", "'-DFUNCS={\"f\", answer}, {\"f\", add_one}, {NULL, NULL}' -DWANT_VERSION=1"),
                    "lists 'f' twice");
  expect_load_error(build_lib("hole", "'-DFUNCS={\"f\", answer}, {NULL, add_one}, {NULL, NULL}' -DWANT_VERSION=1"),
                    "entry 1 of strata_lib_funcs lacks a name");
  expect_load_error(build_lib("noinit", GOOD_FUNCS " -Dstrata_lib_init=other_init"), "does not export strata_lib_init");
  expect_load_error(build_lib("nofuncs", GOOD_FUNCS " -Dstrata_lib_funcs=other_funcs"),
                    "does not export strata_lib_funcs");
  char path[256];
  snprintf(path, sizeof path, "%s/text.so", tmpdir);
  FILE *f = fopen(path, "w");
  fputs("not an ELF file\n", f);
  fclose(f);
  expect_load_error(path, "cannot load");
  expect_load_error("no_such_library_here.so", "cannot load no_such_library_here.so");
  expect_load_error("", "empty path");
}

/* examples/run_lib links only libstrata_runtime; run it on the good library. */
TEST(example_run_lib) {
  const char *b = getenv("B") ? getenv("B") : "build";
  char exe[256], cmd[1024], out[256], in[256];
  snprintf(exe, sizeof exe, "%s/examples/run_lib", b);
  CHECK(access(exe, X_OK) == 0);
  if (access(exe, X_OK) != 0) return;
  const char *so = build_lib("good", GOOD_FUNCS);
  snprintf(in, sizeof in, "%s/in.npy", tmpdir);
  snprintf(out, sizeof out, "%s/out.npy", tmpdir);
  int64_t shape[1] = {5};
  DLTensor *a, *r = NULL;
  strata_tensor_alloc(1, shape, strata_dtype("float32"), &a);
  for (int i = 0; i < 5; i++) ((float *)a->data)[i] = (float)i;
  CHECK(strata_npy_save(in, a) == 0);
  snprintf(cmd, sizeof cmd, "%s %s add_one %s out=%s:float32:5 > %s/log 2>&1", exe, so, in, out, tmpdir);
  CHECK(system(cmd) == 0);
  CHECK(strata_npy_load(out, &r) == 0 && r->shape[0] == 5 && ((float *)r->data)[4] == 5.0f);
  strata_tensor_free(r);
  snprintf(cmd, sizeof cmd, "%s %s add_one %s > %s/log 2>&1", exe, so, in, tmpdir);
  CHECK(system(cmd) != 0); /* one argument: the library's check fails, run_lib exits nonzero */
  strata_tensor_free(a);
}

int main(void) {
  snprintf(tmpdir, sizeof tmpdir, "/tmp/strata_rt_XXXXXX");
  if (!mkdtemp(tmpdir)) return 1;
  RUN(dtypes);
  RUN(tensor_alloc);
  RUN(tensor_alloc_errors);
  RUN(compact);
  RUN(any_values);
  RUN(registry);
  RUN(workspace);
  RUN(lib_load_and_call);
  RUN(lib_load_errors);
  RUN(example_run_lib);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
  return harness_report();
}
