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
#include "sched_util.h"
#include "tir/schedule/schedule_impl.h"

/* ---- helpers ------------------------------------------------------------------ */

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

/* Shapes of symbolic variables, one set per numeric run ("n=64"). */
typedef const char *Binds[4];
static const Binds SYM[] = {{"n=64", "m=48", NULL}, {"n=37", "m=5", NULL}, {"n=1", "m=130", NULL}};

/* nsets == 0: one run without bindings (static shapes); nsets < 0: no
 * numeric run (thread bindings: the C backend does not run them). */
static void golden(const char *dir, const char *name, SchedFn fn, const Binds *sets, int nsets) {
  SchedCase c;
  if (!sched_case_open(&c, dir, name, 7)) {
    harness_cur_failed = 1;
    sched_case_close(&c);
    return;
  }
  CHECK(sched_case_apply(&c, fn));
  CHECK(sched_case_check(&c, false));
  if (nsets == 0) CHECK(sched_same_numbers(c.before, c.after, "main", NULL, 1e-5));
  for (int i = 0; i < nsets; i++) CHECK(sched_same_numbers(c.before, c.after, "main", sets[i], 1e-5));
  sched_case_close(&c);
}

/* The state just before the call expected to fail (LAST(s, call)). */
static Node *snap_mod;
static int snap_len;
static void snap(Schedule *s) {
  snap_mod = sch_mod(s);
  snap_len = sch_trace_len(s);
}
#define LAST(s, call) (snap(s), (call))

/* The primitive fails with msg in the error; module and trace unchanged. */
static void error_case(const char *dir, const char *name, SchedFn setup, SchedFn fn, const char *msg) {
  SchedCase c;
  if (!sched_case_open(&c, dir, name, 7)) {
    harness_cur_failed = 1;
    sched_case_close(&c);
    return;
  }
  CHECK(!setup || setup(c.s) == 0);
  snap_mod = NULL;
  int rc = fn(c.s);
  CHECK(rc == -1);
  CHECK(snap_mod != NULL);
  CHECK(sched_failed_cleanly(c.s, rc, snap_mod, snap_len, msg, c.what));
  sched_case_close(&c);
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

/* ---- error cases ---------------------------------------------------------------- */

static int e_reorder_branches(Schedule *s) {
  SchRV a[8], b[8];
  loops(s, "B", a);
  loops(s, "C", b);
  return LAST(s, sch_reorder(s, (SchRV[]){b[1], a[0]}, 2));
}
static int e_reorder_dup(Schedule *s) {
  SchRV l[8];
  loops(s, "B", l);
  return LAST(s, sch_reorder(s, (SchRV[]){l[1], l[0], l[1]}, 3));
}
static int e_reorder_dependent(Schedule *s) {
  SchRV l[8];
  loops(s, "B", l);
  return LAST(s, sch_reorder(s, (SchRV[]){l[1], l[0]}, 2));
}
static int e_reorder_nonaffine(Schedule *s) {
  SchRV l[8];
  loops(s, "B", l);
  return LAST(s, sch_reorder(s, (SchRV[]){l[1], l[0]}, 2));
}
static int e_fuse_nonadjacent(Schedule *s) {
  SchRV l[8], f;
  loops(s, "C", l);
  return LAST(s, sch_fuse(s, (SchRV[]){l[0], l[2]}, 2, true, &f));
}
static int e_fuse_not_only_child(Schedule *s) {
  SchRV l[8], f;
  loops(s, "B", l);
  return LAST(s, sch_fuse(s, l, 2, true, &f));
}
static int e_fuse_annotated(Schedule *s) {
  SchRV l[8], f;
  loops(s, "B", l);
  if (sch_annotate(s, l[1], "k", ir_int(s->cx, DT_INT32, 1))) return 99;
  return LAST(s, sch_fuse(s, l, 2, true, &f));
}
static int e_vectorize_reduction(Schedule *s) {
  SchRV l[8];
  loops(s, "C", l);
  return LAST(s, sch_vectorize(s, l[2]));
}
static int e_parallel_reduction(Schedule *s) {
  SchRV l[8];
  loops(s, "C", l);
  return LAST(s, sch_parallel(s, l[2]));
}
static int e_bind_reduction_block(Schedule *s) {
  SchRV l[8];
  loops(s, "C", l);
  return LAST(s, sch_bind(s, l[2], "blockIdx.x"));
}
static int e_bind_bad_axis(Schedule *s) {
  SchRV l[8];
  loops(s, "B", l);
  return LAST(s, sch_bind(s, l[0], "warp.x"));
}
static int e_stale(Schedule *s) {
  SchRV l[8], o[2];
  loops(s, "B", l);
  if (sch_split(s, l[0], (SchFactor[]){SCH_FACTOR_NONE, SCH_FACTOR(16)}, 2, true, false, o)) return 99;
  if (sch_trace_len(s) != 3) return 99;
  return LAST(s, sch_parallel(s, l[0]));
}
static int e_split_two_none(Schedule *s) {
  SchRV l[8], o[2];
  loops(s, "B", l);
  return LAST(s, sch_split(s, l[0], (SchFactor[]){SCH_FACTOR_NONE, SCH_FACTOR_NONE}, 2, true, false, o));
}
static int e_split_small(Schedule *s) {
  SchRV l[8], o[2];
  loops(s, "B", l);
  return LAST(s, sch_split(s, l[0], (SchFactor[]){SCH_FACTOR(3), SCH_FACTOR(4)}, 2, true, false, o));
}
static int e_split_symbolic_product(Schedule *s) {
  SchRV l[8], o[2];
  loops(s, "B", l);
  return LAST(s, sch_split(s, l[0], (SchFactor[]){SCH_FACTOR(8), SCH_FACTOR(8)}, 2, true, false, o));
}
static int e_get_missing(Schedule *s) {
  SchRV b;
  return LAST(s, sch_get_block(s, "nope", NULL, &b));
}
static int e_unannotate_missing(Schedule *s) {
  SchRV l[8];
  loops(s, "B", l);
  return LAST(s, sch_unannotate(s, l[0], "absent"));
}
static int e_wrong_kind(Schedule *s) {
  SchRV b = block(s, "B");
  return LAST(s, sch_parallel(s, b));
}

TEST(errors) {
  error_case("get", "two_stage", NULL, e_reorder_branches, "non-single-branch");
  error_case("reorder", "elementwise", NULL, e_reorder_dup, "appears in the input array for multiple times");
  error_case("reorder", "triangle", NULL, e_reorder_dependent, "is dependent on an inner loop");
  error_case("reorder", "nonaffine", NULL, e_reorder_nonaffine, "affine binding");
  error_case("fuse", "matmul_ij", NULL, e_fuse_nonadjacent, "is not the parent of the inner loop");
  error_case("fuse", "not_only_child", NULL, e_fuse_not_only_child, "is not the only child");
  error_case("fuse", "elementwise", NULL, e_fuse_annotated, "has annotation or thread binding");
  error_case("vectorize", "matmul_j", NULL, e_vectorize_reduction, "vectorizing a reduction loop");
  error_case("parallel", "matmul", NULL, e_parallel_reduction, "parallelizing a reduction loop");
  error_case("bind", "matmul_cross_thread", NULL, e_bind_reduction_block, "not a data parallel block iter");
  error_case("bind", "elementwise", NULL, e_bind_bad_axis, "is not a thread axis");
  error_case("split", "elementwise", NULL, e_stale, "stale reference");
  error_case("split", "elementwise", NULL, e_split_two_none, "only one factor");
  error_case("split", "elementwise", NULL, e_split_small, "not larger than or equal to the extent");
  error_case("split", "symbolic", NULL, e_split_symbolic_product, "not larger than or equal to the extent");
  error_case("get", "two_stage", NULL, e_get_missing, "is not found");
  error_case("annotate", "elementwise", NULL, e_unannotate_missing, "no annotation \"absent\"");
  error_case("parallel", "elementwise", NULL, e_wrong_kind, "not a loop reference");
}

/* ---- getters, state and trace ------------------------------------------------------------ */

TEST(getters) {
  SchedCase c;
  CHECK(sched_case_open(&c, "get", "two_stage", 7));
  Schedule *s = c.s;
  SchRV b = block(s, "B"), cb = block(s, "C"), out[8], root;
  int n = 0;
  CHECK(sch_get_producers(s, cb, out, 8, &n) == 0 && n == 1);
  CHECK(!strcmp(s->rvs.data[out[0]].block_name, "B"));
  CHECK(sch_get_consumers(s, b, out, 8, &n) == 0 && n == 1);
  CHECK(!strcmp(s->rvs.data[out[0]].block_name, "C"));
  CHECK(sch_get_producers(s, b, out, 8, &n) == 0 && n == 0);
  CHECK(sch_get_block(s, "root", NULL, &root) == 0);
  CHECK(sch_get_child_blocks(s, root, out, 8, &n) == 0 && n == 2);
  SchRV l[8];
  CHECK(loops(s, "C", l) == 2);
  CHECK(sch_get_child_blocks(s, l[0], out, 8, &n) == 0 && n == 1);
  CHECK(sch_get_loops(s, root, out, 8, &n) == 0 && n == 0);
  CHECK(sch_rv_kind(s, l[0]) == SCH_RV_LOOP && sch_rv_kind(s, b) == SCH_RV_BLOCK);
  const SchInst *gb = sch_trace_inst(s, 0);
  CHECK(gb && !strcmp(gb->kind, "GetBlock") && gb->nattrs == 2 && !strcmp(gb->attrs[0].s, "B") &&
        !strcmp(gb->attrs[1].s, "main") && gb->noutputs == 1);
  CHECK(sch_inst_kind_lookup("Split") == sch_inst_kind_by_method("split"));
  CHECK(sch_inst_kind_lookup("GetProducers") != NULL && sch_inst_kind_lookup("Nope") == NULL);
  CHECK(!strcmp(sch_unique_block_name(s, "B"), "B_1") && !strcmp(sch_unique_block_name(s, "D"), "D"));
  sched_case_close(&c);
}

TEST(trace_records) {
  SchedCase c;
  CHECK(sched_case_open(&c, "split", "elementwise", 7));
  Schedule *s = c.s;
  SchRV l[8], o[2], f;
  loops(s, "B", l);
  CHECK(sch_split(s, l[1], (SchFactor[]){SCH_FACTOR_NONE, SCH_FACTOR(8)}, 2, true, false, o) == 0);
  CHECK(sch_fuse(s, (SchRV[]){l[0], o[0]}, 2, false, &f) == 0);
  CHECK(sch_bind(s, f, "threadIdx.x") == 0);
  CHECK(sch_trace_len(s) == 5);
  const SchInst *sp = sch_trace_inst(s, 2), *fu = sch_trace_inst(s, 3), *bi = sch_trace_inst(s, 4);
  CHECK(!strcmp(sp->kind, "Split") && sp->ninputs == 3 && sp->inputs[1].kind == SCH_ARG_NONE &&
        sp->inputs[2].kind == SCH_ARG_INT && sp->inputs[2].i == 8 && sp->nattrs == 2 && sp->noutputs == 2);
  CHECK(!strcmp(fu->kind, "Fuse") && fu->ninputs == 2 && fu->nattrs == 1 && fu->attrs[0].i == 0);
  CHECK(!strcmp(bi->kind, "Bind") && !strcmp(bi->attrs[0].s, "threadIdx.x"));
  sched_case_close(&c);
}

TEST(replay_via_kinds) {
  SchedCase a, b;
  CHECK(sched_case_open(&a, "split", "three", 7));
  CHECK(sched_case_open(&b, "split", "three", 7));
  SchRV l[8], o[3];
  loops(a.s, "B", l);
  CHECK(sch_split(a.s, l[0], (SchFactor[]){SCH_FACTOR(2), SCH_FACTOR(4), SCH_FACTOR_NONE}, 3, true, false, o) == 0);
  CHECK(sch_reorder(a.s, (SchRV[]){o[2], o[0]}, 2) == 0);
  /* replay a's trace on b: references map one to one since both start empty */
  SchRV map[64];
  for (int i = 0; i < sch_trace_len(a.s); i++) {
    const SchInst *in = sch_trace_inst(a.s, i);
    const SchInstKind *k = sch_inst_kind_lookup(in->kind);
    CHECK(k != NULL);
    if (!k) break;
    SchInst copy = *in;
    SchArg args[8];
    for (int j = 0; j < in->ninputs && j < 8; j++) {
      args[j] = in->inputs[j];
      if (args[j].kind == SCH_ARG_RV) args[j].rv = map[args[j].rv];
    }
    copy.inputs = args;
    SchRV outs[8];
    int nouts = 0;
    CHECK(k->apply(b.s, &copy, outs, &nouts) == 0);
    for (int j = 0; j < nouts && j < in->noutputs; j++) map[in->outputs[j]] = outs[j];
  }
  CHECK(ir_struct_equal(sch_func(a.s), sch_func(b.s)));
  sched_case_close(&a);
  sched_case_close(&b);
}

int main(void) {
  RUN(getters);
  RUN(trace_records);
  RUN(replay_via_kinds);
  RUN(golden_split);
  RUN(golden_fuse);
  RUN(golden_reorder);
  RUN(golden_loop_kinds);
  RUN(errors);
  return harness_report();
}
