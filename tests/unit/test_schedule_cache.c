/*
 * test_schedule_cache.c — cache_read, cache_write, set_scope, storage_align,
 * transform_layout and blockize: golden before/after TVMScript under
 * tests/schedule/<primitive>/ (STRATA_REGEN=1 rewrites the .after files),
 * every result checked by ir_check, parsed back structurally equal, run
 * against the unscheduled function on random inputs (sched_util.h), and the
 * error cases with their messages (the function left unchanged).
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

static const char *const nm[] = {"n=37", "m=19", NULL};
static const char *const nm2[] = {"n=64", "m=1", NULL};

/* ---- cache_read ---- */

static int cr_elem(Schedule *s) {
  SchRV o;
  return sch_cache_read(s, blk(s, "B"), 0, "global", NULL, 0, &o) ||
         sch_cache_read(s, blk(s, "C"), 0, "local", NULL, 0, &o);
}
static int cr_nested(Schedule *s) {
  SchRV o;
  return sch_cache_read(s, blk(s, "B"), 0, "shared", NULL, 0, &o);
}
static int cr_consumer(Schedule *s) {
  SchRV o, c = blk(s, "B");
  return sch_cache_read(s, blk(s, "B"), 0, "shared", &c, 1, &o);
}
static int cr_bad_index(Schedule *s) {
  SchRV o;
  return sch_cache_read(s, blk(s, "C"), 3, "shared", NULL, 0, &o);
}

TEST(cache_read) {
  CHECK(golden("cache_read", "elementwise", cr_elem, NULL));
  CHECK(golden("cache_read", "symbolic", cr_elem, nm));
  CHECK(golden("cache_read", "symbolic", cr_elem, nm2));
  CHECK(golden("cache_read", "nested", cr_nested, NULL));
  CHECK(fails("cache_read", "elementwise", cr_bad_index, "block \"C\" has 1 read buffer(s); index 3 is out of range"));
}

TEST(cache_read_consumers) {
  SchedCase c;
  Schedule *s = sched_case_open(&c, "cache_read", "nested", 1) ? c.s : NULL;
  CHECK(s && cr_consumer(s) == 0);
  StrBuf out = {0};
  if (s) script_print(sch_mod(s), &out);
  /* D still reads A, B reads the cache */
  CHECK(out.data && strstr(out.data, "D[vi] = A[vi]") && strstr(out.data, "A_shared[vi] + T.float32(1.0)"));
  if (out.data) CHECK(sched_same_numbers(c.before, out.data, "main", NULL, 1e-5));
  sb_free(&out);
  sched_case_close(&c);
}

/* ---- cache_write ---- */

static int cw_elem(Schedule *s) {
  SchRV o;
  return sch_cache_write(s, blk(s, "B"), 0, "local", NULL, 0, &o) ||
         sch_cache_write(s, blk(s, "C"), 0, "global", NULL, 0, &o);
}
static int cw_nested(Schedule *s) {
  SchRV o;
  return sch_cache_write(s, blk(s, "A"), 0, "shared", NULL, 0, &o);
}
static int cw_reduce(Schedule *s) {
  SchRV o;
  return sch_cache_write(s, blk(s, "B"), 0, "local", NULL, 0, &o);
}
static int cw_bad_index(Schedule *s) {
  SchRV o;
  return sch_cache_write(s, blk(s, "B"), 1, "local", NULL, 0, &o);
}

TEST(cache_write) {
  CHECK(golden("cache_write", "elementwise", cw_elem, NULL));
  CHECK(golden("cache_write", "symbolic", cw_elem, nm));
  CHECK(golden("cache_write", "nested", cw_nested, NULL));
  CHECK(golden("cache_write", "reduce", cw_reduce, NULL));
  CHECK(fails("cache_write", "elementwise", cw_bad_index, "block \"B\" has 1 write buffer(s); index 1 is out of range"));
}

/* ---- set_scope / storage_align ---- */

static int ss_elem(Schedule *s) { return sch_set_scope(s, blk(s, "B"), 0, "shared"); }
static int ss_param(Schedule *s) { return sch_set_scope(s, blk(s, "C"), 0, "shared"); }
static int sa_elem(Schedule *s) {
  return sch_storage_align(s, blk(s, "B"), 0, 0, 32, 1) || sch_storage_align(s, blk(s, "B"), 0, 0, 64, 2);
}
static int sa_axis(Schedule *s) { return sch_storage_align(s, blk(s, "B"), 0, 2, 32, 1); }

TEST(set_scope_storage_align) {
  CHECK(golden("set_scope", "elementwise", ss_elem, NULL));
  CHECK(fails("set_scope", "elementwise", ss_param, "buffer C is a function parameter"));
  CHECK(golden("storage_align", "elementwise", sa_elem, NULL));
  CHECK(fails("storage_align", "elementwise", sa_axis, "axis 2 is out of range for buffer B"));
}

TEST(trace) {
  SchedCase c;
  Schedule *s = sched_case_open(&c, "cache_read", "elementwise", 1) ? c.s : NULL;
  CHECK(s && cr_elem(s) == 0 && ss_elem(s) == 0);
  if (s) {
    CHECK(sch_trace_len(s) >= 3);
    const SchInst *in = sch_trace_inst(s, sch_trace_len(s) - 1);
    CHECK_STREQ(in->kind, "SetScope");
    CHECK(sch_inst_kind_lookup("CacheRead") != NULL);
  }
  sched_case_close(&c);
}

/* ---- blockize ---- */

static int bz_loop(Schedule *s, int k) {
  SchRV loops[8], o;
  int n;
  return sch_get_loops(s, blk(s, "B"), loops, 8, &n) || sch_blockize(s, loops[k], true, &o);
}
static int bz_tiled(Schedule *s) { return bz_loop(s, 2); }
static int bz_sym(Schedule *s) { return bz_loop(s, 2); }
static int bz_whole(Schedule *s) { return bz_loop(s, 0); }

TEST(blockize) {
  CHECK(golden("blockize", "tiled", bz_tiled, NULL));
  CHECK(golden("blockize", "symbolic", bz_sym, nm));
  CHECK(golden("blockize", "whole", bz_whole, NULL));
  /* blocks with T.init(): tests/schedule/blockize_init, in test_schedule_layout.c */
}

int main(void) {
  RUN(blockize);
  RUN(cache_read);
  RUN(cache_read_consumers);
  RUN(cache_write);
  RUN(set_scope_storage_align);
  RUN(trace);
  return harness_report();
}
