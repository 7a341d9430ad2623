/*
 * flatten_buffer.c — FlattenBuffer: every buffer access becomes 1-D.
 * A buffer of shape (d0, ..., dk) is replaced by a flat buffer of shape
 * (d0 * ... * dk,) on the same data var; an index (i0, ..., ik) becomes
 * ((i0 * d1 + i1) * d2 + ...) + elem_offset (or sum i * stride with explicit
 * strides), simplified: an (n, m) buffer gives `i * m + j`.  As in TVM,
 * bool buffers are stored as int8 (loads cast back to bool, stores cast to
 * int8).
 *   - Parameter buffers stay as they are in buffer_map (the packed API checks
 *     callers against them); the body starts with a DeclBuffer of each one's
 *     flat view (TVM leaves the alias undeclared: here codegen finds every
 *     buffer declared);
 *   - DeclBuffer and Allocate get flat shapes and extents.
 * Before: no blocks (LowerOpaqueBlock).  After: every BufferLoad/Store has
 * one index, every declared buffer is 1-D with no strides and offset 0.
 * Not supported (reported): axis_separators (multi-dimensional physical
 * memory).
 */
#include "../../arith/arith.h"
#include "transform.h"

typedef struct Flat {
  IrCtx *cx;
  Analyzer *az;
  PtrMap flat; /* buffer -> its flat view (itself when already flat) */
  DiagCtx *diag;
  const char *fname;
  bool failed;
} Flat;

static bool widen(DType *t, DType u) {
  if (u.bits > t->bits) *t = u;
  return true;
}

static Node *as(IrCtx *cx, Node *e, DType t) { return dtype_eq(e->dtype, t) ? e : ir_cast(cx, t, e); }

static bool needs_flat(const Node *b) {
  const IrBuffer *B = IR_AS(IrBuffer, b);
  return B->shape.n != 1 || B->strides.n || !tir_is_const(B->elem_offset, 0) || dtype_is_bool(b->dtype);
}

static Node *flat_of(Flat *f, Node *b) {
  Node *r = ptrmap_get(&f->flat, b);
  if (r) return r;
  const IrBuffer *B = IR_AS(IrBuffer, b);
  if (B->axis_separators.n) {
    diag_error(f->diag, b->span, "%s: FlattenBuffer: buffer '%s' has axis_separators, which are not supported",
               f->fname, B->name);
    f->failed = true;
  }
  if (!needs_flat(b)) {
    ptrmap_put(&f->flat, b, b);
    return b;
  }
  DType t = B->shape.n ? B->shape.v[0]->dtype : DT_INT32;
  for (int32_t i = 0; i < B->shape.n; i++) widen(&t, B->shape.v[i]->dtype);
  Node *size;
  if (B->strides.n && B->shape.n) {
    size = tir_mul(f->cx, as(f->cx, B->strides.v[0], t), as(f->cx, B->shape.v[0], t));
  } else {
    size = ir_int(f->cx, t, 1);
    for (int32_t i = 0; i < B->shape.n; i++) size = tir_mul(f->cx, size, as(f->cx, B->shape.v[i], t));
  }
  size = arith_simplify(f->az, size);
  Node *nb = ir_clone(f->cx, b);
  IrBuffer *N = IR_AS(IrBuffer, nb);
  N->shape = ir_list(f->cx, &size, 1);
  N->strides = ir_list_empty();
  N->elem_offset = ir_int(f->cx, B->elem_offset ? B->elem_offset->dtype : t, 0);
  if (dtype_is_bool(b->dtype)) nb->dtype = dtype_with_lanes(DT_INT8, b->dtype.lanes);
  nb = ir_finish(f->cx, nb);
  ptrmap_put(&f->flat, b, nb);
  return nb;
}

/* The flat index of (idx) in b. */
static Node *flat_index(Flat *f, Node *b, NodeList idx) {
  const IrBuffer *B = IR_AS(IrBuffer, b);
  DType t = idx.n ? dtype_element(idx.v[0]->dtype) : DT_INT32;
  for (int32_t i = 0; i < idx.n; i++) widen(&t, dtype_element(idx.v[i]->dtype));
  for (int32_t i = 0; i < B->shape.n; i++) widen(&t, B->shape.v[i]->dtype);
  IrCtx *cx = f->cx;
  Node *e = ir_int(cx, t, 0);
  bool vec = false;
  for (int32_t i = 0; i < idx.n; i++) vec = vec || idx.v[i]->dtype.lanes > 1;
  if (vec && idx.n == 1) return idx.v[0]; /* a Ramp into a flat view of the same layout */
  for (int32_t i = 0; i < idx.n; i++) {
    Node *x = as(cx, idx.v[i], t);
    if (B->strides.n)
      e = tir_add(cx, e, tir_mul(cx, x, as(cx, B->strides.v[i], t)));
    else
      e = tir_add(cx, i ? tir_mul(cx, e, as(cx, B->shape.v[i], t)) : e, x);
  }
  if (B->elem_offset && !tir_is_const(B->elem_offset, 0)) e = tir_add(cx, e, as(cx, B->elem_offset, t));
  return arith_simplify(f->az, e);
}

static Node *fl(Node *n, void *ud);

static NodeList fl_list(Flat *f, NodeList l, bool *changed) {
  Node **v = arena_alloc(f->cx->arena, sizeof(Node *) * (size_t)(l.n ? l.n : 1));
  for (int32_t i = 0; i < l.n; i++) {
    v[i] = fl(l.v[i], f);
    *changed = *changed || v[i] != l.v[i];
  }
  NodeList r = {v, l.n};
  return *changed ? r : l;
}

static Node *fl_load(Flat *f, Node *n) {
  const IrBufferLoad *L = IR_AS(IrBufferLoad, n);
  bool ch = false;
  NodeList idx = fl_list(f, L->indices, &ch);
  Node *pred = fl(L->predicate, f);
  Node *nb = flat_of(f, L->buffer);
  if (nb == L->buffer && !ch && pred == L->predicate) return n;
  Node *c = ir_clone(f->cx, n);
  IR_AS(IrBufferLoad, c)->predicate = pred;
  IR_AS(IrBufferLoad, c)->indices = idx;
  if (nb == L->buffer) return ir_finish(f->cx, c);
  Node *ix = flat_index(f, L->buffer, idx);
  IR_AS(IrBufferLoad, c)->buffer = nb;
  IR_AS(IrBufferLoad, c)->indices = ir_list(f->cx, &ix, 1);
  if (dtype_is_bool(n->dtype)) {
    c->dtype = dtype_with_lanes(DT_INT8, n->dtype.lanes);
    return ir_cast(f->cx, n->dtype, ir_finish(f->cx, c));
  }
  return ir_finish(f->cx, c);
}

static Node *fl_store(Flat *f, Node *n) {
  const IrBufferStore *S = IR_AS(IrBufferStore, n);
  bool ch = false;
  NodeList idx = fl_list(f, S->indices, &ch);
  Node *val = fl(S->value, f);
  Node *pred = fl(S->predicate, f);
  Node *nb = flat_of(f, S->buffer);
  if (nb == S->buffer && !ch && val == S->value && pred == S->predicate) return n;
  Node *c = ir_clone(f->cx, n);
  IR_AS(IrBufferStore, c)->value = val;
  IR_AS(IrBufferStore, c)->predicate = pred;
  IR_AS(IrBufferStore, c)->indices = idx;
  if (nb == S->buffer) return ir_finish(f->cx, c);
  Node *ix = flat_index(f, S->buffer, idx);
  IR_AS(IrBufferStore, c)->buffer = nb;
  IR_AS(IrBufferStore, c)->indices = ir_list(f->cx, &ix, 1);
  if (dtype_is_bool(S->buffer->dtype))
    IR_AS(IrBufferStore, c)->value = ir_cast(f->cx, dtype_with_lanes(DT_INT8, val->dtype.lanes), val);
  return ir_finish(f->cx, c);
}

static Node *fl_allocate(Flat *f, Node *n) {
  Node *r = ir_mutate_children(f->cx, n, fl, f);
  const IrAllocate *A = IR_AS(IrAllocate, r);
  NodeList ext;
  DType dt = r->dtype;
  if (A->body && A->body->kind == NK_DECL_BUFFER && IR_AS(IrBuffer, IR_AS(IrDeclBuffer, A->body)->buffer)->data == A->var) {
    Node *fb = IR_AS(IrDeclBuffer, A->body)->buffer;
    ext = IR_AS(IrBuffer, fb)->shape;
    dt = fb->dtype;
  } else if (A->extents.n != 1 || dtype_is_bool(dt)) {
    Node *size = A->extents.n ? A->extents.v[0] : ir_int(f->cx, DT_INT32, 1);
    for (int32_t i = 1; i < A->extents.n; i++) size = tir_mul(f->cx, size, A->extents.v[i]);
    size = arith_simplify(f->az, size);
    ext = ir_list(f->cx, &size, 1);
    if (dtype_is_bool(dt)) dt = dtype_with_lanes(DT_INT8, dt.lanes);
  } else {
    return r;
  }
  if (ext.n == A->extents.n && ext.v == A->extents.v && dtype_eq(dt, r->dtype)) return r;
  Node *c = ir_clone(f->cx, r);
  IR_AS(IrAllocate, c)->extents = ext;
  c->dtype = dt;
  return ir_finish(f->cx, c);
}

static Node *fl(Node *n, void *ud) {
  Flat *f = ud;
  if (!n) return n;
  switch (n->kind) {
  case NK_BUFFER_LOAD: return fl_load(f, n);
  case NK_BUFFER_STORE: return fl_store(f, n);
  case NK_ALLOCATE: return fl_allocate(f, n);
  case NK_BUFFER: return flat_of(f, n); /* DeclBuffer's buffer */
  case NK_BLOCK:
  case NK_BLOCK_REALIZE:
  case NK_BUFFER_REALIZE:
    diag_error(f->diag, n->span, "%s: FlattenBuffer: %s left (run LowerOpaqueBlock first)", f->fname,
               ir_kind_name(n->kind));
    f->failed = true;
    return n;
  default: break;
  }
  if (ir_cat(n) == CAT_VAR || n->kind == NK_INT || n->kind == NK_FLOAT || n->kind == NK_STRING) return n;
  return ir_mutate_children(f->cx, n, fl, ud);
}

Node *tir_flatten_buffer(TirPassCtx *pc, Node *func) {
  Flat f = {pc->cx, arith_new(pc->cx), {0}, pc->diag, pc->name, false};
  const IrPrimFunc *F = IR_AS(IrPrimFunc, func);
  Node *body = fl(F->body, &f);
  /* the flat views of the parameters, declared at the top (last param innermost) */
  for (int32_t i = F->buffer_map.n - 1; i >= 0; i--) {
    Node *b = IR_AS(IrBinary, F->buffer_map.v[i])->b;
    Node *nb = flat_of(&f, b);
    if (nb == b) continue;
    Node *d = ir_alloc(pc->cx, NK_DECL_BUFFER, span_none());
    IR_AS(IrDeclBuffer, d)->buffer = nb;
    IR_AS(IrDeclBuffer, d)->body = body;
    body = ir_finish(pc->cx, d);
  }
  arith_free(f.az);
  ptrmap_free(&f.flat);
  return f.failed ? NULL : tir_func_with_body(pc->cx, func, body);
}
