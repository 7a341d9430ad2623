/*
 * bound.c — constant interval bounds of integer expressions.  Every
 * operation saturates at ARITH_NEG_INF / ARITH_POS_INF (INT64_MIN/MAX stand
 * for infinities, never for values), so nothing overflows.  Variables take
 * their bound range (symbolic ends bounded recursively, with a depth limit
 * against cyclic ranges), SizeVars are >= 0, and any expression a fact
 * bounds is intersected with that fact.
 */
#include "arith_impl.h"

#define NEG ARITH_NEG_INF
#define POS ARITH_POS_INF
#define MAX_BDEPTH 8

static IntBound mk(int64_t lo, int64_t hi) { return (IntBound){lo, hi}; }
static int64_t mn(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t mx(int64_t a, int64_t b) { return a > b ? a : b; }

IntBound ar_dtype_bound(DType t) {
  if (t.code == DT_CODE_BOOL) return mk(0, 1);
  if (t.code != DT_CODE_INT && t.code != DT_CODE_UINT) return mk(NEG, POS);
  int64_t lo = dtype_int_min(t), hi = dtype_int_max(t);
  return mk(lo, hi);
}

IntBound ar_intersect(IntBound a, IntBound b) { return mk(mx(a.min, b.min), mn(a.max, b.max)); }

int64_t ar_sat_neg(int64_t a) {
  if (a == NEG) return POS;
  if (a == POS) return NEG;
  return -a;
}

int64_t ar_sat_add(int64_t a, int64_t b) {
  if (a == NEG || b == NEG) return (a == POS || b == POS) ? 0 : NEG;
  if (a == POS || b == POS) return POS;
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return a < 0 ? NEG : POS;
  return r;
}

int64_t ar_sat_mul(int64_t a, int64_t b) {
  if (a == 0 || b == 0) return 0;
  bool neg = (a < 0) != (b < 0);
  if (a == NEG || a == POS || b == NEG || b == POS) return neg ? NEG : POS;
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r) || r == NEG || r == POS) return neg ? NEG : POS;
  return r;
}

IntBound ar_bound_add(IntBound a, IntBound b) {
  int64_t lo = (a.min == NEG || b.min == NEG) ? NEG : ar_sat_add(a.min, b.min);
  int64_t hi = (a.max == POS || b.max == POS) ? POS : ar_sat_add(a.max, b.max);
  return mk(lo, hi);
}

static IntBound bound_neg(IntBound a) { return mk(ar_sat_neg(a.max), ar_sat_neg(a.min)); }

IntBound ar_bound_scale(IntBound a, int64_t k) {
  int64_t x = ar_sat_mul(a.min, k), y = ar_sat_mul(a.max, k);
  return mk(mn(x, y), mx(x, y));
}

IntBound ar_bound_mul(IntBound a, IntBound b) {
  int64_t p[4] = {ar_sat_mul(a.min, b.min), ar_sat_mul(a.min, b.max), ar_sat_mul(a.max, b.min),
                  ar_sat_mul(a.max, b.max)};
  IntBound r = mk(p[0], p[0]);
  for (int i = 1; i < 4; i++) r = mk(mn(r.min, p[i]), mx(r.max, p[i]));
  return r;
}

/* a / b rounded by floor or truncation, for b != 0, with infinities. */
static int64_t div_corner(int64_t a, int64_t b, bool floor) {
  bool neg = (a < 0) != (b < 0);
  if (a == NEG || a == POS) return neg ? NEG : POS;
  if (b == NEG || b == POS) return (floor && neg && a != 0) ? -1 : 0;
  if (b == -1) return -a; /* a > INT64_MIN here */
  return floor ? ar_floordiv(a, b) : a / b;
}

static IntBound bound_div(IntBound a, IntBound b, bool floor) {
  /* A division by zero has no value, so a divisor range touching zero is
   * narrowed to its nonzero part; one straddling zero bounds by |a|. */
  if (b.min == 0) b.min = 1;
  if (b.max == 0) b.max = -1;
  if (b.min > b.max) return mk(NEG, POS);
  if (b.min < 0 && b.max > 0) {
    int64_t m = mx(ar_sat_neg(a.min), a.max);
    return mk(ar_sat_neg(m), m);
  }
  int64_t p[4] = {div_corner(a.min, b.min, floor), div_corner(a.min, b.max, floor),
                  div_corner(a.max, b.min, floor), div_corner(a.max, b.max, floor)};
  IntBound r = mk(p[0], p[0]);
  for (int i = 1; i < 4; i++) r = mk(mn(r.min, p[i]), mx(r.max, p[i]));
  return r;
}

static IntBound bound_truncmod(IntBound a, IntBound b) {
  int64_t m = mx(ar_sat_neg(b.min), b.max); /* |b| <= m */
  if (m == 0) return mk(NEG, POS);
  int64_t lim = m == POS ? POS : m - 1;
  int64_t lo = a.min >= 0 ? 0 : mx(a.min, ar_sat_neg(lim));
  int64_t hi = a.max <= 0 ? 0 : mn(a.max, lim);
  return mk(lo, hi);
}

static IntBound bound_floormod(IntBound a, IntBound b) {
  if (b.min == 0) b.min = 1; /* modulo by zero has no value */
  if (b.max == 0) b.max = -1;
  if (b.min > b.max) return mk(NEG, POS);
  if (b.min == b.max && b.min > 0 && b.min != POS) {
    int64_t c = b.min;
    if (a.min != NEG && a.max != POS) {
      int64_t k = ar_floordiv(a.min, c);
      if (ar_floordiv(a.max, c) == k) return mk(a.min - k * c, a.max - k * c);
    }
    return mk(0, c - 1);
  }
  if (b.min > 0) {
    IntBound r = mk(0, b.max == POS ? POS : b.max - 1);
    if (a.min >= 0) r.max = mn(r.max, a.max);
    return r;
  }
  if (b.max < 0) return mk(b.min == NEG ? NEG : b.min + 1, 0);
  int64_t m = mx(ar_sat_neg(b.min), b.max);
  int64_t lim = m == POS ? POS : m - 1;
  return mk(ar_sat_neg(lim), lim);
}

static IntBound bound_rec(Analyzer *az, Node *e);

static IntBound var_bound(Analyzer *az, Node *v) {
  IntBound r = ar_dtype_bound(v->dtype);
  if (v->kind == NK_SIZEVAR) r.min = mx(r.min, 0);
  const ArEntry *e = ar_lookup(az, v);
  if (!e) return r;
  r = ar_intersect(r, e->b);
  if (az->bdepth < MAX_BDEPTH && (e->min || e->max)) {
    Node *lo = e->min, *hi = e->max;
    az->bdepth++;
    if (lo) r.min = mx(r.min, bound_rec(az, lo).min);
    if (hi) r.max = mn(r.max, bound_rec(az, hi).max);
    az->bdepth--;
  }
  return r;
}

static IntBound bound_cast(Analyzer *az, Node *e) {
  Node *v = IR_AS(IrUnary, e)->a;
  IntBound t = ar_dtype_bound(e->dtype);
  if (!dtype_is_integral(v->dtype) || !dtype_is_integral(e->dtype)) return t;
  IntBound b = bound_rec(az, v);
  if (b.min >= t.min && b.max <= t.max) return b;
  return t;
}

/* Bound of + - * through the canonical form (like terms cancel, facts and
 * symbolic ranges apply); false if the form is not available. */
static bool bound_sum(Analyzer *az, Node *e, IntBound *r) {
  if (!ar_canon_type(e->dtype)) return false;
  ArSum s;
  ar_sum_init(&s, e->dtype);
  ar_sum_from(az, e, &s);
  bool ok = ar_sum_fits(&s);
  if (ok) *r = ar_sum_bound(az, &s);
  ar_sum_free(&s);
  return ok;
}

static IntBound bound_cmp(Analyzer *az, Node *e) {
  IrBinary *x = IR_AS(IrBinary, e);
  if (!ar_canon_type(x->a->dtype) || !dtype_eq(x->a->dtype, x->b->dtype)) return mk(0, 1);
  int64_t v;
  Node *r = ar_canon_cmp(az, (NodeKind)e->kind, x->a, x->b);
  return ir_is_const_int(r, &v) ? mk(v, v) : mk(0, 1);
}

static IntBound bound_kind(Analyzer *az, Node *e) {
  IrBinary *x = IR_AS(IrBinary, e);
  IntBound sb;
  if ((e->kind == NK_ADD || e->kind == NK_SUB || e->kind == NK_MUL) && bound_sum(az, e, &sb)) return sb;
  if (ir_is_cmp(e->kind)) return bound_cmp(az, e);
  switch (e->kind) {
  case NK_INT: return mk(IR_AS(IrIntImm, e)->value, IR_AS(IrIntImm, e)->value);
  case NK_VAR:
  case NK_SIZEVAR: return var_bound(az, e);
  case NK_CAST: return bound_cast(az, e);
  case NK_ADD: return ar_bound_add(bound_rec(az, x->a), bound_rec(az, x->b));
  case NK_SUB: return ar_bound_add(bound_rec(az, x->a), bound_neg(bound_rec(az, x->b)));
  case NK_MUL: return ar_bound_mul(bound_rec(az, x->a), bound_rec(az, x->b));
  case NK_DIV: return bound_div(bound_rec(az, x->a), bound_rec(az, x->b), false);
  case NK_FLOORDIV: return bound_div(bound_rec(az, x->a), bound_rec(az, x->b), true);
  case NK_MOD: return bound_truncmod(bound_rec(az, x->a), bound_rec(az, x->b));
  case NK_FLOORMOD: return bound_floormod(bound_rec(az, x->a), bound_rec(az, x->b));
  case NK_MIN: {
    IntBound a = bound_rec(az, x->a), b = bound_rec(az, x->b);
    return mk(mn(a.min, b.min), mn(a.max, b.max));
  }
  case NK_MAX: {
    IntBound a = bound_rec(az, x->a), b = bound_rec(az, x->b);
    return mk(mx(a.min, b.min), mx(a.max, b.max));
  }
  case NK_SELECT: {
    IrSelect *s = IR_AS(IrSelect, e);
    IntBound c = bound_rec(az, s->cond);
    if (c.min >= 1) return bound_rec(az, s->t);
    if (c.max <= 0) return bound_rec(az, s->f);
    IntBound a = bound_rec(az, s->t), b = bound_rec(az, s->f);
    return mk(mn(a.min, b.min), mx(a.max, b.max));
  }
  case NK_LET: return bound_rec(az, IR_AS(IrLet, e)->body);
  default: return ar_dtype_bound(e->dtype);
  }
}

static IntBound bound_rec(Analyzer *az, Node *e) {
  if (!dtype_is_integral(e->dtype) || e->dtype.lanes != 1) return mk(NEG, POS);
  IntBound r = ar_intersect(bound_kind(az, e), ar_dtype_bound(e->dtype));
  const ArEntry *f = ar_lookup(az, e);
  if (f && e->kind != NK_VAR && e->kind != NK_SIZEVAR) r = ar_intersect(r, f->b);
  if (r.min > r.max) r.max = r.min; /* contradictory knowledge: keep it a valid interval */
  return r;
}

IntBound arith_const_bound(Analyzer *az, Node *e) {
  if (!e) return mk(NEG, POS);
  return bound_rec(az, e);
}
