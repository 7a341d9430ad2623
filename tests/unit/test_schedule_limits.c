/*
 * test_schedule_limits.c — schedule primitives on a module whose buffers
 * have 20 dimensions and whose blocks have 20 iter vars under 20 loops
 * (more than any fixed-size scratch array the primitives once used).  Every
 * primitive must either succeed, with a result that passes ir_check and a
 * trace that replays on a fresh schedule, or fail with a message and leave
 * the function unchanged; run under `make SAN=1` it must also be free of
 * sanitizer reports.
 */
#include <stdlib.h>

#include "harness.h"
#include "sched_util.h"
#include "support/support.h"
#include "tir/intrin/intrin.h"

#define ND 20

/* ---- the modules ------------------------------------------------------------------ */

static void names(StrBuf *sb, const char *prefix, int n) {
  for (int i = 0; i < n; i++) sb_printf(sb, "%s%s%d", i ? ", " : "", prefix, i);
}

static void shape(StrBuf *sb, int n) {
  sb_putc(sb, '(');
  for (int i = 0; i < n; i++) sb_printf(sb, "%s2", i ? ", " : "");
  sb_puts(sb, n == 1 ? ",)" : ")");
}

/* A block named name with ND iter vars of the given kinds under ND loops of
 * extent 2, with an optional init statement. */
static void block(StrBuf *sb, const char *name, const char *kinds, const char *init, const char *stmt) {
  /* two grids of ND / 2 loops: the parser takes at most 16 extents per T.grid */
  for (int h = 0; h < 2; h++) {
    sb_printf(sb, "%*sfor ", 4 + 4 * h, "");
    for (int i = h * ND / 2; i < (h + 1) * ND / 2; i++) sb_printf(sb, "%si%d", i > h * ND / 2 ? ", " : "", i);
    sb_puts(sb, " in T.grid(");
    for (int i = 0; i < ND / 2; i++) sb_printf(sb, "%s2", i ? ", " : "");
    sb_puts(sb, "):\n");
  }
  sb_printf(sb, "            with T.block(\"%s\"):\n                ", name);
  names(sb, "v", ND);
  sb_printf(sb, " = T.axis.remap(\"%s\", [", kinds);
  names(sb, "i", ND);
  sb_puts(sb, "])\n");
  if (init) sb_printf(sb, "                with T.init():\n                    %s\n", init);
  sb_printf(sb, "                %s\n", stmt);
}

/* Replace each '@' in t by the first n of v0, ..., v19. */
static char *expand(const char *t, int n) {
  StrBuf sb = {0};
  for (; *t; t++)
    if (*t == '@') names(&sb, "v", n);
    else sb_putc(&sb, *t);
  return sb_take(&sb);
}

static void add_block(StrBuf *sb, const char *name, const char *kinds, const char *init, const char *stmt, int n) {
  char *st = expand(stmt, n), *in = init ? expand(init, n) : NULL;
  block(sb, name, kinds, in, st);
  free(st);
  free(in);
}

/* Elementwise: B = A * 2 (B local), C = B + 1. */
static char *chain_text(void) {
  StrBuf sb = {0};
  sb_puts(&sb, "# from tvm.script import tir as T\n\n@T.prim_func\ndef main(A: T.Buffer(");
  shape(&sb, ND);
  sb_puts(&sb, ", \"float32\"), C: T.Buffer(");
  shape(&sb, ND);
  sb_puts(&sb, ", \"float32\")):\n    B = T.alloc_buffer(");
  shape(&sb, ND);
  sb_puts(&sb, ")\n");
  char kinds[ND + 1];
  memset(kinds, 'S', ND), kinds[ND] = 0;
  add_block(&sb, "B", kinds, NULL, "B[@] = A[@] * T.float32(2.0)", ND);
  add_block(&sb, "C", kinds, NULL, "C[@] = B[@] + T.float32(1.0)", ND);
  return sb_take(&sb);
}

/* Reduction over the last of 20 iter vars: C[v0..v18] += A[v0..v19]. */
static char *reduce_text(void) {
  StrBuf sb = {0};
  sb_puts(&sb, "# from tvm.script import tir as T\n\n@T.prim_func\ndef main(A: T.Buffer(");
  shape(&sb, ND);
  sb_puts(&sb, ", \"float32\"), C: T.Buffer(");
  shape(&sb, ND - 1);
  sb_puts(&sb, ", \"float32\")):\n");
  char kinds[ND + 1];
  memset(kinds, 'S', ND), kinds[ND - 1] = 'R', kinds[ND] = 0;
  char *init = expand("C[@] = T.float32(0.0)", ND - 1);
  char *lhs = expand("C[@]", ND - 1), *rhs = expand("A[@]", ND);
  char stmt[2048];
  snprintf(stmt, sizeof stmt, "%s = %s + %s", lhs, lhs, rhs);
  block(&sb, "C", kinds, init, stmt);
  free(init), free(lhs), free(rhs);
  return sb_take(&sb);
}

/* ---- running one primitive --------------------------------------------------------- */


typedef struct Env {
  IrCtx *cx;
  Node *mod;
} Env;

static bool env_open(Env *e, char *text) {
  e->cx = ir_ctx_new();
  e->mod = sched_parse(e->cx, "limits.py", text);
  free(text);
  return e->mod != NULL;
}

static void env_close(Env *e) { ir_ctx_free(e->cx); }

/* Replays s's trace on a fresh schedule of mod; its result must equal s's. */
static bool replays(Env *e, Schedule *s, const char *what) {
  StrBuf t = {0};
  sch_trace_print_func(s, &t);
  Schedule *r = sched_replay(e->cx, e->mod, 1, "trace.py", t.data ? t.data : "", false, NULL);
  bool ok = r != NULL;
  if (!ok) fprintf(stderr, "%s: replay of\n%s", what, t.data);
  if (ok && !ir_struct_equal(sch_mod(r), sch_mod(s))) fprintf(stderr, "%s: replay differs\n", what), ok = false;
  sb_free(&t);
  if (r) sch_free(r);
  return ok;
}

/* 1: succeeded (checked, replayed), 0: failed with a message (function
 * unchanged), -1: something is wrong. */
static IrCtx *g_cx; /* the context of the schedule being tested */

static int attempt(char *text, const char *what, SchedFn fn) {
  Env e;
  if (!env_open(&e, text)) return -1;
  g_cx = e.cx;
  Schedule *s = sch_new(e.cx, e.mod, "main", 1);
  Node *before = sch_mod(s);
  int res;
  if (fn(s) == 0) {
    res = sched_verify(sch_mod(s), what) && replays(&e, s, what) ? 1 : -1;
  } else {
    const char *msg = sch_error(s);
    res = msg && *msg && ir_struct_equal(sch_mod(s), before) ? 0 : -1;
    if (getenv("STRATA_VERBOSE")) fprintf(stderr, "%s: %s\n", what, msg ? msg : "(no message)");
  }
  sch_free(s);
  env_close(&e);
  return res;
}

/* ---- the primitives ---------------------------------------------------------------- */

static SchRV g_loops[64];

static int loops_of(Schedule *s, const char *name, SchRV *b) {
  int n = 0;
  if (sch_get_block(s, name, NULL, b) || sch_get_loops(s, *b, g_loops, 64, &n)) return -1;
  return n == ND ? 0 : -1;
}

static int do_split(Schedule *s) {
  SchRV b, outs[ND];
  if (loops_of(s, "B", &b)) return -1;
  SchFactor f[ND];
  for (int i = 0; i < ND; i++) f[i] = SCH_FACTOR(1);
  f[0] = SCH_FACTOR_NONE;
  return sch_split(s, g_loops[ND - 1], f, ND, true, false, outs);
}

static int do_fuse(Schedule *s) {
  SchRV b, out;
  if (loops_of(s, "B", &b)) return -1;
  return sch_fuse(s, g_loops, ND, false, &out);
}

static int do_reorder(Schedule *s) {
  SchRV b, r[ND];
  if (loops_of(s, "B", &b)) return -1;
  for (int i = 0; i < ND; i++) r[i] = g_loops[ND - 1 - i];
  return sch_reorder(s, r, ND);
}

static int do_cache_read(Schedule *s) {
  SchRV b, out;
  return sch_get_block(s, "C", NULL, &b) || sch_cache_read(s, b, 0, "local", NULL, 0, &out);
}

static int do_cache_read_param(Schedule *s) {
  SchRV b, out;
  return sch_get_block(s, "B", NULL, &b) || sch_cache_read(s, b, 0, "shared", NULL, 0, &out);
}

static int do_cache_write(Schedule *s) {
  SchRV b, out;
  return sch_get_block(s, "C", NULL, &b) || sch_cache_write(s, b, 0, "local", NULL, 0, &out);
}

static int do_reindex_read(Schedule *s) {
  SchRV b, out;
  return sch_get_block(s, "C", NULL, &b) || sch_reindex(s, b, 0, 0, &out);
}

static int do_reindex_write(Schedule *s) {
  SchRV b, out;
  return sch_get_block(s, "B", NULL, &b) || sch_reindex(s, b, 1, 0, &out);
}

static int do_compute_at(Schedule *s) {
  SchRV b, c;
  if (loops_of(s, "C", &c) || sch_get_block(s, "B", NULL, &b)) return -1;
  return sch_compute_at(s, b, g_loops[ND / 2], false, -1);
}

static int do_reverse_compute_at(Schedule *s) {
  SchRV b, c;
  if (loops_of(s, "B", &b) || sch_get_block(s, "C", NULL, &c)) return -1;
  return sch_reverse_compute_at(s, c, g_loops[ND / 2], true, -1);
}

static int do_compute_inline(Schedule *s) {
  SchRV b;
  return sch_get_block(s, "B", NULL, &b) || sch_compute_inline(s, b);
}

static int do_reverse_compute_inline(Schedule *s) {
  SchRV c;
  return sch_get_block(s, "C", NULL, &c) || sch_reverse_compute_inline(s, c);
}

static int do_decompose(Schedule *s) {
  SchRV b, out;
  if (loops_of(s, "C", &b)) return -1;
  return sch_decompose_reduction(s, b, g_loops[0], &out);
}

static int do_rfactor(Schedule *s) {
  SchRV b, out;
  if (loops_of(s, "C", &b)) return -1;
  return sch_rfactor(s, g_loops[ND - 1], ND / 2, &out);
}

static int do_blockize(Schedule *s) {
  SchRV b, out;
  if (loops_of(s, "B", &b)) return -1;
  return sch_blockize(s, g_loops[0], true, &out);
}

static int do_blockize_reduce(Schedule *s) {
  SchRV b, out;
  if (loops_of(s, "C", &b)) return -1;
  return sch_blockize(s, g_loops[ND / 2], true, &out);
}

/* lambda a0, ..., a19: (a19, a18, ..., a0) on the buffer written by B. */
static int layout(Schedule *s, bool fused) {
  SchRV b;
  if (sch_get_block(s, "B", NULL, &b)) return -1;
  IrCtx *cx = g_cx;
  Node *src[ND], *dst[ND];
  char nm[16];
  for (int i = 0; i < ND; i++) snprintf(nm, sizeof nm, "a%d", i), src[i] = ir_var(cx, nm, DT_INT32);
  int n = 0;
  if (fused) { /* (a0 * 2 + a1, a2, ..., a19) */
    dst[n++] = ir_bin(cx, NK_ADD, ir_bin(cx, NK_MUL, src[0], ir_int(cx, DT_INT32, 2)), src[1]);
    for (int i = 2; i < ND; i++) dst[n++] = src[i];
  } else {
    for (int i = 0; i < ND; i++) dst[n++] = src[ND - 1 - i];
  }
  SchIndexMap m = {src, ND, dst, n};
  return sch_transform_layout(s, b, 1, 0, &m, NULL);
}
static int do_layout(Schedule *s) { return layout(s, false); }
static int do_layout_fused(Schedule *s) { return layout(s, true); }

static int do_pad_einsum(Schedule *s) {
  SchRV b;
  int64_t pads[ND];
  for (int i = 0; i < ND; i++) pads[i] = i == ND - 1 ? 4 : 1;
  return sch_get_block(s, "B", NULL, &b) || sch_pad_einsum(s, b, pads, ND);
}

static int do_pad_einsum_short(Schedule *s) {
  SchRV b;
  int64_t pads[ND - 3];
  for (int i = 0; i < ND - 3; i++) pads[i] = 2;
  return sch_get_block(s, "B", NULL, &b) || sch_pad_einsum(s, b, pads, ND - 3);
}

#define INTRIN_HDR "# from tvm.script import tir as T\n\n@T.prim_func\ndef f(a: T.handle, b: T.handle):\n" \
                   "    A = T.match_buffer(a, (2,), \"float32\", offset_factor=1)\n"                       \
                   "    B = T.match_buffer(b, (2,), \"float32\", offset_factor=1)\n"                       \
                   "    with T.block(\"root\"):\n        T.reads(A[0:2])\n        T.writes(B[0:2])\n"

static void register_intrin(void) {
  tir_intrin_register("limits.scale2",
                      INTRIN_HDR "        for i in range(2):\n            with T.block(\"s\"):\n"
                                 "                vi = T.axis.remap(\"S\", [i])\n"
                                 "                B[vi] = A[vi] * T.float32(2.0)\n",
                      INTRIN_HDR "        for i in range(2):\n            with T.block(\"impl\"):\n"
                                 "                vi = T.axis.remap(\"S\", [i])\n"
                                 "                B[vi] = A[vi] + A[vi]\n");
}

static int do_tensorize(Schedule *s) {
  SchRV b;
  if (loops_of(s, "B", &b)) return -1;
  return sch_tensorize(s, g_loops[ND - 1], "limits.scale2", true);
}

static int do_tensorize_deep(Schedule *s) { /* all 20 loops: more than a nest may have */
  SchRV b;
  if (loops_of(s, "B", &b)) return -1;
  return sch_tensorize(s, g_loops[0], "limits.scale2", true);
}

static int do_perfect_tile(Schedule *s) {
  SchRV b, outs[ND];
  if (loops_of(s, "B", &b)) return -1;
  return sch_sample_perfect_tile(s, g_loops[0], ND, 0, NULL, outs);
}

static int do_perfect_tile_split(Schedule *s) { /* split by 20 sampled factors */
  SchRV b, t[ND], outs[ND];
  if (loops_of(s, "B", &b) || sch_sample_perfect_tile(s, g_loops[3], ND, 0, NULL, t)) return -1;
  SchFactor f[ND];
  for (int i = 0; i < ND; i++) f[i] = SCH_FACTOR_RV(t[i]);
  return sch_split(s, g_loops[3], f, ND, true, false, outs);
}

/* ---- tests --------------------------------------------------------------------------- */

#define OK(fn) CHECK(attempt(chain_text(), #fn, fn) == 1)
#define OK_RED(fn) CHECK(attempt(reduce_text(), #fn, fn) == 1)
#define FAILS(fn) CHECK(attempt(chain_text(), #fn, fn) == 0)

TEST(loops) {
  OK(do_split);
  OK(do_fuse);
  OK(do_reorder);
  OK(do_perfect_tile);
  OK(do_perfect_tile_split);
}

TEST(caches) {
  OK(do_cache_read);
  OK(do_cache_read_param);
  OK(do_cache_write);
  OK(do_reindex_read);
  OK(do_reindex_write);
}

TEST(compute) {
  OK(do_compute_at);
  OK(do_reverse_compute_at);
  OK(do_compute_inline);
  OK(do_reverse_compute_inline);
}

TEST(reductions) {
  OK_RED(do_decompose);
  OK_RED(do_rfactor);
  OK_RED(do_blockize_reduce);
  OK(do_blockize);
}

TEST(layouts) {
  OK(do_layout);
  OK(do_layout_fused);
  OK(do_pad_einsum);
  FAILS(do_pad_einsum_short);
}

TEST(tensorize) {
  register_intrin();
  OK(do_tensorize);
  FAILS(do_tensorize_deep);
}

int main(void) {
  RUN(loops);
  RUN(caches);
  RUN(compute);
  RUN(reductions);
  RUN(layouts);
  RUN(tensorize);
  return harness_report();
}
