/*
 * vectorize_loop.c — VectorizeLoop: a `T.vectorized` loop with a constant
 * extent becomes straight-line vector code: the loop var is replaced by
 * Ramp(min, 1, lanes), loop-invariant values are broadcast where they meet
 * vectors, and loads/stores take a Ramp index (TVM's
 * tir.transform.VectorizeLoop).
 *
 * Falls back to a serial loop (the same body, kind serial), as TVM does,
 * when the loop cannot be vectorized faithfully:
 *   - the extent is not a known constant, or the lanes are not a power of
 *     two in [2, 64] (the C backend uses GCC vector types);
 *   - a store or load index is not affine in the loop var with stride 1
 *     (contiguous) or 0 (loop-invariant); a loop-invariant store must store
 *     an invariant value that does not read the stored buffer (a reduction
 *     into a scalar is serial);
 *   - a vector store whose value reads the same buffer at another index (a
 *     loop-carried dependence);
 *   - an IfThenElse on a vector condition (TVM scalarizes it), an Allocate,
 *     an AssertStmt or attribute inside the loop, a call with side effects
 *     on vector operands, or vector values that are already vectors.
 * An extent-1 vectorized loop becomes its body with the var replaced by min.
 * Before: flat TIR (one index per access).  After: no vectorized For
 * remains: each is either expanded into vector code or made serial.
 */
#include <stdlib.h>
#include <string.h>

#include "../../arith/arith.h"
#include "transform.h"

typedef struct Vec {
  IrCtx *cx;
  Analyzer *az;
  Node *var;     /* the loop var being vectorized */
  Node *ramp;    /* its replacement */
  int lanes;
  PtrMap vars;   /* let var (scalar) -> vector let var */
  bool fail;
} Vec;

static bool is_vec(const Node *e) { return e && e->dtype.lanes > 1; }

static Node *bcast(Vec *v, Node *e) { return is_vec(e) ? e : ir_broadcast(v->cx, e, v->lanes); }

static Node *simp(Vec *v, Node *e) { return arith_simplify(v->az, e); }

/* Pure, elementwise intrinsics that take vector operands lane by lane. */
static bool elementwise_call(const char *op) {
  static const char *const ok[] = {
      "tir.exp", "tir.exp2", "tir.exp10", "tir.log", "tir.log2", "tir.log10", "tir.log1p", "tir.tanh",
      "tir.sigmoid", "tir.erf", "tir.sqrt", "tir.rsqrt", "tir.pow", "tir.fabs", "tir.floor", "tir.ceil",
      "tir.round", "tir.trunc", "tir.nearbyint", "tir.sin", "tir.cos", "tir.tan", "tir.sinh", "tir.cosh",
      "tir.asin", "tir.acos", "tir.atan", "tir.atan2", "tir.fmod", "tir.isnan", "tir.isinf", "tir.isfinite",
      "tir.copysign", "tir.bitwise_and", "tir.bitwise_or", "tir.bitwise_xor", "tir.bitwise_not",
      "tir.shift_left", "tir.shift_right", "tir.if_then_else", NULL};
  for (int i = 0; ok[i]; i++)
    if (!strcmp(op, ok[i])) return true;
  return false;
}

static Node *vexpr(Vec *v, Node *e);

/* Ramp-preserving arithmetic: a ramp plus/minus/times a scalar stays a ramp
 * so that indices stay affine. */
static Node *vbinary(Vec *v, Node *e) {
  IrBinary *b = IR_AS(IrBinary, e);
  Node *a = vexpr(v, b->a), *c = vexpr(v, b->b);
  if (v->fail) return e;
  if (a == b->a && c == b->b) return e;
  int k = e->kind;
  if (!is_vec(a) && !is_vec(c)) return ir_bin(v->cx, k, a, c);
  bool ra = a->kind == NK_RAMP, rc = c->kind == NK_RAMP;
  if ((k == NK_ADD || k == NK_SUB) && (ra || rc) && (ra || !is_vec(a)) && (rc || !is_vec(c))) {
    Node *ab = ra ? IR_AS(IrRamp, a)->base : a, *as = ra ? IR_AS(IrRamp, a)->stride : ir_int(v->cx, a->dtype, 0);
    Node *cb = rc ? IR_AS(IrRamp, c)->base : c, *cs = rc ? IR_AS(IrRamp, c)->stride : ir_int(v->cx, c->dtype, 0);
    if (!ra) as = ir_int(v->cx, dtype_element(c->dtype), 0);
    if (!rc) cs = ir_int(v->cx, dtype_element(a->dtype), 0);
    return ir_ramp(v->cx, simp(v, ir_bin(v->cx, k, ab, cb)), simp(v, ir_bin(v->cx, k, as, cs)), v->lanes);
  }
  if (k == NK_MUL && (ra != rc) && (ra ? !is_vec(c) : !is_vec(a))) {
    Node *r = ra ? a : c, *sc = ra ? c : a;
    IrRamp *R = IR_AS(IrRamp, r);
    return ir_ramp(v->cx, simp(v, ir_bin(v->cx, NK_MUL, R->base, sc)), simp(v, ir_bin(v->cx, NK_MUL, R->stride, sc)),
                   v->lanes);
  }
  return ir_bin(v->cx, k, bcast(v, a), bcast(v, c));
}

/* The index of a vectorized access: scalar (stride 0) or Ramp with stride 1. */
static bool good_index(Vec *v, Node *idx) {
  if (!is_vec(idx)) return true;
  if (idx->kind != NK_RAMP) return false;
  int64_t st;
  return ir_is_const_int(IR_AS(IrRamp, idx)->stride, &st) && st == 1 && !is_vec(IR_AS(IrRamp, idx)->base);
}

static Node *vload(Vec *v, Node *e) {
  IrBufferLoad *l = IR_AS(IrBufferLoad, e);
  if (l->indices.n != 1 || l->predicate || e->dtype.lanes != 1) return v->fail = true, e;
  Node *idx = vexpr(v, l->indices.v[0]);
  if (v->fail) return e;
  if (!good_index(v, idx)) return v->fail = true, e;
  if (idx == l->indices.v[0]) return e;
  return ir_buffer_load(v->cx, l->buffer, &idx, 1);
}

static Node *vcall(Vec *v, Node *e) {
  IrCall *c = IR_AS(IrCall, e);
  Node **args = xmalloc(sizeof(Node *) * (size_t)(c->args.n + 1));
  bool any = false, changed = false;
  for (int32_t i = 0; i < c->args.n; i++) {
    args[i] = vexpr(v, c->args.v[i]);
    any |= is_vec(args[i]);
    changed |= args[i] != c->args.v[i];
  }
  Node *r = e;
  if (v->fail) {
  } else if (any && !elementwise_call(c->op)) {
    v->fail = true;
  } else if (any) {
    for (int32_t i = 0; i < c->args.n; i++) args[i] = bcast(v, args[i]);
    r = ir_call(v->cx, dtype_with_lanes(e->dtype, v->lanes), c->op, args, c->args.n);
  } else if (changed) {
    r = ir_call(v->cx, e->dtype, c->op, args, c->args.n);
  }
  free(args);
  return r;
}

static Node *vexpr(Vec *v, Node *e) {
  if (!e || v->fail) return e;
  if (e == v->var) return v->ramp;
  if (ir_is_tir_var(e)) {
    Node *r = ptrmap_get(&v->vars, e);
    return r ? r : e;
  }
  switch (e->kind) {
  case NK_INT: case NK_FLOAT: case NK_STRING: return e;
  case NK_RAMP: case NK_BROADCAST: case NK_SHUFFLE: case NK_LET: return v->fail = true, e;
  case NK_BUFFER_LOAD: return vload(v, e);
  case NK_CALL: return vcall(v, e);
  case NK_CAST: {
    Node *a = vexpr(v, IR_AS(IrUnary, e)->a);
    if (v->fail || a == IR_AS(IrUnary, e)->a) return e;
    return ir_cast(v->cx, dtype_with_lanes(e->dtype, a->dtype.lanes), a);
  }
  case NK_NOT: {
    Node *a = vexpr(v, IR_AS(IrUnary, e)->a);
    return v->fail || a == IR_AS(IrUnary, e)->a ? e : ir_not(v->cx, a);
  }
  case NK_SELECT: {
    IrSelect *s = IR_AS(IrSelect, e);
    Node *c = vexpr(v, s->cond), *t = vexpr(v, s->t), *f = vexpr(v, s->f);
    if (v->fail || (c == s->cond && t == s->t && f == s->f)) return e;
    if (!is_vec(c) && !is_vec(t) && !is_vec(f)) return ir_select(v->cx, c, t, f);
    return ir_select(v->cx, bcast(v, c), bcast(v, t), bcast(v, f));
  }
  default:
    if (ir_is_binary(e->kind)) return vbinary(v, e);
    return v->fail = true, e;
  }
}

/* Does e read buffer data var d at an index other than idx? */
typedef struct Dep {
  Node *data, *idx;
  bool found;
} Dep;

static bool dep_walk(Node *n, void *ud) {
  Dep *d = ud;
  if (n->kind == NK_BUFFER_LOAD) {
    IrBufferLoad *l = IR_AS(IrBufferLoad, n);
    if (IR_AS(IrBuffer, l->buffer)->data == d->data && (!d->idx || l->indices.n != 1 || l->indices.v[0] != d->idx))
      d->found = true;
  }
  return !d->found;
}

static bool reads_other(Node *value, Node *buf, Node *idx) {
  Dep d = {IR_AS(IrBuffer, buf)->data, idx, false};
  ir_walk(value, dep_walk, &d);
  return d.found;
}

/* Across the whole vectorized body: every buffer that is stored is stored
 * at one index, and loads of it use that same index (otherwise a later
 * iteration's store would be seen, or missed, by an earlier lane). */
typedef struct Hazard {
  PtrMap stored; /* data var -> index, or the map itself when ambiguous */
  bool bad;
} Hazard;

static bool note_store(Node *n, void *ud) {
  Hazard *h = ud;
  if (n->kind != NK_BUFFER_STORE) return true;
  IrBufferStore *st = IR_AS(IrBufferStore, n);
  Node *d = IR_AS(IrBuffer, st->buffer)->data, *idx = st->indices.v[0];
  void *old = ptrmap_get(&h->stored, d);
  ptrmap_put(&h->stored, d, !old || old == idx ? (void *)idx : (void *)&h->stored);
  return true;
}

static bool check_load(Node *n, void *ud) {
  Hazard *h = ud;
  if (n->kind != NK_BUFFER_LOAD) return true;
  IrBufferLoad *l = IR_AS(IrBufferLoad, n);
  void *idx = ptrmap_get(&h->stored, IR_AS(IrBuffer, l->buffer)->data);
  if (idx && (idx == (void *)&h->stored || idx != (void *)l->indices.v[0])) h->bad = true;
  return true;
}

static bool has_hazard(Node *body) {
  Hazard h = {{0}, false};
  ir_walk(body, note_store, &h);
  ir_walk(body, check_load, &h);
  ptrmap_free(&h.stored);
  return h.bad;
}

static Node *vstmt(Vec *v, Node *s);

static Node *vstore(Vec *v, Node *s) {
  IrBufferStore *st = IR_AS(IrBufferStore, s);
  if (st->indices.n != 1 || st->predicate || st->value->dtype.lanes != 1) return v->fail = true, s;
  Node *idx = vexpr(v, st->indices.v[0]);
  Node *val = vexpr(v, st->value);
  if (v->fail || !good_index(v, idx)) return v->fail = true, s;
  if (!is_vec(idx)) {
    /* Every lane stores to one place: only an invariant value that does
     * not depend on the stored buffer gives the serial result. */
    if (is_vec(val) || reads_other(val, st->buffer, NULL)) return v->fail = true, s;
  } else {
    if (reads_other(val, st->buffer, idx)) return v->fail = true, s;
    val = bcast(v, val);
  }
  if (idx == st->indices.v[0] && val == st->value) return s;
  Node *r = ir_clone(v->cx, s);
  IR_AS(IrBufferStore, r)->value = val;
  IR_AS(IrBufferStore, r)->indices = ir_list(v->cx, &idx, 1);
  return ir_finish(v->cx, r);
}

static Node *vlet(Vec *v, Node *s) {
  IrLet *l = IR_AS(IrLet, s);
  Node *val = vexpr(v, l->value);
  if (v->fail) return s;
  Node *var = l->var;
  if (is_vec(val)) {
    var = ir_var(v->cx, IR_AS(IrVar, l->var)->name, val->dtype);
    ptrmap_put(&v->vars, l->var, var);
  }
  Node *body = vstmt(v, l->body);
  if (v->fail || (val == l->value && body == l->body)) return s;
  Node *r = ir_clone(v->cx, s);
  IR_AS(IrLet, r)->var = var, IR_AS(IrLet, r)->value = val, IR_AS(IrLet, r)->body = body;
  return ir_finish(v->cx, r);
}

static Node *vchild(Node *c, void *ud) {
  Vec *v = ud;
  if (!c || v->fail) return c;
  if (ir_is_stmt(c)) return vstmt(v, c);
  if (ir_is_expr(c)) {
    Node *r = vexpr(v, c);
    if (is_vec(r)) v->fail = true; /* a scalar slot got a vector */
    return r;
  }
  return c;
}

static Node *vstmt(Vec *v, Node *s) {
  if (!s || v->fail) return s;
  switch (s->kind) {
  case NK_BUFFER_STORE: return vstore(v, s);
  case NK_LET_STMT: return vlet(v, s);
  case NK_SEQ: case NK_DECL_BUFFER: return ir_mutate_children(v->cx, s, vchild, v);
  case NK_FOR: case NK_IF: case NK_EVALUATE:
    /* loop bounds, conditions and evaluated values must stay scalar */
    return ir_mutate_children(v->cx, s, vchild, v);
  default: return v->fail = true, s;
  }
}

static bool pow2_lanes(int64_t n) { return n >= 2 && n <= 64 && (n & (n - 1)) == 0; }

static Node *with_kind(IrCtx *cx, Node *f, Node *body, int kind) {
  if (IR_AS(IrFor, f)->body == body && IR_AS(IrFor, f)->kind == kind) return f;
  Node *r = ir_clone(cx, f);
  IR_AS(IrFor, r)->body = body, IR_AS(IrFor, r)->kind = kind;
  return ir_finish(cx, r);
}

typedef struct Pass {
  IrCtx *cx;
  Analyzer *az;
} Pass;

static Node *walk(Node *n, void *ud);

static Node *vectorize_for(Pass *p, Node *n, Node *body) {
  IrFor *f = IR_AS(IrFor, n);
  int64_t ext;
  Node *e = arith_simplify(p->az, f->extent);
  if (!ir_is_const_int(e, &ext)) return with_kind(p->cx, n, body, FOR_SERIAL);
  if (ext == 1) {
    PtrMap m = {0};
    ptrmap_put(&m, f->var, f->min);
    Node *r = tir_simplify_stmt(p->cx, tir_subst(p->cx, body, &m, NULL));
    ptrmap_free(&m);
    return r;
  }
  if (!pow2_lanes(ext)) return with_kind(p->cx, n, body, FOR_SERIAL);
  Vec v = {p->cx, p->az, f->var, NULL, (int)ext, {0}, false};
  v.ramp = ir_ramp(p->cx, f->min, ir_int(p->cx, f->var->dtype, 1), ext);
  arith_push(p->az);
  arith_bind(p->az, f->var, f->min, e);
  Node *r = vstmt(&v, body);
  arith_pop(p->az);
  ptrmap_free(&v.vars);
  if (v.fail || has_hazard(r)) return with_kind(p->cx, n, body, FOR_SERIAL);
  return r;
}

/* Post-order over statements: inner vectorized loops first (an outer one
 * then sees vectors and stays serial). */
static Node *walk(Node *n, void *ud) {
  Pass *p = ud;
  if (!n || !ir_is_stmt(n)) return n;
  if (n->kind != NK_FOR) return ir_mutate_children(p->cx, n, walk, p);
  IrFor *f = IR_AS(IrFor, n);
  arith_push(p->az);
  arith_bind(p->az, f->var, f->min, f->extent);
  Node *body = walk(f->body, p);
  arith_pop(p->az);
  if (f->kind == FOR_VECTORIZED) return vectorize_for(p, n, body);
  return with_kind(p->cx, n, body, (int)f->kind);
}

Node *tir_vectorize_loop(TirPassCtx *pc, Node *func) {
  Pass p = {pc->cx, arith_new(pc->cx)};
  Node *body = walk(IR_AS(IrPrimFunc, func)->body, &p);
  arith_free(p.az);
  return tir_func_with_body(pc->cx, func, body);
}
