/*
 * test_te.c — the tensor-expression builder (src/tir/te.h).
 *
 * Each golden case builds a computation, converts it with
 * te_create_prim_func and checks three things: the printed TVMScript equals
 * tests/te/NAME.py byte for byte (STRATA_REGEN=1 rewrites the files; review
 * the diff against TVM's create_prim_func output), the printed text parses
 * back to a structurally equal PrimFunc, and ir_check finds nothing.
 * The error cases check that bad input gives a message, not a crash.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "ir/check.h"
#include "script/script.h"
#include "tir/te.h"

/* ---- helpers ------------------------------------------------------------------- */

static IrCtx *cx;

static Node *I32(int64_t v) { return ir_int(cx, DT_INT32, v); }
static Node *I64(int64_t v) { return ir_int(cx, DT_INT64, v); }
static Node *F32(double v) { return ir_float(cx, DT_FLOAT32, v); }
static Node *add(Node *a, Node *b) { return ir_bin(cx, NK_ADD, a, b); }
static Node *mul(Node *a, Node *b) { return ir_bin(cx, NK_MUL, a, b); }

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "%s: cannot write\n", path);
    harness_cur_failed = 1;
    return;
  }
  fputs(text, f);
  fclose(f);
}

/* The three checks on one generated function. */
static void golden(const char *name, Node *fn, TeCtx *te) {
  if (!fn) {
    fprintf(stderr, "%s: create_prim_func failed: %s\n", name, te_error(te) ? te_error(te) : "?");
    harness_cur_failed = 1;
    return;
  }
  char path[256];
  snprintf(path, sizeof path, "tests/te/%s.py", name);
  StrBuf sb = {0};
  script_print(fn, &sb);
  char *got = sb_take(&sb);
  const char *regen = getenv("STRATA_REGEN");
  if (regen && *regen == '1') write_file(path, got);
  size_t len;
  char *want = read_file(path, &len);
  if (!want) {
    fprintf(stderr, "%s: missing (run with STRATA_REGEN=1)\n", path);
    harness_cur_failed = 1;
  } else if (strcmp(got, want)) {
    fprintf(stderr, "%s: printed text differs\n--- got\n%s--- expected\n%s", path, got, want);
    harness_cur_failed = 1;
  }
  DiagCtx d;
  diag_init(&d);
  if (ir_check(fn, &d)) {
    StrBuf e = {0};
    diag_render(&d, &e);
    fprintf(stderr, "%s: ir_check:\n%s\n%s", name, e.data ? e.data : "", got);
    sb_free(&e);
    harness_cur_failed = 1;
  }
  diag_free(&d);
  diag_init(&d);
  SourceFile *f = source_new(path, got, strlen(got));
  Node *back = script_parse(cx, f, &d);
  StrBuf why = {0};
  if (!back) {
    StrBuf e = {0};
    diag_render(&d, &e);
    fprintf(stderr, "%s: does not parse back:\n%s", name, e.data ? e.data : "");
    sb_free(&e);
    harness_cur_failed = 1;
  } else if (!ir_struct_equal_explain(fn, back, &why)) {
    fprintf(stderr, "%s: parsed back differs: %s\n", name, why.data ? why.data : "");
    harness_cur_failed = 1;
  }
  sb_free(&why);
  diag_free(&d);
  source_free(f);
  free(want);
  free(got);
}

static TeCtx *begin(void) {
  cx = ir_ctx_new();
  return te_ctx_new(cx);
}

static void end(TeCtx *te) {
  te_ctx_free(te);
  ir_ctx_free(cx);
  cx = NULL;
}

/* ---- elementwise ------------------------------------------------------------------ */

typedef struct Ctx2 {
  TeTensor *a, *b;
  TeIterVar *k[4];
  Node *extra;
} Ctx2;

static Node *bcast_add(TeCtx *te, Node *const *ix, void *ud) {
  Ctx2 *c = ud;
  return add(te_load(te, c->a, ix), te_load(te, c->b, &ix[1]));
}

TEST(add_broadcast) {
  TeCtx *te = begin();
  Node *sh[] = {I32(128), I32(64)};
  Ctx2 c = {0};
  c.a = te_placeholder(te, "A", 2, sh, DT_FLOAT32);
  c.b = te_placeholder(te, "B", 1, &sh[1], DT_FLOAT32);
  TeTensor *C = te_compute(te, "T_add", 2, sh, (const char *[]){"ax0", "ax1"}, bcast_add, &c);
  golden("add_broadcast", te_create_prim_func(te, (TeTensor *[]){c.a, c.b, C}, 3), te);
  end(te);
}

static Node *times2(TeCtx *te, Node *const *ix, void *ud) {
  return mul(te_load(te, ((Ctx2 *)ud)->a, ix), F32(2));
}
static Node *plus1(TeCtx *te, Node *const *ix, void *ud) {
  return add(te_load(te, ((Ctx2 *)ud)->b, ix), F32(1));
}

/* TVM's test_element_wise: B is an intermediate (a root alloc_buffer). */
TEST(two_stage) {
  TeCtx *te = begin();
  Node *sh[] = {I32(128), I32(128)};
  Ctx2 c = {0};
  const char *xy[] = {"x", "y"};
  c.a = te_placeholder(te, "A", 2, sh, DT_FLOAT32);
  c.b = te_compute(te, "B", 2, sh, xy, times2, &c);
  TeTensor *C = te_compute(te, "C", 2, sh, xy, plus1, &c);
  golden("two_stage", te_create_prim_func(te, (TeTensor *[]){c.a, C}, 2), te);
  end(te);
}

static Node *exp_plus(TeCtx *te, Node *const *ix, void *ud) {
  Ctx2 *c = ud;
  Node *x = te_load(te, c->a, ix);
  Node *e = ir_call(cx, DT_FLOAT32, "tir.exp", &x, 1);
  return add(e, te_load(te, c->b, ix));
}

TEST(symbolic_nm) {
  TeCtx *te = begin();
  Node *n = ir_var(cx, "n", DT_INT64), *m = ir_var(cx, "m", DT_INT64);
  Node *sh[] = {n, m};
  Ctx2 c = {0};
  c.a = te_placeholder(te, "A", 2, sh, DT_FLOAT32);
  c.b = te_placeholder(te, "B", 2, sh, DT_FLOAT32);
  TeTensor *C = te_compute(te, "T_out", 2, sh, (const char *[]){"i0", "i1"}, exp_plus, &c);
  golden("symbolic_nm", te_create_prim_func(te, (TeTensor *[]){c.a, c.b, C}, 3), te);
  end(te);
}

static Node *scalar_add(TeCtx *te, Node *const *ix, void *ud) {
  Ctx2 *c = ud;
  return add(te_load(te, c->a, ix), te_load(te, c->b, ix));
}

/* TVM's test_zero_dim_add: a 0-dim stage gets the dummy block var vi. */
TEST(zero_dim) {
  TeCtx *te = begin();
  Ctx2 c = {0};
  c.a = te_placeholder(te, "a", 0, NULL, DT_INT32);
  c.b = te_placeholder(te, "b", 0, NULL, DT_INT32);
  TeTensor *C = te_compute(te, "c", 0, NULL, NULL, scalar_add, &c);
  golden("zero_dim", te_create_prim_func(te, (TeTensor *[]){c.a, c.b, C}, 3), te);
  end(te);
}

/* ---- reductions -------------------------------------------------------------------- */

static Node *matmul(TeCtx *te, Node *const *ix, void *ud) {
  Ctx2 *c = ud;
  Node *k = c->k[0]->var;
  return te_sum(te, mul(te_load(te, c->a, (Node *[]){ix[0], k}), te_load(te, c->b, (Node *[]){k, ix[1]})), 1,
                c->k);
}

TEST(matmul) {
  TeCtx *te = begin();
  Node *sh[] = {I32(128), I32(128)};
  Ctx2 c = {0};
  c.a = te_placeholder(te, "A", 2, sh, DT_FLOAT32);
  c.b = te_placeholder(te, "B", 2, sh, DT_FLOAT32);
  c.k[0] = te_reduce_axis(te, NULL, I32(128), "k");
  TeTensor *C = te_compute(te, "C", 2, sh, (const char *[]){"i", "j"}, matmul, &c);
  golden("matmul", te_create_prim_func(te, (TeTensor *[]){c.a, c.b, C}, 3), te);
  end(te);
}

static Node *bmm(TeCtx *te, Node *const *ix, void *ud) {
  Ctx2 *c = ud;
  Node *k = c->k[0]->var;
  Node *a = te_load(te, c->a, (Node *[]){ix[0], ix[1], k});
  Node *b = te_load(te, c->b, (Node *[]){ix[0], k, ix[2]});
  return te_sum(te, mul(a, b), 1, c->k);
}

TEST(batch_matmul_symbolic) {
  TeCtx *te = begin();
  Node *b = ir_var(cx, "b", DT_INT64);
  Ctx2 c = {0};
  c.a = te_placeholder(te, "A", 3, (Node *[]){b, I64(32), I64(64)}, DT_FLOAT32);
  c.b = te_placeholder(te, "B", 3, (Node *[]){b, I64(64), I64(16)}, DT_FLOAT32);
  c.k[0] = te_reduce_axis(te, NULL, I64(64), "k");
  TeTensor *C =
      te_compute(te, "T_batch_matmul", 3, (Node *[]){b, I64(32), I64(16)}, (const char *[]){"b", "i", "j"}, bmm, &c);
  golden("batch_matmul_symbolic", te_create_prim_func(te, (TeTensor *[]){c.a, c.b, C}, 3), te);
  end(te);
}

static Node *row_sum(TeCtx *te, Node *const *ix, void *ud) {
  Ctx2 *c = ud;
  return te_sum(te, te_load(te, c->a, (Node *[]){ix[0], c->k[0]->var}), 1, c->k);
}
static Node *row_max(TeCtx *te, Node *const *ix, void *ud) {
  Ctx2 *c = ud;
  return te_max(te, te_load(te, c->a, (Node *[]){ix[0], c->k[0]->var}), 1, c->k);
}
static Node *row_min(TeCtx *te, Node *const *ix, void *ud) {
  Ctx2 *c = ud;
  return te_min(te, te_load(te, c->a, (Node *[]){ix[0], c->k[0]->var}), 1, c->k);
}
static Node *row_prod(TeCtx *te, Node *const *ix, void *ud) {
  Ctx2 *c = ud;
  return te_prod(te, te_load(te, c->a, (Node *[]){ix[0], c->k[0]->var}), 1, c->k);
}

static void row_reduce(const char *name, TeComputeFn fn, DType dt, const char *out) {
  TeCtx *te = begin();
  Ctx2 c = {0};
  c.a = te_placeholder(te, "A", 2, (Node *[]){I32(16), I32(32)}, dt);
  c.k[0] = te_reduce_axis(te, NULL, I32(32), "k");
  TeTensor *B = te_compute(te, out, 1, (Node *[]){I32(16)}, (const char *[]){"i"}, fn, &c);
  golden(name, te_create_prim_func(te, (TeTensor *[]){c.a, B}, 2), te);
  end(te);
}

TEST(sum_axis) { row_reduce("sum_axis", row_sum, DT_FLOAT32, "A_red"); }
TEST(max_reduce) { row_reduce("max_reduce", row_max, DT_FLOAT32, "A_red"); }
TEST(min_reduce_int) { row_reduce("min_reduce_int", row_min, DT_INT32, "A_red"); }
TEST(prod_reduce_f64) { row_reduce("prod_reduce_f64", row_prod, DT_FLOAT64, "A_red"); }

static Node *full_sum(TeCtx *te, Node *const *ix, void *ud) {
  Ctx2 *c = ud;
  return te_sum(te, te_load(te, c->b, (Node *[]){c->k[1]->var}), 1, &c->k[1]);
}

/* TVM's test_unique_name_reduction_block: two stages named "sum". */
TEST(unique_block_names) {
  TeCtx *te = begin();
  Ctx2 c = {0};
  c.a = te_placeholder(te, "A", 2, (Node *[]){I32(16), I32(16)}, DT_FLOAT32);
  c.k[0] = te_reduce_axis(te, NULL, I32(16), "k1");
  c.k[1] = te_reduce_axis(te, NULL, I32(16), "k2");
  c.b = te_compute(te, "sum", 1, (Node *[]){I32(16)}, (const char *[]){"i"}, row_sum, &c);
  TeTensor *C = te_compute(te, "sum", 0, NULL, NULL, full_sum, &c);
  golden("unique_block_names", te_create_prim_func(te, (TeTensor *[]){c.a, C}, 2), te);
  end(te);
}

static Node *conv(TeCtx *te, Node *const *ix, void *ud) {
  Ctx2 *c = ud;
  Node *rc = c->k[0]->var, *ry = c->k[1]->var, *rx = c->k[2]->var;
  Node *x = te_load(te, c->a, (Node *[]){ix[0], rc, add(ix[2], ry), add(ix[3], rx)});
  Node *w = te_load(te, c->b, (Node *[]){ix[1], rc, ry, rx});
  return te_sum(te, mul(x, w), 3, c->k);
}

TEST(conv2d) {
  TeCtx *te = begin();
  Ctx2 c = {0};
  c.a = te_placeholder(te, "X", 4, (Node *[]){I32(1), I32(3), I32(8), I32(8)}, DT_FLOAT32);
  c.b = te_placeholder(te, "W", 4, (Node *[]){I32(4), I32(3), I32(3), I32(3)}, DT_FLOAT32);
  c.k[0] = te_reduce_axis(te, NULL, I32(3), "rc");
  c.k[1] = te_reduce_axis(te, NULL, I32(3), "ry");
  c.k[2] = te_reduce_axis(te, NULL, I32(3), "rx");
  TeTensor *Y = te_compute(te, "Y", 4, (Node *[]){I32(1), I32(4), I32(6), I32(6)},
                           (const char *[]){"nn", "ff", "yy", "xx"}, conv, &c);
  golden("conv2d", te_create_prim_func(te, (TeTensor *[]){c.a, c.b, Y}, 3), te);
  end(te);
}

/* ---- argmax / argmin: TOPI's two-stage form ------------------------------------------ */

typedef struct Arg {
  TeTensor *a, *red[2];
  TeIterVar *k;
  bool min;
} Arg;

static bool arg_pair(TeCtx *te, Node *const *ix, void *ud, Node **bodies) {
  Arg *c = ud;
  Node *v = te_load(te, c->a, (Node *[]){ix[0], c->k->var, ix[1]});
  return c->min ? te_argmin(te, c->k->var, v, 1, &c->k, false, bodies)
                : te_argmax(te, c->k->var, v, 1, &c->k, false, bodies);
}

static Node *pick(TeCtx *te, Node *const *ix, void *ud) { return te_load(te, ((Arg *)ud)->red[0], ix); }

static void argreduce(const char *name, bool min) {
  TeCtx *te = begin();
  Arg c = {0};
  c.min = min;
  c.a = te_placeholder(te, "A", 3, (Node *[]){I64(2), I64(3), I64(4)}, DT_FLOAT32);
  c.k = te_reduce_axis(te, NULL, I64(3), "k1");
  const char *ax[] = {"ax0", "ax1"};
  Node *sh[] = {I64(2), I64(4)};
  CHECK(te_compute_multi(te, "A_red_temp", 2, sh, ax, 2, arg_pair, &c, c.red));
  TeTensor *out = te_compute(te, min ? "T_argmin" : "T_argmax", 2, sh, ax, pick, &c);
  golden(name, te_create_prim_func(te, (TeTensor *[]){c.a, out}, 2), te);
  end(te);
}

TEST(argmax) { argreduce("argmax", false); }
TEST(argmin) { argreduce("argmin", true); }

/* ---- multi-output data parallel, extra scalar params ---------------------------------- */

static bool two_out(TeCtx *te, Node *const *ix, void *ud, Node **bodies) {
  Ctx2 *c = ud;
  Node *x = te_load(te, c->a, ix);
  bodies[0] = add(x, F32(1));
  bodies[1] = mul(x, F32(2));
  return true;
}

TEST(multi_output) {
  TeCtx *te = begin();
  Ctx2 c = {0};
  Node *sh[] = {I32(8)};
  c.a = te_placeholder(te, "A", 1, sh, DT_FLOAT32);
  TeTensor *o[2];
  CHECK(te_compute_multi(te, "B", 1, sh, (const char *[]){"i"}, 2, two_out, &c, o));
  golden("multi_output", te_create_prim_func(te, (TeTensor *[]){c.a, o[0], o[1]}, 3), te);
  end(te);
}

static Node *shift(TeCtx *te, Node *const *ix, void *ud) {
  Ctx2 *c = ud;
  return add(te_load(te, c->a, ix), ir_cast(cx, DT_FLOAT32, c->extra));
}

TEST(extra_var_param) {
  TeCtx *te = begin();
  Ctx2 c = {0};
  Node *n = ir_var(cx, "n", DT_INT64);
  c.extra = ir_var(cx, "s", DT_INT64);
  c.a = te_placeholder(te, "A", 1, &n, DT_FLOAT32);
  TeTensor *B = te_compute(te, "B", 1, &n, (const char *[]){"i"}, shift, &c);
  golden("extra_var_param", te_create_prim_func_vars(te, (TeTensor *[]){c.a, B}, 2, &c.extra, 1), te);
  end(te);
}

/* Arguments order the parameters, not the stages; an output listed first. */
TEST(arg_order) {
  TeCtx *te = begin();
  Node *sh[] = {I32(4), I32(4)};
  Ctx2 c = {0};
  const char *xy[] = {"x", "y"};
  c.a = te_placeholder(te, "A", 2, sh, DT_FLOAT32);
  c.b = te_compute(te, "B", 2, sh, xy, times2, &c);
  TeTensor *C = te_compute(te, "C", 2, sh, xy, plus1, &c);
  golden("arg_order", te_create_prim_func(te, (TeTensor *[]){C, c.b, c.a}, 3), te);
  end(te);
}

/* ---- errors ----------------------------------------------------------------------------- */

static void expect_error(TeCtx *te, const void *result, const char *needle) {
  CHECK(result == NULL);
  const char *e = te_error(te);
  CHECK(e != NULL);
  if (e && !strstr(e, needle)) {
    fprintf(stderr, "error \"%s\" does not contain \"%s\"\n", e, needle);
    harness_cur_failed = 1;
  }
}

TEST(error_placeholder_not_arg) {
  TeCtx *te = begin();
  Node *sh[] = {I32(4)};
  Ctx2 c = {0};
  c.a = te_placeholder(te, "A", 1, sh, DT_FLOAT32);
  TeTensor *B = te_compute(te, "B", 1, sh, NULL, times2, &c);
  expect_error(te, te_create_prim_func(te, (TeTensor *[]){B}, 1), "placeholder 'A' is read but is not");
  end(te);
}

static Node *nested_sum(TeCtx *te, Node *const *ix, void *ud) {
  Ctx2 *c = ud;
  return add(te_sum(te, te_load(te, c->a, (Node *[]){ix[0], c->k[0]->var}), 1, c->k), F32(1));
}

TEST(error_nested_reduction) {
  TeCtx *te = begin();
  Ctx2 c = {0};
  c.a = te_placeholder(te, "A", 2, (Node *[]){I32(4), I32(4)}, DT_FLOAT32);
  c.k[0] = te_reduce_axis(te, NULL, I32(4), "k");
  expect_error(te, te_compute(te, "B", 1, (Node *[]){I32(4)}, NULL, nested_sum, &c), "whole body");
  end(te);
}

static Node *tri_sum(TeCtx *te, Node *const *ix, void *ud) {
  Ctx2 *c = ud;
  c->k[0] = te_reduce_axis(te, NULL, ix[0], "k"); /* k < i: nested domain */
  return te_sum(te, te_load(te, c->a, (Node *[]){ix[0], c->k[0]->var}), 1, c->k);
}

TEST(error_nested_domain) {
  TeCtx *te = begin();
  Ctx2 c = {0};
  c.a = te_placeholder(te, "A", 2, (Node *[]){I32(4), I32(4)}, DT_FLOAT32);
  TeTensor *B = te_compute(te, "B", 1, (Node *[]){I32(4)}, (const char *[]){"i"}, tri_sum, &c);
  CHECK(B != NULL);
  expect_error(te, te_create_prim_func(te, (TeTensor *[]){c.a, B}, 2), "nested iteration domains");
  end(te);
}

TEST(error_bad_inputs) {
  TeCtx *te = begin();
  Node *f = F32(1);
  expect_error(te, te_placeholder(te, "A", 1, &f, DT_FLOAT32), "not an integer expression");
  end(te);
  te = begin();
  expect_error(te, te_placeholder(te, "A", -1, NULL, DT_FLOAT32), "bad rank");
  end(te);
  te = begin();
  TeTensor *A = te_placeholder(te, "A", 1, (Node *[]){I32(4)}, DT_FLOAT32);
  expect_error(te, te_load(te, A, (Node *[]){F32(0)}), "index 0");
  /* once an error is recorded, every builder returns NULL */
  CHECK(te_placeholder(te, "B", 1, (Node *[]){I32(4)}, DT_FLOAT32) == NULL);
  end(te);
  te = begin();
  expect_error(te, te_reduce_axis(te, NULL, F32(3), "k"), "integer");
  end(te);
  te = begin();
  TeIterVar *k = te_reduce_axis(te, NULL, I32(3), "k");
  expect_error(te, te_sum(te, ir_bool(cx, true), 1, &k), "bool");
  end(te);
  te = begin();
  expect_error(te, te_sum(te, F32(1), 0, NULL), "at least one reduce axis");
  end(te);
  te = begin();
  A = te_placeholder(te, "A", 1, (Node *[]){I32(4)}, DT_FLOAT32);
  expect_error(te, te_create_prim_func(te, (TeTensor *[]){A, A}, 2), "passed twice");
  end(te);
  te = begin();
  A = te_placeholder(te, "A", 1, (Node *[]){I32(4)}, DT_FLOAT32);
  expect_error(te, te_create_prim_func(te, (TeTensor *[]){A}, 1), "no compute stage");
  end(te);
}

static Node *twice(TeCtx *te, Node *const *ix, void *ud) {
  Ctx2 *c = ud;
  return te_sum(te, te_load(te, c->a, (Node *[]){ix[0], c->k[0]->var}), 2, (TeIterVar *[]){c->k[0], c->k[0]});
}

TEST(error_axis_twice) {
  TeCtx *te = begin();
  Ctx2 c = {0};
  c.a = te_placeholder(te, "A", 2, (Node *[]){I32(4), I32(4)}, DT_FLOAT32);
  c.k[0] = te_reduce_axis(te, NULL, I32(4), "k");
  TeTensor *B = te_compute(te, "B", 1, (Node *[]){I32(4)}, NULL, twice, &c);
  expect_error(te, te_create_prim_func(te, (TeTensor *[]){c.a, B}, 2), "uses axis 'k' twice");
  end(te);
}

static Node *null_body(TeCtx *te, Node *const *ix, void *ud) { return NULL; }
static bool mixed(TeCtx *te, Node *const *ix, void *ud, Node **bodies) {
  Ctx2 *c = ud;
  bodies[0] = te_sum(te, te_load(te, c->a, (Node *[]){ix[0], c->k[0]->var}), 1, c->k);
  bodies[1] = F32(0);
  return true;
}

TEST(error_bodies) {
  TeCtx *te = begin();
  expect_error(te, te_compute(te, "B", 1, (Node *[]){I32(4)}, NULL, null_body, NULL), "body 0");
  end(te);
  te = begin();
  Ctx2 c = {0};
  c.a = te_placeholder(te, "A", 2, (Node *[]){I32(4), I32(4)}, DT_FLOAT32);
  c.k[0] = te_reduce_axis(te, NULL, I32(4), "k");
  TeTensor *o[2];
  CHECK(!te_compute_multi(te, "B", 1, (Node *[]){I32(4)}, NULL, 2, mixed, &c, o));
  CHECK(te_error(te) && strstr(te_error(te), "mix"));
  end(te);
}

int main(void) {
  RUN(add_broadcast);
  RUN(two_stage);
  RUN(symbolic_nm);
  RUN(zero_dim);
  RUN(matmul);
  RUN(batch_matmul_symbolic);
  RUN(sum_axis);
  RUN(max_reduce);
  RUN(min_reduce_int);
  RUN(prod_reduce_f64);
  RUN(unique_block_names);
  RUN(conv2d);
  RUN(argmax);
  RUN(argmin);
  RUN(multi_output);
  RUN(extra_var_param);
  RUN(arg_order);
  RUN(error_placeholder_not_arg);
  RUN(error_nested_reduction);
  RUN(error_nested_domain);
  RUN(error_bad_inputs);
  RUN(error_bodies);
  RUN(error_axis_twice);
  return harness_report();
}
