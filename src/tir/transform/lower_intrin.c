/*
 * lower_intrin.c — LowerIntrin: rewrite operations the C code generator
 * does not take directly into ones it does (TVM's tir.transform.LowerIntrin
 * for the "c" target, with its default legalizations).
 *
 *   floordiv / floormod of integers   C division and remainder with the
 *                                     corrections of TVM's LowerIntrin
 *                                     (shift / mask for a power-of-two
 *                                     divisor; plain C division when both
 *                                     sides are provably non-negative; an
 *                                     offset numerator when the dividend's
 *                                     lower bound is known; otherwise a
 *                                     sign fix-up)
 *   floordiv / floormod of floats     floor(a / b), a - floor(a / b) * b
 *   tir.rsqrt(x)                      1 / sqrt(x)
 *   tir.sigmoid(x)                    1 / (1 + exp(-x))
 *   tir.exp10(x)                      exp(x * ln 10)
 * The other math intrinsics ("tir.exp", "tir.sqrt", ...) stay calls for the
 * code generator; T.max_value / T.min_value are already constants after
 * parsing.  Signed shifts (tir.shift_right) are arithmetic in the C backend.
 * Before: flat TIR.  After: no FloorDiv / FloorMod nodes, no rsqrt /
 * sigmoid / exp10 calls.
 */
#include <string.h>

#include "../../arith/arith.h"
#include "transform.h"

typedef struct Low {
  IrCtx *cx;
  Analyzer *az;
} Low;

static Node *K(Low *l, DType t, int64_t v) { return ir_int(l->cx, t, v); }
static Node *bin(Low *l, int k, Node *a, Node *b) { return ir_bin(l->cx, k, a, b); }
static Node *call1(Low *l, DType t, const char *op, Node *a) { return ir_call(l->cx, t, op, &a, 1); }
static Node *call2(Low *l, DType t, const char *op, Node *a, Node *b) {
  Node *args[2] = {a, b};
  return ir_call(l->cx, t, op, args, 2);
}
/* A constant of the element type, broadcast to e's lanes. */
static Node *like(Low *l, Node *e, Node *c) {
  return e->dtype.lanes > 1 ? ir_broadcast(l->cx, c, e->dtype.lanes) : c;
}
static Node *fconst(Low *l, Node *e, double v) { return like(l, e, ir_float(l->cx, dtype_element(e->dtype), v)); }
static Node *iconst(Low *l, Node *e, int64_t v) { return like(l, e, ir_int(l->cx, dtype_element(e->dtype), v)); }

static bool ge0(Low *l, Node *e) {
  return e->dtype.lanes == 1 && arith_can_prove(l->az, bin(l, NK_GE, e, K(l, e->dtype, 0)));
}

static bool pow2_const(Node *b, int *shift) {
  int64_t v;
  if (!ir_is_const_int(b, &v) || v <= 0 || (v & (v - 1))) return false;
  int s = 0;
  while ((INT64_C(1) << s) != v) s++;
  *shift = s;
  return true;
}

/* The dividend's lower bound, when it is known, negative and above -max. */
static bool known_neg_min(Low *l, Node *a, int64_t *mn) {
  if (a->dtype.lanes != 1) return false;
  IntBound b = arith_const_bound(l->az, a);
  *mn = b.min;
  return b.min != ARITH_NEG_INF && b.min < 0 && b.min > -dtype_int_max(a->dtype);
}

static bool is_i32_or_i64(DType t) { return t.code == DT_CODE_INT && t.lanes == 1 && (t.bits == 32 || t.bits == 64); }

static Node *floor_call(Low *l, Node *x) { return call1(l, x->dtype, "tir.floor", x); }

static Node *lower_floordiv(Low *l, Node *e, Node *a, Node *b) {
  DType t = e->dtype;
  int shift;
  if (dtype_is_float(t)) return floor_call(l, bin(l, NK_DIV, a, b));
  if (pow2_const(b, &shift)) return call2(l, t, "tir.shift_right", a, K(l, t, shift));
  if (ge0(l, b)) {
    if (ge0(l, a) || ge0(l, e)) return bin(l, NK_DIV, a, b);
    int64_t mn;
    if (known_neg_min(l, a, &mn)) {
      /* floordiv(a, b) == truncdiv(a + b*c, b) - c, c = ceildiv(-a_min, b) */
      Node *c = arith_simplify(l->az, bin(l, NK_DIV, bin(l, NK_SUB, bin(l, NK_SUB, b, K(l, t, 1)), K(l, t, mn)), b));
      Node *num = arith_simplify(l->az, bin(l, NK_ADD, a, bin(l, NK_MUL, b, c)));
      return bin(l, NK_SUB, bin(l, NK_DIV, num, b), c);
    }
    Node *rdiv = bin(l, NK_DIV, a, b), *rmod = bin(l, NK_MOD, a, b);
    if (is_i32_or_i64(t)) return bin(l, NK_ADD, rdiv, call2(l, t, "tir.shift_right", rmod, K(l, t, t.bits - 1)));
    return ir_select(l->cx, bin(l, NK_GE, rmod, iconst(l, rmod, 0)), rdiv, bin(l, NK_SUB, rdiv, iconst(l, rdiv, 1)));
  }
  /* unknown divisor sign */
  Node *rmod = ir_var(l->cx, "rmod", t), *rdiv = ir_var(l->cx, "rdiv", t);
  Node *z = iconst(l, b, 0);
  Node *ok = bin(l, NK_OR, bin(l, NK_AND, bin(l, NK_GE, b, z), bin(l, NK_GE, rmod, z)),
                 bin(l, NK_AND, bin(l, NK_LT, b, z), bin(l, NK_LE, rmod, z)));
  Node *sel = ir_select(l->cx, ok, rdiv, bin(l, NK_SUB, rdiv, iconst(l, rdiv, 1)));
  return ir_let(l->cx, rmod, bin(l, NK_MOD, a, b), ir_let(l->cx, rdiv, bin(l, NK_DIV, a, b), sel));
}

static Node *lower_floormod(Low *l, Node *e, Node *a, Node *b) {
  DType t = e->dtype;
  int shift;
  if (dtype_is_float(t)) return bin(l, NK_SUB, a, bin(l, NK_MUL, floor_call(l, bin(l, NK_DIV, a, b)), b));
  if (pow2_const(b, &shift)) {
    int64_t one = 1;
    return call2(l, t, "tir.bitwise_and", a, K(l, t, (int64_t)((uint64_t)one << shift) - 1));
  }
  if (ge0(l, b)) {
    if (ge0(l, a)) return bin(l, NK_MOD, a, b);
    int64_t mn;
    if (known_neg_min(l, a, &mn)) {
      /* floormod(a, b) == truncmod(a + b*c, b), c = ceildiv(-a_min, b) */
      Node *c = arith_simplify(l->az, bin(l, NK_DIV, bin(l, NK_ADD, K(l, t, -mn), bin(l, NK_SUB, b, K(l, t, 1))), b));
      Node *num = arith_simplify(l->az, bin(l, NK_ADD, a, bin(l, NK_MUL, b, c)));
      return bin(l, NK_MOD, num, b);
    }
    Node *rmod = bin(l, NK_MOD, a, b);
    if (is_i32_or_i64(t))
      return bin(l, NK_ADD, rmod,
                 call2(l, t, "tir.bitwise_and", b, call2(l, t, "tir.shift_right", rmod, K(l, t, t.bits - 1))));
    return ir_select(l->cx, bin(l, NK_GE, rmod, iconst(l, rmod, 0)), rmod, bin(l, NK_ADD, rmod, b));
  }
  Node *rmod = ir_var(l->cx, "rmod", t);
  Node *z = iconst(l, b, 0);
  Node *ok = bin(l, NK_OR, bin(l, NK_AND, bin(l, NK_GE, b, z), bin(l, NK_GE, rmod, z)),
                 bin(l, NK_AND, bin(l, NK_LT, b, z), bin(l, NK_LE, rmod, z)));
  return ir_let(l->cx, rmod, bin(l, NK_MOD, a, b), ir_select(l->cx, ok, rmod, bin(l, NK_ADD, rmod, b)));
}

static Node *lower_call(Low *l, Node *e) {
  IrCall *c = IR_AS(IrCall, e);
  if (c->args.n != 1 || !dtype_is_float(e->dtype)) return e;
  Node *x = c->args.v[0];
  DType t = e->dtype;
  if (!strcmp(c->op, "tir.rsqrt")) return bin(l, NK_DIV, fconst(l, x, 1.0), call1(l, t, "tir.sqrt", x));
  if (!strcmp(c->op, "tir.sigmoid")) {
    Node *negx = bin(l, NK_SUB, fconst(l, x, 0.0), x);
    return bin(l, NK_DIV, fconst(l, x, 1.0), bin(l, NK_ADD, fconst(l, x, 1.0), call1(l, t, "tir.exp", negx)));
  }
  if (!strcmp(c->op, "tir.exp10"))
    return call1(l, t, "tir.exp", bin(l, NK_MUL, x, fconst(l, x, 2.302585092994046)));
  return e;
}

static Node *expr(Node *e, void *ud);

static Node *expr(Node *e, void *ud) {
  Low *l = ud;
  if (!e || !ir_is_expr(e) || ir_is_tir_var(e)) return e;
  if (e->kind == NK_INT || e->kind == NK_FLOAT || e->kind == NK_STRING) return e;
  Node *r = ir_mutate_children(l->cx, e, expr, l);
  switch (r->kind) {
  case NK_FLOORDIV: return lower_floordiv(l, r, IR_AS(IrBinary, r)->a, IR_AS(IrBinary, r)->b);
  case NK_FLOORMOD: return lower_floormod(l, r, IR_AS(IrBinary, r)->a, IR_AS(IrBinary, r)->b);
  case NK_CALL: return lower_call(l, r);
  default: return r;
  }
}

/* Statements: bind loop vars so that signs can be proven. */
static Node *stmt(Node *n, void *ud) {
  Low *l = ud;
  if (!n) return n;
  if (ir_is_expr(n)) return expr(n, ud);
  if (!ir_is_stmt(n)) return n;
  if (n->kind == NK_FOR) {
    IrFor *f = IR_AS(IrFor, n);
    arith_push(l->az);
    arith_bind(l->az, f->var, f->min, f->extent);
    Node *r = ir_mutate_children(l->cx, n, stmt, l);
    arith_pop(l->az);
    return r;
  }
  if (n->kind == NK_LET_STMT) {
    IrLet *lt = IR_AS(IrLet, n);
    arith_push(l->az);
    if (dtype_is_int(lt->value->dtype) && lt->value->dtype.lanes == 1)
      arith_bind(l->az, lt->var, lt->value, ir_int(l->cx, lt->value->dtype, 1));
    Node *r = ir_mutate_children(l->cx, n, stmt, l);
    arith_pop(l->az);
    return r;
  }
  return ir_mutate_children(l->cx, n, stmt, l);
}

Node *tir_lower_intrin(TirPassCtx *pc, Node *func) {
  Low l = {pc->cx, arith_new(pc->cx)};
  Node *body = stmt(IR_AS(IrPrimFunc, func)->body, &l);
  arith_free(l.az);
  return tir_func_with_body(pc->cx, func, body);
}
