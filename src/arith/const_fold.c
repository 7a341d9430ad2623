/*
 * const_fold.c — exact folding of one PrimExpr node whose operands are
 * immediates.  The host never executes undefined behaviour here: narrow
 * integer results are computed in 64 bits and wrapped to the dtype's width;
 * a 64-bit result that overflows, a division by zero and INT_MIN / -1 are
 * left unfolded.  Floats fold only for float32/float64 and only when the
 * result is finite (float32 through double is correctly rounded for + - * /).
 */
#include "arith_impl.h"

#include <math.h>
#include <string.h>

int64_t ar_wrap(DType t, int64_t v) {
  if (t.code == DT_CODE_BOOL) return v != 0;
  if (t.bits >= 64) return v;
  uint64_t mask = ((uint64_t)1 << t.bits) - 1, u = (uint64_t)v & mask;
  if (t.code == DT_CODE_INT && (u >> (t.bits - 1)) & 1) u |= ~mask;
  int64_t r;
  memcpy(&r, &u, sizeof r);
  return r;
}

bool ar_fits(DType t, int64_t v) { return v >= dtype_int_min(t) && v <= dtype_int_max(t); }

int64_t ar_floordiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
  return q;
}

int64_t ar_floormod(int64_t a, int64_t b) {
  int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

static uint64_t u64(int64_t v) { return (uint64_t)v; }
static int64_t s64(uint64_t v) {
  int64_t r;
  memcpy(&r, &v, sizeof r);
  return r;
}

/* + - * on integers of type t; false when the exact result is unavailable. */
static bool fold_ring(NodeKind k, DType t, int64_t a, int64_t b, int64_t *r) {
  if (t.bits < 64) {
    uint64_t x = u64(a), y = u64(b);
    uint64_t z = k == NK_ADD ? x + y : k == NK_SUB ? x - y : x * y;
    *r = ar_wrap(t, s64(z));
    return true;
  }
  if (t.code == DT_CODE_UINT) {
    uint64_t x = u64(a), y = u64(b), z;
    bool ov = k == NK_ADD ? __builtin_add_overflow(x, y, &z)
              : k == NK_SUB ? __builtin_sub_overflow(x, y, &z)
                            : __builtin_mul_overflow(x, y, &z);
    *r = s64(z);
    return !ov;
  }
  bool ov = k == NK_ADD ? __builtin_add_overflow(a, b, r)
            : k == NK_SUB ? __builtin_sub_overflow(a, b, r)
                          : __builtin_mul_overflow(a, b, r);
  return !ov;
}

static bool fold_div(NodeKind k, DType t, int64_t a, int64_t b, int64_t *r) {
  if (b == 0) return false;
  if (t.code == DT_CODE_UINT) {
    uint64_t x = u64(a), y = u64(b);
    *r = s64((k == NK_DIV || k == NK_FLOORDIV) ? x / y : x % y);
    return true;
  }
  if (b == -1 && a == dtype_int_min(t)) return false;
  switch (k) {
  case NK_DIV: *r = a / b; break;
  case NK_MOD: *r = a % b; break;
  case NK_FLOORDIV: *r = ar_floordiv(a, b); break;
  default: *r = ar_floormod(a, b); break;
  }
  return true;
}

static int cmp_int(DType t, int64_t a, int64_t b) {
  if (t.code == DT_CODE_UINT) return u64(a) < u64(b) ? -1 : u64(a) > u64(b);
  return a < b ? -1 : a > b;
}

static bool cmp_holds(NodeKind k, int c) {
  switch (k) {
  case NK_EQ: return c == 0;
  case NK_NE: return c != 0;
  case NK_LT: return c < 0;
  case NK_LE: return c <= 0;
  case NK_GT: return c > 0;
  default: return c >= 0;
  }
}

static Node *fold_int_bin(IrCtx *cx, Node *e, int64_t a, int64_t b) {
  NodeKind k = e->kind;
  DType t = IR_AS(IrBinary, e)->a->dtype;
  int64_t r;
  if (ir_is_cmp(k)) return ir_bool(cx, cmp_holds(k, cmp_int(t, a, b)));
  switch (k) {
  case NK_AND: return ir_bool(cx, a && b);
  case NK_OR: return ir_bool(cx, a || b);
  case NK_MIN: return cmp_int(t, a, b) <= 0 ? IR_AS(IrBinary, e)->a : IR_AS(IrBinary, e)->b;
  case NK_MAX: return cmp_int(t, a, b) >= 0 ? IR_AS(IrBinary, e)->a : IR_AS(IrBinary, e)->b;
  case NK_ADD:
  case NK_SUB:
  case NK_MUL:
    if (t.code == DT_CODE_BOOL || !fold_ring(k, t, a, b, &r)) return e;
    return ir_int(cx, e->dtype, r);
  default:
    if (t.code == DT_CODE_BOOL || !fold_div(k, t, a, b, &r)) return e;
    return ir_int(cx, e->dtype, r);
  }
}

static bool float_foldable(DType t) {
  return t.code == DT_CODE_FLOAT && (t.bits == 32 || t.bits == 64) && t.lanes == 1;
}

static double round_to(DType t, double v) { return t.bits == 32 ? (double)(float)v : v; }

static Node *fold_float_bin(IrCtx *cx, Node *e, double a, double b) {
  NodeKind k = e->kind;
  DType t = IR_AS(IrBinary, e)->a->dtype;
  if (!float_foldable(t) || isnan(a) || isnan(b)) return e;
  if (ir_is_cmp(k)) return ir_bool(cx, cmp_holds(k, a < b ? -1 : a > b));
  double r;
  switch (k) {
  case NK_ADD: r = a + b; break;
  case NK_SUB: r = a - b; break;
  case NK_MUL: r = a * b; break;
  case NK_DIV:
    if (b == 0) return e;
    r = a / b;
    break;
  case NK_MIN: return a <= b ? IR_AS(IrBinary, e)->a : IR_AS(IrBinary, e)->b;
  case NK_MAX: return a >= b ? IR_AS(IrBinary, e)->a : IR_AS(IrBinary, e)->b;
  default: return e;
  }
  r = round_to(t, r);
  if (!isfinite(r)) return e;
  return ir_float(cx, e->dtype, r);
}

static Node *fold_cast(IrCtx *cx, Node *e) {
  Node *v = IR_AS(IrUnary, e)->a;
  DType to = e->dtype, from = v->dtype;
  if (to.lanes != 1 || from.lanes != 1) return e;
  int64_t i;
  double f;
  if (ir_is_const_int(v, &i)) {
    if (dtype_is_integral(to)) return ir_int(cx, to, ar_wrap(to, i));
    if (!float_foldable(to)) return e;
    double d = from.code == DT_CODE_UINT ? (double)u64(i) : (double)i;
    return ir_float(cx, to, round_to(to, d));
  }
  if (!ir_is_const_float(v, &f) || !float_foldable(from)) return e;
  if (to.code == DT_CODE_BOOL) return ir_bool(cx, f != 0.0);
  if (dtype_is_integral(to)) {
    if (!isfinite(f)) return e;
    double tr = trunc(f), lo = (double)dtype_int_min(to);
    int hb = to.code == DT_CODE_UINT ? (to.bits < 63 ? to.bits : 63) : to.bits - 1;
    if (tr < lo || tr >= ldexp(1.0, hb)) return e;
    return ir_int(cx, to, (int64_t)tr);
  }
  if (!float_foldable(to)) return e;
  return ir_float(cx, to, round_to(to, f));
}

Node *arith_const_fold(IrCtx *cx, Node *e) {
  if (!e || e->dtype.lanes != 1) return e;
  int64_t a, b;
  double x, y;
  switch (e->kind) {
  case NK_CAST: return fold_cast(cx, e);
  case NK_NOT:
    if (ir_is_const_int(IR_AS(IrUnary, e)->a, &a)) return ir_bool(cx, !a);
    return e;
  case NK_SELECT:
    if (ir_is_const_int(IR_AS(IrSelect, e)->cond, &a)) return a ? IR_AS(IrSelect, e)->t : IR_AS(IrSelect, e)->f;
    return e;
  default: break;
  }
  if (!ir_is_binary(e->kind)) return e;
  Node *l = IR_AS(IrBinary, e)->a, *r = IR_AS(IrBinary, e)->b;
  if (!dtype_eq(l->dtype, r->dtype)) return e;
  if (ir_is_const_int(l, &a) && ir_is_const_int(r, &b)) return fold_int_bin(cx, e, a, b);
  if (ir_is_const_float(l, &x) && ir_is_const_float(r, &y)) return fold_float_bin(cx, e, x, y);
  return e;
}
