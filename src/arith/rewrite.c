/*
 * rewrite.c — the simplifier driver: one bottom-up pass (ar_simp) that sends
 * each node to its rule set, run to a fixpoint (at most MAX_ROUNDS passes)
 * by arith_simplify.
 *
 *   + - *           canonical sum of products (canonical.c)
 *   div mod         by constants and exact symbolic division (divmod.c)
 *   < <= == ...     canonical comparisons, decided by bounds (compare.c)
 *   min max         flattened, sorted, de-duplicated; an operand that the
 *                   bounds of a difference show dominated is dropped
 *   and or          flattened, sorted, de-duplicated, complements detected;
 *                   an operand implied by (or contradicting) the others,
 *                   under arith_assume, is dropped (or decides the result)
 *   not             pushed inward: !(a < b) -> b <= a, De Morgan, !!x -> x
 *   select          a provable condition picks its arm; arms simplified
 *                   under the condition (or its negation)
 *   cast            folded for constants, dropped when it changes nothing
 *   everything else children simplified, then constant folding
 */
#include "arith_impl.h"

#include <stdlib.h>

#define MAX_ROUNDS 4
#define MAX_CONTEXT_DEPTH 3
#define MAX_OPS 32

static Node *simp_cb(Node *child, void *ud) { return child ? ar_simp((Analyzer *)ud, child) : NULL; }

static Node *simp_children(Analyzer *az, Node *e) {
  return arith_const_fold(az->cx, ir_mutate_children(az->cx, e, simp_cb, az));
}

static bool is_int_scalar(const Node *e) { return ar_canon_type(e->dtype); }

static Node *simp_var(Analyzer *az, Node *e) {
  if (!dtype_is_integral(e->dtype) || e->dtype.lanes != 1) return e;
  IntBound b = arith_const_bound(az, e);
  if (b.min == b.max && b.min != ARITH_NEG_INF && b.max != ARITH_POS_INF) return ir_int(az->cx, e->dtype, b.min);
  return e;
}

/* ---- operand lists (min/max, and/or) ------------------------------------- */

typedef struct Ops {
  Node *v[MAX_OPS];
  int n;
  bool overflow;
} Ops;

static void ops_add(Ops *o, Node *e) {
  if (o->n < MAX_OPS)
    o->v[o->n++] = e;
  else
    o->overflow = true;
}

/* Collect the operands of a chain of kind k, each simplified; operands that
 * simplify into chains of k are flattened too. */
static void flatten(Analyzer *az, NodeKind k, Node *e, Ops *o, bool simplified) {
  if (e->kind == k) {
    flatten(az, k, IR_AS(IrBinary, e)->a, o, simplified);
    flatten(az, k, IR_AS(IrBinary, e)->b, o, simplified);
    return;
  }
  Node *s = simplified ? e : ar_simp(az, e);
  if (s != e && s->kind == k)
    flatten(az, k, s, o, true);
  else
    ops_add(o, s);
}

/* Operand order: ar_node_cmp, except that constants go last. */
static int node_qcmp(const void *p, const void *q) {
  const Node *a = *(Node *const *)p, *b = *(Node *const *)q;
  bool ca = a->kind == NK_INT || a->kind == NK_FLOAT, cb = b->kind == NK_INT || b->kind == NK_FLOAT;
  if (ca != cb) return ca ? 1 : -1;
  return ar_node_cmp(a, b);
}

static void ops_sort_dedup(Ops *o) {
  qsort(o->v, (size_t)o->n, sizeof(Node *), node_qcmp);
  int m = 0;
  for (int i = 0; i < o->n; i++)
    if (m == 0 || o->v[m - 1] != o->v[i]) o->v[m++] = o->v[i];
  o->n = m;
}

static void ops_remove(Ops *o, int i) {
  for (int j = i + 1; j < o->n; j++) o->v[j - 1] = o->v[j];
  o->n--;
}

static Node *ops_build(Analyzer *az, NodeKind k, const Ops *o) {
  Node *r = o->v[0];
  for (int i = 1; i < o->n; i++) r = ir_bin(az->cx, k, r, o->v[i]);
  return r;
}

/* ---- min / max ----------------------------------------------------------- */

/* Sign of a - b when the bounds show it: -1 (a <= b), 1 (a >= b), 0 unknown. */
static int order_of(Analyzer *az, Node *a, Node *b) {
  if (!is_int_scalar(a)) {
    double x, y;
    if (ir_is_const_float(a, &x) && ir_is_const_float(b, &y)) return x <= y ? -1 : 1;
    return 0;
  }
  ArSum d, t;
  ar_sum_init(&d, a->dtype);
  ar_sum_init(&t, a->dtype);
  ar_sum_from(az, a, &d);
  ar_sum_from(az, b, &t);
  ar_sum_addsum(&d, &t, -1);
  int r = 0;
  if (ar_sum_fits(&d)) {
    IntBound bd = ar_sum_bound(az, &d);
    r = bd.max <= 0 ? -1 : bd.min >= 0 ? 1 : 0;
  }
  ar_sum_free(&d);
  ar_sum_free(&t);
  return r;
}

static Node *simp_minmax(Analyzer *az, Node *e) {
  NodeKind k = (NodeKind)e->kind;
  if (e->dtype.lanes != 1 || !(is_int_scalar(e) || dtype_is_float(e->dtype) || dtype_is_integral(e->dtype)))
    return simp_children(az, e);
  Ops o = {0};
  flatten(az, k, e, &o, false);
  if (o.overflow) return simp_children(az, e);
  ops_sort_dedup(&o);
  int keep_sign = k == NK_MIN ? -1 : 1; /* min keeps a when a <= b */
  bool ordered = is_int_scalar(e) || dtype_is_float(e->dtype);
  for (int i = 0; ordered && i < o.n; i++)
    for (int j = i + 1; j < o.n; j++) {
      int s = order_of(az, o.v[i], o.v[j]);
      if (s == keep_sign) {
        ops_remove(&o, j--);
      } else if (s == -keep_sign) {
        ops_remove(&o, i);
        i--;
        break;
      }
    }
  Node *r = ops_build(az, k, &o);
  return r == e ? e : arith_const_fold(az->cx, r);
}

/* ---- boolean logic ------------------------------------------------------- */

static Node *negate(Analyzer *az, Node *e);

/* Does a contradict or imply the others (as ops minus index i)?  Returns the
 * simplified a under the others. */
static Node *under_others(Analyzer *az, NodeKind k, Ops *o, int i) {
  arith_push(az);
  for (int j = 0; j < o->n; j++)
    if (j != i) arith_assume(az, k == NK_AND ? o->v[j] : negate(az, o->v[j]));
  az->depth++;
  Node *r = ar_simp(az, o->v[i]);
  az->depth--;
  arith_pop(az);
  return r;
}

static Node *simp_logic(Analyzer *az, Node *e) {
  NodeKind k = (NodeKind)e->kind;
  IrCtx *cx = az->cx;
  if (!dtype_eq(e->dtype, DT_BOOL)) return simp_children(az, e);
  Ops o = {0};
  flatten(az, k, e, &o, false);
  if (o.overflow) return simp_children(az, e);
  int64_t unit = k == NK_AND, v;
  Node *absorb = ir_bool(cx, !unit);
  for (int i = 0; i < o.n; i++) {
    if (!ir_is_const_int(o.v[i], &v)) continue;
    if ((v != 0) != unit) return absorb;
    ops_remove(&o, i--);
  }
  if (o.n == 0) return ir_bool(cx, unit);
  ops_sort_dedup(&o);
  for (int i = 0; i < o.n; i++) {
    Node *ni = negate(az, o.v[i]);
    for (int j = 0; j < o.n; j++)
      if (j != i && o.v[j] == ni) return absorb;
  }
  for (int i = 0; az->depth < MAX_CONTEXT_DEPTH && o.n > 1 && i < o.n; i++) {
    Node *r = under_others(az, k, &o, i);
    if (!ir_is_const_int(r, &v)) continue;
    if ((v != 0) != unit) return absorb;
    ops_remove(&o, i--);
  }
  Node *r = ops_build(az, k, &o);
  return r;
}

/* The simplified negation of e (pushing Not inward). */
static Node *negate(Analyzer *az, Node *e) {
  IrCtx *cx = az->cx;
  IrBinary *x = IR_AS(IrBinary, e);
  int64_t v;
  if (ir_is_const_int(e, &v)) return ir_bool(cx, !v);
  if (e->dtype.lanes != 1) return ir_not(cx, e);
  bool ints = ir_is_cmp(e->kind) && dtype_is_integral(x->a->dtype);
  switch (e->kind) {
  case NK_NOT: return ar_simp(az, IR_AS(IrUnary, e)->a);
  case NK_AND:
  case NK_OR:
    return ar_simp(az, ir_bin(cx, e->kind == NK_AND ? NK_OR : NK_AND, ir_not(cx, x->a), ir_not(cx, x->b)));
  case NK_EQ: return ar_simp(az, ir_bin(cx, NK_NE, x->a, x->b));
  case NK_NE: return ar_simp(az, ir_bin(cx, NK_EQ, x->a, x->b));
  case NK_LT: if (ints) return ar_simp(az, ir_bin(cx, NK_LE, x->b, x->a)); break;
  case NK_LE: if (ints) return ar_simp(az, ir_bin(cx, NK_LT, x->b, x->a)); break;
  case NK_GT: if (ints) return ar_simp(az, ir_bin(cx, NK_LE, x->a, x->b)); break;
  case NK_GE: if (ints) return ar_simp(az, ir_bin(cx, NK_LT, x->a, x->b)); break;
  default: break;
  }
  return ir_not(cx, ar_simp(az, e));
}

/* ---- the rest ------------------------------------------------------------ */

static Node *simp_select(Analyzer *az, Node *e) {
  IrSelect *s = IR_AS(IrSelect, e);
  IrCtx *cx = az->cx;
  Node *c = ar_simp(az, s->cond);
  int64_t v;
  if (ir_is_const_int(c, &v)) return ar_simp(az, v ? s->t : s->f);
  Node *t, *f;
  if (az->depth < MAX_CONTEXT_DEPTH && c->dtype.lanes == 1) {
    az->depth++;
    arith_push(az);
    arith_assume(az, c);
    t = ar_simp(az, s->t);
    arith_pop(az);
    arith_push(az);
    arith_assume(az, negate(az, c));
    f = ar_simp(az, s->f);
    arith_pop(az);
    az->depth--;
  } else {
    t = ar_simp(az, s->t);
    f = ar_simp(az, s->f);
  }
  if (t == f) return t;
  /* select(a < b, a, b) -> min(a, b); select(a < b, b, a) -> max(a, b) */
  if ((c->kind == NK_LT || c->kind == NK_LE) && is_int_scalar(t)) {
    Node *ca = IR_AS(IrBinary, c)->a, *cb = IR_AS(IrBinary, c)->b;
    if (t == ca && f == cb) return ar_simp(az, ir_bin(cx, NK_MIN, t, f));
    if (t == cb && f == ca) return ar_simp(az, ir_bin(cx, NK_MAX, t, f));
  }
  if (dtype_eq(t->dtype, DT_BOOL) && ir_is_const_int(t, &v)) {
    int64_t w;
    if (ir_is_const_int(f, &w) && v && !w) return c;
    if (ir_is_const_int(f, &w) && !v && w) return negate(az, c);
  }
  if (c == s->cond && t == s->t && f == s->f) return e;
  return ir_select(cx, c, t, f);
}

static Node *simp_cast(Analyzer *az, Node *e) {
  Node *v = ar_simp(az, IR_AS(IrUnary, e)->a);
  if (dtype_eq(v->dtype, e->dtype)) return v;
  Node *r = v == IR_AS(IrUnary, e)->a ? e : ir_cast(az->cx, e->dtype, v);
  return arith_const_fold(az->cx, r);
}

static Node *simp_binary_children(Analyzer *az, Node *e, Node **a, Node **b) {
  *a = ar_simp(az, IR_AS(IrBinary, e)->a);
  *b = ar_simp(az, IR_AS(IrBinary, e)->b);
  if (*a == IR_AS(IrBinary, e)->a && *b == IR_AS(IrBinary, e)->b) return e;
  return ir_bin(az->cx, (NodeKind)e->kind, *a, *b);
}

static Node *simp_divmod(Analyzer *az, Node *e) {
  Node *a, *b, *r = simp_binary_children(az, e, &a, &b);
  if (!is_int_scalar(e)) return arith_const_fold(az->cx, r);
  return ar_canon_divmod(az, (NodeKind)e->kind, a, b);
}

/* b == True -> b, b != False -> b, b == False / b != True -> not b. */
static Node *simp_bool_eq(Analyzer *az, NodeKind k, Node *a, Node *b, Node *r) {
  int64_t v;
  if (ir_is_const_int(a, &v)) {
    Node *t = a;
    a = b, b = t;
  }
  if (!ir_is_const_int(b, &v) || ir_is_const_int(a, NULL)) return arith_const_fold(az->cx, r);
  return ((k == NK_EQ) == (v != 0)) ? a : negate(az, a);
}

static Node *simp_cmp(Analyzer *az, Node *e) {
  Node *a, *b, *r = simp_binary_children(az, e, &a, &b);
  if ((e->kind == NK_EQ || e->kind == NK_NE) && dtype_eq(a->dtype, DT_BOOL) && dtype_eq(b->dtype, DT_BOOL))
    return simp_bool_eq(az, (NodeKind)e->kind, a, b, r);
  if (!is_int_scalar(a) || !dtype_eq(a->dtype, b->dtype)) return arith_const_fold(az->cx, r);
  return ar_canon_cmp(az, (NodeKind)e->kind, a, b);
}

static Node *simp_arith(Analyzer *az, Node *e) {
  Node *r = is_int_scalar(e) ? ar_canon_arith(az, e) : NULL;
  return r ? r : simp_children(az, e);
}

/* A bool expression recorded by arith_assume as an opaque fact. */
static Node *known(Analyzer *az, Node *e) {
  const ArEntry *f = e->kind == NK_INT ? NULL : ar_lookup(az, e);
  if (!f || !dtype_eq(e->dtype, DT_BOOL)) return e;
  if (f->b.min >= 1) return ir_bool(az->cx, true);
  if (f->b.max <= 0) return ir_bool(az->cx, false);
  return e;
}

static Node *simp_kind(Analyzer *az, Node *e);

Node *ar_simp(Analyzer *az, Node *e) {
  if (!e || !ir_is_expr(e)) return e;
  Node *r = simp_kind(az, e);
  return dtype_eq(r->dtype, DT_BOOL) ? known(az, r) : r;
}

static Node *simp_kind(Analyzer *az, Node *e) {
  switch (e->kind) {
  case NK_INT:
  case NK_FLOAT:
  case NK_STRING: return e;
  case NK_VAR:
  case NK_SIZEVAR: return simp_var(az, e);
  case NK_ADD:
  case NK_SUB:
  case NK_MUL: return simp_arith(az, e);
  case NK_DIV:
    if (!dtype_is_integral(e->dtype)) return simp_children(az, e);
    return simp_divmod(az, e);
  case NK_MOD:
  case NK_FLOORDIV:
  case NK_FLOORMOD: return simp_divmod(az, e);
  case NK_MIN:
  case NK_MAX: return simp_minmax(az, e);
  case NK_EQ:
  case NK_NE:
  case NK_LT:
  case NK_LE:
  case NK_GT:
  case NK_GE: return simp_cmp(az, e);
  case NK_AND:
  case NK_OR: return simp_logic(az, e);
  case NK_NOT: return negate(az, IR_AS(IrUnary, e)->a);
  case NK_SELECT: return simp_select(az, e);
  case NK_CAST: return simp_cast(az, e);
  default: return simp_children(az, e);
  }
}

Node *arith_simplify(Analyzer *az, Node *e) {
  if (!az || !e) return e;
  for (int round = 0; round < MAX_ROUNDS; round++) {
    Node *r = ar_simp(az, e);
    if (r == e) break;
    e = r;
  }
  return e;
}
