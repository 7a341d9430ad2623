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
#include "sched_util.h"

/* Apply fn to prim/name.before.py; compare with .after.py; check, round-trip, run. */
static int golden(const char *prim, const char *name, SchedFn fn, const char *const *binds) {
  SchedCase c;
  int ok = sched_case_open(&c, prim, name, 1) && sched_case_apply(&c, fn) && sched_case_check(&c, true) &&
           sched_same_numbers(c.before, c.after, "main", binds, 1e-5);
  sched_case_close(&c);
  return ok;
}

/* Apply fn, expect failure with msg (a substring) and nothing changed. */
static int fails(const char *prim, const char *name, SchedFn fn, const char *msg) {
  SchedCase c;
  int ok = sched_case_open(&c, prim, name, 1);
  if (ok) {
    Node *mod0 = sch_mod(c.s);
    ok = sched_failed_cleanly(c.s, fn(c.s), mod0, -1, msg, c.what);
  }
  sched_case_close(&c);
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

static int ca_two_consumers(Schedule *s) { return sch_compute_at(s, blk(s, "B"), loop(s, "C", 0), false, -1); }
static int rca_two_producers(Schedule *s) { return sch_reverse_compute_at(s, blk(s, "D"), loop(s, "C", 0), false, -1); }

TEST(compute_at_errors) {
  CHECK(fails("compute_inline", "chain", ca_two_consumers,
              "compute_at: loop \"i\" does not dominate the consumers of block \"B\": 1 of 2 is not under the loop"));
  CHECK(fails("compute_inline", "chain", rca_two_producers,
              "reverse_compute_at: loop \"i\" does not dominate the producers of block \"D\": 1 of 2 is not under the loop"));
  SchedCase c; /* a reference to an inlined block is stale, not a crash */
  Schedule *s = sched_case_open(&c, "compute_at", "elementwise", 1) ? c.s : NULL;
  SchRV b = s ? blk(s, "B") : -1;
  CHECK(s && sch_compute_inline(s, b) == 0);
  CHECK(s && sch_compute_at(s, b, loop(s, "C", 0), false, -1) != 0 && strstr(sch_error(s), "stale reference: block \"B\""));
  sched_case_close(&c);
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

/* ---- decompose_reduction / rfactor ---- */

static int dr_matmul_k(Schedule *s) { SchRV o; return sch_decompose_reduction(s, blk(s, "C"), loop(s, "C", 2), &o); }
static int dr_matmul_i(Schedule *s) { SchRV o; return sch_decompose_reduction(s, blk(s, "C"), loop(s, "C", 0), &o); }
static int dr_symbolic(Schedule *s) { SchRV o; return sch_decompose_reduction(s, blk(s, "C"), loop(s, "C", 1), &o); }
static int dr_not_ancestor(Schedule *s) {
  SchRV o;
  return sch_decompose_reduction(s, blk(s, "C"), loop(s, "D", 0), &o);
}
static int dr_below_reduce(Schedule *s) {
  SchRV o, l[2];
  return sch_reorder(s, (SchRV[]){loop(s, "C", 2), loop(s, "C", 1)}, 2) ||
         (l[0] = loop(s, "C", 2), sch_decompose_reduction(s, blk(s, "C"), l[0], &o));
}
static int dr_not_reduction(Schedule *s) { SchRV o; return sch_decompose_reduction(s, blk(s, "B"), loop(s, "B", 0), &o); }
static int rf_sum(Schedule *s) { SchRV o; return sch_rfactor(s, loop(s, "C", 2), 0, &o); }
static int rf_sum_axis1(Schedule *s) { SchRV o; return sch_rfactor(s, loop(s, "C", 1), -1, &o); }
static int rf_max(Schedule *s) { SchRV o; return sch_rfactor(s, loop(s, "C", 1), 0, &o); }
static int rf_min(Schedule *s) { SchRV o; return sch_rfactor(s, loop(s, "C", 2), 1, &o); }
static int rf_spatial(Schedule *s) { SchRV o; return sch_rfactor(s, loop(s, "C", 0), 0, &o); }
static int rf_axis(Schedule *s) { SchRV o; return sch_rfactor(s, loop(s, "C", 1), 3, &o); }
static int rf_then_decompose(Schedule *s) {
  SchRV o, o2;
  return sch_rfactor(s, loop(s, "C", 2), 0, &o) || sch_decompose_reduction(s, o, loop(s, "C_rf", 0), &o2);
}

TEST(decompose_reduction) {
  CHECK(golden("decompose_reduction", "matmul", dr_matmul_k, NULL));
  CHECK(golden("decompose_reduction", "matmul_outer", dr_matmul_i, NULL));
  CHECK(golden("decompose_reduction", "symbolic", dr_symbolic, nm));
  CHECK(fails("compute_at", "matmul_relu", dr_not_ancestor, "is not an ancestor of block"));
  CHECK(fails("compute_inline", "reduce_consumer", dr_not_reduction, "is not a reduction block"));
  (void)dr_below_reduce;
}

TEST(rfactor) {
  CHECK(golden("rfactor", "sum", rf_sum, NULL));
  CHECK(golden("rfactor", "sum_axis1", rf_sum_axis1, NULL));
  CHECK(golden("rfactor", "max_symbolic", rf_max, nm));
  CHECK(golden("rfactor", "min_int", rf_min, NULL));
  CHECK(golden("rfactor", "sum_decompose", rf_then_decompose, NULL));
  CHECK(fails("rfactor", "sum", rf_spatial, "must be bound to reduction iterators"));
  CHECK(fails("rfactor", "sum", rf_axis, "factor_axis 3 is out of range"));
  CHECK(fails("compute_at", "elementwise", rf_spatial, "is not a sum, product, max or min reduction"));
}

/* ---- the trace: TVM's kinds, inputs and attributes ---- */

TEST(trace) {
  SchedCase c;
  Schedule *s = sched_case_open(&c, "compute_at", "matmul_relu", 1) ? c.s : NULL;
  CHECK(s != NULL);
  if (s) {
    SchRV o;
    CHECK(sch_compute_at(s, blk(s, "C"), loop(s, "D", 1), true, -1) == 0);
    CHECK(sch_decompose_reduction(s, blk(s, "C"), loop(s, "C", 2), &o) == 0);
    CHECK(sch_reverse_compute_inline(s, blk(s, "D")) != 0); /* D's producer C is a reduction */
    StrBuf t = {0};
    sch_trace_print(s, &t);
    CHECK(t.data && strstr(t.data, " = sch.get_block(name=\"C\", func_name=\"main\")\n"));
    CHECK(t.data && strstr(t.data, "sch.compute_at(block=b"));
    CHECK(t.data && strstr(t.data, "preserve_unit_loops=True, index=-1)"));
    CHECK(t.data && strstr(t.data, " = sch.decompose_reduction(block="));
    const SchInst *last = NULL;
    for (int i = 0; i < sch_trace_len(s); i++)
      if (!strcmp(sch_trace_inst(s, i)->kind, "DecomposeReduction")) last = sch_trace_inst(s, i);
    CHECK(last && !strcmp(last->kind, "DecomposeReduction") && last->ninputs == 2 && last->noutputs == 1);
    sb_free(&t);
  }
  sched_case_close(&c);
}

int main(void) {
  RUN(compute_at);
  RUN(compute_at_errors);
  RUN(reverse_compute_at);
  RUN(compute_inline);
  RUN(reverse_compute_inline);
  RUN(decompose_reduction);
  RUN(rfactor);
  RUN(trace);
  return harness_report();
}
