/*
 * test_codegen_c.c — the C backend end to end: TVMScript PrimFuncs go
 * through the default lowering pipeline, the C code generator and the
 * system C compiler, are loaded through the runtime and run on fresh random
 * inputs against a naive C reference written here.
 *
 * One module holds every elementwise case (each PrimExpr kind, for int and
 * float dtypes, float16/bfloat16 computed in float32), each in four loop
 * forms: serial, parallel, vectorized by 8 (native vector code) and
 * vectorized over a non-power-of-two extent (the lane-by-lane fallback), so
 * the whole table costs one C compile.  Further modules: statements (if,
 * while, let, assert, allocations on the stack and from the workspace),
 * symbolic shapes run at several sizes from one build, a symbolic matmul
 * with blocks, scalar parameters, the packed entry's argument checks, the
 * compiler-failure message and the target flags.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codegen/codegen.h"
#include "harness.h"
#include "strata/runtime.h"
#include "strata/strata.h"
#include "support/support.h"

/* ---- building ---- */

static char tmpdir[] = "/tmp/strata-test-cg-XXXXXX";
static int nlib;

/* Build TVMScript source into a library and load it; NULL on failure. */
static StrataLib *build(const char *src, const char *target) {
  char *err = NULL;
  StrataModule *m = strata_parse("test.py", src, strlen(src), &err);
  if (!m) {
    fprintf(stderr, "parse failed:\n%s\n", err);
    strata_free(err);
    return NULL;
  }
  char path[256];
  snprintf(path, sizeof path, "%s/lib%d.so", tmpdir, nlib++);
  StrataBuildOptions o = {0};
  o.target = target;
  if (strata_build(m, &o, path, &err) != 0) {
    fprintf(stderr, "build failed:\n%s\n", err);
    strata_free(err);
    strata_module_free(m);
    return NULL;
  }
  strata_module_free(m);
  StrataLib *lib = NULL;
  if (strata_lib_load(path, &lib) != 0) {
    fprintf(stderr, "load failed: %s\n", strata_last_error());
    return NULL;
  }
  return lib;
}

static int call(StrataLib *lib, const char *name, int n, const StrataAny *args) {
  StrataPackedFn fn;
  void *self;
  if (strata_lib_get(lib, name, &fn, &self) != 0) return -100;
  StrataAny ret = strata_any_none();
  return fn(self, args, n, &ret);
}

/* ---- element access in any dtype (independent of the generated helpers) ---- */

static float h2f(uint16_t h) {
  int e = (h >> 10) & 31, m = h & 1023;
  double v = e == 0 ? ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY) : ldexp(m + 1024, e - 25);
  return (float)((h & 0x8000) ? -v : v);
}
static uint16_t f2h(float f) { /* nearest, by search over the 65536 codes' neighbours */
  uint16_t s = signbit(f) ? 0x8000 : 0;
  float a = fabsf(f);
  if (isnan(f)) return 0x7e00;
  if (a >= 65520.0f) return s | 0x7c00;
  uint16_t lo = 0, hi = 0x7c00;
  while (hi - lo > 1) { /* largest code with value <= a */
    uint16_t mid = (uint16_t)((lo + hi) / 2);
    if (h2f(mid) <= a) lo = mid;
    else hi = mid;
  }
  float dl = a - h2f(lo), dh = h2f(hi) - a;
  uint16_t r = (dl < dh || (dl == dh && !(lo & 1))) ? lo : hi;
  return s | r;
}
static float bf2f(uint16_t h) {
  uint32_t u = (uint32_t)h << 16;
  float f;
  memcpy(&f, &u, 4);
  return f;
}
static uint16_t f2bf(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return (uint16_t)((u + 0x7fff + ((u >> 16) & 1)) >> 16);
}

static double get(const DLTensor *t, int64_t i) {
  const char *p = (const char *)t->data;
  DLDataType d = t->dtype;
  switch (d.code) {
  case kDLFloat:
    return d.bits == 16 ? h2f(((const uint16_t *)p)[i]) : d.bits == 32 ? ((const float *)p)[i] : ((const double *)p)[i];
  case kDLBfloat: return bf2f(((const uint16_t *)p)[i]);
  case kDLBool: return ((const uint8_t *)p)[i];
  case kDLInt:
    return d.bits == 8 ? ((const int8_t *)p)[i] : d.bits == 16 ? ((const int16_t *)p)[i]
         : d.bits == 32 ? ((const int32_t *)p)[i] : (double)((const int64_t *)p)[i];
  default:
    return d.bits == 8 ? ((const uint8_t *)p)[i] : d.bits == 16 ? ((const uint16_t *)p)[i]
         : d.bits == 32 ? ((const uint32_t *)p)[i] : (double)((const uint64_t *)p)[i];
  }
}

static void set(DLTensor *t, int64_t i, double v) {
  char *p = (char *)t->data;
  DLDataType d = t->dtype;
  switch (d.code) {
  case kDLFloat:
    if (d.bits == 16) ((uint16_t *)p)[i] = f2h((float)v);
    else if (d.bits == 32) ((float *)p)[i] = (float)v;
    else ((double *)p)[i] = v;
    return;
  case kDLBfloat: ((uint16_t *)p)[i] = f2bf((float)v); return;
  case kDLBool: ((uint8_t *)p)[i] = v != 0; return;
  case kDLInt:
    if (d.bits == 8) ((int8_t *)p)[i] = (int8_t)v;
    else if (d.bits == 16) ((int16_t *)p)[i] = (int16_t)v;
    else if (d.bits == 32) ((int32_t *)p)[i] = (int32_t)v;
    else ((int64_t *)p)[i] = (int64_t)v;
    return;
  default:
    if (d.bits == 8) ((uint8_t *)p)[i] = (uint8_t)v;
    else if (d.bits == 16) ((uint16_t *)p)[i] = (uint16_t)v;
    else if (d.bits == 32) ((uint32_t *)p)[i] = (uint32_t)v;
    else ((uint64_t *)p)[i] = (uint64_t)v;
  }
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static double urand(double lo, double hi) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return lo + (hi - lo) * (double)(rng >> 11) / 9007199254740992.0;
}

static DLTensor *tensor1(int64_t n, const char *dtype) {
  DLTensor *t = NULL;
  strata_tensor_alloc(1, &n, strata_dtype(dtype), &t);
  return t;
}

/* ---- the elementwise table ---- */

typedef double (*RefFn)(double a, double b);

typedef struct Case {
  const char *name, *din, *dout, *expr; /* expr over A[I] and B[I] */
  double alo, ahi, blo, bhi;
  RefFn ref;
  bool integer; /* inputs rounded to integers */
} Case;

static double wrap_to(double v, const char *dt) {
  if (!strcmp(dt, "int8")) return (int8_t)(int64_t)v;
  if (!strcmp(dt, "uint8")) return (uint8_t)(int64_t)v;
  if (!strcmp(dt, "int16")) return (int16_t)(int64_t)v;
  if (!strcmp(dt, "int32")) return (int32_t)(int64_t)v;
  return v;
}
static int64_t ifloordiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
static int64_t fmodi(int64_t a, int64_t b) { return a - ifloordiv(a, b) * b; }

static double r_add(double a, double b) { return a + b; }
static double r_sub(double a, double b) { return a - b; }
static double r_mul(double a, double b) { return a * b; }
static double r_div(double a, double b) { return a / b; }
static double r_min(double a, double b) { return a < b ? a : b; }
static double r_max(double a, double b) { return a > b ? a : b; }
static double r_sel(double a, double b) { return a < b ? a * 2 : b - 1; }
static double r_exp(double a, double b) { return exp(a); }
static double r_log(double a, double b) { return log(fabs(a) + 0.5); }
static double r_sqrt(double a, double b) { return sqrt(fabs(a)); }
static double r_rsqrt(double a, double b) { return 1 / sqrt(fabs(a) + 0.5); }
static double r_tanh(double a, double b) { return tanh(a); }
static double r_erf(double a, double b) { return erf(a); }
static double r_sigmoid(double a, double b) { return 1 / (1 + exp(-a)); }
static double r_pow(double a, double b) { return pow(fabs(a) + 0.5, b); }
static double r_fabs(double a, double b) { return fabs(a); }
static double r_floor(double a, double b) { return floor(a); }
static double r_ceil(double a, double b) { return ceil(a); }
static double r_round(double a, double b) { return nearbyint(a); }
static double r_fdivf(double a, double b) { return floor(a / b); }
static double r_fmodf(double a, double b) { return a - floor(a / b) * b; }
static double r_let(double a, double b) { return (a + b) * (a + b); }
static double r_castf2i(double a, double b) { return (double)(int32_t)(a * 10); }
static double r_tdiv(double a, double b) { return (double)((int64_t)a / (int64_t)b); }
static double r_tmod(double a, double b) { return (double)((int64_t)a % (int64_t)b); }
static double r_fdiv(double a, double b) { return (double)ifloordiv((int64_t)a, (int64_t)b); }
static double r_fmod(double a, double b) { return (double)fmodi((int64_t)a, (int64_t)b); }
static double r_and(double a, double b) { return (double)((int64_t)a & (int64_t)b); }
static double r_or(double a, double b) { return (double)((int64_t)a | (int64_t)b); }
static double r_xor(double a, double b) { return (double)((int64_t)a ^ (int64_t)b); }
static double r_shl(double a, double b) { return (double)((int64_t)a * (1 << (int)b)); }
static double r_shr(double a, double b) { return (double)((int64_t)a >> (int)b); }
static double r_not(double a, double b) { return (double)(~(int64_t)a); }
static double r_lt(double a, double b) { return a < b; }
static double r_logic(double a, double b) { return (a < b && a > -1) || b == 0; }
static double r_i2f(double a, double b) { return a / 4; }
static double r_ife(double a, double b) { return a > 0 ? a : b; }
static double r_mix(double a, double b) { return a * b + a - b * 0.5; }

static const Case cases[] = {
    {"f32_add", "float32", "float32", "A[I] + B[I]", -2, 2, -2, 2, r_add, false},
    {"f32_sub", "float32", "float32", "A[I] - B[I]", -2, 2, -2, 2, r_sub, false},
    {"f32_mul", "float32", "float32", "A[I] * B[I]", -2, 2, -2, 2, r_mul, false},
    {"f32_div", "float32", "float32", "A[I] / B[I]", -2, 2, 0.5, 2, r_div, false},
    {"f32_min", "float32", "float32", "T.min(A[I], B[I])", -2, 2, -2, 2, r_min, false},
    {"f32_max", "float32", "float32", "T.max(A[I], B[I])", -2, 2, -2, 2, r_max, false},
    {"f32_select", "float32", "float32", "T.Select(A[I] < B[I], A[I] * T.float32(2.0), B[I] - T.float32(1.0))", -2, 2, -2, 2, r_sel, false},
    {"f32_if_then_else", "float32", "float32", "T.if_then_else(A[I] > T.float32(0.0), A[I], B[I])", -2, 2, -2, 2, r_ife, false},
    {"f32_exp", "float32", "float32", "T.exp(A[I])", -2, 2, 0, 1, r_exp, false},
    {"f32_log", "float32", "float32", "T.log(T.fabs(A[I]) + T.float32(0.5))", -2, 2, 0, 1, r_log, false},
    {"f32_sqrt", "float32", "float32", "T.sqrt(T.fabs(A[I]))", -2, 2, 0, 1, r_sqrt, false},
    {"f32_rsqrt", "float32", "float32", "T.rsqrt(T.fabs(A[I]) + T.float32(0.5))", -2, 2, 0, 1, r_rsqrt, false},
    {"f32_tanh", "float32", "float32", "T.tanh(A[I])", -2, 2, 0, 1, r_tanh, false},
    {"f32_erf", "float32", "float32", "T.erf(A[I])", -2, 2, 0, 1, r_erf, false},
    {"f32_sigmoid", "float32", "float32", "T.sigmoid(A[I])", -4, 4, 0, 1, r_sigmoid, false},
    {"f32_pow", "float32", "float32", "T.pow(T.fabs(A[I]) + T.float32(0.5), B[I])", -2, 2, -2, 2, r_pow, false},
    {"f32_fabs", "float32", "float32", "T.fabs(A[I])", -2, 2, 0, 1, r_fabs, false},
    {"f32_floor", "float32", "float32", "T.floor(A[I])", -3, 3, 0, 1, r_floor, false},
    {"f32_ceil", "float32", "float32", "T.ceil(A[I])", -3, 3, 0, 1, r_ceil, false},
    {"f32_round", "float32", "float32", "T.round(A[I])", -3, 3, 0, 1, r_round, false},
    {"f32_floordiv", "float32", "float32", "T.floordiv(A[I], B[I])", -5, 5, 0.5, 2, r_fdivf, false},
    {"f32_floormod", "float32", "float32", "T.floormod(A[I], B[I])", -5, 5, 0.5, 2, r_fmodf, false},
    {"f32_let", "float32", "float32", "T.Let(x * x, where={x: A[I] + B[I]})", -2, 2, -2, 2, r_let, false},
    {"f32_to_i32", "float32", "int32", "T.Cast(\"int32\", A[I] * T.float32(10.0))", -5, 5, 0, 1, r_castf2i, false},
    {"f64_mix", "float64", "float64", "A[I] * B[I] + A[I] - B[I] * T.float64(0.5)", -2, 2, -2, 2, r_mix, false},
    {"f64_exp", "float64", "float64", "T.exp(A[I])", -2, 2, 0, 1, r_exp, false},
    {"f16_mix", "float16", "float16", "A[I] * B[I] + A[I] - B[I] * T.float16(0.5)", -2, 2, -2, 2, r_mix, false},
    {"f16_exp", "float16", "float16", "T.exp(A[I])", -2, 2, 0, 1, r_exp, false},
    {"bf16_mix", "bfloat16", "bfloat16", "A[I] * B[I] + A[I] - B[I] * T.bfloat16(0.5)", -2, 2, -2, 2, r_mix, false},
    {"bf16_tanh", "bfloat16", "bfloat16", "T.tanh(A[I])", -2, 2, 0, 1, r_tanh, false},
    {"i32_add", "int32", "int32", "A[I] + B[I]", -1000, 1000, -1000, 1000, r_add, true},
    {"i32_mul", "int32", "int32", "A[I] * B[I] - A[I]", -1000, 1000, -1000, 1000, NULL, true},
    {"i32_truncdiv", "int32", "int32", "T.truncdiv(A[I], B[I])", -100, 100, 1, 9, r_tdiv, true},
    {"i32_truncmod", "int32", "int32", "T.truncmod(A[I], B[I])", -100, 100, -9, -1, r_tmod, true},
    {"i32_floordiv", "int32", "int32", "A[I] // B[I]", -100, 100, -9, -1, r_fdiv, true},
    {"i32_floormod", "int32", "int32", "A[I] % B[I]", -100, 100, 1, 9, r_fmod, true},
    {"i32_min", "int32", "int32", "T.min(A[I], B[I])", -100, 100, -100, 100, r_min, true},
    {"i32_max", "int32", "int32", "T.max(A[I], B[I])", -100, 100, -100, 100, r_max, true},
    {"i32_and", "int32", "int32", "A[I] & B[I]", -100, 100, -100, 100, r_and, true},
    {"i32_or", "int32", "int32", "A[I] | B[I]", -100, 100, -100, 100, r_or, true},
    {"i32_xor", "int32", "int32", "A[I] ^ B[I]", -100, 100, -100, 100, r_xor, true},
    {"i32_shl", "int32", "int32", "A[I] << B[I]", -100, 100, 0, 7, r_shl, true},
    {"i32_shr", "int32", "int32", "A[I] >> B[I]", -100, 100, 0, 7, r_shr, true},
    {"i32_not", "int32", "int32", "~A[I]", -100, 100, 0, 7, r_not, true},
    {"i32_to_f32", "int32", "float32", "T.Cast(\"float32\", A[I]) / T.float32(4.0)", -100, 100, 0, 7, r_i2f, true},
    {"i32_lt_bool", "int32", "bool", "A[I] < B[I]", -10, 10, -10, 10, r_lt, true},
    {"i32_logic", "int32", "bool", "A[I] < B[I] and A[I] > -1 or B[I] == 0", -3, 3, -3, 3, r_logic, true},
    {"i8_add_wrap", "int8", "int8", "A[I] + B[I]", -128, 127, -128, 127, r_add, true},
    {"u8_mul_wrap", "uint8", "uint8", "A[I] * B[I]", 0, 255, 0, 255, r_mul, true},
    {"i16_sub", "int16", "int16", "A[I] - B[I]", -30000, 30000, -30000, 30000, r_sub, true},
    {"i64_mix", "int64", "int64", "A[I] * B[I] + T.int64(3) * A[I] // B[I]", -100000, 100000, 1, 1000, NULL, true},
};
#define NCASES ((int)(sizeof cases / sizeof cases[0]))

static double i32_mul_ref(double a, double b) { return a * b - a; }
static double i64_mix_ref(double a, double b) { return a * b + (double)ifloordiv(3 * (int64_t)a, (int64_t)b); }

/* Loop forms: name suffix, extent N, the loop header(s), the index text. */
typedef struct Form {
  const char *suffix;
  int n;
  const char *loops, *index;
} Form;

static const Form forms[] = {
    {"serial", 37, "for i in range(37):", "i"},
    {"parallel", 37, "for i in T.parallel(37):", "i"},
    {"vec8", 40, "for io in range(5):\n            for ii in T.vectorized(8):", "io * 8 + ii"},
    {"vec37", 37, "for i in T.vectorized(37):", "i"},
    {"unroll", 37, "for i in T.unroll(37):", "i"},
};
#define NFORMS ((int)(sizeof forms / sizeof forms[0]))

static char *replace_all(const char *s, const char *from, const char *to) {
  StrBuf sb = {0};
  size_t fl = strlen(from);
  for (const char *p = s; *p;) {
    if (!strncmp(p, from, fl)) {
      sb_puts(&sb, to);
      p += fl;
    } else {
      sb_putc(&sb, *p++);
    }
  }
  return sb_take(&sb);
}

static char *elementwise_module(void) {
  StrBuf sb = {0};
  sb_puts(&sb, "# from tvm.script import ir as I\n# from tvm.script import tir as T\n\n@I.ir_module\nclass Module:\n");
  for (int c = 0; c < NCASES; c++)
    for (int f = 0; f < NFORMS; f++) {
      const Case *k = &cases[c];
      const Form *fm = &forms[f];
      char ix[64];
      snprintf(ix, sizeof ix, "[%s]", fm->index);
      char *expr = replace_all(k->expr, "[I]", ix);
      sb_printf(&sb,
                "    @T.prim_func\n"
                "    def %s_%s(A: T.Buffer((%d,), \"%s\"), B: T.Buffer((%d,), \"%s\"), C: T.Buffer((%d,), \"%s\")):\n"
                "        %s\n"
                "%s            C[%s] = %s\n\n",
                k->name, fm->suffix, fm->n, k->din, fm->n, k->din, fm->n, k->dout, fm->loops,
                !strcmp(fm->suffix, "vec8") ? "    " : "", fm->index, expr);
      free(expr);
    }
  return sb_take(&sb);
}

static StrataLib *ew_lib;

TEST(elementwise_every_expr_kind) {
  char *src = elementwise_module();
  ew_lib = build(src, NULL);
  free(src);
  CHECK(ew_lib != NULL);
  if (!ew_lib) return;
  int bad = 0;
  for (int c = 0; c < NCASES; c++)
    for (int f = 0; f < NFORMS; f++) {
      const Case *k = &cases[c];
      int n = forms[f].n;
      DLTensor *A = tensor1(n, k->din), *B = tensor1(n, k->din), *C = tensor1(n, k->dout);
      for (int i = 0; i < n; i++) {
        double a = urand(k->alo, k->ahi), b = urand(k->blo, k->bhi);
        if (k->integer) a = floor(a + 0.5), b = floor(b + 0.5);
        set(A, i, a);
        set(B, i, b);
      }
      char name[96];
      snprintf(name, sizeof name, "%s_%s", k->name, forms[f].suffix);
      StrataAny args[3] = {strata_any_tensor(A), strata_any_tensor(B), strata_any_tensor(C)};
      int rc = call(ew_lib, name, 3, args);
      if (rc != 0) {
        fprintf(stderr, "%s: call failed: %s\n", name, strata_last_error());
        bad++;
      }
      RefFn ref = k->ref ? k->ref : !strcmp(k->name, "i32_mul") ? i32_mul_ref : i64_mix_ref;
      bool half = strstr(k->din, "16") && !k->integer;
      for (int i = 0; i < n && rc == 0; i++) {
        double a = get(A, i), b = get(B, i), want = ref(a, b), got = get(C, i);
        if (k->integer || !strcmp(k->dout, "int32") || !strcmp(k->dout, "bool")) want = wrap_to(want, k->dout);
        if (!strcmp(k->dout, "float32")) want = (float)want;
        double tol = half ? 1e-2 * (1 + fabs(want)) : strstr(k->dout, "float") ? 2e-6 * (1 + fabs(want)) : 0;
        if (!strcmp(k->name, "f32_to_i32")) tol = 1; /* a*10 rounding at .0 boundaries */
        if (!(fabs(got - want) <= tol)) {
          fprintf(stderr, "%s[%d]: a=%.9g b=%.9g got %.9g want %.9g\n", name, i, a, b, got, want);
          bad++;
          break;
        }
      }
      strata_tensor_free(A);
      strata_tensor_free(B);
      strata_tensor_free(C);
    }
  CHECK(bad == 0);
}

/* ---- statements, symbolic shapes, scalars ---- */

static const char stmt_module[] =
    "# from tvm.script import ir as I\n# from tvm.script import tir as T\n\n@I.ir_module\nclass Module:\n"
    "    @T.prim_func\n"
    "    def branches(A: T.Buffer((64,), \"int32\"), C: T.Buffer((64,), \"int32\")):\n"
    "        for i in range(64):\n"
    "            if A[i] % 3 == 0:\n"
    "                C[i] = A[i] * 2\n"
    "            else:\n"
    "                if A[i] < 0:\n"
    "                    C[i] = 0 - A[i]\n"
    "                else:\n"
    "                    C[i] = A[i]\n\n"
    "    @T.prim_func\n"
    "    def collatz(A: T.Buffer((16,), \"int32\"), C: T.Buffer((16,), \"int32\")):\n"
    "        for i in range(16):\n"
    "            C[i] = 0\n"
    "            S = T.decl_buffer((1,), \"int32\")\n"
    "            S[0] = A[i]\n"
    "            while S[0] != 1:\n"
    "                S[0] = T.if_then_else(S[0] % 2 == 0, S[0] // 2, S[0] * 3 + 1)\n"
    "                C[i] = C[i] + 1\n\n"
    "    @T.prim_func\n"
    "    def two_stage(A: T.Buffer((20000,), \"float32\"), C: T.Buffer((20000,), \"float32\")):\n"
    "        T_big = T.alloc_buffer((20000,))\n"
    "        T_small = T.alloc_buffer((16,))\n"
    "        for i in range(20000):\n"
    "            with T.block(\"big\"):\n"
    "                vi = T.axis.spatial(20000, i)\n"
    "                T_big[vi] = A[vi] + T.float32(1.0)\n"
    "        for i in range(16):\n"
    "            with T.block(\"small\"):\n"
    "                vi = T.axis.spatial(16, i)\n"
    "                T_small[vi] = T.float32(2.0)\n"
    "        for i in T.parallel(20000):\n"
    "            with T.block(\"out\"):\n"
    "                vi = T.axis.spatial(20000, i)\n"
    "                C[vi] = T_big[vi] * T_small[vi % 16]\n\n"
    "    @T.prim_func\n"
    "    def checked(A: T.Buffer((4,), \"float32\"), C: T.Buffer((4,), \"float32\")):\n"
    "        assert A[0] < T.float32(100.0), \"A[0] must be below 100\"\n"
    "        for i in range(4):\n"
    "            C[i] = A[i]\n\n"
    "    @T.prim_func\n"
    "    def scale(a: T.handle, c: T.handle, alpha: T.float32, k: T.int32):\n"
    "        n = T.int64()\n"
    "        A = T.match_buffer(a, (n,), \"float32\")\n"
    "        C = T.match_buffer(c, (n,), \"float32\")\n"
    "        for i in range(n):\n"
    "            C[i] = A[i] * alpha + T.Cast(\"float32\", k)\n\n"
    "    @T.prim_func\n"
    "    def sym_add(a: T.handle, b: T.handle, c: T.handle):\n"
    "        n = T.int64()\n"
    "        m = T.int64()\n"
    "        A = T.match_buffer(a, (n, m), \"float32\")\n"
    "        B = T.match_buffer(b, (n, m), \"float32\")\n"
    "        C = T.match_buffer(c, (n, m), \"float32\")\n"
    "        for i in T.parallel(n):\n"
    "            for j in range(m):\n"
    "                C[i, j] = A[i, j] + B[i, j]\n\n"
    "    @T.prim_func\n"
    "    def matmul(a: T.handle, b: T.handle, c: T.handle):\n"
    "        M = T.int64()\n"
    "        N = T.int64()\n"
    "        K = T.int64()\n"
    "        A = T.match_buffer(a, (M, K), \"float32\")\n"
    "        B = T.match_buffer(b, (K, N), \"float32\")\n"
    "        C = T.match_buffer(c, (M, N), \"float32\")\n"
    "        for i, j, k in T.grid(M, N, K):\n"
    "            with T.block(\"C\"):\n"
    "                vi, vj, vk = T.axis.remap(\"SSR\", [i, j, k])\n"
    "                with T.init():\n"
    "                    C[vi, vj] = T.float32(0.0)\n"
    "                C[vi, vj] = C[vi, vj] + A[vi, vk] * B[vk, vj]\n";

static StrataLib *st_lib;

TEST(statements_if_while_alloc) {
  st_lib = build(stmt_module, NULL);
  CHECK(st_lib != NULL);
  if (!st_lib) return;
  DLTensor *A = tensor1(64, "int32"), *C = tensor1(64, "int32");
  for (int i = 0; i < 64; i++) set(A, i, floor(urand(-50, 50)));
  StrataAny args[2] = {strata_any_tensor(A), strata_any_tensor(C)};
  CHECK(call(st_lib, "branches", 2, args) == 0);
  for (int i = 0; i < 64; i++) {
    int a = (int)get(A, i), want = a % 3 == 0 ? a * 2 : a < 0 ? -a : a;
    CHECK(get(C, i) == want);
  }
  strata_tensor_free(A);
  strata_tensor_free(C);
  A = tensor1(16, "int32"), C = tensor1(16, "int32");
  for (int i = 0; i < 16; i++) set(A, i, i + 1);
  args[0] = strata_any_tensor(A), args[1] = strata_any_tensor(C);
  CHECK(call(st_lib, "collatz", 2, args) == 0);
  for (int i = 0; i < 16; i++) {
    int x = i + 1, steps = 0;
    while (x != 1) x = x % 2 ? 3 * x + 1 : x / 2, steps++;
    CHECK(get(C, i) == steps);
  }
  strata_tensor_free(A);
  strata_tensor_free(C);
  A = tensor1(20000, "float32"), C = tensor1(20000, "float32");
  for (int i = 0; i < 20000; i++) set(A, i, urand(-1, 1));
  args[0] = strata_any_tensor(A), args[1] = strata_any_tensor(C);
  CHECK(call(st_lib, "two_stage", 2, args) == 0);
  int bad = 0;
  for (int i = 0; i < 20000; i++) bad += get(C, i) != (float)((float)(get(A, i) + 1.0f) * 2.0f);
  CHECK(bad == 0);
  strata_tensor_free(A);
  strata_tensor_free(C);
}

TEST(assert_stmt_message) {
  if (!st_lib) return;
  DLTensor *A = tensor1(4, "float32"), *C = tensor1(4, "float32");
  StrataAny args[2] = {strata_any_tensor(A), strata_any_tensor(C)};
  set(A, 0, 5);
  CHECK(call(st_lib, "checked", 2, args) == 0);
  set(A, 0, 500);
  CHECK(call(st_lib, "checked", 2, args) != 0);
  CHECK(strstr(strata_last_error(), "A[0] must be below 100") != NULL);
  strata_tensor_free(A);
  strata_tensor_free(C);
}

TEST(symbolic_shapes_one_build) {
  if (!st_lib) return;
  int64_t sizes[] = {1, 7, 64, 1000};
  for (int s = 0; s < 4; s++) {
    int64_t n = sizes[s];
    DLTensor *A = tensor1(n, "float32"), *C = tensor1(n, "float32");
    for (int i = 0; i < n; i++) set(A, i, urand(-1, 1));
    StrataAny args[4] = {strata_any_tensor(A), strata_any_tensor(C), strata_any_float(1.5), strata_any_int(3)};
    CHECK(call(st_lib, "scale", 4, args) == 0);
    for (int i = 0; i < n; i++) CHECK(fabs(get(C, i) - (get(A, i) * 1.5 + 3.0)) < 1e-5);
    strata_tensor_free(A);
    strata_tensor_free(C);
  }
  int64_t shapes[][2] = {{1, 1}, {3, 17}, {64, 9}, {200, 300}};
  for (int s = 0; s < 4; s++) {
    DLTensor *t[3];
    for (int k = 0; k < 3; k++) strata_tensor_alloc(2, shapes[s], strata_dtype("float32"), &t[k]);
    int64_t n = shapes[s][0] * shapes[s][1];
    for (int i = 0; i < n; i++) set(t[0], i, urand(-1, 1)), set(t[1], i, urand(-1, 1));
    StrataAny args[3] = {strata_any_tensor(t[0]), strata_any_tensor(t[1]), strata_any_tensor(t[2])};
    CHECK(call(st_lib, "sym_add", 3, args) == 0);
    int bad = 0;
    for (int i = 0; i < n; i++) bad += get(t[2], i) != (float)(get(t[0], i) + get(t[1], i));
    CHECK(bad == 0);
    for (int k = 0; k < 3; k++) strata_tensor_free(t[k]);
  }
}

TEST(symbolic_matmul) {
  if (!st_lib) return;
  int64_t dims[][3] = {{1, 1, 1}, {5, 7, 3}, {33, 17, 65}};
  for (int s = 0; s < 3; s++) {
    int64_t M = dims[s][0], N = dims[s][1], K = dims[s][2];
    int64_t sa[2] = {M, K}, sb[2] = {K, N}, sc[2] = {M, N};
    DLTensor *A, *B, *C;
    strata_tensor_alloc(2, sa, strata_dtype("float32"), &A);
    strata_tensor_alloc(2, sb, strata_dtype("float32"), &B);
    strata_tensor_alloc(2, sc, strata_dtype("float32"), &C);
    for (int i = 0; i < M * K; i++) set(A, i, urand(-1, 1));
    for (int i = 0; i < K * N; i++) set(B, i, urand(-1, 1));
    set(C, 0, 99); /* the init block must overwrite */
    StrataAny args[3] = {strata_any_tensor(A), strata_any_tensor(B), strata_any_tensor(C)};
    CHECK(call(st_lib, "matmul", 3, args) == 0);
    int bad = 0;
    for (int i = 0; i < M; i++)
      for (int j = 0; j < N; j++) {
        double acc = 0;
        for (int k = 0; k < K; k++) acc += get(A, i * K + k) * get(B, k * N + j);
        bad += fabs(get(C, i * N + j) - acc) > 1e-4;
      }
    CHECK(bad == 0);
    strata_tensor_free(A);
    strata_tensor_free(B);
    strata_tensor_free(C);
  }
}

/* ---- the packed entry's argument checks ---- */

static void expect_error(const char *fn, int n, StrataAny *args, const char *msg) {
  int rc = call(st_lib, fn, n, args);
  if (rc == 0 || !strstr(strata_last_error(), msg)) {
    fprintf(stderr, "  %s: rc %d, error '%s', expected '%s'\n", fn, rc, strata_last_error(), msg);
    harness_cur_failed = 1;
  }
}

TEST(argument_checks) {
  if (!st_lib) return;
  int64_t s2[2] = {3, 4}, s2b[2] = {3, 5};
  DLTensor *A, *B, *C, *Bbad, *I, *V;
  strata_tensor_alloc(2, s2, strata_dtype("float32"), &A);
  strata_tensor_alloc(2, s2, strata_dtype("float32"), &B);
  strata_tensor_alloc(2, s2, strata_dtype("float32"), &C);
  strata_tensor_alloc(2, s2b, strata_dtype("float32"), &Bbad);
  strata_tensor_alloc(2, s2, strata_dtype("int32"), &I);
  V = tensor1(12, "float32");
  StrataAny ok[3] = {strata_any_tensor(A), strata_any_tensor(B), strata_any_tensor(C)};
  CHECK(call(st_lib, "sym_add", 3, ok) == 0);
  expect_error("sym_add", 2, ok, "sym_add");
  StrataAny a1[3] = {strata_any_tensor(A), strata_any_int(3), strata_any_tensor(C)};
  expect_error("sym_add", 3, a1, "'B'");
  StrataAny a2[3] = {strata_any_tensor(A), strata_any_tensor(I), strata_any_tensor(C)};
  expect_error("sym_add", 3, a2, "float32");
  StrataAny a3[3] = {strata_any_tensor(A), strata_any_tensor(V), strata_any_tensor(C)};
  expect_error("sym_add", 3, a3, "must have 2 dimensions, got 1");
  StrataAny a4[3] = {strata_any_tensor(A), strata_any_tensor(Bbad), strata_any_tensor(C)};
  expect_error("sym_add", 3, a4, "'B'");
  /* non-compact strides, device, alignment */
  int64_t strides[2] = {8, 1};
  B->strides = strides;
  expect_error("sym_add", 3, ok, "'B'");
  B->strides = NULL;
  B->device.device_type = 2;
  expect_error("sym_add", 3, ok, "'B'");
  B->device.device_type = 1;
  B->byte_offset = 4;
  expect_error("sym_add", 3, ok, "aligned");
  B->byte_offset = 0;
  CHECK(call(st_lib, "sym_add", 3, ok) == 0);
  /* a scalar of the wrong kind */
  DLTensor *X = tensor1(5, "float32"), *Y = tensor1(5, "float32");
  StrataAny sc[4] = {strata_any_tensor(X), strata_any_tensor(Y), strata_any_tensor(X), strata_any_int(1)};
  expect_error("scale", 4, sc, "alpha");
  /* constant shapes */
  DLTensor *W = tensor1(5, "float32");
  StrataAny cs[2] = {strata_any_tensor(W), strata_any_tensor(W)};
  expect_error("checked", 2, cs, "shape[0]");
  expect_error("checked", 2, cs, ", got 5");
  strata_tensor_free(A);
  strata_tensor_free(B);
  strata_tensor_free(C);
  strata_tensor_free(Bbad);
  strata_tensor_free(I);
  strata_tensor_free(V);
  strata_tensor_free(X);
  strata_tensor_free(Y);
  strata_tensor_free(W);
}

/* ---- generated text, targets, compiler failures ---- */

TEST(target_flags) {
  StrBuf f = {0};
  char *err = NULL;
  CHECK(codegen_target_flags("c", &f, &err) == 0);
  CHECK_STREQ(f.data, "-O3 -march=native");
  sb_free(&f);
  CHECK(codegen_target_flags("c -mcpu=x86-64-v3 -O2", &f, &err) == 0);
  CHECK_STREQ(f.data, "-O2 -march=x86-64-v3");
  sb_free(&f);
  CHECK(codegen_target_flags("cuda", &f, &err) != 0);
  CHECK(err && strstr(err, "unknown target"));
  free(err);
  err = NULL;
  CHECK(codegen_target_flags("c -funroll", &f, &err) != 0);
  CHECK(err && strstr(err, "-funroll"));
  free(err);
  sb_free(&f);
}

TEST(other_target_builds) {
  StrataLib *lib = build(stmt_module, "c -mcpu=x86-64 -O1");
  CHECK(lib != NULL);
  strata_lib_free(lib);
}

TEST(compiler_failure_keeps_file) {
  char *err = NULL;
  char path[256];
  snprintf(path, sizeof path, "%s/bad.so", tmpdir);
  CHECK(codegen_c_build("int f(void) { return missing; }\n", "c", path, &err) != 0);
  CHECK(err && strstr(err, "missing") && strstr(err, "kept at"));
  const char *kept = err ? strstr(err, "kept at ") : NULL;
  if (kept) {
    CHECK(access(kept + 8, R_OK) == 0);
    unlink(kept + 8);
  }
  free(err);
}

TEST(emit_c_is_self_contained) {
  char *err = NULL, *src = NULL;
  StrataModule *m = strata_parse("t.py", stmt_module, strlen(stmt_module), &err);
  CHECK(m != NULL);
  if (!m) return;
  CHECK(strata_emit_c(m, NULL, &src, &err) == 0);
  if (src) {
    CHECK(!strstr(src, "#include \""));
    CHECK(strstr(src, "restrict") != NULL);
    CHECK(strstr(src, "api->parallel_for") != NULL);
    CHECK(strstr(src, "strata_lib_init") && strstr(src, "strata_lib_funcs"));
    CHECK(strstr(src, "api->workspace_alloc") != NULL); /* the 80 KB temporary */
  }
  strata_free(src);
  strata_module_free(m);
}

int main(void) {
  if (!mkdtemp(tmpdir)) {
    perror("mkdtemp");
    return 1;
  }
  RUN(elementwise_every_expr_kind);
  RUN(statements_if_while_alloc);
  RUN(assert_stmt_message);
  RUN(symbolic_shapes_one_build);
  RUN(symbolic_matmul);
  RUN(argument_checks);
  RUN(target_flags);
  RUN(other_target_builds);
  RUN(compiler_failure_keeps_file);
  RUN(emit_c_is_self_contained);
  strata_lib_free(ew_lib);
  strata_lib_free(st_lib);
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
  return harness_report();
}
