/*
 * sum_bound.c — constant and symbolic bounds of canonical sums.
 *
 * The bound of a sum starts from its terms' interval bounds (like terms have
 * already cancelled) intersected with any fact about its non-constant part.
 * Two pointwise relaxations then tighten it, each valid for every value of
 * the variables and so sound to combine:
 *   - substitution: a variable with a symbolic range [lo, hi] inside a term
 *     whose other factors have a known sign is replaced by the end that bounds
 *     the term (also through a floordiv/truncdiv by a positive constant, which
 *     is monotone): with 0 <= i < n, i - n <= (n - 1) - n = -1;
 *   - min/max: min(a, b) <= a and <= b, max(a, b) >= a and >= b, so a term
 *     +k*min(a, b) may be replaced by k*a or k*b for an upper bound.
 * Recursion is limited by az->bdepth.
 */
#include "arith_impl.h"

#define MAX_SUB_DEPTH 3
#define MAX_RELAX_DEPTH 2

/* The non-constant part of s divided by g * sign, where g is the gcd of the
 * coefficients and sign makes the first term positive: the key facts use. */
static Node *fact_key(Analyzer *az, const ArSum *s0, int64_t *scale) {
  ArSum e;
  ar_sum_init(&e, s0->dt);
  ar_sum_addsum(&e, s0, 1);
  e.c = 0;
  ar_sum_sort(&e);
  int64_t g = 0;
  for (int32_t i = 0; i < e.t.len; i++) g = ar_gcd(g, e.t.data[i].coef);
  Node *k = NULL;
  if (g != 0 && e.ok) {
    if (e.t.data[0].coef < 0) g = -g;
    for (int32_t i = 0; i < e.t.len; i++) e.t.data[i].coef /= g;
    k = ar_sum_emit(az, &e);
  }
  ar_sum_free(&e);
  *scale = g;
  return k;
}

static IntBound mono_bound(Analyzer *az, Node *mono) {
  Node *atoms[MAX_ATOMS];
  int n = ar_mono_atoms(mono, atoms);
  if (n < 0) return (IntBound){ARITH_NEG_INF, ARITH_POS_INF};
  IntBound b = arith_const_bound(az, atoms[0]);
  for (int i = 1; i < n; i++) b = ar_bound_mul(b, arith_const_bound(az, atoms[i]));
  return b;
}

static Node *expr_end(Analyzer *az, Node *x, bool upper, bool consts);

/* An expression bounding atom a from above (upper) or below, other than a
 * itself: a variable's range end, or a monotone division of its numerator's
 * end.  Constant range ends only with consts. */
static Node *atom_end(Analyzer *az, Node *a, bool upper, bool consts) {
  if (ir_is_tir_var(a)) {
    const ArEntry *e = ar_lookup(az, a);
    Node *end = e ? (upper ? e->max : e->min) : NULL;
    return (end && (consts || end->kind != NK_INT)) ? end : NULL;
  }
  if (a->kind < NK_DIV || a->kind > NK_FLOORMOD) return NULL;
  Node *x = IR_AS(IrBinary, a)->a, *y = IR_AS(IrBinary, a)->b;
  int64_t c;
  bool div = a->kind == NK_DIV || a->kind == NK_FLOORDIV;
  if (div && ir_is_const_int(y, &c) && c > 0) {
    Node *xe = expr_end(az, x, upper, consts);
    return xe ? ar_canon_divmod(az, (NodeKind)a->kind, xe, y) : NULL;
  }
  if (!upper || ir_is_const_int(y, NULL) || arith_const_bound(az, y).min < 1) return NULL;
  /* symbolic y >= 1: x mod y <= y - 1 (for truncmod: when x >= 0);
   * x div y <= x when x >= 0 */
  bool xpos = arith_const_bound(az, x).min >= 0;
  if (!div && (a->kind == NK_FLOORMOD || xpos)) return ir_bin(az->cx, NK_SUB, y, ir_int(az->cx, y->dtype, 1));
  if (div && xpos) return x;
  return NULL;
}

/* Replace, in term t, its first atom that has an end by that end, when the
 * rest of the term has a known sign (coef * rest * v <= coef * rest * vmax
 * when coef * rest >= 0).  Adds the result to out; false if none. */
static bool substitute_term(Analyzer *az, ArTerm t, bool upper, bool consts, ArSum *out) {
  Node *atoms[MAX_ATOMS], *rest[MAX_ATOMS];
  int n = ar_mono_atoms(t.mono, atoms);
  for (int i = 0; i < n; i++) {
    int m = 0;
    for (int j = 0; j < n; j++)
      if (j != i) rest[m++] = atoms[j];
    Node *r = ar_mono_build(az->cx, rest, m);
    IntBound rb = ar_bound_scale(r ? mono_bound(az, r) : (IntBound){1, 1}, t.coef);
    int sign = rb.min >= 0 ? 1 : rb.max <= 0 ? -1 : 0;
    Node *end = sign ? atom_end(az, atoms[i], (sign > 0) == upper, consts) : NULL;
    if (!end || !dtype_eq(end->dtype, out->dt)) continue;
    ArSum es;
    ar_sum_init(&es, out->dt);
    ar_sum_from(az, r ? ir_bin(az->cx, NK_MUL, end, r) : end, &es);
    ar_sum_addsum(out, &es, t.coef);
    ar_sum_free(&es);
    return true;
  }
  return false;
}

static bool substitute(Analyzer *az, const ArSum *s, bool upper, bool consts, ArSum *out) {
  bool any = false;
  for (int32_t i = 0; i < s->t.len && out->ok; i++) {
    if (substitute_term(az, s->t.data[i], upper, consts, out))
      any = true;
    else
      ar_sum_add_term(out, s->t.data[i].coef, s->t.data[i].mono);
  }
  ar_sum_add_const(out, s->c);
  return any && ar_sum_fits(out);
}

static Node *expr_end(Analyzer *az, Node *x, bool upper, bool consts) {
  if (az->bdepth >= MAX_SUB_DEPTH || !ar_canon_type(x->dtype)) return NULL;
  az->bdepth++;
  ArSum s, t;
  ar_sum_init(&s, x->dtype);
  ar_sum_init(&t, x->dtype);
  ar_sum_from(az, x, &s);
  Node *r = s.ok && substitute(az, &s, upper, consts, &t) ? ar_sum_emit(az, &t) : NULL;
  ar_sum_free(&s);
  ar_sum_free(&t);
  az->bdepth--;
  return r;
}

static IntBound tighten(IntBound b, IntBound t, bool upper) {
  if (upper && t.max < b.max) b.max = t.max;
  if (!upper && t.min > b.min) b.min = t.min;
  return b;
}

/* Relax each single-atom min (for an upper bound of a positive term) or max
 * (lower bound) to one of its operands. */
static IntBound relax_minmax(Analyzer *az, const ArSum *s, IntBound b, bool upper) {
  for (int32_t i = 0; i < s->t.len; i++) {
    ArTerm t = s->t.data[i];
    NodeKind want = ((t.coef > 0) == upper) ? NK_MIN : NK_MAX;
    if (t.mono->kind != want) continue;
    for (int side = 0; side < 2; side++) {
      Node *op = side ? IR_AS(IrBinary, t.mono)->b : IR_AS(IrBinary, t.mono)->a;
      ArSum r, o;
      ar_sum_init(&r, s->dt);
      ar_sum_init(&o, s->dt);
      ar_sum_addsum(&r, s, 1);
      ar_sum_add_term(&r, -t.coef, t.mono);
      ar_sum_from(az, op, &o);
      ar_sum_addsum(&r, &o, t.coef);
      if (ar_sum_fits(&r)) b = tighten(b, ar_sum_bound(az, &r), upper);
      ar_sum_free(&r);
      ar_sum_free(&o);
    }
  }
  return b;
}

IntBound ar_sum_bound(Analyzer *az, const ArSum *s) {
  IntBound b = {s->c, s->c};
  for (int32_t i = 0; i < s->t.len; i++)
    b = ar_bound_add(b, ar_bound_scale(mono_bound(az, s->t.data[i].mono), s->t.data[i].coef));
  int64_t g;
  Node *key = s->t.len ? fact_key(az, s, &g) : NULL;
  const ArEntry *f = key ? ar_lookup(az, key) : NULL;
  if (f) b = ar_intersect(b, ar_bound_add(ar_bound_scale(f->b, g), (IntBound){s->c, s->c}));
  if (az->bdepth >= MAX_SUB_DEPTH || s->t.len == 0) return b;
  int depth = az->bdepth++;
  for (int up = 0; up < 2; up++) {
    ArSum t;
    ar_sum_init(&t, s->dt);
    if (substitute(az, s, up, false, &t)) b = tighten(b, ar_sum_bound(az, &t), up);
    ar_sum_free(&t);
    if (depth < MAX_RELAX_DEPTH) b = relax_minmax(az, s, b, up);
  }
  az->bdepth--;
  return b;
}

void arith_symbolic_bound(Analyzer *az, Node *e, Node **lo, Node **hi) {
  *lo = *hi = NULL;
  Node *x = arith_simplify(az, e);
  for (int up = 0; up < 2; up++) {
    Node *r = expr_end(az, x, up, true);
    *(up ? hi : lo) = r ? arith_simplify(az, r) : x;
  }
}
