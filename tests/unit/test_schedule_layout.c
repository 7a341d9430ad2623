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
#include "ir/check.h"
#include "sched_util.h"
#include "script/script.h"
#include "tir/schedule/schedule.h"

typedef int (*ApplyFn)(Schedule *s);

static IrCtx *g_cx; /* the context of the schedule being tested */
static SourceFile *g_srcs[16]; /* parsed sources, alive while their nodes are */
static int g_nsrc;

static void done(IrCtx *cx) {
  ir_ctx_free(cx);
  while (g_nsrc) source_free(g_srcs[--g_nsrc]);
}

static char *slurp(const char *path) {
  size_t len;
  return read_file(path, &len);
}

static Node *parse_text(IrCtx *cx, const char *name, const char *text) {
  DiagCtx d;
  diag_init(&d);
  SourceFile *f = source_new(name, text, strlen(text));
  Node *r = script_parse(cx, f, &d);
  if (g_nsrc < 16) g_srcs[g_nsrc++] = f;
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
  g_cx = cx;
  return root ? sch_new(cx, root, "main", 1) : NULL;
}

/* Apply fn to prim/name.before.py; compare with .after.py; check,
 * round-trip; run at each binding set of binds (NULL-separated groups
 * ended by an empty group) unless run is false. */
static int golden_run(const char *prim, const char *name, ApplyFn fn, const char *const *binds, bool run) {
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
  if (ok && (!want || strcmp(want, out.data))) fprintf(stderr, "%s/%s: golden differs; got:\n%s\n", prim, name, out.data), ok = 0;
  if (ok) {
    DiagCtx d;
    diag_init(&d);
    if (ir_check(sch_mod(s), &d)) diag_print(&d, stderr), ok = 0;
    diag_free(&d);
  }
  Node *back = ok ? parse_text(cx, path, out.data) : NULL;
  if (ok && (!back || !ir_struct_equal(back, sch_mod(s)))) fprintf(stderr, "%s/%s: round trip\n", prim, name), ok = 0;
  for (const char *const *b = binds; ok && run; b++) {
    if (!sched_same_numbers(before, out.data, "main", (b && *b) ? b : NULL, 1e-4)) ok = 0;
    if (!b) break;
    while (*b) b++;
    if (!b[1]) break;
  }
  free(want);
  free(before);
  sb_free(&out);
  if (s) sch_free(s);
  done(cx);
  return ok;
}

static int golden(const char *prim, const char *name, ApplyFn fn, const char *const *binds) {
  return golden_run(prim, name, fn, binds, true);
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
  if (ok && sch_mod(s) != mod0) fprintf(stderr, "%s/%s: changed on error\n", prim, name), ok = 0;
  free(before);
  if (s) sch_free(s);
  done(cx);
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
  IrCtx *cx = ir_ctx_new();
  char *t;
  Schedule *s = open_sched(cx, "transform_layout", "padded", &t);
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
    IrCtx *cx2 = ir_ctx_new();
    char *t2;
    Schedule *s2 = open_sched(cx2, "transform_layout", "padded", &t2);
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
    free(t2);
    if (s2) sch_free(s2);
    ir_ctx_free(cx2);
    sch_free(s);
  }
  free(t);
  done(cx);
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
  IrCtx *cx = ir_ctx_new();
  char *t;
  Schedule *s = open_sched(cx, "pad_einsum", "matmul", &t);
  CHECK(s && pe_matmul(s) == 0);
  if (s) {
    const SchInst *in = sch_trace_inst(s, sch_trace_len(s) - 1);
    CHECK_STREQ(in->kind, "PadEinsum");
    CHECK(in->ninputs == 1 && in->nattrs == 1 && in->attrs[0].kind == SCH_ARG_LIST && in->attrs[0].nitems == 3);
    sch_free(s);
  }
  free(t);
  done(cx);
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
  IrCtx *cx = ir_ctx_new();
  char *t;
  Schedule *s = open_sched(cx, "reindex", "transpose", &t);
  CHECK(s && ri_read(s) == 0);
  if (s) {
    const SchInst *in = sch_trace_inst(s, sch_trace_len(s) - 1);
    CHECK_STREQ(in->kind, "ReIndex");
    CHECK(in->ninputs == 1 && in->nattrs == 2 && in->noutputs == 1 && in->attrs[1].i == 0);
    sch_free(s);
  }
  free(t);
  done(cx);
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
  IrCtx *cx = ir_ctx_new();
  char *t;
  Schedule *s = open_sched(cx, "blockize_init", "gemm", &t);
  CHECK(s && bz_gemm_k(s) == 0);
  StrBuf out = {0};
  if (s) script_print(sch_mod(s), &out);
  CHECK(out.data && strstr(out.data, "with T.init():") && strstr(out.data, "T.block(\"C_init\")"));
  if (out.data) CHECK(sched_same_numbers(t, out.data, "main", NULL, 1e-4));
  sb_free(&out);
  free(t);
  if (s) sch_free(s);
  done(cx);
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
