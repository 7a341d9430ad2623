/*
 * compare.c — integer comparisons on the canonical form, and the facts
 * arith_assume draws from them.
 *
 * a op b is read as d op 0 with d = a - b canonical.  If d's bounds decide
 * it, it folds.  Otherwise GT/GE become LT/LE with the operands swapped, the
 * gcd of d's coefficients divides out (rounding the constant the way the
 * comparison needs), EQ/NE take the sign that makes the first term positive,
 * and the result is written "positive terms op negated terms - constant":
 * `x + 2 < 5` -> `x < 3`, `x - y == 0` -> `x == y`, `3 - x < 0` -> `3 < x`.
 */
#include "arith_impl.h"

static bool diff_sum(Analyzer *az, Node *a, Node *b, ArSum *d) {
  ar_sum_init(d, a->dtype);
  ArSum y;
  ar_sum_init(&y, b->dtype);
  ar_sum_from(az, a, d);
  ar_sum_from(az, b, &y);
  ar_sum_addsum(d, &y, -1);
  ar_sum_free(&y);
  return ar_sum_fits(d);
}

/* 1 true, 0 false, -1 unknown: does d op 0 hold, given d in b? */
static int decide(NodeKind k, IntBound b) {
  switch (k) {
  case NK_LT: return b.max < 0 ? 1 : b.min >= 0 ? 0 : -1;
  case NK_LE: return b.max <= 0 ? 1 : b.min > 0 ? 0 : -1;
  case NK_EQ: return (b.min == 0 && b.max == 0) ? 1 : (b.min > 0 || b.max < 0) ? 0 : -1;
  default: return (b.min == 0 && b.max == 0) ? 0 : (b.min > 0 || b.max < 0) ? 1 : -1;
  }
}

/* Divide d by the gcd g of its coefficients, keeping d op 0 equivalent;
 * -1 if that shows the comparison constant (EQ/NE with g not dividing c). */
static int normalize(NodeKind k, ArSum *d) {
  int64_t g = 0;
  for (int32_t i = 0; i < d->t.len; i++) g = ar_gcd(g, d->t.data[i].coef);
  if (g > 1) {
    if ((k == NK_EQ || k == NK_NE) && d->c % g) return k == NK_NE;
    /* g*t + c < 0  <=>  t + floor(c/g) < 0;   g*t + c <= 0  <=>  t + ceil(c/g) <= 0 */
    d->c = k == NK_LE ? -ar_floordiv(-d->c, g) : k == NK_LT ? ar_floordiv(d->c, g) : d->c / g;
    for (int32_t i = 0; i < d->t.len; i++) d->t.data[i].coef /= g;
  }
  if (k == NK_EQ || k == NK_NE) {
    ar_sum_sort(d);
    if (d->t.len && d->t.data[0].coef < 0) {
      d->c = -d->c;
      for (int32_t i = 0; i < d->t.len; i++) d->t.data[i].coef = -d->t.data[i].coef;
    }
  }
  return -1;
}

static Node *emit_cmp(Analyzer *az, NodeKind k, const ArSum *d) {
  ArSum p, n;
  ar_sum_init(&p, d->dt);
  ar_sum_init(&n, d->dt);
  for (int32_t i = 0; i < d->t.len; i++) {
    ArTerm t = d->t.data[i];
    if (t.coef > 0)
      ar_sum_add_term(&p, t.coef, t.mono);
    else
      ar_sum_add_term(&n, -t.coef, t.mono);
  }
  Node *r;
  if (p.t.len) {
    ar_sum_add_term(&n, -d->c, NULL);
    r = ir_bin(az->cx, k, ar_sum_emit(az, &p), ar_sum_emit(az, &n));
  } else {
    r = ir_bin(az->cx, k, ir_int(az->cx, d->dt, d->c), ar_sum_emit(az, &n));
  }
  ar_sum_free(&p);
  ar_sum_free(&n);
  return r;
}

Node *ar_canon_cmp(Analyzer *az, NodeKind k, Node *a, Node *b) {
  IrCtx *cx = az->cx;
  if (k == NK_GT || k == NK_GE) {
    Node *t = a;
    a = b, b = t;
    k = k == NK_GT ? NK_LT : NK_LE;
  }
  ArSum d;
  if (!diff_sum(az, a, b, &d)) {
    ar_sum_free(&d);
    return ir_bin(cx, k, a, b);
  }
  int v = decide(k, ar_sum_bound(az, &d));
  if (v < 0) v = normalize(k, &d);
  Node *r = v >= 0 ? ir_bool(cx, v) : ar_sum_fits(&d) ? emit_cmp(az, k, &d) : ir_bin(cx, k, a, b);
  ar_sum_free(&d);
  return r;
}

bool ar_fact_of(Analyzer *az, Node *cond, const Node **key, IntBound *b) {
  NodeKind k = (NodeKind)cond->kind;
  if (k != NK_LT && k != NK_LE && k != NK_EQ) return false;
  Node *x = IR_AS(IrBinary, cond)->a, *y = IR_AS(IrBinary, cond)->b;
  if (!ar_canon_type(x->dtype)) return false;
  ArSum d;
  bool ok = diff_sum(az, x, y, &d) && d.t.len > 0;
  /* d = g * E + c with E's first term positive (E is the key). */
  int64_t g = 0;
  for (int32_t i = 0; ok && i < d.t.len; i++) g = ar_gcd(g, d.t.data[i].coef);
  ar_sum_sort(&d);
  if (ok && d.t.data[0].coef < 0) g = -g;
  ArSum e;
  ar_sum_init(&e, d.dt);
  for (int32_t i = 0; ok && i < d.t.len; i++) ar_sum_add_term(&e, d.t.data[i].coef / g, d.t.data[i].mono);
  ok = ok && e.ok && d.c != INT64_MIN && d.c != INT64_MIN + 1;
  if (ok) {
    /* g*E <= r (LT, LE) or g*E == r (EQ) */
    int64_t r = k == NK_LT ? -d.c - 1 : -d.c;
    *b = (IntBound){ARITH_NEG_INF, ARITH_POS_INF};
    if (k == NK_EQ) {
      ok = r % g == 0;
      b->min = b->max = r / g;
    } else if (g > 0) {
      b->max = ar_floordiv(r, g);
    } else {
      b->min = -ar_floordiv(-r, g); /* ceil(r / g) */
    }
    *key = ar_sum_emit(az, &e);
  }
  ar_sum_free(&d);
  ar_sum_free(&e);
  return ok;
}
