/*
 * test_schedule_loop.c — the schedule state, the getters and the loop
 * primitives (split, fuse, reorder, add_unit_loop, parallel, vectorize,
 * unroll, bind, annotate / unannotate).
 *
 * Golden cases: tests/schedule/<prim>/NAME.before.py is scheduled by the C
 * function of its row below; the printed function must equal NAME.after.py
 * (STRATA_REGEN=1 rewrites it), check clean, parse back structurally equal,
 * and compute the same numbers as the unscheduled function (C backend) at
 * the row's shapes.  Error cases: the primitive returns -1 with the
 * expected message, and the module and the trace are unchanged.  Run from
 * the repository root.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "ir/check.h"
#include "sched_util.h"
#include "script/script.h"
#include "tir/schedule/schedule_impl.h"

/* ---- helpers ------------------------------------------------------------------ */

typedef struct Case {
  IrCtx *cx;
  SourceFile *src;
  char *text;
  Schedule *s;
} Case;

static bool open_case(Case *c, const char *dir, const char *name) {
  char path[512];
  snprintf(path, sizeof path, "tests/schedule/%s/%s.before.py", dir, name);
  size_t len;
  memset(c, 0, sizeof *c);
  c->text = read_file(path, &len);
  if (!c->text) {
    fprintf(stderr, "%s: cannot read\n", path);
    return false;
  }
  c->cx = ir_ctx_new();
  c->src = source_new(path, c->text, len);
  DiagCtx d;
  diag_init(&d);
  Node *root = script_parse(c->cx, c->src, &d);
  if (!root) diag_print(&d, stderr);
  diag_free(&d);
  if (root) c->s = sch_new(c->cx, root, "main", 7);
  return c->s != NULL;
}

static void close_case(Case *c) {
  sch_free(c->s);
  if (c->cx) ir_ctx_free(c->cx);
  if (c->src) source_free(c->src);
  free(c->text);
}

static SchRV block(Schedule *s, const char *name) {
  SchRV b = -1;
  CHECK(sch_get_block(s, name, NULL, &b) == 0);
  return b;
}

/* The loops of block `name` into l (at most 8); returns their count. */
static int loops(Schedule *s, const char *name, SchRV *l) {
  int n = 0;
  CHECK(sch_get_loops(s, block(s, name), l, 8, &n) == 0);
  return n;
}

typedef int (*SchedFn)(Schedule *s);

static char *print_func(Schedule *s) {
  StrBuf sb = {0};
  script_print(sch_func(s), &sb);
  return sb_take(&sb);
}

/* Compare with (or regenerate) the golden file; check, parse back. */
static void golden_compare(Case *c, const char *dir, const char *name, const char *got) {
  char apath[512];
  snprintf(apath, sizeof apath, "tests/schedule/%s/%s.after.py", dir, name);
  const char *regen = getenv("STRATA_REGEN");
  if (regen && *regen == '1') CHECK(write_file_atomic(apath, got, strlen(got)) == 0);
  size_t alen;
  char *atext = read_file(apath, &alen);
  if (!atext) {
    fprintf(stderr, "%s: missing (STRATA_REGEN=1 writes it); got:\n%s", apath, got);
    harness_cur_failed = 1;
    return;
  }
  if (strcmp(got, atext)) {
    fprintf(stderr, "%s: output differs\n--- got\n%s--- expected\n%s", apath, got, atext);
    harness_cur_failed = 1;
  }
  SourceFile *f2 = source_new(apath, atext, alen);
  DiagCtx d;
  diag_init(&d);
  Node *back = script_parse(c->cx, f2, &d);
  CHECK(back != NULL);
  if (back) CHECK(ir_struct_equal(back, sch_func(c->s)));
  diag_free(&d);
  source_free(f2);
  free(atext);
}

/* Shapes of symbolic variables, one set per numeric run ("n=64"). */
typedef const char *Binds[4];
static const Binds SYM[] = {{"n=64", "m=48", NULL}, {"n=37", "m=5", NULL}, {"n=1", "m=130", NULL}};

/* nsets == 0: one run without bindings (static shapes); nsets < 0: no
 * numeric run (thread bindings: the C backend does not run them). */
static void golden(const char *dir, const char *name, SchedFn fn, const Binds *sets, int nsets) {
  Case c;
  if (!open_case(&c, dir, name)) {
    harness_cur_failed = 1;
    close_case(&c);
    return;
  }
  int rc = fn(c.s);
  if (rc) fprintf(stderr, "%s/%s: %s\n", dir, name, sch_error(c.s));
  CHECK(rc == 0);
  DiagCtx d;
  diag_init(&d);
  if (ir_check(sch_mod(c.s), &d)) {
    diag_print(&d, stderr);
    harness_cur_failed = 1;
  }
  diag_free(&d);
  char *got = print_func(c.s);
  golden_compare(&c, dir, name, got);
  if (nsets == 0) CHECK(sched_same_numbers(c.text, got, "main", NULL, 1e-5));
  for (int i = 0; i < nsets; i++) CHECK(sched_same_numbers(c.text, got, "main", sets[i], 1e-5));
  free(got);
  close_case(&c);
}

/* The primitive fails with msg in the error; module and trace unchanged. */
static void error_case(const char *dir, const char *name, SchedFn setup, SchedFn fn, const char *msg) {
  Case c;
  if (!open_case(&c, dir, name)) {
    harness_cur_failed = 1;
    close_case(&c);
    return;
  }
  CHECK(!setup || setup(c.s) == 0);
  Node *before = sch_mod(c.s);
  int len = sch_trace_len(c.s);
  CHECK(fn(c.s) == -1);
  if (!strstr(sch_error(c.s), msg)) {
    fprintf(stderr, "error was: %s\nexpected to contain: %s\n", sch_error(c.s), msg);
    harness_cur_failed = 1;
  }
  CHECK(sch_mod(c.s) == before);
  CHECK(sch_trace_len(c.s) == len);
  close_case(&c);
}

/* ---- schedules ------------------------------------------------------------------ */

static int split_ew(Schedule *s) {
  SchRV l[8], o[3];
  loops(s, "B", l);
  return sch_split(s, l[0], (SchFactor[]){SCH_FACTOR_NONE, SCH_FACTOR(16)}, 2, true, false, o);
}
static int split_inexact(Schedule *s) {
  SchRV l[8], o[3];
  loops(s, "B", l);
  return sch_split(s, l[1], (SchFactor[]){SCH_FACTOR(10), SCH_FACTOR_NONE}, 2, true, false, o);
}
static int split_three(Schedule *s) {
  SchRV l[8], o[3];
  loops(s, "B", l);
  return sch_split(s, l[0], (SchFactor[]){SCH_FACTOR(2), SCH_FACTOR(4), SCH_FACTOR(16)}, 3, true, false, o);
}
static int split_unit_preserve(Schedule *s) {
  SchRV l[8], o[3];
  loops(s, "B", l);
  return sch_split(s, l[0], (SchFactor[]){SCH_FACTOR(2), SCH_FACTOR(1), SCH_FACTOR(64)}, 3, true, false, o);
}
static int split_unit_drop(Schedule *s) {
  SchRV l[8], o[3];
  loops(s, "B", l);
  return sch_split(s, l[0], (SchFactor[]){SCH_FACTOR(2), SCH_FACTOR(1), SCH_FACTOR(64)}, 3, false, false, o);
}
static int split_k(Schedule *s) {
  SchRV l[8], o[3];
  loops(s, "C", l);
  return sch_split(s, l[2], (SchFactor[]){SCH_FACTOR_NONE, SCH_FACTOR(8)}, 2, true, false, o);
}
static int split_sym(Schedule *s) {
  SchRV l[8], o[3], p[3];
  loops(s, "B", l);
  if (sch_split(s, l[0], (SchFactor[]){SCH_FACTOR_NONE, SCH_FACTOR(16)}, 2, true, false, o)) return -1;
  return sch_split(s, l[1], (SchFactor[]){SCH_FACTOR(4), SCH_FACTOR_NONE}, 2, true, false, p);
}

static int fuse_ew(Schedule *s) {
  SchRV l[8], f;
  loops(s, "B", l);
  return sch_fuse(s, l, 2, true, &f);
}
static int fuse_ij(Schedule *s) {
  SchRV l[8], f;
  loops(s, "C", l);
  return sch_fuse(s, l, 2, true, &f);
}
static int fuse_sym(Schedule *s) {
  SchRV l[8], f, o[2];
  loops(s, "B", l);
  if (sch_fuse(s, l, 2, true, &f)) return -1;
  return sch_split(s, f, (SchFactor[]){SCH_FACTOR_NONE, SCH_FACTOR(32)}, 2, true, false, o);
}
static int split_then_fuse(Schedule *s) {
  SchRV l[8], o[2], f;
  loops(s, "B", l);
  if (sch_split(s, l[1], (SchFactor[]){SCH_FACTOR_NONE, SCH_FACTOR(32)}, 2, true, false, o)) return -1;
  SchRV two[2] = {l[0], o[0]};
  return sch_fuse(s, two, 2, true, &f);
}

static int reorder_ew(Schedule *s) {
  SchRV l[8];
  loops(s, "B", l);
  return sch_reorder(s, (SchRV[]){l[1], l[0]}, 2);
}
static int reorder_mm(Schedule *s) {
  SchRV l[8], o[2];
  loops(s, "C", l);
  if (sch_split(s, l[2], (SchFactor[]){SCH_FACTOR_NONE, SCH_FACTOR(4)}, 2, true, false, o)) return -1;
  return sch_reorder(s, (SchRV[]){o[0], l[0], o[1], l[1]}, 4);
}
static int reorder_sym(Schedule *s) {
  SchRV l[8], o[2];
  loops(s, "B", l);
  if (sch_split(s, l[0], (SchFactor[]){SCH_FACTOR_NONE, SCH_FACTOR(8)}, 2, true, false, o)) return -1;
  return sch_reorder(s, (SchRV[]){l[1], o[1]}, 2);
}

static int unit_loop_ew(Schedule *s) {
  SchRV l[8], u;
  loops(s, "B", l);
  return sch_add_unit_loop(s, l[1], &u);
}
static int unit_loop_block(Schedule *s) {
  SchRV u;
  return sch_add_unit_loop(s, block(s, "C"), &u);
}

static int parallel_ew(Schedule *s) {
  SchRV l[8];
  loops(s, "B", l);
  return sch_parallel(s, l[0]);
}
static int parallel_mm(Schedule *s) {
  SchRV l[8], f;
  loops(s, "C", l);
  if (sch_fuse(s, l, 2, true, &f)) return -1;
  return sch_parallel(s, f);
}
static int vectorize_ew(Schedule *s) {
  SchRV l[8], o[2];
  loops(s, "B", l);
  if (sch_split(s, l[1], (SchFactor[]){SCH_FACTOR_NONE, SCH_FACTOR(8)}, 2, true, false, o)) return -1;
  return sch_vectorize(s, o[1]);
}
static int vectorize_mm_j(Schedule *s) {
  SchRV l[8];
  loops(s, "C", l);
  if (sch_reorder(s, (SchRV[]){l[2], l[1]}, 2)) return -1;
  return sch_vectorize(s, l[1]);
}
static int unroll_ew(Schedule *s) {
  SchRV l[8];
  loops(s, "B", l);
  return sch_unroll(s, l[1]);
}
static int unroll_mm(Schedule *s) {
  SchRV l[8];
  loops(s, "C", l);
  return sch_unroll(s, l[2]);
}
static int bind_ew(Schedule *s) {
  SchRV l[8];
  loops(s, "B", l);
  if (sch_bind(s, l[0], "blockIdx.x")) return -1;
  return sch_bind(s, l[1], "threadIdx.x");
}
static int bind_cross_thread(Schedule *s) {
  SchRV l[8];
  loops(s, "C", l);
  if (sch_bind(s, l[0], "blockIdx.x")) return -1;
  return sch_bind(s, l[2], "threadIdx.x");
}
static int annotate_ew(Schedule *s) {
  SchRV l[8];
  loops(s, "B", l);
  if (sch_annotate(s, l[0], "pragma_auto_unroll_max_step", ir_int(s->cx, DT_INT32, 16))) return -1;
  if (sch_annotate(s, block(s, "B"), "meta_schedule.tiling_structure", ir_string(s->cx, "SSRSRS"))) return -1;
  return sch_annotate(s, l[0], "pragma_auto_unroll_max_step", ir_int(s->cx, DT_INT32, 64));
}
static int unannotate_ew(Schedule *s) {
  SchRV l[8];
  loops(s, "B", l);
  SchRV b = block(s, "B");
  if (sch_annotate(s, l[1], "k1", ir_int(s->cx, DT_INT32, 1)) || sch_annotate(s, b, "k2", ir_float(s->cx, DT_FLOAT32, 0.5)) ||
      sch_annotate(s, b, "k3", ir_string(s->cx, "x")))
    return -1;
  if (sch_unannotate(s, l[1], "k1")) return -1;
  return sch_unannotate(s, b, "k2");
}

TEST(golden_split) {
  golden("split", "elementwise", split_ew, NULL, 0);
  golden("split", "inexact", split_inexact, NULL, 0);
  golden("split", "three", split_three, NULL, 0);
  golden("split", "unit_preserve", split_unit_preserve, NULL, 0);
  golden("split", "unit_drop", split_unit_drop, NULL, 0);
  golden("split", "matmul_k", split_k, NULL, 0);
  golden("split", "symbolic", split_sym, SYM, 3);
}

TEST(golden_fuse) {
  golden("fuse", "elementwise", fuse_ew, NULL, 0);
  golden("fuse", "matmul_ij", fuse_ij, NULL, 0);
  golden("fuse", "symbolic", fuse_sym, SYM, 3);
  golden("fuse", "split_then_fuse", split_then_fuse, NULL, 0);
}

TEST(golden_reorder) {
  golden("reorder", "elementwise", reorder_ew, NULL, 0);
  golden("reorder", "matmul", reorder_mm, NULL, 0);
  golden("reorder", "symbolic", reorder_sym, SYM, 3);
}

TEST(golden_loop_kinds) {
  golden("add_unit_loop", "elementwise", unit_loop_ew, NULL, 0);
  golden("add_unit_loop", "block", unit_loop_block, NULL, 0);
  golden("parallel", "elementwise", parallel_ew, NULL, 0);
  golden("parallel", "matmul", parallel_mm, NULL, 0);
  golden("vectorize", "elementwise", vectorize_ew, NULL, 0);
  golden("vectorize", "matmul_j", vectorize_mm_j, NULL, 0);
  golden("unroll", "elementwise", unroll_ew, NULL, 0);
  golden("unroll", "matmul", unroll_mm, NULL, 0);
  golden("bind", "elementwise", bind_ew, NULL, -1);
  golden("bind", "matmul_cross_thread", bind_cross_thread, NULL, -1);
  golden("annotate", "elementwise", annotate_ew, NULL, 0);
  golden("annotate", "unannotate", unannotate_ew, NULL, 0);
}
