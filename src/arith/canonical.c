/*
 * canonical.c — the linear sum-of-products form: an expression is a constant
 * plus coefficient * monomial terms, a monomial being a product of atoms
 * (anything that is not + - *, already simplified) sorted by ar_node_cmp.
 * Building the form collects like terms and expands products; emitting it
 * gives the one canonical expression (see arith.h).  The sum-level rules
 * live here too: fusing what split produced (div/mod pairs back into their
 * numerator) and min(a, b) + max(a, b) -> a + b.  divmod.c, compare.c and
 * sum_bound.c build on this form.
 *
 * Coefficients are computed with overflow checks; any overflow or constant
 * outside the dtype marks the sum not ok and the caller keeps its input.
 */
#include "arith_impl.h"

#include <stdlib.h>

#define MAX_TERMS 64

bool ar_canon_type(DType t) { return t.code == DT_CODE_INT && t.lanes == 1; }

void ar_sum_init(ArSum *s, DType dt) {
  memset(s, 0, sizeof *s);
  s->dt = dt;
  s->ok = true;
}

void ar_sum_free(ArSum *s) { VEC_FREE(s->t); }

static int64_t iabs(int64_t v) { return v < 0 ? -v : v; }

int64_t ar_gcd(int64_t a, int64_t b) {
  a = iabs(a), b = iabs(b);
  while (b) {
    int64_t t = a % b;
    a = b, b = t;
  }
  return a;
}

/* ---- monomials ----------------------------------------------------------- */

/* The atoms of a monomial (the left spine of its Mul chain), in order. */
int ar_mono_atoms(Node *m, Node **out) {
  Node *rev[MAX_ATOMS + 1];
  int n = 0;
  while (m && m->kind == NK_MUL && n < MAX_ATOMS) {
    rev[n++] = IR_AS(IrBinary, m)->b;
    m = IR_AS(IrBinary, m)->a;
  }
  if (!m || n >= MAX_ATOMS) return -1;
  rev[n++] = m;
  for (int i = 0; i < n; i++) out[i] = rev[n - 1 - i];
  return n;
}

Node *ar_mono_build(IrCtx *cx, Node **atoms, int n) {
  if (n == 0) return NULL;
  Node *m = atoms[0];
  for (int i = 1; i < n; i++) m = ir_bin(cx, NK_MUL, m, atoms[i]);
  return m;
}

static int mono_cmp(Node *a, Node *b) {
  if (a == b) return 0;
  Node *x[MAX_ATOMS], *y[MAX_ATOMS];
  int n = ar_mono_atoms(a, x), m = ar_mono_atoms(b, y);
  for (int i = 0; i < n && i < m; i++) {
    int c = ar_node_cmp(x[i], y[i]);
    if (c) return c;
  }
  return n < m ? -1 : n > m;
}

/* Product of two monomials (NULL on too many atoms). */
static Node *mono_mul(IrCtx *cx, Node *a, Node *b) {
  Node *x[MAX_ATOMS], *y[MAX_ATOMS], *z[2 * MAX_ATOMS];
  int n = ar_mono_atoms(a, x), m = ar_mono_atoms(b, y), i = 0, j = 0, k = 0;
  if (n < 0 || m < 0 || n + m > MAX_ATOMS) return NULL;
  while (i < n || j < m) {
    if (j >= m || (i < n && ar_node_cmp(x[i], y[j]) <= 0))
      z[k++] = x[i++];
    else
      z[k++] = y[j++];
  }
  return ar_mono_build(cx, z, k);
}

/* a / b as monomials, if b's atoms are a sub-multiset of a's.  *q is NULL
 * when the quotient is 1. */
bool ar_mono_div(IrCtx *cx, Node *a, Node *b, Node **q) {
  Node *x[MAX_ATOMS], *y[MAX_ATOMS], *z[MAX_ATOMS];
  int n = ar_mono_atoms(a, x), m = ar_mono_atoms(b, y), k = 0, j = 0;
  if (n < 0 || m < 0) return false;
  for (int i = 0; i < n; i++) {
    if (j < m && x[i] == y[j])
      j++;
    else
      z[k++] = x[i];
  }
  if (j < m) return false;
  *q = ar_mono_build(cx, z, k);
  return true;
}

/* ---- building sums ------------------------------------------------------- */

void ar_sum_add_const(ArSum *s, int64_t v) {
  if (__builtin_add_overflow(s->c, v, &s->c) || s->c == INT64_MIN) s->ok = false;
}

/* s += k * mono (mono NULL: the constant 1). */
void ar_sum_add_term(ArSum *s, int64_t k, Node *mono) {
  if (!s->ok || k == 0) return;
  if (!mono) {
    ar_sum_add_const(s, k);
    return;
  }
  for (int32_t i = 0; i < s->t.len; i++) {
    if (s->t.data[i].mono != mono) continue;
    int64_t r;
    if (__builtin_add_overflow(s->t.data[i].coef, k, &r) || r == INT64_MIN) s->ok = false;
    s->t.data[i].coef = r;
    if (r == 0) s->t.data[i] = s->t.data[--s->t.len];
    return;
  }
  if (k == INT64_MIN || s->t.len >= MAX_TERMS) {
    s->ok = false;
    return;
  }
  ArTerm t = {k, mono};
  VEC_PUSH(s->t, t);
}

bool ar_mul_ok(int64_t a, int64_t b, int64_t *r) {
  return !__builtin_mul_overflow(a, b, r) && *r != INT64_MIN;
}

void ar_sum_addsum(ArSum *s, const ArSum *o, int64_t k) {
  int64_t v;
  if (!o->ok || !ar_mul_ok(o->c, k, &v)) {
    s->ok = false;
    return;
  }
  ar_sum_add_const(s, v);
  for (int32_t i = 0; i < o->t.len && s->ok; i++) {
    if (!ar_mul_ok(o->t.data[i].coef, k, &v)) s->ok = false;
    ar_sum_add_term(s, v, o->t.data[i].mono);
  }
}

static void from_rec(Analyzer *az, Node *e, int64_t k, ArSum *s, bool simp);

/* s += k * a * b, expanding the product. */
static void add_product(Analyzer *az, Node *a, Node *b, int64_t k, ArSum *s, bool simp) {
  ArSum x, y;
  ar_sum_init(&x, s->dt);
  ar_sum_init(&y, s->dt);
  from_rec(az, a, 1, &x, simp);
  from_rec(az, b, 1, &y, simp);
  if (!x.ok || !y.ok || (x.t.len + 1) * (y.t.len + 1) > MAX_TERMS) s->ok = false;
  for (int32_t i = -1; i < x.t.len && s->ok; i++) {
    int64_t cx_ = i < 0 ? x.c : x.t.data[i].coef, v;
    Node *mx = i < 0 ? NULL : x.t.data[i].mono;
    for (int32_t j = -1; j < y.t.len && s->ok; j++) {
      int64_t cy = j < 0 ? y.c : y.t.data[j].coef;
      Node *my = j < 0 ? NULL : y.t.data[j].mono;
      Node *m = !mx ? my : !my ? mx : mono_mul(az->cx, mx, my);
      if (mx && my && !m) s->ok = false;
      if (!ar_mul_ok(cx_, cy, &v) || !ar_mul_ok(v, k, &v)) s->ok = false;
      ar_sum_add_term(s, v, m);
    }
  }
  ar_sum_free(&x);
  ar_sum_free(&y);
}

static bool is_arith(const Node *e) {
  return e->kind == NK_ADD || e->kind == NK_SUB || e->kind == NK_MUL;
}

/* s += k * e.  With simp, atoms are simplified first (ar_simp); without, e
 * is taken as already simplified. */
static void from_rec(Analyzer *az, Node *e, int64_t k, ArSum *s, bool simp) {
  if (!s->ok) return;
  if (!dtype_eq(e->dtype, s->dt)) {
    s->ok = false;
    return;
  }
  int64_t v;
  if (ir_is_const_int(e, &v)) {
    if (!ar_mul_ok(v, k, &v)) s->ok = false;
    ar_sum_add_const(s, v);
    return;
  }
  IrBinary *x = IR_AS(IrBinary, e);
  switch (e->kind) {
  case NK_ADD:
    from_rec(az, x->a, k, s, simp);
    from_rec(az, x->b, k, s, simp);
    return;
  case NK_SUB:
    from_rec(az, x->a, k, s, simp);
    from_rec(az, x->b, -k, s, simp); /* k != INT64_MIN: ar_sum_add_term refuses it */
    return;
  case NK_MUL: add_product(az, x->a, x->b, k, s, simp); return;
  default: break;
  }
  if (simp) {
    Node *a = ar_simp(az, e);
    if (a != e && (is_arith(a) || a->kind == NK_INT)) {
      from_rec(az, a, k, s, false);
      return;
    }
    e = a;
  }
  ar_sum_add_term(s, k, e);
}

void ar_sum_from(Analyzer *az, Node *e, ArSum *out) { from_rec(az, e, 1, out, false); }

bool ar_sum_fits(const ArSum *s) {
  if (!s->ok || !ar_fits(s->dt, s->c)) return false;
  for (int32_t i = 0; i < s->t.len; i++)
    if (!ar_fits(s->dt, s->t.data[i].coef) || s->t.data[i].coef == dtype_int_min(s->dt)) return false;
  return s->c != dtype_int_min(s->dt);
}

/* ---- emitting ------------------------------------------------------------ */

static int term_cmp(const void *p, const void *q) {
  return mono_cmp(((const ArTerm *)p)->mono, ((const ArTerm *)q)->mono);
}

void ar_sum_sort(ArSum *s) {
  if (s->t.len > 1) qsort(s->t.data, (size_t)s->t.len, sizeof(ArTerm), term_cmp);
}

static Node *term_node(IrCtx *cx, DType dt, Node *mono, int64_t k) {
  return k == 1 ? mono : ir_bin(cx, NK_MUL, mono, ir_int(cx, dt, k));
}

Node *ar_sum_emit(Analyzer *az, const ArSum *s0) {
  IrCtx *cx = az->cx;
  ArSum s = *s0;
  ar_sum_sort(&s);
  DType dt = s.dt;
  Node *acc = NULL;
  bool const_done = false;
  for (int32_t i = 0; i < s.t.len; i++)
    if (s.t.data[i].coef > 0) {
      Node *t = term_node(cx, dt, s.t.data[i].mono, s.t.data[i].coef);
      acc = acc ? ir_bin(cx, NK_ADD, acc, t) : t;
    }
  for (int32_t i = 0; i < s.t.len; i++) {
    ArTerm t = s.t.data[i];
    if (t.coef > 0) continue;
    if (!acc && s.c > 0) {
      acc = ir_int(cx, dt, s.c);
      const_done = true;
    }
    acc = acc ? ir_bin(cx, NK_SUB, acc, term_node(cx, dt, t.mono, -t.coef)) : term_node(cx, dt, t.mono, t.coef);
  }
  if (!const_done) {
    if (!acc)
      acc = ir_int(cx, dt, s.c);
    else if (s.c > 0)
      acc = ir_bin(cx, NK_ADD, acc, ir_int(cx, dt, s.c));
    else if (s.c < 0)
      acc = ir_bin(cx, NK_SUB, acc, ir_int(cx, dt, -s.c));
  }
  return acc;
}

/* ---- sum-level rules: fuse what split produced --------------------------- */

static NodeKind div_of(NodeKind mod) { return mod == NK_FLOORMOD ? NK_FLOORDIV : NK_DIV; }

static bool const_operand(Node *atom, NodeKind k, int64_t *c) {
  return atom->kind == k && ir_is_const_int(IR_AS(IrBinary, atom)->b, c) && *c > 0;
}

static int32_t find_term(const ArSum *s, Node *mono, int64_t coef) {
  for (int32_t j = 0; j < s->t.len; j++)
    if (s->t.data[j].mono == mono && s->t.data[j].coef == coef) return j;
  return -1;
}

static void remove_pair(ArSum *s, int32_t i, int32_t j) {
  int32_t hi = i > j ? i : j, lo = i > j ? j : i;
  s->t.data[hi] = s->t.data[--s->t.len];
  s->t.data[lo] = s->t.data[--s->t.len];
}

/* k*(X mod c) + k*c*(X div c) -> k*X (X div c may appear as Y div a*c when
 *   X is Y div a);
 * k*(X mod a) + k*a*((X div a) mod b) -> k*(X mod a*b). */
static bool fuse_divmod(Analyzer *az, ArSum *s, int32_t i) {
  IrCtx *cx = az->cx;
  Node *m = s->t.data[i].mono;
  int64_t k = s->t.data[i].coef, c, kc, ab;
  NodeKind mk = (NodeKind)m->kind;
  if (!const_operand(m, NK_FLOORMOD, &c) && !const_operand(m, NK_MOD, &c)) return false;
  Node *x = IR_AS(IrBinary, m)->a, *cn = IR_AS(IrBinary, m)->b;
  if (!ar_mul_ok(k, c, &kc)) return false;
  Node *dv = ir_bin(cx, div_of(mk), x, cn);
  int32_t j = find_term(s, dv, kc);
  int64_t a, ac;
  if (j < 0 && const_operand(x, div_of(mk), &a) && ar_mul_ok(a, c, &ac)) /* (y div a) div c is y div a*c */
    j = find_term(s, ir_bin(cx, div_of(mk), IR_AS(IrBinary, x)->a, ir_int(cx, s->dt, ac)), kc);
  if (j >= 0) {
    ArSum xs;
    ar_sum_init(&xs, s->dt);
    ar_sum_from(az, x, &xs);
    remove_pair(s, i, j);
    ar_sum_addsum(s, &xs, k);
    ar_sum_free(&xs);
    return true;
  }
  for (j = 0; j < s->t.len; j++) {
    Node *o = s->t.data[j].mono;
    int64_t b;
    if (s->t.data[j].coef != kc || !const_operand(o, mk, &b) || IR_AS(IrBinary, o)->a != dv) continue;
    if (!ar_mul_ok(c, b, &ab)) return false;
    Node *r = ar_canon_divmod(az, mk, x, ir_int(cx, s->dt, ab));
    remove_pair(s, i, j);
    ArSum rs;
    ar_sum_init(&rs, s->dt);
    ar_sum_from(az, r, &rs);
    ar_sum_addsum(s, &rs, k);
    ar_sum_free(&rs);
    return true;
  }
  return false;
}

/* k*min(a, b) + k*max(a, b) -> k*a + k*b. */
static bool fuse_minmax(Analyzer *az, ArSum *s, int32_t i) {
  Node *m = s->t.data[i].mono;
  if (m->kind != NK_MIN) return false;
  Node *a = IR_AS(IrBinary, m)->a, *b = IR_AS(IrBinary, m)->b;
  int64_t k = s->t.data[i].coef;
  int32_t j = find_term(s, ir_bin(az->cx, NK_MAX, a, b), k);
  if (j < 0) j = find_term(s, ir_bin(az->cx, NK_MAX, b, a), k);
  if (j < 0) return false;
  ArSum as, bs;
  ar_sum_init(&as, s->dt);
  ar_sum_init(&bs, s->dt);
  ar_sum_from(az, a, &as);
  ar_sum_from(az, b, &bs);
  remove_pair(s, i, j);
  ar_sum_addsum(s, &as, k);
  ar_sum_addsum(s, &bs, k);
  ar_sum_free(&as);
  ar_sum_free(&bs);
  return true;
}

static void fuse(Analyzer *az, ArSum *s) {
  for (int round = 0; round < 8 && s->ok; round++) {
    bool changed = false;
    for (int32_t i = 0; i < s->t.len && s->ok && !changed; i++)
      changed = fuse_divmod(az, s, i) || fuse_minmax(az, s, i);
    if (!changed) return;
  }
}

Node *ar_canon_arith(Analyzer *az, Node *e) {
  if (!ar_canon_type(e->dtype)) return NULL;
  ArSum s;
  ar_sum_init(&s, e->dtype);
  from_rec(az, e, 1, &s, true);
  fuse(az, &s);
  Node *r = ar_sum_fits(&s) ? ar_sum_emit(az, &s) : NULL;
  ar_sum_free(&s);
  return r;
}
