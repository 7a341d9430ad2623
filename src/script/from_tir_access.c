/*
 * from_tir_access.c — the reads and writes of blocks written without
 * T.reads / T.writes, computed as TVM's parser does (ScriptComplete with
 * BlockReadWriteDetector) once the whole PrimFunc is parsed.
 *
 * Every BufferLoad (a read) and BufferStore (a write) in the block's init
 * and body counts, in order of first access; a nested block contributes its
 * own reads and writes with its iterators replaced by their bindings.  An
 * index over a loop inside the block is relaxed to the loop's range: a point
 * access stays `A[vi]` (the index as written), a relaxed one becomes
 * `A[lo:hi + 1]` (bounds from arith_symbolic_bound), or the whole dimension
 * when no bound is found.  Accesses of one buffer are unioned per dimension.
 * Buffers allocated in the block (or declared inside it) are left out, and
 * with an init statement the written buffers are left out of the reads.
 * The outermost block of the function (the root) is never filled in.
 * Relies on arith.h for bounds and simplification.
 */
#include <stdint.h>
#include <stdlib.h>

#include "../arith/arith.h"
#include "tir_script.h"

/* One buffer's accumulated region: per dimension [lo, hi], NULL where
 * unbounded.  A point access has lo == hi. */
typedef struct Access {
  Node *buf;
  Span span; /* the first access (the region's span, for diagnostics) */
  Node **lo, **hi;
} Access;

typedef struct Detect {
  IrCtx *cx;
  Analyzer *az;
  PtrMap loops;    /* loop var -> itself while bound in az (relaxed), else NULL */
  PtrMap inner;    /* data vars of buffers allocated inside the block */
  PtrVec reads, writes; /* Access * */
  Span stmt;            /* the innermost statement visited (expressions have no span) */
} Detect;

static void visit(Detect *d, Node *n);
static void visit_node(Detect *d, Node *n);

/* ---- relaxing indices -------------------------------------------------------------- */

typedef struct Uses {
  PtrMap *vars;
  bool found;
} Uses;

static bool find_var(Node *n, void *ud) {
  Uses *u = ud;
  if (ptrmap_get(u->vars, n)) u->found = true;
  return !u->found;
}

static bool uses_loop(Detect *d, Node *e) {
  Uses u = {&d->loops, false};
  if (e) ir_walk(e, find_var, &u);
  return u.found;
}

/* Lower / upper end of e over the loops in scope; e itself when no loop
 * var occurs in it (TVM keeps such points as written), NULL if unbounded. */
static Node *relax_end(Detect *d, Node *e, bool upper) {
  if (!uses_loop(d, e)) return e;
  Node *lo, *hi;
  arith_symbolic_bound(d->az, e, &lo, &hi);
  Node *r = upper ? hi : lo;
  return uses_loop(d, r) ? NULL : r;
}

static Node *simplify(Detect *d, Node *e) { return e ? arith_simplify(d->az, e) : NULL; }

/* min (or max) of two ends, simplified, as arith::Union builds it. */
static Node *join(Detect *d, Node *a, Node *b, bool upper) {
  if (!a || !b || !dtype_eq(a->dtype, b->dtype)) return NULL;
  if (a == b) return simplify(d, a);
  if (arith_can_prove(d->az, ir_bin(d->cx, upper ? NK_GE : NK_LE, a, b))) return simplify(d, a);
  if (arith_can_prove(d->az, ir_bin(d->cx, upper ? NK_GE : NK_LE, b, a))) return simplify(d, b);
  return simplify(d, ir_bin(d->cx, upper ? NK_MAX : NK_MIN, a, b));
}

/* Record an access of buf whose dimension i spans [lo[i], hi[i]]. */
static void record(Detect *d, PtrVec *accs, Node *buf, Span sp, Node **lo, Node **hi, int n) {
  if (ptrmap_has(&d->inner, IR_AS(IrBuffer, buf)->data)) return;
  for (int32_t k = 0; k < accs->len; k++) {
    Access *a = accs->data[k];
    if (a->buf != buf) continue;
    for (int i = 0; i < n; i++) {
      a->lo[i] = join(d, a->lo[i], lo[i], false);
      a->hi[i] = join(d, a->hi[i], hi[i], true);
    }
    return;
  }
  Access *a = xcalloc(1, sizeof *a);
  a->buf = buf;
  a->span = sp;
  a->lo = xcalloc((size_t)(n > 0 ? n : 1), sizeof(Node *));
  a->hi = xcalloc((size_t)(n > 0 ? n : 1), sizeof(Node *));
  for (int i = 0; i < n; i++) a->lo[i] = lo[i], a->hi[i] = hi[i];
  ptrvec_push(accs, a);
}

static void record_point(Detect *d, PtrVec *accs, Node *buf, Span sp, NodeList idx) {
  int n = idx.n;
  Node *lo[n > 0 ? n : 1], *hi[n > 0 ? n : 1];
  for (int i = 0; i < n; i++) {
    lo[i] = relax_end(d, idx.v[i], false);
    hi[i] = lo[i] == idx.v[i] ? lo[i] : relax_end(d, idx.v[i], true);
  }
  record(d, accs, buf, sp, lo, hi, n);
}

/* A nested block's regions, its iterators replaced by their bindings. */
static void record_regions(Detect *d, PtrVec *accs, NodeList regions, PtrMap *vmap) {
  for (int32_t k = 0; k < regions.n; k++) {
    const IrBufferRegion *r = IR_AS(IrBufferRegion, regions.v[k]);
    int n = r->region.n;
    Node *lo[n > 0 ? n : 1], *hi[n > 0 ? n : 1];
    for (int i = 0; i < n; i++) {
      const IrRange *rg = IR_AS(IrRange, r->region.v[i]);
      Node *mn = ir_subst(d->cx, rg->min, vmap), *ext = ir_subst(d->cx, rg->extent, vmap);
      int64_t one;
      Node *mx = mn;
      if (!(ir_is_const_int(ext, &one) && one == 1))
        mx = simplify(d, ir_bin(d->cx, NK_SUB, ir_bin(d->cx, NK_ADD, mn, ext), ir_int(d->cx, mn->dtype, 1)));
      lo[i] = relax_end(d, mn, false);
      hi[i] = mx == mn && lo[i] == mn ? mn : relax_end(d, mx, true);
    }
    record(d, accs, r->buffer, regions.v[k]->span, lo, hi, n);
  }
}

static void visit_realize(Detect *d, Node *n) {
  const IrBlockRealize *R = IR_AS(IrBlockRealize, n);
  const IrBlock *B = IR_AS(IrBlock, R->block);
  PtrMap vmap = {0};
  for (int32_t i = 0; i < B->iter_vars.n && i < R->iter_values.n; i++)
    ptrmap_put(&vmap, IR_AS(IrIterVar, B->iter_vars.v[i])->var, R->iter_values.v[i]);
  record_regions(d, &d->reads, B->reads, &vmap);
  record_regions(d, &d->writes, B->writes, &vmap);
  ptrmap_free(&vmap);
}

/* ---- the walk ------------------------------------------------------------------------- */

static void visit_child(Node *c, void *ud) { visit(ud, c); }

static void visit(Detect *d, Node *n) {
  if (!n) return;
  Span outer = d->stmt;
  if (ir_is_stmt(n) && n->span.file) d->stmt = n->span;
  visit_node(d, n);
  d->stmt = outer;
}

static void visit_node(Detect *d, Node *n) {
  switch (n->kind) {
  case NK_BUFFER_LOAD:
    record_point(d, &d->reads, IR_AS(IrBufferLoad, n)->buffer, d->stmt, IR_AS(IrBufferLoad, n)->indices);
    break;
  case NK_BUFFER_STORE: {
    const IrBufferStore *S = IR_AS(IrBufferStore, n);
    record_point(d, &d->writes, S->buffer, d->stmt, S->indices);
    visit(d, S->value);
    for (int32_t i = 0; i < S->indices.n; i++) visit(d, S->indices.v[i]);
    return;
  }
  case NK_FOR: {
    const IrFor *F = IR_AS(IrFor, n);
    visit(d, F->min);
    visit(d, F->extent);
    arith_push(d->az);
    arith_bind(d->az, F->var, F->min, F->extent);
    ptrmap_put(&d->loops, F->var, F->var);
    visit(d, F->body);
    ptrmap_put(&d->loops, F->var, NULL);
    arith_pop(d->az);
    return;
  }
  case NK_BLOCK_REALIZE: visit_realize(d, n); return; /* not recursively */
  case NK_DECL_BUFFER: {
    const Node *b = IR_AS(IrDeclBuffer, n)->buffer;
    ptrmap_put(&d->inner, IR_AS(IrBuffer, b)->data, (void *)1);
    break;
  }
  case NK_ALLOCATE: ptrmap_put(&d->inner, IR_AS(IrAllocate, n)->var, (void *)1); break;
  case NK_BUFFER: return;
  default: break;
  }
  ir_visit_children(n, visit_child, d);
}

/* The regions of accs; buffers in `skip` (if any) are left out. */
static NodeList collect(Detect *d, PtrVec *accs, PtrVec *skip) {
  PtrVec out = {0};
  for (int32_t k = 0; k < accs->len; k++) {
    Access *a = accs->data[k];
    bool skipped = false;
    for (int32_t j = 0; skip && j < skip->len; j++) skipped = skipped || ((Access *)skip->data[j])->buf == a->buf;
    if (skipped) continue;
    const IrBuffer *B = IR_AS(IrBuffer, a->buf);
    PtrVec rs = {0};
    for (int32_t i = 0; i < B->shape.n; i++) {
      Node *lo = a->lo[i], *hi = a->hi[i], *rg;
      if (lo && hi && (lo == hi || arith_can_prove_equal(d->az, lo, hi))) {
        rg = ir_range(d->cx, lo, ir_int(d->cx, lo->dtype, 1));
      } else if (lo && hi) {
        Node *ext = ir_bin(d->cx, NK_SUB, ir_bin(d->cx, NK_ADD, hi, ir_int(d->cx, hi->dtype, 1)), lo);
        rg = ir_range(d->cx, simplify(d, lo), simplify(d, ext));
      } else {
        rg = ir_range(d->cx, ir_int(d->cx, B->shape.v[i]->dtype, 0), B->shape.v[i]);
      }
      ptrvec_push(&rs, rg);
    }
    Node *r = ir_alloc(d->cx, NK_BUFFER_REGION, a->span);
    IR_AS(IrBufferRegion, r)->buffer = a->buf;
    IR_AS(IrBufferRegion, r)->region = ir_list_from_vec(d->cx, &rs);
    ptrvec_free(&rs);
    ptrvec_push(&out, ir_finish(d->cx, r));
  }
  NodeList l = ir_list_from_vec(d->cx, &out);
  ptrvec_free(&out);
  return l;
}

static void free_accs(PtrVec *accs) {
  for (int32_t k = 0; k < accs->len; k++) {
    Access *a = accs->data[k];
    free(a->lo);
    free(a->hi);
    free(a);
  }
  ptrvec_free(accs);
}

/* Block b with the regions that mask asks for (1: reads, 2: writes). */
static Node *detect_block(IrCtx *cx, Node *b, int mask) {
  const IrBlock *B = IR_AS(IrBlock, b);
  Detect d = {0};
  d.cx = cx;
  d.az = arith_new(cx);
  for (int32_t i = 0; i < B->alloc_buffers.n; i++)
    ptrmap_put(&d.inner, IR_AS(IrBuffer, B->alloc_buffers.v[i])->data, (void *)1);
  for (int32_t i = 0; i < B->match_buffers.n; i++) {
    const Node *mb = IR_AS(IrMatchBuffer, B->match_buffers.v[i])->buffer;
    ptrmap_put(&d.inner, IR_AS(IrBuffer, mb)->data, (void *)1);
  }
  visit(&d, B->init);
  visit(&d, B->body);
  Node *nb = ir_clone(cx, b);
  IrBlock *N = IR_AS(IrBlock, nb);
  if (mask & 2) N->writes = collect(&d, &d.writes, NULL);
  if (mask & 1) N->reads = collect(&d, &d.reads, B->init ? &d.writes : NULL);
  free_accs(&d.reads);
  free_accs(&d.writes);
  ptrmap_free(&d.loops);
  ptrmap_free(&d.inner);
  arith_free(d.az);
  return ir_finish(cx, nb);
}

typedef struct Completer {
  IrCtx *cx;
  PtrMap *detect;
  const Node *root;
} Completer;

static Node *complete(Node *n, void *ud) {
  Completer *c = ud;
  if (!n || !ir_is_stmt(n)) return n;
  Node *m = ir_mutate_children(c->cx, n, complete, ud);
  if (n->kind != NK_BLOCK || n == c->root) return m;
  intptr_t mask = (intptr_t)ptrmap_get(c->detect, n);
  return mask ? detect_block(c->cx, m, (int)mask) : m;
}

Node *tir_complete_access(IrCtx *cx, Node *body, PtrMap *detect) {
  if (!detect->len) return body;
  Completer c = {cx, detect, NULL};
  if (body->kind == NK_BLOCK_REALIZE) c.root = IR_AS(IrBlockRealize, body)->block;
  return complete(body, &c);
}
