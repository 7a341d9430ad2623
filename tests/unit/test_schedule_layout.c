/*
 * test_schedule_layout.c — transform_layout, pad_einsum, reindex and
 * blockize of blocks with T.init(): golden before/after TVMScript under
 * tests/schedule/<primitive>/ (STRATA_REGEN=1 rewrites the .after files),
 * every result checked by ir_check, parsed back structurally equal and
 * (unless a parameter's layout changed) run against the unscheduled
 * function on random inputs at several shapes (sched_util.h); the error
 * cases with their messages (the function left unchanged); the trace
 * records with TVM's instruction kinds and argument order.
 */
#include <stdlib.h>

#include "harness.h"
#include "sched_util.h"

static IrCtx *g_cx; /* the context of the schedule being tested */

/* Apply fn to prim/name.before.py; compare with .after.py; check,
 * round-trip; run at each binding set of binds (NULL-separated groups
 * ended by an empty group) unless run is false. */
static int golden_run(const char *prim, const char *name, SchedFn fn, const char *const *binds, bool run) {
  SchedCase c;
  int ok = sched_case_open(&c, prim, name, 1);
  g_cx = c.cx;
  ok = ok && sched_case_apply(&c, fn) && sched_case_check(&c, true);
  for (const char *const *b = binds; ok && run; b++) {
    if (!sched_same_numbers(c.before, c.after, "main", (b && *b) ? b : NULL, 1e-4)) ok = 0;
    if (!b) break;
    while (*b) b++;
    if (!b[1]) break;
  }
  sched_case_close(&c);
  return ok;
}

/* A case for a test's own checks; g_cx is its context. */
static Schedule *open_case(SchedCase *c, const char *prim, const char *name) {
  int ok = sched_case_open(c, prim, name, 1);
  g_cx = c->cx;
  return ok ? c->s : NULL;
}

static int golden(const char *prim, const char *name, SchedFn fn, const char *const *binds) {
  return golden_run(prim, name, fn, binds, true);
}

/* Apply fn, expect failure with msg (a substring) and nothing changed. */
static int fails(const char *prim, const char *name, SchedFn fn, const char *msg) {
  SchedCase c;
  int ok = sched_case_open(&c, prim, name, 1);
  g_cx = c.cx;
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

/* Binding groups: each NULL-terminated, the list ended by an empty group. */
static const char *const none[] = {NULL, NULL};
static const char *const n_shapes[] = {"n=37", NULL, "n=64", NULL, "n=1", NULL, NULL};
static const char *const nm_shapes[] = {"n=37", "m=19", NULL, "n=16", "m=1", NULL, NULL};

/* ---- index maps ---- */

static Node *v_(const char *name) { return ir_var(g_cx, name, DT_INT32); }
static Node *c_(int64_t v) { return ir_int(g_cx, DT_INT32, v); }
static Node *bin(NodeKind k, Node *a, Node *b) { return ir_bin(g_cx, k, a, b); }

typedef struct Map {
  Node *src[4], *dst[4];
  SchIndexMap m;
} Map;

static SchIndexMap *mk(Map *mp, int nsrc, int ndst) {
  mp->m = (SchIndexMap){mp->src, nsrc, mp->dst, ndst};
  return &mp->m;
}

/* lambda i, j: (i // 16, j // 8, i % 16, j % 8) */
static SchIndexMap *tile_map(Map *mp) {
  Node *i = v_("i"), *j = v_("j");
  mp->src[0] = i, mp->src[1] = j;
  mp->dst[0] = bin(NK_FLOORDIV, i, c_(16)), mp->dst[1] = bin(NK_FLOORDIV, j, c_(8));
  mp->dst[2] = bin(NK_FLOORMOD, i, c_(16)), mp->dst[3] = bin(NK_FLOORMOD, j, c_(8));
  return mk(mp, 2, 4);
}

/* lambda i, j: (j, i) */
static SchIndexMap *swap_map(Map *mp) {
  Node *i = v_("i"), *j = v_("j");
  mp->src[0] = i, mp->src[1] = j, mp->dst[0] = j, mp->dst[1] = i;
  return mk(mp, 2, 2);
}

/* lambda i, j: (i // 4, j, i % 4) */
static SchIndexMap *split_i_map(Map *mp, int64_t c) {
  Node *i = v_("i"), *j = v_("j");
  mp->src[0] = i, mp->src[1] = j;
  mp->dst[0] = bin(NK_FLOORDIV, i, c_(c)), mp->dst[1] = j, mp->dst[2] = bin(NK_FLOORMOD, i, c_(c));
  return mk(mp, 2, 3);
}

/* ---- transform_layout ---- */

static int tl_tile(Schedule *s) {
  Map mp;
  return sch_transform_layout(s, blk(s, "B"), 1, 0, tile_map(&mp), NULL);
}
static int tl_fused(Schedule *s) {
  Map mp;
  Node *i = v_("i"), *j = v_("j");
  mp.src[0] = i, mp.src[1] = j, mp.dst[0] = bin(NK_ADD, bin(NK_MUL, i, c_(32)), j);
  return sch_transform_layout(s, blk(s, "C"), 0, 0, mk(&mp, 2, 1), NULL);
}
static int tl_swap(Schedule *s) {
  Map mp;
  return sch_transform_layout(s, blk(s, "C"), 0, 0, swap_map(&mp), NULL);
}
static int tl_padded(Schedule *s) {
  Map mp;
  return sch_transform_layout(s, blk(s, "B"), 1, 0, split_i_map(&mp, 4), ir_float(g_cx, DT_FLOAT32, 0));
}
static int tl_padded_sym(Schedule *s) {
  Map mp;
  Node *i = v_("i");
  mp.src[0] = i, mp.dst[0] = bin(NK_FLOORDIV, i, c_(8)), mp.dst[1] = bin(NK_FLOORMOD, i, c_(8));
  return sch_transform_layout(s, blk(s, "B"), 1, 0, mk(&mp, 1, 2), ir_float(g_cx, DT_FLOAT32, -1));
}
static int tl_param(Schedule *s) {
  Map mp;
  return sch_transform_layout(s, blk(s, "B"), 0, 0, tile_map(&mp), NULL) ||
         sch_transform_layout(s, blk(s, "B"), 1, 0, swap_map(&mp), NULL);
}
static int tl_no_pad(Schedule *s) {
  Map mp;
  return sch_transform_layout(s, blk(s, "B"), 1, 0, split_i_map(&mp, 4), NULL);
}
static int tl_not_injective(Schedule *s) {
  Map mp;
  Node *i = v_("i"), *j = v_("j");
  mp.src[0] = i, mp.src[1] = j, mp.dst[0] = i, mp.dst[1] = bin(NK_FLOORDIV, j, c_(2));
  return sch_transform_layout(s, blk(s, "B"), 1, 0, mk(&mp, 2, 2), NULL);
}
static int tl_bad_index(Schedule *s) {
  Map mp;
  return sch_transform_layout(s, blk(s, "B"), 1, 3, swap_map(&mp), NULL);
}
static int tl_bad_arity(Schedule *s) {
  Map mp;
  Node *i = v_("i");
  mp.src[0] = i, mp.dst[0] = i;
  return sch_transform_layout(s, blk(s, "B"), 0, 0, mk(&mp, 1, 1), NULL);
}
static int tl_pad_type(Schedule *s) {
  Map mp;
  return sch_transform_layout(s, blk(s, "B"), 1, 0, split_i_map(&mp, 4), ir_int(g_cx, DT_INT32, 0));
}

TEST(transform_layout) {
  CHECK(golden("transform_layout", "intermediate", tl_tile, none));
  CHECK(golden("transform_layout", "fused", tl_fused, none));
  CHECK(golden("transform_layout", "symbolic", tl_swap, nm_shapes));
  CHECK(golden("transform_layout", "padded", tl_padded, none));
  CHECK(golden("transform_layout", "padded_symbolic", tl_padded_sym, n_shapes));
  CHECK(golden_run("transform_layout", "param", tl_param, none, false));
}

TEST(transform_layout_errors) {
  CHECK(fails("transform_layout", "padded", tl_no_pad,
              "the index map lambda i, j: (i // 4, j, i % 4) would introduce padding in buffer B wherever"));
  CHECK(fails("transform_layout", "padded", tl_no_pad, "a pad_value is required"));
  CHECK(fails("transform_layout", "intermediate", tl_not_injective, "is not bijective on buffer B"));
  CHECK(fails("transform_layout", "intermediate", tl_bad_index, "block \"B\" has 1 write buffer(s); index 3 is out of range"));
  CHECK(fails("transform_layout", "intermediate", tl_bad_arity, "takes 1 index(es) but buffer A has 2 dimension(s)"));
  CHECK(fails("transform_layout", "padded", tl_pad_type, "pad value's type does not match buffer B"));
}

TEST(transform_layout_trace) {
  SchedCase c;
  Schedule *s = open_case(&c, "transform_layout", "padded");
  CHECK(s && tl_padded(s) == 0);
  if (s) {
    const SchInst *in = sch_trace_inst(s, sch_trace_len(s) - 1);
    CHECK_STREQ(in->kind, "TransformLayout");
    CHECK(in->ninputs == 2 && in->nattrs == 4); /* TVM's order: pad_value is attribute 2 */
    CHECK(in->inputs[1].kind == SCH_ARG_NODE && in->attrs[2].kind == SCH_ARG_EXPR);
    CHECK(in->attrs[0].i == 0 && in->attrs[1].i == 1 && in->attrs[3].kind == SCH_ARG_BOOL);
    const SchInstKind *k = sch_inst_kind_lookup("TransformLayout");
    CHECK(k && !strcmp(k->py_method, "transform_layout"));
    /* replaying the instruction on a fresh schedule gives the same function */
    SchedCase c2;
    Schedule *s2 = open_case(&c2, "transform_layout", "padded");
    SchInst copy = *in;
    SchArg ins[2] = {in->inputs[0], in->inputs[1]};
    ins[0].rv = blk(s2, "B");
    copy.inputs = ins;
    SchRV outs[1];
    int n;
    CHECK(s2 && k && k->apply(s2, &copy, outs, &n) == 0);
    StrBuf a = {0}, b = {0};
    script_print(sch_mod(s), &a);
    if (s2) script_print(sch_mod(s2), &b);
    CHECK(a.data && b.data && !strcmp(a.data, b.data));
    sb_free(&a);
    sb_free(&b);
    sched_case_close(&c2);
  }
  sched_case_close(&c);
}

/* ---- pad_einsum ---- */

static int pe_matmul(Schedule *s) { return sch_pad_einsum(s, blk(s, "C"), (int64_t[]){32, 32, 16}, 3); }
static int pe_sym(Schedule *s) { return sch_pad_einsum(s, blk(s, "C"), (int64_t[]){16, 32, 32}, 3); }
static int pe_bad_count(Schedule *s) { return sch_pad_einsum(s, blk(s, "C"), (int64_t[]){16, 16}, 2); }
static int pe_bad_value(Schedule *s) { return sch_pad_einsum(s, blk(s, "C"), (int64_t[]){16, 0, 16}, 3); }
static int pe_nonein(Schedule *s) { return sch_pad_einsum(s, blk(s, "B"), (int64_t[]){16}, 1); }

TEST(pad_einsum) {
  CHECK(golden("pad_einsum", "matmul", pe_matmul, none));
  CHECK(golden("pad_einsum", "symbolic", pe_sym, n_shapes));
  CHECK(fails("pad_einsum", "matmul", pe_bad_count, "it should be a list of 3 positive integers"));
  CHECK(fails("pad_einsum", "matmul", pe_bad_value, "the padding for block \"C\" is invalid"));
  CHECK(fails("pad_einsum", "nonein", pe_nonein, "block \"B\" is not a computation of Einsum pattern"));
  SchedCase c;
  Schedule *s = open_case(&c, "pad_einsum", "matmul");
  CHECK(s && pe_matmul(s) == 0);
  if (s) {
    const SchInst *in = sch_trace_inst(s, sch_trace_len(s) - 1);
    CHECK_STREQ(in->kind, "PadEinsum");
    CHECK(in->ninputs == 1 && in->nattrs == 1 && in->attrs[0].kind == SCH_ARG_LIST && in->attrs[0].nitems == 3);
  }
  sched_case_close(&c);
}

/* ---- reindex ---- */

static int ri_read(Schedule *s) {
  SchRV o;
  return sch_reindex(s, blk(s, "B"), 0, 0, &o);
}
static int ri_matmul(Schedule *s) {
  SchRV o;
  return sch_reindex(s, blk(s, "C"), 1, 0, &o) || sch_reindex(s, blk(s, "C"), 0, 0, &o) ||
         sch_reindex(s, blk(s, "C"), 0, 1, &o);
}
static int ri_bad_index(Schedule *s) {
  SchRV o;
  return sch_reindex(s, blk(s, "B"), 1, 2, &o);
}
static int ri_mixed(Schedule *s) {
  SchRV o;
  return sch_reindex(s, blk(s, "B"), 0, 0, &o);
}

TEST(reindex) {
  CHECK(golden("reindex", "transpose", ri_read, none));
  CHECK(golden("reindex", "matmul", ri_matmul, none));
  CHECK(golden("reindex", "symbolic", ri_matmul, n_shapes));
  CHECK(fails("reindex", "transpose", ri_bad_index, "block \"B\" has 1 write buffer(s); index 2 is out of range"));
  CHECK(fails("reindex", "mixed", ri_mixed, "buffer A must be accessed with one set of indices in block \"B\""));
  SchedCase c;
  Schedule *s = open_case(&c, "reindex", "transpose");
  CHECK(s && ri_read(s) == 0);
  if (s) {
    const SchInst *in = sch_trace_inst(s, sch_trace_len(s) - 1);
    CHECK_STREQ(in->kind, "ReIndex");
    CHECK(in->ninputs == 1 && in->nattrs == 2 && in->noutputs == 1 && in->attrs[1].i == 0);
  }
  sched_case_close(&c);
}

/* ---- blockize of blocks with T.init() ---- */

static int bz_at(Schedule *s, const char *b, int k) {
  SchRV loops[8], o;
  int n;
  return sch_get_loops(s, blk(s, b), loops, 8, &n) || sch_blockize(s, loops[k], true, &o);
}
static int bz_gemm(Schedule *s) { return bz_at(s, "C", 3); }
static int bz_gemm_k(Schedule *s) { return bz_at(s, "C", 5); }
static int bz_reduce(Schedule *s) { return bz_at(s, "B", 1); }
static int bz_sym(Schedule *s) { return bz_at(s, "C", 3); }

TEST(blockize_init) {
  CHECK(golden("blockize_init", "gemm", bz_gemm, none));
  CHECK(golden("blockize_init", "reduce", bz_reduce, none));
  CHECK(golden("blockize_init", "symbolic", bz_sym, n_shapes));
  /* only the reduction loop: the outer block reduces, the init needs no loop */
  SchedCase c;
  Schedule *s = open_case(&c, "blockize_init", "gemm");
  CHECK(s && bz_gemm_k(s) == 0);
  StrBuf out = {0};
  if (s) script_print(sch_mod(s), &out);
  CHECK(out.data && strstr(out.data, "with T.init():") && strstr(out.data, "T.block(\"C_init\")"));
  if (out.data) CHECK(sched_same_numbers(c.before, out.data, "main", NULL, 1e-4));
  sb_free(&out);
  sched_case_close(&c);
}

int main(void) {
  RUN(transform_layout);
  RUN(transform_layout_errors);
  RUN(transform_layout_trace);
  RUN(pad_einsum);
  RUN(reindex);
  RUN(blockize_init);
  return harness_report();
}
