/*
 * divmod.c — division and modulo on the canonical form.
 *
 * By a positive constant c (the numerator's terms a sum S):
 *   - a common factor g of c and every coefficient divides out:
 *     (g*A) div (g*B) = A div B,  (g*A) mod (g*B) = g * (A mod B);
 *   - floor semantics (or truncation with S >= 0 proven): terms whose
 *     coefficient is a multiple of c leave the division exactly; the rest R
 *     (with the constant's remainder) must then lie in one bucket
 *     [k*c, k*c + c) by its bounds, giving S div c = Q + k and
 *     S mod c = R - k*c.  If R is not bounded so, the division is left as it
 *     was (x // c is not split into pieces) and the modulo keeps only R;
 *   - nesting: (x div a) div b = x div (a*b); (x mod a) mod b = x mod b when
 *     b divides a (either semantics).
 * By a symbolic divisor d: only exact division, S = d * Q term by term with
 * d proven nonzero, gives Q (and modulo 0).  Nothing else is assumed.
 */
#include "arith_impl.h"

static Node *emit_free(Analyzer *az, ArSum *s) {
  Node *r = ar_sum_fits(s) ? ar_sum_emit(az, s) : NULL;
  ar_sum_free(s);
  return r;
}

/* Exact division by a monomial divisor proven nonzero. */
static Node *div_symbolic(Analyzer *az, NodeKind k, Node *a, Node *b, Node *orig) {
  IntBound bb = arith_const_bound(az, b);
  if (bb.min <= 0 && bb.max >= 0) return orig;
  ArSum sa, sb, q;
  ar_sum_init(&sa, a->dtype);
  ar_sum_init(&sb, b->dtype);
  ar_sum_init(&q, a->dtype);
  ar_sum_from(az, a, &sa);
  ar_sum_from(az, b, &sb);
  bool ok = sa.ok && sb.ok && sb.t.len == 1 && sb.c == 0 && sa.c == 0;
  int64_t kb = ok ? sb.t.data[0].coef : 1;
  for (int32_t i = 0; ok && i < sa.t.len; i++) {
    Node *m;
    ok = sa.t.data[i].coef % kb == 0 && ar_mono_div(az->cx, sa.t.data[i].mono, sb.t.data[0].mono, &m);
    if (ok) ar_sum_add_term(&q, sa.t.data[i].coef / kb, m);
  }
  ar_sum_free(&sa);
  ar_sum_free(&sb);
  if (!ok) {
    ar_sum_free(&q);
    return orig;
  }
  if (k == NK_MOD || k == NK_FLOORMOD) {
    ar_sum_free(&q);
    return ir_int(az->cx, a->dtype, 0);
  }
  Node *r = emit_free(az, &q);
  return r ? r : orig;
}

/* Bucket k with R in [k*c, k*c + c), if R's bounds show one. */
static bool one_bucket(Analyzer *az, const ArSum *r, int64_t c, int64_t *k) {
  IntBound b = ar_sum_bound(az, r);
  if (b.min == ARITH_NEG_INF || b.max == ARITH_POS_INF) return false;
  *k = ar_floordiv(b.min, c);
  return ar_floordiv(b.max, c) == *k;
}

/* s with floormod(Y, a) atoms (a a multiple of c) replaced by Y: inside
 * "mod c" they differ by multiples of c. */
static void strip_inner_mod(Analyzer *az, ArSum *s, int64_t c) {
  for (int32_t i = 0; i < s->t.len && s->ok; i++) {
    Node *m = s->t.data[i].mono;
    int64_t a;
    if (m->kind != NK_FLOORMOD || !ir_is_const_int(IR_AS(IrBinary, m)->b, &a) || a <= 0 || a % c) continue;
    int64_t k = s->t.data[i].coef;
    s->t.data[i] = s->t.data[--s->t.len];
    ArSum y;
    ar_sum_init(&y, s->dt);
    ar_sum_from(az, IR_AS(IrBinary, m)->a, &y);
    ar_sum_addsum(s, &y, k);
    ar_sum_free(&y);
    i = -1; /* the sum was reordered: rescan */
  }
}

/* Split s into multiples of c (q, exactly divided) and the rest (r, with the
 * constant's remainder). */
static void split_multiples(const ArSum *s, int64_t c, ArSum *q, ArSum *r) {
  ar_sum_init(q, s->dt);
  ar_sum_init(r, s->dt);
  for (int32_t i = 0; i < s->t.len; i++) {
    ArTerm t = s->t.data[i];
    if (t.coef % c == 0)
      ar_sum_add_term(q, t.coef / c, t.mono);
    else
      ar_sum_add_term(r, t.coef, t.mono);
  }
  ar_sum_add_term(q, ar_floordiv(s->c, c), NULL);
  ar_sum_add_term(r, ar_floormod(s->c, c), NULL);
}

/* A nested k(k'(x, a), c) that folds to k(x, a*c) or k(x, c); NULL if none. */
static Node *nested(Analyzer *az, NodeKind k, const ArSum *s, int64_t c) {
  if (s->t.len != 1 || s->c != 0 || s->t.data[0].coef != 1) return NULL;
  Node *m = s->t.data[0].mono, *x = IR_AS(IrBinary, m)->a;
  int64_t a, ac;
  if (m->kind != k || !ir_is_const_int(IR_AS(IrBinary, m)->b, &a) || a <= 0) return NULL;
  if (k == NK_DIV || k == NK_FLOORDIV) {
    if (!ar_mul_ok(a, c, &ac) || !ar_fits(s->dt, ac)) return NULL;
    return ar_canon_divmod(az, k, x, ir_int(az->cx, s->dt, ac));
  }
  if (a % c) return NULL;
  return ar_canon_divmod(az, k, x, ir_int(az->cx, s->dt, c));
}

static Node *div_const(Analyzer *az, NodeKind k, ArSum *s, int64_t c, bool split) {
  IrCtx *cx = az->cx;
  if (c == 1) return ar_sum_emit(az, s);
  if (split) {
    ArSum q, r;
    split_multiples(s, c, &q, &r);
    int64_t kb = 0;
    bool done = q.ok && r.ok && (r.t.len == 0 || one_bucket(az, &r, c, &kb));
    ar_sum_free(&r);
    if (done) {
      ar_sum_add_term(&q, kb, NULL);
      Node *res = emit_free(az, &q);
      if (res) return res;
    } else {
      ar_sum_free(&q);
    }
  }
  Node *n = nested(az, k, s, c);
  if (n) return n;
  Node *num = ar_sum_emit(az, s);
  return ir_bin(cx, k, num, ir_int(cx, s->dt, c));
}

static Node *mod_const(Analyzer *az, NodeKind k, ArSum *s, int64_t c, bool split, bool floor) {
  IrCtx *cx = az->cx;
  if (c == 1) return ir_int(cx, s->dt, 0);
  if (split) {
    if (floor) strip_inner_mod(az, s, c);
    ArSum q, r;
    split_multiples(s, c, &q, &r);
    ar_sum_free(&q);
    int64_t kb = 0;
    if (r.ok && (r.t.len == 0 || one_bucket(az, &r, c, &kb))) {
      ar_sum_add_term(&r, -kb * c, NULL);
      Node *res = emit_free(az, &r);
      if (res) return res;
    } else if (r.ok && floor) {
      /* keep only the rest, its constant reduced toward zero */
      r.c = s->c % c;
      Node *num = ar_sum_fits(&r) ? ar_sum_emit(az, &r) : NULL;
      ar_sum_free(&r);
      if (num) return ir_bin(cx, k, num, ir_int(cx, s->dt, c));
    } else {
      ar_sum_free(&r);
    }
  }
  Node *n = nested(az, k, s, c);
  if (n) return n;
  return ir_bin(cx, k, ar_sum_emit(az, s), ir_int(cx, s->dt, c));
}

/* Divide every coefficient of s (and c) by their gcd; returns the gcd. */
static int64_t reduce_gcd(ArSum *s, int64_t *c) {
  int64_t g = ar_gcd(*c, s->c);
  for (int32_t i = 0; i < s->t.len; i++) g = ar_gcd(g, s->t.data[i].coef);
  if (g <= 1) return 1;
  *c /= g;
  s->c /= g;
  for (int32_t i = 0; i < s->t.len; i++) s->t.data[i].coef /= g;
  return g;
}

Node *ar_canon_divmod(Analyzer *az, NodeKind k, Node *a, Node *b) {
  IrCtx *cx = az->cx;
  Node *orig = ir_bin(cx, k, a, b);
  Node *f = arith_const_fold(cx, orig);
  if (f != orig || !ar_canon_type(a->dtype) || !dtype_eq(a->dtype, b->dtype)) return f;
  int64_t c;
  if (!ir_is_const_int(b, &c)) return div_symbolic(az, k, a, b, orig);
  if (c <= 0) return orig;
  bool floor = k == NK_FLOORDIV || k == NK_FLOORMOD;
  bool split = floor || arith_const_bound(az, a).min >= 0;
  ArSum s;
  ar_sum_init(&s, a->dtype);
  ar_sum_from(az, a, &s);
  if (!ar_sum_fits(&s)) {
    ar_sum_free(&s);
    return orig;
  }
  int64_t g = reduce_gcd(&s, &c);
  Node *r = (k == NK_DIV || k == NK_FLOORDIV) ? div_const(az, k, &s, c, split)
                                               : mod_const(az, k, &s, c, split, floor);
  ar_sum_free(&s);
  if (g > 1 && (k == NK_MOD || k == NK_FLOORMOD)) {
    ArSum t;
    ar_sum_init(&t, a->dtype);
    ar_sum_from(az, r, &t);
    ArSum u;
    ar_sum_init(&u, a->dtype);
    ar_sum_addsum(&u, &t, g);
    ar_sum_free(&t);
    Node *res = emit_free(az, &u);
    return res ? res : orig;
  }
  return r;
}
