/*
 * lower_match_buffer.c — LowerMatchBuffer: a buffer matched to a region of
 * another (`A_sub = T.match_buffer(A[i*4:i*4+4], (4,))`) is replaced by its
 * source: `A_sub[k]` becomes `A[i*4 + k]`, as TVM's pass does.
 *   - a source with more dimensions than the matched buffer: the leading
 *     region dimensions must have extent 1 and index at their min;
 *   - the matched buffer's symbolic shape vars are bound to the region
 *     extents, its elem_offset var to the source's offset plus the region
 *     start, its stride vars to the source strides (or the row-major ones),
 *     its data var to the source's data var: every use is substituted;
 *   - constant shapes that disagree with the region are reported.
 * Before: opaque blocks.  After: no block has match_buffers.
 */
#include <stdlib.h>

#include "../../arith/arith.h"
#include "transform.h"

typedef struct Match {
  Node *src;      /* source buffer (already lowered) */
  NodeList mins;  /* per source dimension */
  int lead;       /* source dims before the matched buffer's */
} Match;

typedef struct LMB {
  IrCtx *cx;
  Analyzer *az;
  PtrMap match; /* matched buffer -> Match * */
  PtrMap vars;  /* shape/offset/stride/data vars -> value */
  PtrVec owned;
  DiagCtx *diag;
  const char *fname;
  bool failed;
} LMB;

static Node *lm(Node *n, void *ud);

static NodeList map_indices(LMB *l, Match *m, NodeList idx) {
  int nd = m->mins.n;
  Node **v = arena_alloc(l->cx->arena, sizeof(Node *) * (size_t)(nd + 1));
  for (int d = 0; d < nd; d++) {
    Node *mn = m->mins.v[d];
    v[d] = d < m->lead ? mn : arith_simplify(l->az, tir_add(l->cx, mn, idx.v[d - m->lead]));
  }
  NodeList r = {v, nd};
  return r;
}

/* Bind var-valued fields of the matched buffer (error if a constant disagrees). */
static void bind(LMB *l, Node *field, Node *value, const char *what, const char *bname, Span sp) {
  if (!field || !value) return;
  if (ir_is_tir_var(field)) {
    if (!ptrmap_has(&l->vars, field)) ptrmap_put(&l->vars, field, value);
    return;
  }
  Node *f = tir_subst(l->cx, field, &l->vars, NULL);
  if (!arith_can_prove_equal(l->az, f, value)) {
    int64_t a, b;
    if (ir_is_const_int(f, &a) && ir_is_const_int(arith_simplify(l->az, value), &b)) {
      diag_error(l->diag, sp, "%s: LowerMatchBuffer: %s of match buffer '%s' is %lld but the region gives %lld",
                 l->fname, what, bname, (long long)a, (long long)b);
      l->failed = true;
    }
  }
}

static void add_match(LMB *l, Node *mb, Span sp) {
  IrMatchBuffer *M = IR_AS(IrMatchBuffer, mb);
  Node *src = lm(M->source, l); /* a source may itself be a matched buffer */
  IrBufferRegion *R = IR_AS(IrBufferRegion, src);
  const IrBuffer *B = IR_AS(IrBuffer, M->buffer), *S = IR_AS(IrBuffer, R->buffer);
  int lead = R->region.n - B->shape.n;
  if (lead < 0) {
    diag_error(l->diag, sp, "%s: LowerMatchBuffer: match buffer '%s' has more dimensions than its region", l->fname,
               B->name);
    l->failed = true;
    return;
  }
  Match *m = xcalloc(1, sizeof *m);
  ptrvec_push(&l->owned, m);
  m->src = R->buffer;
  m->lead = lead;
  Node **mins = arena_alloc(l->cx->arena, sizeof(Node *) * (size_t)(R->region.n + 1));
  for (int32_t d = 0; d < R->region.n; d++) {
    IrRange *g = IR_AS(IrRange, R->region.v[d]);
    mins[d] = g->min;
    if (d < lead && !arith_can_prove_equal(l->az, g->extent, ir_int(l->cx, g->extent->dtype, 1))) {
      diag_error(l->diag, sp, "%s: LowerMatchBuffer: region dimension %d of '%s' must have extent 1", l->fname, d,
                 B->name);
      l->failed = true;
    }
    if (d >= lead) bind(l, B->shape.v[d - lead], g->extent, "a dimension", B->name, sp);
  }
  m->mins = ir_list(l->cx, mins, R->region.n);
  ptrmap_put(&l->match, M->buffer, m);
  ptrmap_put(&l->vars, B->data, S->data);
  /* offset of the region start, in elements, and the source strides */
  DType t = R->region.n ? mins[0]->dtype : DT_INT32;
  Node *off = ir_int(l->cx, t, 0), *stride = ir_int(l->cx, t, 1);
  Node **strides = arena_alloc(l->cx->arena, sizeof(Node *) * (size_t)(R->region.n + 1));
  for (int32_t d = R->region.n - 1; d >= 0; d--) {
    strides[d] = S->strides.n ? S->strides.v[d] : stride;
    off = tir_add(l->cx, off, tir_mul(l->cx, mins[d], strides[d]));
    if (!S->strides.n) stride = tir_mul(l->cx, stride, S->shape.v[d]);
  }
  if (S->elem_offset) off = tir_add(l->cx, S->elem_offset, off);
  bind(l, B->elem_offset, arith_simplify(l->az, off), "elem_offset", B->name, sp);
  for (int32_t d = 0; d < B->strides.n; d++) bind(l, B->strides.v[d], strides[d + lead], "a stride", B->name, sp);
}

static Node *lm(Node *n, void *ud) {
  LMB *l = ud;
  if (!n || n->kind == NK_INT || n->kind == NK_FLOAT || n->kind == NK_STRING) return n;
  if (ir_is_tir_var(n)) return ptrmap_has(&l->vars, n) ? ptrmap_get(&l->vars, n) : n;
  if (n->kind == NK_BUFFER || ir_cat(n) == CAT_VAR) return n;
  if (n->kind == NK_BLOCK && IR_AS(IrBlock, n)->match_buffers.n) {
    IrBlock *B = IR_AS(IrBlock, n);
    for (int32_t i = 0; i < B->match_buffers.n; i++) add_match(l, B->match_buffers.v[i], n->span);
    Node *c = ir_clone(l->cx, n);
    IR_AS(IrBlock, c)->match_buffers = ir_list_empty();
    n = ir_finish(l->cx, c);
  }
  Node *r = ir_mutate_children(l->cx, n, lm, ud);
  Match *m;
  switch (r->kind) {
  case NK_BUFFER_LOAD:
    if (!(m = ptrmap_get(&l->match, IR_AS(IrBufferLoad, r)->buffer))) return r;
    r = ir_clone(l->cx, r);
    IR_AS(IrBufferLoad, r)->indices = map_indices(l, m, IR_AS(IrBufferLoad, r)->indices);
    IR_AS(IrBufferLoad, r)->buffer = m->src;
    return ir_finish(l->cx, r);
  case NK_BUFFER_STORE:
    if (!(m = ptrmap_get(&l->match, IR_AS(IrBufferStore, r)->buffer))) return r;
    r = ir_clone(l->cx, r);
    IR_AS(IrBufferStore, r)->indices = map_indices(l, m, IR_AS(IrBufferStore, r)->indices);
    IR_AS(IrBufferStore, r)->buffer = m->src;
    return ir_finish(l->cx, r);
  case NK_BUFFER_REGION: {
    IrBufferRegion *R = IR_AS(IrBufferRegion, r);
    if (!(m = ptrmap_get(&l->match, R->buffer))) return r;
    Node **v = arena_alloc(l->cx->arena, sizeof(Node *) * (size_t)(m->mins.n + 1));
    for (int32_t d = 0; d < m->mins.n; d++) {
      Node *mn = m->mins.v[d];
      if (d < m->lead) {
        v[d] = ir_range(l->cx, mn, ir_int(l->cx, mn->dtype, 1));
      } else {
        IrRange *g = IR_AS(IrRange, R->region.v[d - m->lead]);
        v[d] = ir_range(l->cx, arith_simplify(l->az, tir_add(l->cx, mn, g->min)), g->extent);
      }
    }
    r = ir_clone(l->cx, r);
    IR_AS(IrBufferRegion, r)->buffer = m->src;
    IR_AS(IrBufferRegion, r)->region = ir_list(l->cx, v, m->mins.n);
    return ir_finish(l->cx, r);
  }
  default: return r;
  }
}

Node *tir_lower_match_buffer(TirPassCtx *pc, Node *func) {
  LMB l = {.cx = pc->cx, .az = arith_new(pc->cx), .diag = pc->diag, .fname = pc->name};
  Node *body = lm(IR_AS(IrPrimFunc, func)->body, &l);
  for (int32_t i = 0; i < l.owned.len; i++) free(l.owned.data[i]);
  ptrvec_free(&l.owned);
  ptrmap_free(&l.match);
  ptrmap_free(&l.vars);
  arith_free(l.az);
  return l.failed ? NULL : tir_func_with_body(pc->cx, func, body);
}
