/*
 * test_arith.c — tests for src/arith: a few API tests in C, then every case
 * of tests/arith/simplify.txt (one case = one test).  The case format is
 * described at the top of that file.
 *
 * Each simplify/prove/bound case is also checked numerically: the input (and
 * the output) are evaluated on random assignments within the declared ranges
 * and assumptions by the naive evaluator below, which knows nothing of the
 * simplifier.  That oracle catches a wrong rewrite even where the expected
 * text in the case file is wrong.
 *
 * The expression reader here is self-contained (a small Python-like infix
 * grammar) so these tests do not depend on the TVMScript parser.
 */
#include "harness.h"

#include "arith/arith.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>

/* ---- expression reader ----------------------------------------------------
 *   expr    := or
 *   or      := and ('or' and)*
 *   and     := not ('and' not)*
 *   not     := 'not' not | cmp
 *   cmp     := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?
 *   sum     := term (('+' | '-') term)*
 *   term    := unary (('*' | '//' | '%' | '/') unary)*
 *   unary   := '-' unary | primary
 *   primary := INT | FLOAT | 'True' | 'False' | NAME | '(' expr ')'
 *            | NAME '(' expr (',' expr)* ')'
 * Calls: min max select truncdiv truncmod floordiv floormod, and a dtype
 * name (int64(5) is a typed literal, int64(x) a Cast).  Literals take the
 * type of the other operand.  `//` and `%` floor; `/` is Div (truncating on
 * integers).
 */

#define MAXV 32

typedef struct VarDecl {
  Node *var;
  Node *lo, *hi; /* lo <= var < hi, or NULL */
} VarDecl;

typedef struct Env {
  IrCtx *cx;
  VarDecl v[MAXV];
  int nv;
  Node *assume[16];
  int nassume;
} Env;

typedef struct Rd {
  const char *s;
  size_t pos;
  Env *env;
  const char *err;
} Rd;

static void skip_ws(Rd *r) {
  while (r->s[r->pos] == ' ' || r->s[r->pos] == '\t') r->pos++;
}

static bool eat(Rd *r, const char *tok) {
  skip_ws(r);
  size_t n = strlen(tok);
  if (strncmp(r->s + r->pos, tok, n) != 0) return false;
  char next = r->s[r->pos + n];
  if (isalpha((unsigned char)tok[0]) && (isalnum((unsigned char)next) || next == '_')) return false;
  /* do not read '<' out of '<=' or '/' out of '//' */
  if ((n == 1 && (tok[0] == '<' || tok[0] == '>') && next == '=') || (n == 1 && tok[0] == '/' && next == '/'))
    return false;
  r->pos += n;
  return true;
}

static Node *find_var(Env *env, const char *name) {
  for (int i = 0; i < env->nv; i++)
    if (strcmp(IR_AS(IrVar, env->v[i].var)->name, name) == 0) return env->v[i].var;
  return NULL;
}

/* Give a literal operand the type of the other operand. */
static void unify(IrCtx *cx, Node **a, Node **b) {
  if (dtype_eq((*a)->dtype, (*b)->dtype)) return;
  Node **lit = ((*b)->kind == NK_INT || (*b)->kind == NK_FLOAT) ? b : ((*a)->kind == NK_INT || (*a)->kind == NK_FLOAT) ? a : NULL;
  if (!lit) return;
  DType t = lit == b ? (*a)->dtype : (*b)->dtype;
  double f;
  int64_t i;
  if (ir_is_const_int(*lit, &i))
    *lit = dtype_is_float(t) ? ir_float(cx, t, (double)i) : ir_int(cx, t, i);
  else if (ir_is_const_float(*lit, &f) && dtype_is_float(t))
    *lit = ir_float(cx, t, f);
}

static Node *mk(Rd *r, NodeKind k, Node *a, Node *b) {
  if (!a || !b) return NULL;
  unify(r->env->cx, &a, &b);
  return ir_bin(r->env->cx, k, a, b);
}

static Node *rd_expr(Rd *r);

static Node *rd_call(Rd *r, const char *name) {
  Node *args[3] = {0};
  int n = 0;
  do {
    if (n == 3) return r->err = "too many arguments", NULL;
    args[n++] = rd_expr(r);
    if (!args[n - 1]) return NULL;
  } while (eat(r, ","));
  if (!eat(r, ")")) return r->err = "expected )", NULL;
  IrCtx *cx = r->env->cx;
  DType t;
  if (dtype_parse(name, &t) && n == 1) {
    int64_t v;
    double f;
    if (ir_is_const_int(args[0], &v) && !dtype_is_float(t) && v >= dtype_int_min(t) && v <= dtype_int_max(t))
      return ir_int(cx, t, v);
    if (ir_is_const_int(args[0], &v) && !dtype_is_float(t)) return ir_cast(cx, t, args[0]);
    if (ir_is_const_int(args[0], &v)) return ir_float(cx, t, (double)v);
    if (ir_is_const_float(args[0], &f) && dtype_is_float(t)) return ir_float(cx, t, f);
    return ir_cast(cx, t, args[0]);
  }
  static const struct { const char *name; NodeKind k; } bins[] = {
      {"min", NK_MIN}, {"max", NK_MAX}, {"truncdiv", NK_DIV}, {"truncmod", NK_MOD},
      {"floordiv", NK_FLOORDIV}, {"floormod", NK_FLOORMOD}};
  for (size_t i = 0; i < sizeof bins / sizeof bins[0]; i++)
    if (strcmp(name, bins[i].name) == 0 && n == 2) return mk(r, bins[i].k, args[0], args[1]);
  if (strcmp(name, "select") == 0 && n == 3) {
    unify(cx, &args[1], &args[2]);
    return ir_select(cx, args[0], args[1], args[2]);
  }
  return r->err = "unknown function", NULL;
}

static Node *rd_primary(Rd *r) {
  skip_ws(r);
  const char *p = r->s + r->pos;
  IrCtx *cx = r->env->cx;
  if (eat(r, "(")) {
    Node *e = rd_expr(r);
    if (!eat(r, ")")) return r->err = "expected )", NULL;
    return e;
  }
  if (isdigit((unsigned char)*p)) {
    char *end;
    size_t n = strspn(p, "0123456789.e");
    if (memchr(p, '.', n)) {
      double f = strtod(p, &end);
      r->pos += (size_t)(end - p);
      return ir_float(cx, DT_FLOAT32, f);
    }
    long long v = strtoll(p, &end, 10);
    r->pos += (size_t)(end - p);
    return ir_int(cx, DT_INT32, v);
  }
  if (isalpha((unsigned char)*p) || *p == '_') {
    size_t n = 0;
    while (isalnum((unsigned char)p[n]) || p[n] == '_') n++;
    char name[64];
    if (n >= sizeof name) return r->err = "name too long", NULL;
    memcpy(name, p, n);
    name[n] = 0;
    r->pos += n;
    if (eat(r, "(")) return rd_call(r, name);
    if (strcmp(name, "True") == 0) return ir_bool(cx, true);
    if (strcmp(name, "False") == 0) return ir_bool(cx, false);
    Node *v = find_var(r->env, name);
    return v ? v : (r->err = "unknown variable", NULL);
  }
  return r->err = "expected an expression", NULL;
}

static Node *rd_unary(Rd *r) {
  if (!eat(r, "-")) return rd_primary(r);
  Node *a = rd_unary(r);
  int64_t v;
  double f;
  if (!a) return NULL;
  if (ir_is_const_int(a, &v)) return ir_int(r->env->cx, a->dtype, -v);
  if (ir_is_const_float(a, &f)) return ir_float(r->env->cx, a->dtype, -f);
  return mk(r, NK_MUL, a, ir_int(r->env->cx, a->dtype, -1));
}

static Node *rd_term(Rd *r) {
  Node *a = rd_unary(r);
  for (;;) {
    if (eat(r, "*"))
      a = mk(r, NK_MUL, a, rd_unary(r));
    else if (eat(r, "//"))
      a = mk(r, NK_FLOORDIV, a, rd_unary(r));
    else if (eat(r, "%"))
      a = mk(r, NK_FLOORMOD, a, rd_unary(r));
    else if (eat(r, "/"))
      a = mk(r, NK_DIV, a, rd_unary(r));
    else
      return a;
  }
}

static Node *rd_sum(Rd *r) {
  Node *a = rd_term(r);
  for (;;) {
    if (eat(r, "+"))
      a = mk(r, NK_ADD, a, rd_term(r));
    else if (eat(r, "-"))
      a = mk(r, NK_SUB, a, rd_term(r));
    else
      return a;
  }
}

static Node *rd_cmp(Rd *r) {
  Node *a = rd_sum(r);
  static const struct { const char *op; NodeKind k; } ops[] = {
      {"<=", NK_LE}, {">=", NK_GE}, {"==", NK_EQ}, {"!=", NK_NE}, {"<", NK_LT}, {">", NK_GT}};
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
    if (eat(r, ops[i].op)) return mk(r, ops[i].k, a, rd_sum(r));
  return a;
}

static Node *rd_not(Rd *r) {
  if (eat(r, "not")) {
    Node *a = rd_not(r);
    return a ? ir_not(r->env->cx, a) : NULL;
  }
  return rd_cmp(r);
}

static Node *rd_and(Rd *r) {
  Node *a = rd_not(r);
  while (a && eat(r, "and")) a = mk(r, NK_AND, a, rd_not(r));
  return a;
}

static Node *rd_expr(Rd *r) {
  Node *a = rd_and(r);
  while (a && eat(r, "or")) a = mk(r, NK_OR, a, rd_and(r));
  return a;
}

/* Parse all of s (NULL and *err on failure). */
static Node *parse_all(Env *env, const char *s, const char **err) {
  Rd r = {s, 0, env, NULL};
  Node *e = rd_expr(&r);
  skip_ws(&r);
  if (e && r.s[r.pos] != 0 && !r.err) r.err = "trailing text";
  if (r.err || !e) {
    *err = r.err ? r.err : "parse error";
    return NULL;
  }
  return e;
}

/* ---- printer (for failure messages) --------------------------------------- */

static void print_expr(const Node *e, StrBuf *sb) {
  static const char *ops[NK_COUNT] = {
      [NK_ADD] = "+", [NK_SUB] = "-", [NK_MUL] = "*", [NK_DIV] = "/", [NK_FLOORDIV] = "//",
      [NK_FLOORMOD] = "%", [NK_EQ] = "==", [NK_NE] = "!=", [NK_LT] = "<", [NK_LE] = "<=",
      [NK_GT] = ">", [NK_GE] = ">=", [NK_AND] = "and", [NK_OR] = "or"};
  IrBinary *x = IR_AS(IrBinary, e);
  switch (e->kind) {
  case NK_INT:
    if (dtype_eq(e->dtype, DT_INT32))
      sb_printf(sb, "%lld", (long long)IR_AS(IrIntImm, e)->value);
    else
      sb_printf(sb, "%s(%lld)", dtype_str(e->dtype), (long long)IR_AS(IrIntImm, e)->value);
    return;
  case NK_FLOAT: sb_printf(sb, "%s(%g)", dtype_str(e->dtype), IR_AS(IrFloatImm, e)->value); return;
  case NK_VAR:
  case NK_SIZEVAR: sb_puts(sb, IR_AS(IrVar, e)->name); return;
  case NK_CAST:
    sb_printf(sb, "%s(", dtype_str(e->dtype));
    print_expr(IR_AS(IrUnary, e)->a, sb);
    sb_puts(sb, ")");
    return;
  case NK_NOT:
    sb_puts(sb, "not ");
    print_expr(IR_AS(IrUnary, e)->a, sb);
    return;
  case NK_MIN:
  case NK_MAX:
  case NK_MOD:
    sb_puts(sb, e->kind == NK_MIN ? "min(" : e->kind == NK_MAX ? "max(" : "truncmod(");
    print_expr(x->a, sb);
    sb_puts(sb, ", ");
    print_expr(x->b, sb);
    sb_puts(sb, ")");
    return;
  case NK_SELECT: {
    IrSelect *s = IR_AS(IrSelect, e);
    sb_puts(sb, "select(");
    print_expr(s->cond, sb);
    sb_puts(sb, ", ");
    print_expr(s->t, sb);
    sb_puts(sb, ", ");
    print_expr(s->f, sb);
    sb_puts(sb, ")");
    return;
  }
  default:
    if (e->kind < NK_COUNT && ops[e->kind]) {
      sb_puts(sb, "(");
      print_expr(x->a, sb);
      sb_printf(sb, " %s ", ops[e->kind]);
      print_expr(x->b, sb);
      sb_puts(sb, ")");
      return;
    }
    sb_printf(sb, "<%s>", ir_kind_name(e->kind));
  }
}

static char *show(const Node *e) {
  StrBuf sb = {0};
  if (e)
    print_expr(e, &sb);
  else
    sb_puts(&sb, "(null)");
  return sb_take(&sb);
}

/* ---- naive evaluator: the independent oracle ------------------------------ */

typedef struct Val {
  bool ok, isf;
  int64_t i;
  double f;
} Val;

typedef struct Assign {
  Node *var[MAXV];
  Val val[MAXV];
  int n;
} Assign;

static Val vint(int64_t i) { return (Val){true, false, i, 0}; }
static Val vflt(double f) { return (Val){true, true, 0, f}; }
static const Val BAD = {false, false, 0, 0};

static int64_t wrap_to(DType t, int64_t v) {
  if (t.code == DT_CODE_BOOL) return v != 0;
  if (t.bits >= 64) return v;
  uint64_t m = ((uint64_t)1 << t.bits) - 1, u = (uint64_t)v & m;
  if (t.code == DT_CODE_INT && (u >> (t.bits - 1)) & 1) return (int64_t)(u | ~m);
  return (int64_t)u;
}

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static Val eval(const Node *e, const Assign *as);

static Val eval_int_bin(NodeKind k, DType t, int64_t a, int64_t b) {
  bool u = t.code == DT_CODE_UINT;
  switch (k) {
  case NK_ADD: return vint(wrap_to(t, (int64_t)((uint64_t)a + (uint64_t)b)));
  case NK_SUB: return vint(wrap_to(t, (int64_t)((uint64_t)a - (uint64_t)b)));
  case NK_MUL: return vint(wrap_to(t, (int64_t)((uint64_t)a * (uint64_t)b)));
  case NK_DIV:
  case NK_MOD:
  case NK_FLOORDIV:
  case NK_FLOORMOD:
    if (b == 0 || (b == -1 && a == INT64_MIN)) return BAD;
    if (u) return vint((k == NK_DIV || k == NK_FLOORDIV) ? (int64_t)((uint64_t)a / (uint64_t)b) : (int64_t)((uint64_t)a % (uint64_t)b));
    if (k == NK_DIV) return vint(wrap_to(t, a / b));
    if (k == NK_MOD) return vint(a % b);
    if (k == NK_FLOORDIV) return vint(wrap_to(t, floor_div(a, b)));
    return vint(a - floor_div(a, b) * b);
  case NK_MIN: return vint(a < b ? a : b);
  case NK_MAX: return vint(a > b ? a : b);
  case NK_EQ: return vint(a == b);
  case NK_NE: return vint(a != b);
  case NK_LT: return vint(u ? (uint64_t)a < (uint64_t)b : a < b);
  case NK_LE: return vint(u ? (uint64_t)a <= (uint64_t)b : a <= b);
  case NK_GT: return vint(u ? (uint64_t)a > (uint64_t)b : a > b);
  case NK_GE: return vint(u ? (uint64_t)a >= (uint64_t)b : a >= b);
  case NK_AND: return vint(a && b);
  case NK_OR: return vint(a || b);
  default: return BAD;
  }
}

static Val eval_flt_bin(NodeKind k, DType t, double a, double b) {
  double r;
  switch (k) {
  case NK_ADD: r = a + b; break;
  case NK_SUB: r = a - b; break;
  case NK_MUL: r = a * b; break;
  case NK_DIV:
    if (b == 0) return BAD;
    r = a / b;
    break;
  case NK_MIN: r = a < b ? a : b; break;
  case NK_MAX: r = a > b ? a : b; break;
  case NK_EQ: return vint(a == b);
  case NK_NE: return vint(a != b);
  case NK_LT: return vint(a < b);
  case NK_LE: return vint(a <= b);
  case NK_GT: return vint(a > b);
  case NK_GE: return vint(a >= b);
  default: return BAD;
  }
  return vflt(t.bits == 32 ? (double)(float)r : r);
}

static Val eval_cast(const Node *e, const Assign *as) {
  Val v = eval(IR_AS(IrUnary, e)->a, as);
  DType t = e->dtype;
  if (!v.ok) return v;
  if (dtype_is_float(t)) return vflt(v.isf ? (t.bits == 32 ? (double)(float)v.f : v.f) : (double)v.i);
  if (!v.isf) return vint(wrap_to(t, v.i));
  if (t.code == DT_CODE_BOOL) return vint(v.f != 0);
  if (!(fabs(v.f) < 1e18)) return BAD;
  return vint(wrap_to(t, (int64_t)v.f));
}

static Val eval(const Node *e, const Assign *as) {
  switch (e->kind) {
  case NK_INT: return vint(IR_AS(IrIntImm, e)->value);
  case NK_FLOAT: return vflt(IR_AS(IrFloatImm, e)->value);
  case NK_VAR:
  case NK_SIZEVAR:
    for (int i = 0; i < as->n; i++)
      if (as->var[i] == e) return as->val[i];
    return BAD;
  case NK_CAST: return eval_cast(e, as);
  case NK_NOT: {
    Val v = eval(IR_AS(IrUnary, e)->a, as);
    return v.ok ? vint(!v.i) : v;
  }
  case NK_SELECT: {
    Val c = eval(IR_AS(IrSelect, e)->cond, as);
    if (!c.ok) return c;
    return eval(c.i ? IR_AS(IrSelect, e)->t : IR_AS(IrSelect, e)->f, as);
  }
  default: break;
  }
  if (!ir_is_binary(e->kind)) return BAD;
  const Node *a = IR_AS(IrBinary, e)->a, *b = IR_AS(IrBinary, e)->b;
  Val x = eval(a, as), y = eval(b, as);
  if (!x.ok || !y.ok || x.isf != y.isf) return BAD;
  if (x.isf) return eval_flt_bin((NodeKind)e->kind, a->dtype, x.f, y.f);
  return eval_int_bin((NodeKind)e->kind, a->dtype, x.i, y.i);
}

/* ---- random assignments --------------------------------------------------- */

#ifndef RNG_SEED
#define RNG_SEED 0x9E3779B97F4A7C15ull
#endif
static uint64_t rng_state = RNG_SEED;
static uint64_t rnd(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

static int64_t pick(int64_t lo, int64_t hi) { /* [lo, hi] */
  uint64_t span = (uint64_t)hi - (uint64_t)lo + 1, r = rnd() % 8;
  if (r == 0) return lo;
  if (r == 1) return hi;
  return span ? (int64_t)((uint64_t)lo + rnd() % span) : lo;
}

static bool sample(const Env *env, Assign *as) {
  as->n = 0;
  for (int i = 0; i < env->nv; i++) {
    const VarDecl *d = &env->v[i];
    Node *v = d->var;
    Val x;
    if (dtype_is_float(v->dtype)) {
      x = vflt((double)((int64_t)(rnd() % 41) - 20) * 0.5);
    } else if (v->dtype.code == DT_CODE_BOOL) {
      x = vint((int64_t)(rnd() % 2));
    } else if (d->lo) {
      Val lo = eval(d->lo, as), hi = eval(d->hi, as);
      if (!lo.ok || !hi.ok || hi.i <= lo.i) return false;
      x = vint(pick(lo.i, hi.i - 1));
    } else if (v->kind == NK_SIZEVAR || v->dtype.code == DT_CODE_UINT) {
      x = vint(pick(0, 40));
    } else {
      x = vint(pick(-40, 40));
    }
    as->var[as->n] = v;
    as->val[as->n++] = x;
  }
  for (int i = 0; i < env->nassume; i++) {
    Val c = eval(env->assume[i], as);
    if (!c.ok || !c.i) return false;
  }
  return true;
}

static bool same_val(Val a, Val b) {
  if (a.isf != b.isf) return false;
  return a.isf ? (a.f == b.f || (isnan(a.f) && isnan(b.f))) : a.i == b.i;
}

/* Check on random samples: mode 0 in == out, 1 in is true, 2 in within b.
 * Returns false (with a message in *why) on a counterexample. */
static bool oracle(const Env *env, Node *in, Node *out, int mode, IntBound b, StrBuf *why) {
  Assign as;
  int good = 0;
  for (int tries = 0; tries < 3000 && good < 60; tries++) {
    if (!sample(env, &as)) continue;
    Val x = eval(in, &as);
    if (!x.ok) continue;
    good++;
    bool fine;
    Val y = x;
    if (mode == 0) {
      y = eval(out, &as);
      fine = y.ok && same_val(x, y);
    } else if (mode == 1) {
      fine = !x.isf && x.i != 0;
    } else {
      fine = !x.isf && x.i >= b.min && x.i <= b.max;
    }
    if (fine) continue;
    sb_puts(why, "counterexample:");
    for (int i = 0; i < as.n; i++)
      sb_printf(why, " %s=%lld", IR_AS(IrVar, as.var[i])->name, (long long)as.val[i].i);
    sb_printf(why, " -> input %lld%s", (long long)x.i, mode == 0 ? "" : "\n");
    if (mode == 0) sb_printf(why, ", output %s%lld\n", y.ok ? "" : "undefined ", (long long)y.i);
    return false;
  }
  return true;
}

/* ---- the case file -------------------------------------------------------- */

static char *trim(char *s) {
  while (isspace((unsigned char)*s)) s++;
  char *e = s + strlen(s);
  while (e > s && isspace((unsigned char)e[-1])) *--e = 0;
  return s;
}

/* `name[:type][:size][[lo,hi)]` */
static const char *declare(Env *env, char *spec) {
  char *br = strchr(spec, '[');
  char *lo = NULL, *hi = NULL;
  if (br) {
    *br = 0;
    lo = br + 1;
    char *comma = strchr(lo, ','), *close = strchr(lo, ')');
    if (!comma || !close) return "bad range";
    *comma = 0;
    *close = 0;
    hi = comma + 1;
  }
  DType t = DT_INT32;
  bool size = false;
  char *name = strtok(spec, ":"), *part;
  while ((part = strtok(NULL, ":"))) {
    if (strcmp(part, "size") == 0)
      size = true;
    else if (!dtype_parse(part, &t))
      return "bad dtype";
  }
  if (!name || env->nv == MAXV) return "bad declaration";
  VarDecl *d = &env->v[env->nv];
  d->var = size ? ir_size_var(env->cx, name, t) : ir_var(env->cx, name, t);
  d->lo = d->hi = NULL;
  if (lo) {
    const char *err;
    if (!(d->lo = parse_all(env, lo, &err)) || !(d->hi = parse_all(env, hi, &err))) return err;
    Node *l = d->lo, *h = d->hi;
    unify(env->cx, &l, &d->var);
    unify(env->cx, &h, &d->var);
    d->lo = l, d->hi = h;
  }
  env->nv++;
  return NULL;
}

static Analyzer *new_scope(Env *env, char *rest, const char **err) {
  env->nv = 0;
  env->nassume = 0;
  *err = NULL;
  char *save, *tok;
  char buf[1024];
  snprintf(buf, sizeof buf, "%s", rest);
  /* declarations are space separated; strtok inside declare needs its own pass */
  char *specs[MAXV];
  int n = 0;
  for (tok = strtok_r(buf, " \t", &save); tok && n < MAXV; tok = strtok_r(NULL, " \t", &save)) specs[n++] = tok;
  for (int i = 0; i < n && !*err; i++) *err = declare(env, specs[i]);
  Analyzer *az = arith_new(env->cx);
  for (int i = 0; i < env->nv; i++) {
    VarDecl *d = &env->v[i];
    if (d->lo) arith_bind(az, d->var, d->lo, ir_bin(env->cx, NK_SUB, d->hi, d->lo));
  }
  return az;
}

static bool parse_bound_value(const char *s, int64_t *v) {
  while (isspace((unsigned char)*s)) s++;
  if (strncmp(s, "-inf", 4) == 0) return *v = ARITH_NEG_INF, true;
  if (strncmp(s, "inf", 3) == 0) return *v = ARITH_POS_INF, true;
  char *end;
  *v = strtoll(s, &end, 10);
  return end != s;
}

typedef struct Case {
  const char *file;
  int line;
  StrBuf why;
} Case;

static bool run_simplify(Env *env, Analyzer *az, char *arg, Case *c, bool nochange) {
  const char *err;
  char *arrow = strstr(arg, "=>");
  if (!nochange && !arrow) return sb_puts(&c->why, "missing =>\n"), false;
  if (arrow) *arrow = 0;
  Node *in = parse_all(env, trim(arg), &err);
  if (!in) return sb_printf(&c->why, "input: %s\n", err), false;
  Node *want = nochange ? in : parse_all(env, trim(arrow + 2), &err);
  if (!want) return sb_printf(&c->why, "expected: %s\n", err), false;
  Node *got = arith_simplify(az, in);
  bool ok = true;
  if (got != want) {
    char *g = show(got), *w = show(want);
    sb_printf(&c->why, "got:      %s\nexpected: %s\n", g, w);
    free(g);
    free(w);
    ok = false;
  }
  if (arith_simplify(az, got) != got) {
    sb_puts(&c->why, "not a fixpoint\n");
    ok = false;
  }
  if (!oracle(env, in, got, 0, (IntBound){0, 0}, &c->why)) ok = false;
  return ok;
}

static bool run_prove(Env *env, Analyzer *az, char *arg, Case *c, bool want) {
  const char *err;
  Node *e = parse_all(env, trim(arg), &err);
  if (!e) return sb_printf(&c->why, "input: %s\n", err), false;
  bool got = arith_can_prove(az, e);
  if (got != want) {
    char *s = show(arith_simplify(az, e));
    sb_printf(&c->why, "%s (simplified: %s)\n", got ? "proved, expected not" : "not proved", s);
    free(s);
    return false;
  }
  return want ? oracle(env, e, NULL, 1, (IntBound){0, 0}, &c->why) : true;
}

static bool run_bound(Env *env, Analyzer *az, char *arg, Case *c) {
  const char *err;
  char *arrow = strstr(arg, "=>");
  if (!arrow) return sb_puts(&c->why, "missing =>\n"), false;
  *arrow = 0;
  Node *e = parse_all(env, trim(arg), &err);
  if (!e) return sb_printf(&c->why, "input: %s\n", err), false;
  char *lb = strchr(arrow + 2, '['), *comma = lb ? strchr(lb, ',') : NULL;
  IntBound want;
  if (!lb || !comma || !parse_bound_value(lb + 1, &want.min) || !parse_bound_value(comma + 1, &want.max))
    return sb_puts(&c->why, "bad [lo, hi]\n"), false;
  IntBound got = arith_const_bound(az, e);
  bool ok = oracle(env, e, NULL, 2, got, &c->why);
  if (got.min != want.min || got.max != want.max) {
    sb_printf(&c->why, "got [%lld, %lld]\n", (long long)got.min, (long long)got.max);
    ok = false;
  }
  return ok;
}

static bool run_equal(Env *env, Analyzer *az, char *arg, Case *c, bool want) {
  const char *err;
  char *arrow = strstr(arg, "=>");
  if (!arrow) return sb_puts(&c->why, "missing =>\n"), false;
  *arrow = 0;
  Node *a = parse_all(env, trim(arg), &err), *b = a ? parse_all(env, trim(arrow + 2), &err) : NULL;
  if (!a || !b) return sb_printf(&c->why, "input: %s\n", err), false;
  if (arith_can_prove_equal(az, a, b) != want) return sb_puts(&c->why, want ? "not proved equal\n" : "proved equal\n"), false;
  return want ? oracle(env, a, b, 0, (IntBound){0, 0}, &c->why) : true;
}

static void run_case_file(const char *path) {
  size_t len;
  char *text = read_file(path, &len);
  if (!text) {
    fprintf(stderr, "%s: cannot read\n", path);
    harness_failed++;
    return;
  }
  IrCtx *cx = ir_ctx_new();
  Env env = {cx, {{0}}, 0, {0}, 0};
  const char *err = NULL;
  Analyzer *az = new_scope(&env, (char[]){""}, &err);
  int line = 0;
  for (char *l = text, *next; l; l = next) {
    line++;
    next = strchr(l, '\n');
    if (next) *next++ = 0;
    char *s = trim(l);
    if (!*s || *s == '#') continue;
    char *sp = s + strcspn(s, " \t");
    char *arg = *sp ? sp + 1 : sp;
    *sp = 0;
    if (strcmp(s, "vars") == 0) {
      arith_free(az);
      az = new_scope(&env, arg, &err);
      if (err) {
        fprintf(stderr, "%s:%d: bad vars line: %s\n", path, line, err);
        harness_failed++;
      }
      continue;
    }
    if (strcmp(s, "assume") == 0) {
      Node *e = parse_all(&env, trim(arg), &err);
      if (!e || env.nassume == 16) {
        fprintf(stderr, "%s:%d: bad assume: %s\n", path, line, e ? "too many" : err);
        harness_failed++;
        continue;
      }
      env.assume[env.nassume++] = e;
      arith_assume(az, e);
      continue;
    }
    Case c = {path, line, {0}};
    bool ok;
    if (strcmp(s, "simplify") == 0)
      ok = run_simplify(&env, az, arg, &c, false);
    else if (strcmp(s, "nochange") == 0)
      ok = run_simplify(&env, az, arg, &c, true);
    else if (strcmp(s, "prove") == 0)
      ok = run_prove(&env, az, arg, &c, true);
    else if (strcmp(s, "noprove") == 0)
      ok = run_prove(&env, az, arg, &c, false);
    else if (strcmp(s, "bound") == 0)
      ok = run_bound(&env, az, arg, &c);
    else if (strcmp(s, "equal") == 0)
      ok = run_equal(&env, az, arg, &c, true);
    else if (strcmp(s, "noequal") == 0)
      ok = run_equal(&env, az, arg, &c, false);
    else
      ok = (sb_printf(&c.why, "unknown directive '%s'\n", s), false);
    if (ok) {
      harness_passed++;
    } else {
      harness_failed++;
      char *w = sb_take(&c.why);
      fprintf(stderr, "%s:%d: FAIL %s %s\n%s", path, line, s, arg, w);
      free(w);
    }
    sb_free(&c.why);
  }
  arith_free(az);
  ir_ctx_free(cx);
  free(text);
}

/* ---- API tests in C ------------------------------------------------------- */

TEST(fold_ub_left_alone) {
  IrCtx *cx = ir_ctx_new();
  Node *mn = ir_int(cx, DT_INT64, INT64_MIN), *m1 = ir_int(cx, DT_INT64, -1);
  Node *d = ir_bin(cx, NK_DIV, mn, m1);
  CHECK(arith_const_fold(cx, d) == d);
  Node *fd = ir_bin(cx, NK_FLOORDIV, mn, m1);
  CHECK(arith_const_fold(cx, fd) == fd);
  Node *z = ir_bin(cx, NK_FLOORMOD, ir_int(cx, DT_INT32, 5), ir_int(cx, DT_INT32, 0));
  CHECK(arith_const_fold(cx, z) == z);
  Node *big = ir_bin(cx, NK_ADD, ir_int(cx, DT_INT64, INT64_MAX), ir_int(cx, DT_INT64, 1));
  CHECK(arith_const_fold(cx, big) == big);
  Node *w = ir_bin(cx, NK_ADD, ir_int(cx, DT_INT32, INT32_MAX), ir_int(cx, DT_INT32, 1));
  CHECK(arith_const_fold(cx, w) == ir_int(cx, DT_INT32, INT32_MIN));
  Node *m = ir_bin(cx, NK_MUL, ir_int(cx, DT_INT8, 100), ir_int(cx, DT_INT8, 3));
  CHECK(arith_const_fold(cx, m) == ir_int(cx, DT_INT8, 44));
  Node *u = ir_bin(cx, NK_SUB, ir_int(cx, DT_MAKE(DT_CODE_UINT, 32, 1), 0), ir_int(cx, DT_MAKE(DT_CODE_UINT, 32, 1), 1));
  CHECK(arith_const_fold(cx, u) == ir_int(cx, DT_MAKE(DT_CODE_UINT, 32, 1), 4294967295LL));
  Node *i32min = ir_bin(cx, NK_DIV, ir_int(cx, DT_INT32, INT32_MIN), ir_int(cx, DT_INT32, -1));
  CHECK(arith_const_fold(cx, i32min) == i32min);
  ir_ctx_free(cx);
}

TEST(fold_float_and_cast) {
  IrCtx *cx = ir_ctx_new();
  Node *a = ir_float(cx, DT_FLOAT32, 0.1), *b = ir_float(cx, DT_FLOAT32, 0.2);
  Node *s = arith_const_fold(cx, ir_bin(cx, NK_ADD, a, b));
  CHECK(s->kind == NK_FLOAT && IR_AS(IrFloatImm, s)->value == (double)(float)(0.1 + 0.2));
  Node *dz = ir_bin(cx, NK_DIV, a, ir_float(cx, DT_FLOAT32, 0.0));
  CHECK(arith_const_fold(cx, dz) == dz);
  CHECK(arith_const_fold(cx, ir_cast(cx, DT_INT8, ir_int(cx, DT_INT32, 300))) == ir_int(cx, DT_INT8, 44));
  CHECK(arith_const_fold(cx, ir_cast(cx, DT_INT32, ir_float(cx, DT_FLOAT32, -2.75))) == ir_int(cx, DT_INT32, -2));
  Node *huge = ir_cast(cx, DT_INT32, ir_float(cx, DT_FLOAT64, 1e12));
  CHECK(arith_const_fold(cx, huge) == huge);
  CHECK(arith_const_fold(cx, ir_cast(cx, DT_BOOL, ir_int(cx, DT_INT32, 7))) == ir_bool(cx, true));
  CHECK(arith_const_fold(cx, ir_bin(cx, NK_LT, a, b)) == ir_bool(cx, true));
  ir_ctx_free(cx);
}

TEST(scopes_and_facts) {
  IrCtx *cx = ir_ctx_new();
  Analyzer *az = arith_new(cx);
  Node *x = ir_var(cx, "x", DT_INT32), *n = ir_size_var(cx, "n", DT_INT64);
  Node *lt = ir_bin(cx, NK_LT, x, ir_int(cx, DT_INT32, 10));
  CHECK(!arith_can_prove(az, lt));
  arith_push(az);
  arith_bind(az, x, ir_int(cx, DT_INT32, 0), ir_int(cx, DT_INT32, 10));
  CHECK(arith_can_prove(az, lt));
  IntBound b = arith_const_bound(az, x);
  CHECK(b.min == 0 && b.max == 9);
  arith_pop(az);
  CHECK(!arith_can_prove(az, lt));
  arith_push(az);
  arith_assume(az, ir_bin(cx, NK_LE, x, ir_int(cx, DT_INT32, 4)));
  CHECK(arith_can_prove(az, lt));
  arith_pop(az);
  arith_pop(az); /* extra pops are ignored */
  CHECK(!arith_can_prove(az, lt));
  b = arith_const_bound(az, n);
  CHECK(b.min == 0 && b.max == ARITH_POS_INF);
  Node *e = ir_bin(cx, NK_ADD, x, ir_int(cx, DT_INT32, 1));
  Node *s = arith_simplify(az, e);
  CHECK(s == e); /* unchanged: the same pointer */
  Node *lo, *hi;
  Node *i = ir_var(cx, "i", DT_INT64);
  arith_bind(az, i, ir_int(cx, DT_INT64, 0), n);
  arith_symbolic_bound(az, ir_bin(cx, NK_MUL, i, ir_int(cx, DT_INT64, 2)), &lo, &hi);
  CHECK(lo == ir_int(cx, DT_INT64, 0));
  CHECK(hi == ir_bin(cx, NK_SUB, ir_bin(cx, NK_MUL, n, ir_int(cx, DT_INT64, 2)), ir_int(cx, DT_INT64, 2)));
  CHECK(arith_can_prove_equal(az, ir_bin(cx, NK_ADD, n, n), ir_bin(cx, NK_MUL, n, ir_int(cx, DT_INT64, 2))));
  arith_free(az);
  ir_ctx_free(cx);
}

TEST(bound_saturates) {
  IrCtx *cx = ir_ctx_new();
  Analyzer *az = arith_new(cx);
  Node *x = ir_var(cx, "x", DT_INT64), *y = ir_var(cx, "y", DT_INT64);
  arith_bind(az, x, ir_int(cx, DT_INT64, INT64_MAX / 2), ir_int(cx, DT_INT64, 100));
  IntBound b = arith_const_bound(az, ir_bin(cx, NK_MUL, x, ir_int(cx, DT_INT64, 4)));
  CHECK(b.min == ARITH_POS_INF && b.max == ARITH_POS_INF);
  b = arith_const_bound(az, ir_bin(cx, NK_MUL, y, y));
  CHECK(b.min == ARITH_NEG_INF && b.max == ARITH_POS_INF);
  b = arith_const_bound(az, ir_bin(cx, NK_FLOORDIV, y, ir_int(cx, DT_INT64, -1)));
  CHECK(b.min == ARITH_NEG_INF && b.max == ARITH_POS_INF);
  /* cyclic symbolic ranges terminate */
  Node *p = ir_var(cx, "p", DT_INT32), *q = ir_var(cx, "q", DT_INT32);
  arith_bind(az, p, ir_int(cx, DT_INT32, 0), q);
  arith_bind(az, q, ir_int(cx, DT_INT32, 0), p);
  b = arith_const_bound(az, p);
  CHECK(b.min == 0);
  (void)arith_simplify(az, ir_bin(cx, NK_LT, p, q));
  arith_free(az);
  ir_ctx_free(cx);
}

/* Random expressions, simplified and compared with the oracle. */
#ifndef RAND_CASES
#define RAND_CASES 4000
#define RAND_DEPTH 4
#endif
static Node *rand_int_expr(Env *env, int depth);

static Node *rand_bool_expr(Env *env, int depth) {
  IrCtx *cx = env->cx;
  int r = (int)(rnd() % (depth > 0 ? 5 : 1));
  if (r == 3) return ir_bin(cx, rnd() % 2 ? NK_AND : NK_OR, rand_bool_expr(env, depth - 1), rand_bool_expr(env, depth - 1));
  if (r == 4) return ir_not(cx, rand_bool_expr(env, depth - 1));
  static const NodeKind cmps[] = {NK_LT, NK_LE, NK_GT, NK_GE, NK_EQ, NK_NE};
  return ir_bin(cx, cmps[rnd() % 6], rand_int_expr(env, depth - 1), rand_int_expr(env, depth - 1));
}

static Node *rand_int_expr(Env *env, int depth) {
  IrCtx *cx = env->cx;
  if (depth <= 0 || rnd() % 4 == 0) {
    if (rnd() % 3 == 0) return ir_int(cx, DT_INT32, (int64_t)(rnd() % 41) - 20);
    return env->v[rnd() % (uint64_t)env->nv].var;
  }
  static const NodeKind ks[] = {NK_ADD, NK_SUB, NK_MUL, NK_FLOORDIV, NK_FLOORMOD, NK_DIV, NK_MOD, NK_MIN, NK_MAX, NK_ADD, NK_MUL};
  int r = (int)(rnd() % 12);
  if (r == 11)
    return ir_select(cx, rand_bool_expr(env, depth - 1), rand_int_expr(env, depth - 1), rand_int_expr(env, depth - 1));
  NodeKind k = ks[r];
  Node *a = rand_int_expr(env, depth - 1), *b;
  if (k >= NK_DIV && k <= NK_FLOORMOD && rnd() % 3)
    b = ir_int(cx, DT_INT32, (int64_t)(rnd() % 16) + 1); /* mostly constant divisors */
  else if (k == NK_MUL && rnd() % 2)
    b = ir_int(cx, DT_INT32, (int64_t)(rnd() % 9) - 4);
  else
    b = rand_int_expr(env, depth - 1);
  return ir_bin(cx, k, a, b);
}

TEST(random_expressions) {
  IrCtx *cx = ir_ctx_new();
  Env env = {cx, {{0}}, 0, {0}, 0};
  char spec[] = "i[0,64) j[0,16) k[1,5) x y n:size";
  const char *err;
  Analyzer *az = new_scope(&env, spec, &err);
  CHECK(!err);
  int bad = 0;
  for (int t = 0; t < RAND_CASES && bad < 5; t++) {
    Node *e = t % 3 == 0 ? rand_bool_expr(&env, RAND_DEPTH - 1) : rand_int_expr(&env, RAND_DEPTH);
    Node *s = arith_simplify(az, e);
    StrBuf why = {0};
    if (!oracle(&env, e, s, 0, (IntBound){0, 0}, &why)) {
      char *a = show(e), *b = show(s), *w = sb_take(&why);
      fprintf(stderr, "random: %s\n  simplified: %s\n  %s", a, b, w);
      free(a), free(b), free(w);
      bad++;
      CHECK(!"random expression simplified wrongly");
    }
    sb_free(&why);
  }
  arith_free(az);
  ir_ctx_free(cx);
}

int main(int argc, char **argv) {
  RUN(fold_ub_left_alone);
  RUN(fold_float_and_cast);
  RUN(scopes_and_facts);
  RUN(bound_saturates);
  RUN(random_expressions);
  run_case_file(argc > 1 ? argv[1] : "tests/arith/simplify.txt");
  return harness_report();
}
