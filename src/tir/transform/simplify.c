/*
 * simplify.c — Simplify: run the arithmetic simplifier over every expression
 * of a PrimFunc, with what the statements around it say (TVM's
 * tir.transform.Simplify).
 *
 * Knowledge used at each point:
 *   - loop vars: min <= v < min + extent (arith_bind);
 *   - LetStmt vars bound to an integer value: v == value;
 *   - the condition of an IfThenElse inside its then branch, its negation
 *     inside the else branch; the condition of an AssertStmt in its body.
 * Rewrites beyond expressions:
 *   - an IfThenElse whose condition folds to a constant keeps one branch;
 *   - a LetStmt binding a constant or a variable is inlined (as TVM's
 *     CanInlineLetStmt) unless a buffer definition uses the var;
 *   - a store of a buffer element to itself (`A[i] = A[i]`) is dropped;
 *   - `T.evaluate(0)` no-ops inside a sequence are dropped.
 * Before: any TIR (blocks allowed).  After: the same statement structure
 * minus the rewrites above; buffer definitions are never changed.
 */
#include <stdlib.h>
#include "../../arith/arith.h"
#include "transform.h"

typedef struct Simp {
  IrCtx *cx;
  Analyzer *az;
  PtrMap inl;     /* let var -> inlined value */
  PtrMap bufvars; /* vars used in some buffer's shape/strides/offset */
} Simp;

static Node *expr(Simp *s, Node *e);

static Node *expr_child(Node *c, void *ud) { return c && ir_is_expr(c) ? expr(ud, c) : c; }

/* Children first (so buffer indices and call arguments are simplified
 * too), then the node: canonical simplification for scalar integers,
 * constant folding otherwise. */
static Node *expr(Simp *s, Node *e) {
  if (!e) return e;
  if (ir_is_tir_var(e)) {
    Node *v = ptrmap_get(&s->inl, e);
    return v ? v : e;
  }
  if (e->kind == NK_INT || e->kind == NK_FLOAT || e->kind == NK_STRING) return e;
  Node *r = ir_mutate_children(s->cx, e, expr_child, s);
  if (r->dtype.lanes == 1 && dtype_is_integral(r->dtype)) return arith_simplify(s->az, r);
  return arith_const_fold(s->cx, r);
}

static Node *stmt(Simp *s, Node *n);

static Node *stmt_child(Node *c, void *ud) {
  if (!c) return c;
  if (ir_is_stmt(c)) return stmt(ud, c);
  if (ir_is_expr(c)) return expr(ud, c);
  if (c->kind == NK_BUFFER) return c; /* buffer definitions stay */
  if (c->kind == NK_BUFFER_REGION || c->kind == NK_RANGE || c->kind == NK_ITER_VAR || c->kind == NK_MATCH_BUFFER)
    return ir_mutate_children(((Simp *)ud)->cx, c, stmt_child, ud);
  return c;
}

static bool is_noop(const Node *n) {
  return n && n->kind == NK_EVALUATE && IR_AS(IrUnary, n)->a && (IR_AS(IrUnary, n)->a->kind == NK_INT);
}

static Node *evaluate0(IrCtx *cx) {
  Node *e = ir_alloc(cx, NK_EVALUATE, span_none());
  IR_AS(IrUnary, e)->a = ir_int(cx, DT_INT32, 0);
  return ir_finish(cx, e);
}

static Node *simp_for(Simp *s, Node *n) {
  IrFor *f = IR_AS(IrFor, n);
  Node *min = expr(s, f->min), *ext = expr(s, f->extent);
  arith_push(s->az);
  arith_bind(s->az, f->var, min, ext);
  Node *body = stmt(s, f->body);
  arith_pop(s->az);
  if (min == f->min && ext == f->extent && body == f->body) return n;
  Node *r = ir_clone(s->cx, n);
  IR_AS(IrFor, r)->min = min, IR_AS(IrFor, r)->extent = ext, IR_AS(IrFor, r)->body = body;
  return ir_finish(s->cx, r);
}

static Node *simp_let(Simp *s, Node *n) {
  IrLet *l = IR_AS(IrLet, n);
  Node *v = expr(s, l->value);
  bool inline_it = (v->kind == NK_INT || v->kind == NK_FLOAT || ir_is_tir_var(v)) && !ptrmap_has(&s->bufvars, l->var);
  arith_push(s->az);
  if (inline_it)
    ptrmap_put(&s->inl, l->var, v);
  else if (dtype_is_integral(v->dtype) && v->dtype.lanes == 1 && !dtype_is_bool(v->dtype))
    arith_bind(s->az, l->var, v, ir_int(s->cx, v->dtype, 1));
  Node *body = stmt(s, l->body);
  arith_pop(s->az);
  if (inline_it) {
    ptrmap_put(&s->inl, l->var, NULL);
    return body;
  }
  if (v == l->value && body == l->body) return n;
  Node *r = ir_clone(s->cx, n);
  IR_AS(IrLet, r)->value = v, IR_AS(IrLet, r)->body = body;
  return ir_finish(s->cx, r);
}

static Node *simp_if(Simp *s, Node *n) {
  IrIf *f = IR_AS(IrIf, n);
  Node *c = expr(s, f->cond);
  int64_t cv;
  if (ir_is_const_int(c, &cv)) {
    if (cv) return stmt(s, f->then_case);
    return f->else_case ? stmt(s, f->else_case) : evaluate0(s->cx);
  }
  arith_push(s->az);
  arith_assume(s->az, c);
  Node *t = stmt(s, f->then_case);
  arith_pop(s->az);
  Node *e = f->else_case;
  if (e) {
    arith_push(s->az);
    arith_assume(s->az, expr(s, ir_not(s->cx, c)));
    e = stmt(s, e);
    arith_pop(s->az);
    if (is_noop(e)) e = NULL;
  }
  if (c == f->cond && t == f->then_case && e == f->else_case) return n;
  Node *r = ir_clone(s->cx, n);
  IR_AS(IrIf, r)->cond = c, IR_AS(IrIf, r)->then_case = t, IR_AS(IrIf, r)->else_case = e;
  return ir_finish(s->cx, r);
}

static Node *simp_assert(Simp *s, Node *n) {
  IrAssert *a = IR_AS(IrAssert, n);
  Node *c = expr(s, a->cond);
  arith_push(s->az);
  arith_assume(s->az, c);
  Node *body = stmt(s, a->body);
  arith_pop(s->az);
  if (c == a->cond && body == a->body) return n;
  Node *r = ir_clone(s->cx, n);
  IR_AS(IrAssert, r)->cond = c, IR_AS(IrAssert, r)->body = body;
  return ir_finish(s->cx, r);
}

static Node *simp_seq(Simp *s, Node *n) {
  const IrArray *a = IR_AS(IrArray, n);
  Node **v = xmalloc(sizeof(Node *) * (size_t)a->items.n);
  int32_t k = 0;
  bool changed = false;
  for (int32_t i = 0; i < a->items.n; i++) {
    Node *c = stmt(s, a->items.v[i]);
    changed |= c != a->items.v[i];
    if (is_noop(c)) {
      changed = true;
      continue;
    }
    v[k++] = c;
  }
  Node *r = n;
  if (changed) r = k ? tir_seq(s->cx, v, k) : evaluate0(s->cx);
  free(v);
  return r;
}

/* A[i] = A[i] does nothing. */
static bool self_store(const Node *n) {
  const IrBufferStore *st = IR_AS(IrBufferStore, n);
  const Node *v = st->value;
  if (v->kind != NK_BUFFER_LOAD || st->predicate) return false;
  const IrBufferLoad *ld = IR_AS(IrBufferLoad, v);
  if (ld->buffer != st->buffer || ld->indices.n != st->indices.n || ld->predicate) return false;
  for (int32_t i = 0; i < ld->indices.n; i++)
    if (ld->indices.v[i] != st->indices.v[i]) return false;
  return true;
}

static Node *stmt(Simp *s, Node *n) {
  if (!n) return n;
  switch (n->kind) {
  case NK_FOR: return simp_for(s, n);
  case NK_LET_STMT: return simp_let(s, n);
  case NK_IF: return simp_if(s, n);
  case NK_ASSERT: return simp_assert(s, n);
  case NK_SEQ: return simp_seq(s, n);
  case NK_BUFFER_STORE: {
    Node *r = ir_mutate_children(s->cx, n, stmt_child, s);
    return self_store(r) ? evaluate0(s->cx) : r;
  }
  default: return ir_mutate_children(s->cx, n, stmt_child, s);
  }
}

static bool note_var(Node *n, void *ud) {
  if (ir_is_tir_var(n)) ptrmap_put(ud, n, (void *)1);
  return true;
}

static bool note_buffer_vars(Node *n, void *ud) {
  if (n->kind != NK_BUFFER) return true;
  const IrBuffer *b = IR_AS(IrBuffer, n);
  for (int32_t i = 0; i < b->shape.n; i++) ir_walk(b->shape.v[i], note_var, ud);
  for (int32_t i = 0; i < b->strides.n; i++) ir_walk(b->strides.v[i], note_var, ud);
  if (b->elem_offset) ir_walk(b->elem_offset, note_var, ud);
  return false;
}

Node *tir_simplify_stmt(IrCtx *cx, Node *n) {
  Simp s = {cx, arith_new(cx), {0}, {0}};
  ir_walk(n, note_buffer_vars, &s.bufvars);
  Node *r = stmt(&s, n);
  arith_free(s.az);
  ptrmap_free(&s.inl);
  ptrmap_free(&s.bufvars);
  return r;
}

Node *tir_simplify(TirPassCtx *pc, Node *func) {
  Simp s = {pc->cx, arith_new(pc->cx), {0}, {0}};
  ir_walk(func, note_buffer_vars, &s.bufvars);
  Node *body = stmt(&s, IR_AS(IrPrimFunc, func)->body);
  arith_free(s.az);
  ptrmap_free(&s.inl);
  ptrmap_free(&s.bufvars);
  return tir_func_with_body(pc->cx, func, body);
}
