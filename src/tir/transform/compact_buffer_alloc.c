/*
 * compact_buffer_alloc.c — CompactBufferAllocation: an alloc_buffer shrinks
 * to the region that is actually accessed under its block, and every index
 * of it is shifted by the region's min, as TVM's pass does.
 *   - accesses are BufferLoad/BufferStore indices and match_buffer sources
 *     (T.reads/T.writes are rewritten but not trusted);
 *   - an index is relaxed over the loops between the allocating block and
 *     the access (arith_symbolic_bound), loops outside stay symbolic, so a
 *     per-iteration tile `A[i * 16 + k]` (k in the block) compacts to 16;
 *   - a dimension is compacted only when its new extent uses no loop var,
 *     is provably <= the old one (or is a constant where the old one is
 *     symbolic: accesses are assumed in bounds, as TVM assumes), and its min
 *     is provably >= 0; otherwise it
 *     keeps [0, shape).  Buffers with strides, or whose data var is used
 *     directly (opaque access), are left alone.
 * Before: opaque blocks (ConvertBlocksToOpaque).  After: alloc_buffers with
 * their compacted shapes; reads/writes/match sources shifted alike.
 * Not done (TVM does): narrowing by if/predicate conditions, storage_align
 * annotations, DeclBuffer/Allocate outside blocks.
 */
#include <stdlib.h>

#include "../../arith/arith.h"
#include "transform.h"

typedef struct Acc {
  Node *buf;
  int depth;        /* loop-stack depth at the allocating block */
  bool opaque;      /* data var used directly */
  Node **lo, **hi;  /* per dim; NULL: not accessed yet */
  bool *full;       /* per dim: give up */
} Acc;

typedef struct Comp {
  IrCtx *cx;
  Analyzer *all;  /* every enclosing loop bound */
  PtrVec loops;   /* enclosing For nodes */
  PtrMap loopvar; /* loop var -> itself */
  PtrMap acc;     /* buffer -> Acc * */
  PtrMap data;    /* data var -> Acc * */
  PtrVec accs;    /* Acc *, owned */
  PtrMap newbuf;  /* buffer -> compacted buffer */
  PtrMap shift;   /* buffer -> Node ** mins */
  DiagCtx *diag;
  const char *fname;
  bool failed;
} Comp;

static bool uses_loop(Node *e, Comp *c);

typedef struct UL { Comp *c; bool found; } UL;
static bool ul_walk(Node *n, void *ud) {
  UL *u = ud;
  if (ir_is_tir_var(n) && ptrmap_has(&u->c->loopvar, n)) u->found = true;
  return !u->found && n->kind != NK_BUFFER;
}
static bool uses_loop(Node *e, Comp *c) {
  UL u = {c, false};
  ir_walk(e, ul_walk, &u);
  return u.found;
}

/* Record that dimension d of a's buffer is accessed in [lo, hi]. */
static void widen_dim(Comp *c, Acc *a, int d, Node *lo, Node *hi) {
  if (a->full[d]) return;
  if (!a->lo[d]) {
    a->lo[d] = lo, a->hi[d] = hi;
    return;
  }
  if (arith_can_prove(c->all, ir_bin(c->cx, NK_LE, lo, a->lo[d]))) a->lo[d] = lo;
  else if (!arith_can_prove(c->all, ir_bin(c->cx, NK_LE, a->lo[d], lo))) a->full[d] = true;
  if (arith_can_prove(c->all, ir_bin(c->cx, NK_GE, hi, a->hi[d]))) a->hi[d] = hi;
  else if (!arith_can_prove(c->all, ir_bin(c->cx, NK_GE, a->hi[d], hi))) a->full[d] = true;
}

/* An access of a's buffer: per dimension [mins[d], mins[d] + exts[d] - 1]
 * (exts NULL: points). */
static void access(Comp *c, Acc *a, NodeList mins, NodeList exts) {
  int nd = IR_AS(IrBuffer, a->buf)->shape.n;
  if (mins.n != nd) {
    a->opaque = true;
    return;
  }
  Analyzer *rel = arith_new(c->cx);
  for (int32_t i = a->depth; i < c->loops.len; i++) {
    IrFor *F = IR_AS(IrFor, c->loops.data[i]);
    arith_bind(rel, F->var, F->min, F->extent);
  }
  for (int d = 0; d < nd; d++) {
    Node *m = mins.v[d];
    if (m->dtype.lanes != 1) {
      a->full[d] = true;
      continue;
    }
    Node *lo, *hi, *l2, *h2;
    arith_symbolic_bound(rel, m, &lo, &hi);
    if (exts.n) {
      Node *last = tir_sub(c->cx, tir_add(c->cx, m, exts.v[d]), ir_int(c->cx, m->dtype, 1));
      arith_symbolic_bound(rel, last, &l2, &h2);
      hi = h2;
    }
    widen_dim(c, a, d, lo, hi);
  }
  arith_free(rel);
}

static void finish_block(Comp *c, Node *blk) {
  IrBlock *B = IR_AS(IrBlock, blk);
  for (int32_t i = 0; i < B->alloc_buffers.n; i++) {
    Node *b = B->alloc_buffers.v[i];
    Acc *a = ptrmap_get(&c->acc, b);
    const IrBuffer *Bf = IR_AS(IrBuffer, b);
    if (!a || a->opaque || Bf->strides.n) continue;
    Node **shape = arena_alloc(c->cx->arena, sizeof(Node *) * (size_t)(Bf->shape.n + 1));
    Node **mins = arena_alloc(c->cx->arena, sizeof(Node *) * (size_t)(Bf->shape.n + 1));
    bool changed = false;
    for (int32_t d = 0; d < Bf->shape.n; d++) {
      Node *old = Bf->shape.v[d];
      shape[d] = old;
      mins[d] = ir_int(c->cx, old->dtype, 0);
      if (a->full[d] || !a->lo[d] || !dtype_eq(a->lo[d]->dtype, old->dtype)) continue;
      Node *lo = arith_simplify(c->all, a->lo[d]);
      Node *ext = arith_simplify(c->all, tir_add(c->cx, tir_sub(c->cx, a->hi[d], lo), ir_int(c->cx, lo->dtype, 1)));
      /* accesses are assumed in bounds (as TVM does): a constant extent
       * fits a symbolic dimension that is accessed at all */
      int64_t k;
      bool fits = arith_can_prove(c->all, ir_bin(c->cx, NK_LE, ext, old)) ||
                  (ir_is_const_int(ext, &k) && !ir_is_const_int(old, &k));
      if (uses_loop(ext, c) || !fits ||
          !arith_can_prove(c->all, ir_bin(c->cx, NK_GE, lo, ir_int(c->cx, lo->dtype, 0))))
        continue;
      if (ext != old || !tir_is_const(lo, 0)) changed = true;
      shape[d] = ext;
      mins[d] = lo;
    }
    if (!changed) continue;
    Node *nb = tir_buffer_with_shape(c->cx, b, ir_list(c->cx, shape, Bf->shape.n), ir_list_empty());
    ptrmap_put(&c->newbuf, b, nb);
    ptrmap_put(&c->shift, b, mins);
  }
}

static void collect(Node *n, Comp *c);
static void collect_child(Node *n, void *ud) { collect(n, ud); }

static void collect(Node *n, Comp *c) {
  if (!n) return;
  switch (n->kind) {
  case NK_BUFFER: case NK_BUFFER_REGION: return;
  case NK_VAR: {
    Acc *a = ptrmap_get(&c->data, n);
    if (a) a->opaque = true;
    return;
  }
  case NK_BUFFER_LOAD: {
    Acc *a = ptrmap_get(&c->acc, IR_AS(IrBufferLoad, n)->buffer);
    if (a) access(c, a, IR_AS(IrBufferLoad, n)->indices, ir_list_empty());
    break;
  }
  case NK_BUFFER_STORE: {
    Acc *a = ptrmap_get(&c->acc, IR_AS(IrBufferStore, n)->buffer);
    if (a) access(c, a, IR_AS(IrBufferStore, n)->indices, ir_list_empty());
    break;
  }
  case NK_FOR: {
    IrFor *F = IR_AS(IrFor, n);
    collect(F->min, c);
    collect(F->extent, c);
    arith_push(c->all);
    arith_bind(c->all, F->var, F->min, F->extent);
    ptrvec_push(&c->loops, n);
    ptrmap_put(&c->loopvar, F->var, F->var);
    collect(F->body, c);
    c->loops.len--;
    arith_pop(c->all);
    return;
  }
  case NK_BLOCK: {
    IrBlock *B = IR_AS(IrBlock, n);
    if (B->iter_vars.n) {
      diag_error(c->diag, n->span, "%s: CompactBufferAllocation: block '%s' is not opaque (run "
                 "ConvertBlocksToOpaque first)", c->fname, B->name);
      c->failed = true;
      return;
    }
    for (int32_t i = 0; i < B->alloc_buffers.n; i++) {
      Node *b = B->alloc_buffers.v[i];
      int nd = IR_AS(IrBuffer, b)->shape.n;
      Acc *a = xcalloc(1, sizeof *a);
      a->buf = b;
      a->depth = c->loops.len;
      a->lo = xcalloc((size_t)nd + 1, sizeof(Node *));
      a->hi = xcalloc((size_t)nd + 1, sizeof(Node *));
      a->full = xcalloc((size_t)nd + 1, sizeof(bool));
      ptrvec_push(&c->accs, a);
      ptrmap_put(&c->acc, b, a);
      ptrmap_put(&c->data, IR_AS(IrBuffer, b)->data, a);
    }
    for (int32_t i = 0; i < B->match_buffers.n; i++) {
      IrBufferRegion *R = IR_AS(IrBufferRegion, IR_AS(IrMatchBuffer, B->match_buffers.v[i])->source);
      Acc *a = ptrmap_get(&c->acc, R->buffer);
      PtrVec mins = {0}, exts = {0};
      for (int32_t d = 0; d < R->region.n; d++) {
        ptrvec_push(&mins, IR_AS(IrRange, R->region.v[d])->min);
        ptrvec_push(&exts, IR_AS(IrRange, R->region.v[d])->extent);
      }
      if (a) access(c, a, ir_list_from_vec(c->cx, &mins), ir_list_from_vec(c->cx, &exts));
      ptrvec_free(&mins);
      ptrvec_free(&exts);
    }
    collect(B->init, c);
    collect(B->body, c);
    finish_block(c, n);
    return;
  }
  default: break;
  }
  if (ir_cat(n) == CAT_VAR || n->kind == NK_INT || n->kind == NK_FLOAT || n->kind == NK_STRING) return;
  ir_visit_children(n, collect_child, c);
}

/* ---- rewrite ---- */

static NodeList shifted(Comp *c, Node **mins, NodeList idx) {
  Node **v = arena_alloc(c->cx->arena, sizeof(Node *) * (size_t)(idx.n + 1));
  Analyzer *az = arith_new(c->cx);
  for (int32_t d = 0; d < idx.n; d++) v[d] = tir_is_const(mins[d], 0) ? idx.v[d] : arith_simplify(az, tir_sub(c->cx, idx.v[d], mins[d]));
  arith_free(az);
  NodeList r = {v, idx.n};
  return r;
}

static Node *rw(Node *n, void *ud) {
  Comp *c = ud;
  if (!n || ir_cat(n) == CAT_VAR || n->kind == NK_BUFFER || n->kind == NK_INT || n->kind == NK_FLOAT) return n;
  Node *r = ir_mutate_children(c->cx, n, rw, ud);
  Node **mins;
  switch (r->kind) {
  case NK_BUFFER_LOAD:
  case NK_BUFFER_STORE: {
    bool load = r->kind == NK_BUFFER_LOAD;
    Node *b = load ? IR_AS(IrBufferLoad, r)->buffer : IR_AS(IrBufferStore, r)->buffer;
    if (!(mins = ptrmap_get(&c->shift, b))) return r;
    Node *x = ir_clone(c->cx, r);
    if (load) {
      IR_AS(IrBufferLoad, x)->indices = shifted(c, mins, IR_AS(IrBufferLoad, r)->indices);
      IR_AS(IrBufferLoad, x)->buffer = ptrmap_get(&c->newbuf, b);
    } else {
      IR_AS(IrBufferStore, x)->indices = shifted(c, mins, IR_AS(IrBufferStore, r)->indices);
      IR_AS(IrBufferStore, x)->buffer = ptrmap_get(&c->newbuf, b);
    }
    return ir_finish(c->cx, x);
  }
  case NK_BUFFER_REGION: {
    IrBufferRegion *R = IR_AS(IrBufferRegion, r);
    if (!(mins = ptrmap_get(&c->shift, R->buffer))) return r;
    Node **v = arena_alloc(c->cx->arena, sizeof(Node *) * (size_t)(R->region.n + 1));
    Analyzer *az = arith_new(c->cx);
    for (int32_t d = 0; d < R->region.n; d++) {
      IrRange *g = IR_AS(IrRange, R->region.v[d]);
      v[d] = ir_range(c->cx, arith_simplify(az, tir_sub(c->cx, g->min, mins[d])), g->extent);
    }
    arith_free(az);
    Node *x = ir_clone(c->cx, r);
    IR_AS(IrBufferRegion, x)->buffer = ptrmap_get(&c->newbuf, R->buffer);
    IR_AS(IrBufferRegion, x)->region = ir_list(c->cx, v, R->region.n);
    return ir_finish(c->cx, x);
  }
  case NK_BLOCK: {
    IrBlock *B = IR_AS(IrBlock, r);
    bool any = false;
    for (int32_t i = 0; i < B->alloc_buffers.n; i++) any = any || ptrmap_has(&c->newbuf, B->alloc_buffers.v[i]);
    if (!any) return r;
    Node *x = ir_clone(c->cx, r);
    Node **v = arena_alloc(c->cx->arena, sizeof(Node *) * (size_t)B->alloc_buffers.n);
    for (int32_t i = 0; i < B->alloc_buffers.n; i++) {
      Node *nb = ptrmap_get(&c->newbuf, B->alloc_buffers.v[i]);
      v[i] = nb ? nb : B->alloc_buffers.v[i];
    }
    IR_AS(IrBlock, x)->alloc_buffers = ir_list(c->cx, v, B->alloc_buffers.n);
    return ir_finish(c->cx, x);
  }
  default: return r;
  }
}

Node *tir_compact_buffer_alloc(TirPassCtx *pc, Node *func) {
  Comp c = {.cx = pc->cx, .all = arith_new(pc->cx), .diag = pc->diag, .fname = pc->name};
  const IrPrimFunc *F = IR_AS(IrPrimFunc, func);
  collect(F->body, &c);
  Node *body = !c.failed && c.newbuf.len ? rw(F->body, &c) : F->body;
  for (int32_t i = 0; i < c.accs.len; i++) {
    Acc *a = c.accs.data[i];
    free(a->lo), free(a->hi), free(a->full), free(a);
  }
  ptrvec_free(&c.accs);
  ptrvec_free(&c.loops);
  ptrmap_free(&c.loopvar);
  ptrmap_free(&c.acc);
  ptrmap_free(&c.data);
  ptrmap_free(&c.newbuf);
  ptrmap_free(&c.shift);
  arith_free(c.all);
  return c.failed ? NULL : tir_func_with_body(pc->cx, func, body);
}
