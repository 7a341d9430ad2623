/*
 * tensorize.c — sch_tensorize: replace a block (or a loop nest, blockized
 * first through sch_blockize_impl) by a tensor intrinsic's implementation.
 *
 * Matching (structural, up to loop order): the body of the outer block must
 * be a perfect loop nest over one block without predicate or init, as the
 * description's root body is.  Unit loops of the workload are dropped;
 * the remaining loops pair with the description's loops of equal extent
 * (every such pairing is tried, so the nest may be in any order).  With the
 * block bindings substituted, both computations must then be the same
 * expression tree, where each description buffer D stands for one workload
 * buffer W: W's trailing dims index as D's do plus an offset that does not
 * depend on the tensorized loops (proved with arith), W's leading dims are
 * fixed.  Those offsets give the region each implementation buffer is bound
 * to through match_buffer (its elem_offset and strides vars then take the
 * workload's values, as lower_match_buffer does).  The outer block keeps
 * its iterators, reads, writes and init; its body becomes the
 * implementation's.  A mismatch fails with what differs, nothing changed.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../../arith/arith.h"
#include "../../script/script.h"
#include "../intrin/intrin.h"
#include "../transform/transform.h"
#include "schedule_impl.h"

#define MAXL 8  /* non-unit loops in a nest (matching tries their pairings) */
#define MAXB 16 /* distinct buffers of one intrinsic description */

typedef struct Nest {
  Node *loops[MAXL]; /* non-unit loops, outermost first */
  int n;
  Node *realize; /* the inner BlockRealize */
  Node *body;    /* its computation, bindings substituted (loop vars) */
} Nest;

typedef struct BufMatch {
  Node *dbuf, *wbuf;
  Node **idx; /* per workload dim (nidx): lead index, or the offset of a trailing dim */
  int nidx;
} BufMatch;

typedef struct Matcher {
  Schedule *s;
  Analyzer *az;
  PtrMap inner; /* workload loop vars of the nest */
  BufMatch bufs[MAXB];
  int nbufs;
  StrBuf why; /* first difference */
} Matcher;

static void differ(Matcher *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void differ(Matcher *m, const char *fmt, ...) {
  if (m->why.len) return;
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  sb_puts(&m->why, tmp);
}

/* An expression as TVMScript, in one of four rotating buffers. */
static const char *estr(const Node *e) {
  static StrBuf ring[4];
  static int next;
  StrBuf *sb = &ring[next++ & 3];
  sb->len = 0;
  script_print_node(e, sb);
  return sb->data ? sb->data : "?";
}

/* ---- the nests --------------------------------------------------------------------- */

/* Walk a perfect nest from stmt; unit loop vars map to their min in sub. */
static const char *read_nest(IrCtx *cx, Node *stmt, Nest *n, PtrMap *sub) {
  n->n = 0;
  while (stmt->kind == NK_FOR) {
    IrFor *f = IR_AS(IrFor, stmt);
    int64_t ext;
    if (!ir_is_const_int(f->extent, &ext)) return "a loop with a non-constant extent";
    if (ext == 1) ptrmap_put(sub, f->var, f->min);
    else if (n->n == MAXL) return "a nest of more than 8 non-unit loops (not supported)";
    else n->loops[n->n++] = stmt;
    stmt = f->body;
  }
  if (stmt->kind != NK_BLOCK_REALIZE) return "not a perfect loop nest over one block";
  IrBlockRealize *r = IR_AS(IrBlockRealize, stmt);
  IrBlock *b = IR_AS(IrBlock, r->block);
  if (!tir_is_const(r->predicate, 1)) return "a block with a predicate";
  if (b->init) return "a block with an init statement (decompose_reduction first)";
  if (b->body->kind != NK_BUFFER_STORE) return "a block whose body is not one BufferStore";
  for (int32_t i = 0; i < b->iter_vars.n; i++)
    ptrmap_put(sub, IR_AS(IrIterVar, b->iter_vars.v[i])->var, tir_subst(cx, r->iter_values.v[i], sub, NULL));
  n->realize = stmt;
  n->body = tir_subst(cx, b->body, sub, NULL);
  return NULL;
}

/* ---- comparison -------------------------------------------------------------------- */

static bool uses_inner_fn(Node *n, void *ud) {
  bool **st = ud;
  if (*st[1]) return false;
  if (ptrmap_has((PtrMap *)st[0], n)) *st[1] = true;
  return true;
}

static bool uses_inner(Matcher *m, Node *e) {
  bool found = false;
  void *st[2] = {&m->inner, &found};
  ir_walk(e, uses_inner_fn, st);
  return found;
}

static bool match_access(Matcher *m, Node *db, NodeList di, Node *wb, NodeList wi) {
  IrBuffer *D = IR_AS(IrBuffer, db), *W = IR_AS(IrBuffer, wb);
  if (!dtype_eq(db->dtype, wb->dtype))
    return differ(m, "buffer '%s' is %s but the intrinsic's '%s' is %s", W->name, dtype_str(wb->dtype), D->name,
                  dtype_str(db->dtype)), false;
  int lead = wi.n - di.n;
  if (lead < 0)
    return differ(m, "buffer '%s' has %d dims, the intrinsic's '%s' %d", W->name, wi.n, D->name, di.n), false;
  Node **idx = sch_scratch(m->s->cx, wi.n, sizeof *idx);
  for (int d = 0; d < wi.n; d++) {
    Node *e = arith_simplify(m->az, d < lead ? wi.v[d] : tir_sub(m->s->cx, wi.v[d], di.v[d - lead]));
    if (uses_inner(m, e))
      return differ(m, "index %d of '%s' is %s, the intrinsic's '%s' index is %s", d, W->name, estr(wi.v[d]),
                    D->name, d < lead ? "(none)" : estr(di.v[d - lead])), false;
    idx[d] = e;
  }
  for (int k = 0; k < m->nbufs; k++) {
    BufMatch *b = &m->bufs[k];
    if (b->dbuf != db) continue;
    if (b->wbuf != wb)
      return differ(m, "the intrinsic's '%s' stands for both '%s' and '%s'", D->name, IR_AS(IrBuffer, b->wbuf)->name,
                    W->name), false;
    for (int d = 0; d < wi.n && d < b->nidx; d++)
      if (!arith_can_prove_equal(m->az, b->idx[d], idx[d]))
        return differ(m, "'%s' is accessed at two different offsets", W->name), false;
    return true;
  }
  if (m->nbufs == MAXB) return differ(m, "the intrinsic uses more than %d buffers (not supported)", MAXB), false;
  BufMatch *b = &m->bufs[m->nbufs++];
  b->dbuf = db, b->wbuf = wb;
  b->idx = idx, b->nidx = wi.n;
  return true;
}

static void kid(Node *c, void *ud) { ptrvec_push(ud, c); }

/* d (description, loop vars renamed) against w (workload). */
static bool same(Matcher *m, Node *d, Node *w) {
  if (d == w) return true;
  if (d->kind != w->kind || !dtype_eq(d->dtype, w->dtype))
    return differ(m, "the block computes %s where the intrinsic computes %s", estr(w), estr(d)), false;
  switch (d->kind) {
  case NK_BUFFER_LOAD: {
    IrBufferLoad *a = IR_AS(IrBufferLoad, d), *b = IR_AS(IrBufferLoad, w);
    return match_access(m, a->buffer, a->indices, b->buffer, b->indices);
  }
  case NK_BUFFER_STORE: {
    IrBufferStore *a = IR_AS(IrBufferStore, d), *b = IR_AS(IrBufferStore, w);
    return match_access(m, a->buffer, a->indices, b->buffer, b->indices) && same(m, a->value, b->value);
  }
  case NK_INT: case NK_FLOAT: case NK_STRING: case NK_VAR: case NK_SIZEVAR:
    if (ir_struct_equal(d, w)) return true;
    return differ(m, "the block has %s where the intrinsic has %s", estr(w), estr(d)), false;
  case NK_CALL:
    if (strcmp(IR_AS(IrCall, d)->op, IR_AS(IrCall, w)->op))
      return differ(m, "the block calls %s where the intrinsic calls %s", IR_AS(IrCall, w)->op,
                    IR_AS(IrCall, d)->op), false;
    break;
  default:
    if (!ir_is_expr(d)) return differ(m, "unsupported statement in the description"), false;
  }
  PtrVec kd = {0}, kw = {0};
  ir_visit_children(d, kid, &kd);
  ir_visit_children(w, kid, &kw);
  bool ok = kd.len == kw.len;
  if (!ok) differ(m, "the block computes %s where the intrinsic computes %s", estr(w), estr(d));
  for (int32_t i = 0; ok && i < kd.len; i++) ok = same(m, kd.data[i], kw.data[i]);
  ptrvec_free(&kd), ptrvec_free(&kw);
  return ok;
}

/* Try every extent-respecting pairing of description loops with workload
 * loops (perm[i]: the workload loop of description loop i). */
static bool try_perms(Matcher *m, const Nest *dn, const Nest *wn, int *perm, int i, bool *used) {
  if (i == dn->n) {
    PtrMap ren = {0};
    for (int k = 0; k < dn->n; k++)
      ptrmap_put(&ren, IR_AS(IrFor, dn->loops[k])->var, IR_AS(IrFor, wn->loops[perm[k]])->var);
    Node *d = tir_subst(m->s->cx, dn->body, &ren, NULL);
    ptrmap_free(&ren);
    m->nbufs = 0;
    return same(m, d, wn->body);
  }
  for (int k = 0; k < wn->n; k++) {
    if (used[k] || !ir_struct_equal(IR_AS(IrFor, dn->loops[i])->extent, IR_AS(IrFor, wn->loops[k])->extent))
      continue;
    used[k] = true, perm[i] = k;
    bool ok = try_perms(m, dn, wn, perm, i + 1, used);
    used[k] = false;
    if (ok) return true;
  }
  if (i == 0 && !m->why.len) differ(m, "no pairing of the loops has equal extents");
  return false;
}

static void extents(StrBuf *sb, const Nest *n) {
  sb_putc(sb, '[');
  for (int i = 0; i < n->n; i++) sb_printf(sb, "%s%s", i ? ", " : "", estr(IR_AS(IrFor, n->loops[i])->extent));
  sb_putc(sb, ']');
}

/* ---- the replacement ------------------------------------------------------------------ */

static Node *fresh_var(IrCtx *cx, Node *v, const char *prefix) {
  if (!v || !ir_is_tir_var(v)) return v;
  char nm[128];
  snprintf(nm, sizeof nm, "%s_%s", prefix, IR_AS(IrVar, v)->name);
  Node *nv = ir_clone(cx, v);
  IR_AS(IrVar, nv)->name = intern(nm);
  return ir_finish(cx, nv);
}

/* A copy of implementation buffer ib named after the workload buffer, with
 * fresh vars (recorded in vars); its match_buffer region in wb. */
static Node *bind_buffer(Schedule *s, Node *ib, const BufMatch *bm, PtrMap *vars, Node **region) {
  IrCtx *cx = s->cx;
  IrBuffer *I = IR_AS(IrBuffer, ib), *W = IR_AS(IrBuffer, bm->wbuf);
  char nm[128];
  snprintf(nm, sizeof nm, "%s_1", W->name);
  const char *name = sch_unique_block_name(s, nm); /* a name not used by any block */
  Node *nb = ir_clone(cx, ib);
  IrBuffer *B = IR_AS(IrBuffer, nb);
  B->name = intern(name);
  B->data = fresh_var(cx, I->data, name);
  ptrmap_put(vars, I->data, B->data);
  B->elem_offset = fresh_var(cx, I->elem_offset, name);
  if (I->elem_offset != B->elem_offset) ptrmap_put(vars, I->elem_offset, B->elem_offset);
  Node **st = sch_scratch(cx, I->strides.n, sizeof *st);
  for (int32_t i = 0; i < I->strides.n; i++) {
    st[i] = fresh_var(cx, I->strides.v[i], name);
    if (st[i] != I->strides.v[i]) ptrmap_put(vars, I->strides.v[i], st[i]);
  }
  B->strides = ir_list(cx, st, I->strides.n);
  B->scope = W->scope;
  nb = ir_finish(cx, nb);
  int nd = bm->nidx, lead = nd - I->shape.n;
  Node **mins = sch_scratch(cx, nd, sizeof *mins), **exts = sch_scratch(cx, nd, sizeof *exts);
  for (int d = 0; d < nd; d++) {
    mins[d] = bm->idx[d];
    exts[d] = d < lead ? ir_int(cx, mins[d]->dtype, 1) : I->shape.v[d - lead];
    if (d >= lead && !dtype_eq(exts[d]->dtype, mins[d]->dtype)) exts[d] = ir_cast(cx, mins[d]->dtype, exts[d]);
  }
  *region = sch_mk_region(cx, bm->wbuf, mins, exts, nd);
  return nb;
}

/* The outer block with its body replaced by impl's root body. */
static Node *substitute(Matcher *m, Node *outer, Node *desc, Node *impl, const char *intrin) {
  IrCtx *cx = m->s->cx;
  IrPrimFunc *df = IR_AS(IrPrimFunc, desc), *mf = IR_AS(IrPrimFunc, impl);
  if (df->params.n != mf->params.n || df->buffer_map.n != mf->buffer_map.n)
    return sch_fail(m->s, "tensorize: intrinsic '%s': description and implementation differ in parameters", intrin),
           NULL;
  PtrMap vars = {0}, bufs = {0};
  Node **mbs = sch_scratch(cx, df->buffer_map.n, sizeof *mbs);
  int nmb = 0;
  for (int32_t i = 0; i < df->buffer_map.n; i++) {
    Node *db = IR_AS(IrBinary, df->buffer_map.v[i])->b, *ib = IR_AS(IrBinary, mf->buffer_map.v[i])->b;
    const BufMatch *bm = NULL;
    for (int k = 0; k < m->nbufs; k++)
      if (m->bufs[k].dbuf == db) bm = &m->bufs[k];
    if (!bm) {
      ptrmap_free(&vars), ptrmap_free(&bufs);
      return sch_fail(m->s, "tensorize: intrinsic '%s': its buffer '%s' is not used by the description", intrin,
                      IR_AS(IrBuffer, db)->name), NULL;
    }
    Node *region, *nb = bind_buffer(m->s, ib, bm, &vars, &region);
    ptrmap_put(&bufs, ib, nb);
    Node *mb = ir_alloc(cx, NK_MATCH_BUFFER, span_none());
    IR_AS(IrMatchBuffer, mb)->buffer = nb;
    IR_AS(IrMatchBuffer, mb)->source = region;
    mbs[nmb++] = ir_finish(cx, mb);
  }
  Node *body = mf->body;
  if (body->kind == NK_BLOCK_REALIZE) body = sch_block_of(body)->body;
  body = tir_subst(cx, body, &vars, &bufs);
  ptrmap_free(&vars), ptrmap_free(&bufs);
  Node *nblk = ir_clone(cx, IR_AS(IrBlockRealize, outer)->block);
  IrBlock *B = IR_AS(IrBlock, nblk);
  Node **all = sch_scratch(cx, B->match_buffers.n + nmb, sizeof *all);
  int na = 0;
  for (int32_t i = 0; i < B->match_buffers.n; i++) all[na++] = B->match_buffers.v[i];
  for (int i = 0; i < nmb; i++) all[na++] = mbs[i];
  B->match_buffers = ir_list(cx, all, na);
  B->body = body;
  Node *nr = ir_clone(cx, outer);
  IR_AS(IrBlockRealize, nr)->block = ir_finish(cx, nblk);
  return ir_finish(cx, nr);
}

/* ---- the primitive ------------------------------------------------------------------- */

static Node *desc_nest(Node *desc) {
  Node *b = IR_AS(IrPrimFunc, desc)->body;
  return b->kind == NK_BLOCK_REALIZE ? sch_block_of(b)->body : b;
}

/* Match outer's body against the intrinsic; the new outer realize or NULL. */
static Node *match(Schedule *s, Node *outer, const char *intrin) {
  Node *desc, *impl;
  char *err = NULL;
  if (tir_intrin_get(s->cx, intrin, &desc, &impl, &err) != 0) {
    sch_fail(s, "tensorize: %s", err);
    free(err);
    return NULL;
  }
  const char *bname = sch_block_of(outer)->name;
  Nest dn, wn;
  PtrMap dsub = {0}, wsub = {0};
  const char *bad = read_nest(s->cx, desc_nest(desc), &dn, &dsub);
  if (bad) {
    ptrmap_free(&dsub);
    return sch_fail(s, "tensorize: intrinsic '%s': the description is %s", intrin, bad), NULL;
  }
  bad = read_nest(s->cx, sch_block_of(outer)->body, &wn, &wsub);
  ptrmap_free(&dsub), ptrmap_free(&wsub);
  if (bad) return sch_fail(s, "tensorize: the body of block '%s' is %s", bname, bad), NULL;
  Matcher m = {s, arith_new(s->cx), {0}, {{0}}, 0, {0}};
  IrBlock *ob = sch_block_of(outer);
  for (int32_t i = 0; i < ob->iter_vars.n; i++) {
    IrIterVar *iv = IR_AS(IrIterVar, ob->iter_vars.v[i]);
    IrRange *r = IR_AS(IrRange, iv->dom);
    arith_bind(m.az, iv->var, r->min, r->extent);
  }
  for (int i = 0; i < wn.n; i++) {
    IrFor *f = IR_AS(IrFor, wn.loops[i]);
    arith_bind(m.az, f->var, f->min, f->extent);
    ptrmap_put(&m.inner, f->var, (void *)1);
  }
  Node *res = NULL;
  int perm[MAXL];
  bool used[MAXL] = {0};
  if (dn.n != wn.n) {
    StrBuf sb = {0};
    sb_printf(&sb, "block '%s' has %d loops of extents ", bname, wn.n);
    extents(&sb, &wn);
    sb_printf(&sb, ", intrinsic '%s' has %d: ", intrin, dn.n);
    extents(&sb, &dn);
    sch_fail(s, "tensorize: %s", sb.data);
    free(sb.data);
  } else if (!try_perms(&m, &dn, &wn, perm, 0, used)) {
    sch_fail(s, "tensorize: block '%s' does not match intrinsic '%s': %s", bname, intrin, m.why.data);
  } else {
    res = substitute(&m, outer, desc, impl, intrin);
  }
  free(m.why.data);
  ptrmap_free(&m.inner);
  arith_free(m.az);
  return res;
}

int sch_tensorize(Schedule *s, SchRV rv, const char *intrin, bool preserve_unit_iters) {
  SchPath path = {0};
  Node *target = sch_stmt_lookup(s, rv, &path);
  if (!target) return -1;
  Node *outer = target, *inner = NULL;
  if (target->kind == NK_FOR) outer = sch_blockize_impl(s, &path, preserve_unit_iters, &inner);
  Node *nr = outer ? match(s, outer, intrin) : NULL;
  if (!nr) {
    sch_path_free(&path);
    return -1;
  }
  sch_replace(s, &path, path.n - 1, nr);
  sch_path_free(&path);
  sch_refresh_rvs(s);
  SchArg in[] = {sch_arg_rv(rv)}, at[] = {sch_arg_str(intrin), sch_arg_bool(preserve_unit_iters)};
  return sch_record(s, "Tensorize", in, 1, at, 2, NULL, NULL, 0);
}

/* ---- the instruction kind ----------------------------------------------------------- */

static int apply_tensorize(Schedule *s, const SchInst *inst, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, inst, "r", "sB")) return -1;
  bool pui = inst->attrs[1].i != 0;
  return sch_tensorize(s, inst->inputs[0].rv, inst->attrs[0].s, pui);
}

static const char *const tensorize_inputs[] = {"block_or_loop", NULL};
static const char *const tensorize_attrs[] = {"tensor_intrin", "preserve_unit_iters", NULL};
const SchInstKind sch_kind_tensorize = {"Tensorize", "tensorize", apply_tensorize, tensorize_inputs,
                                        tensorize_attrs};
