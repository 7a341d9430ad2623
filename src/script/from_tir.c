/*
 * from_tir.c — TVMScript PrimExprs to IR: literals, names, Python operators
 * with TVM's type matching and constant folding, `T.*` intrinsics, buffer
 * loads, buffer declarations and regions.  The statement half (loops,
 * blocks, functions) is from_tir_stmt.c.
 *
 * Semantics mirror TVM's Python front end: an int literal is int32 (int64
 * when it does not fit), a float literal float32; `a + b` matches operand
 * types (int32 literal next to int64 becomes int64, an int next to a float
 * becomes that float) and folds constants as tvm::add does; `T.Add(a, b)`
 * builds the node as written.
 */
#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tir_script.h"

/* ---- intrinsic table ---------------------------------------------------- */

static const TirCallInfo calls[] = {
    {"exp", TCALL_SAME, 1, 1},        {"exp2", TCALL_SAME, 1, 1},       {"exp10", TCALL_SAME, 1, 1},
    {"log", TCALL_SAME, 1, 1},        {"log2", TCALL_SAME, 1, 1},       {"log10", TCALL_SAME, 1, 1},
    {"log1p", TCALL_SAME, 1, 1},      {"sqrt", TCALL_SAME, 1, 1},       {"rsqrt", TCALL_SAME, 1, 1},
    {"tanh", TCALL_SAME, 1, 1},       {"sigmoid", TCALL_SAME, 1, 1},    {"erf", TCALL_SAME, 1, 1},
    {"fabs", TCALL_SAME, 1, 1},       {"floor", TCALL_SAME, 1, 1},      {"ceil", TCALL_SAME, 1, 1},
    {"round", TCALL_SAME, 1, 1},      {"trunc", TCALL_SAME, 1, 1},      {"nearbyint", TCALL_SAME, 1, 1},
    {"sin", TCALL_SAME, 1, 1},        {"cos", TCALL_SAME, 1, 1},        {"tan", TCALL_SAME, 1, 1},
    {"sinh", TCALL_SAME, 1, 1},       {"cosh", TCALL_SAME, 1, 1},       {"asin", TCALL_SAME, 1, 1},
    {"acos", TCALL_SAME, 1, 1},       {"atan", TCALL_SAME, 1, 1},       {"asinh", TCALL_SAME, 1, 1},
    {"acosh", TCALL_SAME, 1, 1},      {"atanh", TCALL_SAME, 1, 1},      {"popcount", TCALL_SAME, 1, 1},
    {"clz", TCALL_SAME, 1, 1},        {"bitwise_not", TCALL_SAME, 1, 1}, {"likely", TCALL_SAME, 1, 1},
    {"isnan", TCALL_BOOL, 1, 1},      {"isinf", TCALL_BOOL, 1, 1},      {"isfinite", TCALL_BOOL, 1, 1},
    {"pow", TCALL_SAME2, 2, 2},       {"atan2", TCALL_SAME2, 2, 2},     {"fmod", TCALL_SAME2, 2, 2},
    {"hypot", TCALL_SAME2, 2, 2},     {"copysign", TCALL_SAME2, 2, 2},  {"nextafter", TCALL_SAME2, 2, 2},
    {"ldexp", TCALL_SAME2, 2, 2},     {"bitwise_and", TCALL_SAME2, 2, 2}, {"bitwise_or", TCALL_SAME2, 2, 2},
    {"bitwise_xor", TCALL_SAME2, 2, 2}, {"shift_left", TCALL_SAME2, 2, 2}, {"shift_right", TCALL_SAME2, 2, 2},
    {"if_then_else", TCALL_SECOND, 3, 3}, {"call_extern", TCALL_DTYPE_FIRST, 1, -1},
    {"call_pure_extern", TCALL_DTYPE_FIRST, 1, -1}, {"call_llvm_intrin", TCALL_DTYPE_FIRST, 1, -1},
    {"call_llvm_pure_intrin", TCALL_DTYPE_FIRST, 1, -1}, {"reinterpret", TCALL_DTYPE_FIRST, 1, 1},
    {"tvm_struct_get", TCALL_DTYPE_LAST, 3, 3}, {"fma", TCALL_SAME, 3, 3},
    {"ret", TCALL_SAME, 1, 1},        {"continue_loop", TCALL_VOID, 0, 0}, {"break_loop", TCALL_VOID, 0, 0},
};

const TirCallInfo *tir_call_info(const char *name) {
  for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
    if (!strcmp(calls[i].name, name)) return &calls[i];
  return NULL;
}

/* ---- constant folding (TVM's TryConstFold) ------------------------------- */

static bool cint(const Node *n, int64_t *v) { return n->dtype.lanes == 1 && ir_is_const_int(n, v); }
static bool cflt(const Node *n, double *v) { return n->dtype.lanes == 1 && ir_is_const_float(n, v); }

static int64_t floordiv64(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
static int64_t floormod64(int64_t a, int64_t b) { return a - floordiv64(a, b) * b; }

/* Wrap v to the integer type t, as TVM's IntImm of that width would hold it. */
static int64_t wrap(DType t, int64_t v) {
  if (t.bits >= 64 || dtype_is_bool(t)) return v;
  uint64_t m = ((uint64_t)1 << t.bits) - 1, u = (uint64_t)v & m;
  if (dtype_is_uint(t)) return (int64_t)u;
  if (u >> (t.bits - 1)) u |= ~m;
  return (int64_t)u;
}

/* Folded `a k b`, or NULL when TVM would leave the node.  With cx == NULL
 * only answers whether it would fold (returns a non-NULL sentinel). */
static Node *fold(IrCtx *cx, int k, Node *a, Node *b) {
  int64_t x = 0, y = 0;
  double f = 0, g = 0;
  bool ia = cint(a, &x), ib = cint(b, &y), fa = cflt(a, &f), fb = cflt(b, &g);
  DType t = a->dtype;
#define MKI(v) (cx ? ir_int(cx, t, wrap(t, (v))) : a)
#define MKF(v) (cx ? ir_float(cx, t, (v)) : a)
#define MKB(v) (cx ? ir_bool(cx, (v)) : a)
  switch (k) {
  case NK_ADD:
    if (ia && ib) return MKI((int64_t)((uint64_t)x + (uint64_t)y));
    if (fa && fb) return MKF(f + g);
    if ((ia && x == 0) || (fa && f == 0)) return b;
    if ((ib && y == 0) || (fb && g == 0)) return a;
    return NULL;
  case NK_SUB:
    if (ia && ib) return MKI((int64_t)((uint64_t)x - (uint64_t)y));
    if (fa && fb) return MKF(f - g);
    if ((ib && y == 0) || (fb && g == 0)) return a;
    return NULL;
  case NK_MUL:
    if (ia && ib) return MKI((int64_t)((uint64_t)x * (uint64_t)y));
    if (fa && fb) return MKF(f * g);
    if ((ia && x == 1) || (fa && f == 1)) return b;
    if ((ia && x == 0) || (fa && f == 0)) return a;
    if ((ib && y == 1) || (fb && g == 1)) return a;
    if ((ib && y == 0) || (fb && g == 0)) return b;
    return NULL;
  case NK_DIV:
  case NK_FLOORDIV:
    if (ia && ib && y != 0) return MKI(k == NK_DIV ? x / y : floordiv64(x, y));
    if (fa && fb && g != 0) return MKF(k == NK_DIV ? f / g : floor(f / g));
    if ((ia && x == 0) || (fa && f == 0)) return a;
    if ((ib && y == 1) || (fb && g == 1)) return a;
    return NULL;
  case NK_MOD:
  case NK_FLOORMOD:
    if (ia && ib && y != 0) return MKI(k == NK_MOD ? x % y : floormod64(x, y));
    if (ia && x == 0) return a;
    if (ib && y == 1) return MKI(0);
    return NULL;
  case NK_MIN:
  case NK_MAX:
    if (ia && ib) return MKI(k == NK_MIN ? (x < y ? x : y) : (x > y ? x : y));
    if (fa && fb) return MKF(k == NK_MIN ? fmin(f, g) : fmax(f, g));
    return NULL;
  case NK_EQ: case NK_NE: case NK_LT: case NK_LE: case NK_GT: case NK_GE: {
    if (!((ia && ib) || (fa && fb))) return NULL;
    double l = ia ? (double)x : f, r = ia ? (double)y : g;
    bool v = k == NK_EQ ? (ia ? x == y : l == r) : k == NK_NE ? (ia ? x != y : l != r)
           : k == NK_LT ? (ia ? x < y : l < r) : k == NK_LE ? (ia ? x <= y : l <= r)
           : k == NK_GT ? (ia ? x > y : l > r) : (ia ? x >= y : l >= r);
    return MKB(v);
  }
  case NK_AND:
    if (ia) return x ? b : a;
    if (ib) return y ? a : b;
    return NULL;
  case NK_OR:
    if (ia) return x ? a : b;
    if (ib) return y ? b : a;
    return NULL;
  default: return NULL;
  }
#undef MKI
#undef MKF
#undef MKB
}

bool tir_fold_changes(int kind, const Node *a, const Node *b) {
  if (!dtype_eq(a->dtype, b->dtype)) return true;
  return fold(NULL, kind, (Node *)a, (Node *)b) != NULL;
}

/* ---- type matching (TVM's BinaryOpMatchTypes) ----------------------------- */

/* Largest finite value of a float dtype. */
static double float_max(DType t) {
  if (t.bits == 16) return t.code == DT_CODE_BFLOAT ? 3.3895313892515355e38 : 65504.0;
  return t.bits == 32 ? FLT_MAX : DBL_MAX;
}

Node *tir_cast(ScriptParser *p, DType t, Node *v) {
  if (dtype_eq(t, v->dtype)) return v;
  int64_t x;
  double f;
  /* Constants fold only where the value is representable: a cast that
   * would overflow stays a Cast (folding it would be undefined behaviour
   * here and print a literal the parser rejects). */
  if (t.lanes == 1 && cint(v, &x) && (!dtype_is_float(t) || fabs((double)x) <= float_max(t)))
    return dtype_is_float(t) ? ir_float(p->cx, t, (double)x) : ir_int(p->cx, t, wrap(t, x));
  if (t.lanes == 1 && cflt(v, &f) && dtype_is_float(t) && !(isfinite(f) && fabs(f) > float_max(t)))
    return ir_float(p->cx, t, f);
  if (t.lanes == 1 && cflt(v, &f) && !dtype_is_float(t) && isfinite(f) && f > -9.2e18 && f < 9.2e18)
    return ir_int(p->cx, t, wrap(t, (int64_t)f));
  if (t.lanes > 1 && v->dtype.lanes == 1)
    return ir_broadcast(p->cx, tir_cast(p, dtype_element(t), v), t.lanes);
  return ir_cast(p->cx, t, v);
}

static bool match_types(ScriptParser *p, Span sp, Node **pa, Node **pb) {
  Node *a = *pa, *b = *pb;
  DType ta = a->dtype, tb = b->dtype;
  if (dtype_eq(ta, tb)) return true;
  if (ta.lanes != tb.lanes) {
    if (ta.lanes == 1) a = ir_broadcast(p->cx, a, tb.lanes);
    else if (tb.lanes == 1) b = ir_broadcast(p->cx, b, ta.lanes);
    else goto bad;
    *pa = a, *pb = b;
    return match_types(p, sp, pa, pb);
  }
  if (dtype_is_handle(ta) || dtype_is_handle(tb) || dtype_is_void(ta) || dtype_is_void(tb)) goto bad;
  if (dtype_is_float(ta) && !dtype_is_float(tb)) {
    *pb = tir_cast(p, ta, b);
  } else if (dtype_is_float(tb) && !dtype_is_float(ta)) {
    *pa = tir_cast(p, tb, a);
  } else if (dtype_is_bool(ta) || dtype_is_bool(tb)) {
    goto bad;
  } else if (ta.code == tb.code || dtype_is_float(ta)) {
    if (ta.code != tb.code) goto bad; /* float16 vs bfloat16 */
    if (ta.bits < tb.bits) *pa = tir_cast(p, tb, a);
    else *pb = tir_cast(p, ta, b);
  } else { /* int and uint: both to the wider signed int */
    DType t = DT_MAKE(DT_CODE_INT, ta.bits > tb.bits ? ta.bits : tb.bits, ta.lanes);
    *pa = tir_cast(p, t, a);
    *pb = tir_cast(p, t, b);
  }
  return true;
bad:
  sp_err(p, sp, "cannot combine operands of types %s and %s", dtype_str(ta), dtype_str(tb));
  return false;
}

Node *tir_binary(ScriptParser *p, Span sp, int kind, Node *a, Node *b) {
  if (!a || !b) return NULL;
  if (!match_types(p, sp, &a, &b)) return NULL;
  if (kind == NK_AND || kind == NK_OR) {
    if (!dtype_is_bool(a->dtype)) return sp_err(p, sp, "'and'/'or' need bool operands, not %s", dtype_str(a->dtype));
  }
  int64_t y;
  if ((kind == NK_DIV || kind == NK_MOD || kind == NK_FLOORDIV || kind == NK_FLOORMOD) && cint(b, &y) &&
      y == 0)
    return sp_err(p, sp, "division by zero");
  Node *r = fold(p->cx, kind, a, b);
  return r ? r : ir_bin(p->cx, kind, a, b);
}

/* `hi - lo`, with `(lo + k) - lo` and constants simplified. */
Node *tir_extent(ScriptParser *p, Span sp, Node *lo, Node *hi) {
  if (!lo || !hi) return NULL;
  if (hi->kind == NK_ADD && IR_AS(IrBinary, hi)->a == lo) return IR_AS(IrBinary, hi)->b;
  return tir_binary(p, sp, NK_SUB, hi, lo);
}

/* ---- literals ------------------------------------------------------------ */

bool tir_literal_int(const PyExpr *e, int64_t *v) {
  if (e->kind == PY_INT && !e->int_overflow) return *v = e->ival, true;
  if (e->kind == PY_UNARY && !strcmp(e->op, "-") && e->a->kind == PY_INT && !e->a->int_overflow)
    return *v = -e->a->ival, true;
  return false;
}

static bool literal_float(const PyExpr *e, double *v) {
  if (e->kind == PY_FLOAT) return *v = e->fval, true;
  if (e->kind == PY_UNARY && !strcmp(e->op, "-") && e->a->kind == PY_FLOAT) return *v = -e->a->fval, true;
  if (e->kind == PY_STR) {
    if (!strcmp(e->str, "inf")) return *v = INFINITY, true;
    if (!strcmp(e->str, "-inf")) return *v = -INFINITY, true;
    if (!strcmp(e->str, "nan")) return *v = NAN, true;
    if (!strcmp(e->str, "-nan")) return *v = -NAN, true;
  }
  return false;
}

static Node *int_literal(ScriptParser *p, const PyExpr *e) {
  if (e->int_overflow) return sp_err(p, e->span, "integer literal does not fit in int64");
  bool small = e->ival >= INT32_MIN && e->ival <= INT32_MAX;
  return ir_int(p->cx, small ? DT_INT32 : DT_INT64, e->ival);
}

bool tir_parse_dtype(ScriptParser *p, const PyExpr *e, DType *out) {
  const char *s = NULL;
  if (e->kind == PY_STR) s = e->str;
  else if (e->kind == PY_ATTR && py_is_name(e->a, "T", NULL)) s = e->name;
  if (s && dtype_parse(s, out)) return true;
  if (s && !strcmp(s, "handle")) return *out = DT_HANDLE, true;
  if (s) sp_err(p, e->span, "unknown dtype '%s'", s);
  else sp_err(p, e->span, "expected a dtype such as \"float32\" or T.int64");
  return false;
}

/* A float as Python's repr writes it (shortest round trip), for messages. */
static void float_repr(char *buf, size_t n, double v) {
  int prec = 1;
  for (; prec < 17; prec++) {
    snprintf(buf, n, "%.*e", prec - 1, v);
    if (strtod(buf, NULL) == v) break;
  }
  int exp10 = v == 0 ? 0 : (int)floor(log10(fabs(v)));
  if (exp10 >= -4 && exp10 < 16) {
    int decimals = prec - 1 - exp10;
    snprintf(buf, n, "%.*f", decimals > 0 ? decimals : 0, v);
    if (!strchr(buf, '.')) strncat(buf, ".0", n - strlen(buf) - 1);
  } else {
    snprintf(buf, n, "%.*e", prec - 1, v);
  }
}

/* Does integer literal v (or, when big, the unsigned value 2^63 <= u <
 * 2^64) fit dtype t?  TVM's IntImm checks the same range. */
static bool int_fits(DType t, int64_t v, bool big) {
  int b = t.bits;
  if (dtype_is_bool(t)) return !big && (v == 0 || v == 1);
  if (dtype_is_uint(t)) return b >= 64 ? big || v >= 0 : !big && v >= 0 && v < ((int64_t)1 << b);
  if (big) return false;
  if (b >= 64) return true;
  int64_t lim = (int64_t)1 << (b - 1);
  return v >= -lim && v < lim;
}

static Node *int_out_of_range(ScriptParser *p, const PyExpr *a, DType t) {
  const PyExpr *lit = a->kind == PY_UNARY ? a->a : a;
  bool neg = a->kind == PY_UNARY;
  if (lit->int_overflow && lit->ival == INT64_MAX) /* >= 2^64: quote the source */
    return sp_err(p, a->span, "value %s%.*s is out of range for %s", neg ? "-" : "",
                  (int)(lit->span.hi - lit->span.lo), p->file->text + lit->span.lo, dtype_str(t));
  if (lit->int_overflow)
    return sp_err(p, a->span, "value %s%llu is out of range for %s", neg ? "-" : "",
                  (unsigned long long)lit->ival, dtype_str(t));
  return sp_err(p, a->span, "value %lld is out of range for %s", (long long)(neg ? -lit->ival : lit->ival),
                dtype_str(t));
}

/* The value of an integer literal the lexer flagged as past INT64_MAX:
 * -2^63 (written -9223372036854775808) or, for uint64, 2^63 <= v < 2^64
 * kept as its bit pattern.  False when it fits neither. */
static bool big_literal(const PyExpr *a, DType t, int64_t *v) {
  if (a->kind == PY_UNARY && !strcmp(a->op, "-") && a->a->kind == PY_INT && a->a->int_overflow &&
      a->a->ival == INT64_MIN && dtype_is_int(t))
    return *v = INT64_MIN, true;
  if (a->kind == PY_INT && a->int_overflow && a->ival != INT64_MAX && dtype_is_uint(t) && t.bits == 64)
    return *v = a->ival, true;
  return false;
}

static bool is_int_literal(const PyExpr *a) {
  return a->kind == PY_INT || (a->kind == PY_UNARY && !strcmp(a->op, "-") && a->a->kind == PY_INT);
}

/* T.float32(x): a literal of that type, or a cast. */
static Node *dtype_ctor(ScriptParser *p, const PyExpr *call, DType t) {
  if (call->nitems != 1 || call->nkws)
    return sp_err(p, call->span, "T.%s(...) takes one value here", dtype_str(t));
  const PyExpr *a = call->items[0];
  int64_t i;
  double f;
  if (dtype_is_bool(t) && (a->kind == PY_TRUE || a->kind == PY_FALSE)) return ir_bool(p->cx, a->kind == PY_TRUE);
  if (t.lanes == 1 && !dtype_is_float(t) && is_int_literal(a)) {
    if (big_literal(a, t, &i)) return ir_int(p->cx, t, i);
    if (!tir_literal_int(a, &i) || !int_fits(t, i, false)) return int_out_of_range(p, a, t);
    return ir_int(p->cx, t, i);
  }
  if (t.lanes == 1 && tir_literal_int(a, &i)) {
    if (dtype_is_float(t)) return ir_float(p->cx, t, (double)i);
    return ir_int(p->cx, t, i);
  }
  if (t.lanes == 1 && a->kind == PY_STR && dtype_is_float(t) && !literal_float(a, &f)) {
    char *end;
    f = strtod(a->str, &end);
    if (!*a->str || *end || isspace((unsigned char)*a->str))
      return sp_err(p, a->span, "invalid float literal '%s'", a->str);
    return ir_float(p->cx, t, f);
  }
  if (t.lanes == 1 && literal_float(a, &f)) {
    if (!dtype_is_float(t)) return sp_err(p, a->span, "a float literal cannot be T.%s", dtype_str(t));
    if (isfinite(f) && fabs(f) > float_max(t)) {
      char buf[64];
      float_repr(buf, sizeof buf, f);
      return sp_err(p, a->span, "value %s is out of range for %s", buf, dtype_str(t));
    }
    return ir_float(p->cx, t, f);
  }
  if (a->kind == PY_STR) return sp_err(p, a->span, "expected \"inf\", \"-inf\" or \"nan\"");
  Node *v = tir_parse_expr(p, a);
  return v ? tir_cast(p, t, v) : NULL;
}

/* ---- names, loads, regions ------------------------------------------------- */

Node *tir_lookup_buffer(ScriptParser *p, const PyExpr *e) {
  if (e->kind != PY_NAME) return NULL;
  Node *b = sp_lookup(p, e->name);
  return b && b->kind == NK_BUFFER ? b : NULL;
}

static Node *name_expr(ScriptParser *p, const PyExpr *e) {
  Node *v = sp_lookup(p, e->name);
  if (!v) return sp_err(p, e->span, "undefined name '%s'", e->name);
  if (!ir_is_expr(v)) return sp_err(p, e->span, "'%s' is not a value here", e->name);
  return v;
}

static Node *attr_expr(ScriptParser *p, const PyExpr *e) {
  Node *b = tir_lookup_buffer(p, e->a);
  if (b && !strcmp(e->name, "data")) return IR_AS(IrBuffer, b)->data;
  if (b && !strcmp(e->name, "elem_offset")) return IR_AS(IrBuffer, b)->elem_offset;
  if (py_is_name(e->a, "T", NULL))
    return sp_err(p, e->span, "T.%s is not a value (did you mean T.%s(...)?)", e->name, e->name);
  return sp_err(p, e->span, "unsupported attribute '%s' in an expression", e->name);
}

/* Subscript items: `A[i, j]` has a tuple index. */
static int sub_items(const PyExpr *e, PyExpr *const **items) {
  /* A[i, j] has the items of an unparenthesized tuple; A[()] (a 0-dim
   * buffer, as TVM prints it) has none. */
  if (e->b->kind == PY_TUPLE && (!e->b->parenthesized || e->b->nitems == 0)) {
    *items = e->b->items;
    return e->b->nitems;
  }
  *items = &((PyExpr *)e)->b;
  return 1;
}

/* One index of a load/store: an expression, or lo:hi[:step] as a Ramp. */
static Node *index_expr(ScriptParser *p, const PyExpr *ix) {
  if (ix->kind != PY_SLICE) return tir_parse_expr(p, ix);
  if (!ix->a || !ix->b) return sp_err(p, ix->span, "a vector index needs both ends: lo:hi");
  Node *lo = tir_parse_expr(p, ix->a), *hi = tir_parse_expr(p, ix->b);
  Node *st = ix->c ? tir_parse_expr(p, ix->c) : NULL;
  if (!lo || !hi || (ix->c && !st)) return NULL;
  if (!st) st = ir_int(p->cx, lo->dtype, 1);
  Node *n = tir_extent(p, ix->span, lo, hi);
  int64_t ne, ns;
  if (!n || !cint(n, &ne) || !cint(st, &ns) || ns <= 0 || ne <= 0 || ne % ns)
    return sp_err(p, ix->span, "a vector index lo:hi[:step] needs a constant positive length");
  return ir_ramp(p->cx, lo, st, ne / ns);
}

static Node *index_count_err(ScriptParser *p, Span sp, const Node *buf, int n) {
  int want = IR_AS(IrBuffer, buf)->shape.n;
  return sp_err(p, sp, "buffer '%s' expects %d %s, got %d", IR_AS(IrBuffer, buf)->name, want,
                want == 1 ? "index" : "indices", n);
}

static Node *load_expr(ScriptParser *p, const PyExpr *e) {
  int64_t k;
  if (e->a->kind == PY_ATTR && !strcmp(e->a->name, "strides") && tir_lookup_buffer(p, e->a->a)) {
    const IrBuffer *B = IR_AS(IrBuffer, tir_lookup_buffer(p, e->a->a));
    if (!tir_literal_int(e->b, &k) || k < 0 || k >= B->strides.n)
      return sp_err(p, e->b->span, "buffer '%s' has %d strides", B->name, B->strides.n);
    return B->strides.v[k];
  }
  Node *buf = tir_lookup_buffer(p, e->a);
  if (!buf) {
    if (e->a->kind == PY_NAME && !sp_lookup(p, e->a->name)) return sp_err(p, e->a->span, "undefined name '%s'", e->a->name);
    return sp_err(p, e->span, "only buffers can be indexed");
  }
  PyExpr *const *items;
  int n = sub_items(e, &items);
  if (n != IR_AS(IrBuffer, buf)->shape.n) return index_count_err(p, e->span, buf, n);
  Node *idx[n > 0 ? n : 1];
  for (int i = 0; i < n; i++)
    if (!(idx[i] = index_expr(p, items[i]))) return NULL;
  return ir_buffer_load(p->cx, buf, idx, n);
}

/* One range of a region: `lo:hi`, `:` (the whole axis) or a point. */
static Node *region_range(ScriptParser *p, const PyExpr *ix, Node *dim) {
  if (ix->kind != PY_SLICE) {
    Node *v = tir_parse_expr(p, ix);
    return v ? ir_range(p->cx, v, ir_int(p->cx, v->dtype, 1)) : NULL;
  }
  if (ix->c) return sp_err(p, ix->span, "a region slice cannot have a step");
  Node *lo = ix->a ? tir_parse_expr(p, ix->a) : ir_int(p->cx, dim->dtype, 0);
  Node *hi = ix->b ? tir_parse_expr(p, ix->b) : dim;
  Node *ext = tir_extent(p, ix->span, lo, hi);
  return ext ? ir_range(p->cx, lo, ext) : NULL;
}

Node *tir_parse_region(ScriptParser *p, const PyExpr *e) {
  Node *buf = e->kind == PY_SUBSCRIPT ? tir_lookup_buffer(p, e->a) : tir_lookup_buffer(p, e);
  if (!buf) return sp_err(p, e->span, "expected a buffer region such as A[i, 0:4]");
  const IrBuffer *B = IR_AS(IrBuffer, buf);
  PtrVec rs = {0};
  if (e->kind == PY_SUBSCRIPT) {
    PyExpr *const *items;
    int n = sub_items(e, &items);
    if (n != B->shape.n) {
      sp_err(p, e->span, "buffer '%s' has %d dimensions, region has %d", B->name, B->shape.n, n);
      return NULL;
    }
    for (int i = 0; i < n; i++) {
      Node *r = region_range(p, items[i], B->shape.v[i]);
      if (!r) return ptrvec_free(&rs), NULL;
      ptrvec_push(&rs, r);
    }
  } else { /* a bare buffer: the whole of it */
    for (int i = 0; i < B->shape.n; i++)
      ptrvec_push(&rs, ir_range(p->cx, ir_int(p->cx, B->shape.v[i]->dtype, 0), B->shape.v[i]));
  }
  Node *r = ir_alloc(p->cx, NK_BUFFER_REGION, e->span);
  IR_AS(IrBufferRegion, r)->buffer = buf;
  IR_AS(IrBufferRegion, r)->region = ir_list_from_vec(p->cx, &rs);
  ptrvec_free(&rs);
  return ir_finish(p->cx, r);
}

/* ---- calls ------------------------------------------------------------------ */

static bool nargs_ok(ScriptParser *p, const PyExpr *call, const char *what, int lo, int hi) {
  if (call->nitems < lo || (hi >= 0 && call->nitems > hi)) {
    if (lo == hi) sp_err(p, call->span, "%s takes %d arguments, got %d", what, lo, call->nitems);
    else sp_err(p, call->span, "%s takes %d to %d arguments, got %d", what, lo, hi, call->nitems);
    return false;
  }
  return true;
}

static bool no_kwargs(ScriptParser *p, const PyExpr *call, const char *what) {
  if (call->nkws) {
    sp_err(p, call->kws[0].span, "%s takes no keyword argument '%s'", what, call->kws[0].name);
    return false;
  }
  return true;
}

static const struct { const char *name; int kind; } raw_ops[] = {
    {"Add", NK_ADD}, {"Sub", NK_SUB}, {"Mul", NK_MUL}, {"Div", NK_DIV}, {"Mod", NK_MOD},
    {"FloorDiv", NK_FLOORDIV}, {"FloorMod", NK_FLOORMOD}, {"Min", NK_MIN}, {"Max", NK_MAX},
    {"EQ", NK_EQ}, {"NE", NK_NE}, {"LT", NK_LT}, {"LE", NK_LE}, {"GT", NK_GT}, {"GE", NK_GE},
    {"And", NK_AND}, {"Or", NK_OR},
};
static const struct { const char *name; int kind; } sugar_ops[] = {
    {"floordiv", NK_FLOORDIV}, {"floormod", NK_FLOORMOD}, {"truncdiv", NK_DIV},
};
/* Printed as calls always (TVM prints Mod as T.truncmod, Min as T.min): kept
 * unfolded so that what is printed parses back to the same node. */
static const struct { const char *name; int kind; } call_ops[] = {
    {"truncmod", NK_MOD}, {"min", NK_MIN}, {"max", NK_MAX},
};

static Node *args_list(ScriptParser *p, const PyExpr *call, int from, Node **out) {
  for (int i = from; i < call->nitems; i++)
    if (!(out[i - from] = tir_parse_expr(p, call->items[i]))) return NULL;
  return (Node *)1;
}

/* T.Add(a, b) etc.: the node as written; operands must agree. */
static Node *raw_binary(ScriptParser *p, const PyExpr *call, int kind, const char *name, bool match) {
  if (!nargs_ok(p, call, name, 2, 2) || !no_kwargs(p, call, name)) return NULL;
  Node *a = tir_parse_expr(p, call->items[0]), *b = a ? tir_parse_expr(p, call->items[1]) : NULL;
  if (!a || !b) return NULL;
  if (match && !match_types(p, call->span, &a, &b)) return NULL;
  if (!dtype_eq(a->dtype, b->dtype))
    return sp_err(p, call->span, "T.%s operands differ in type: %s and %s", name, dtype_str(a->dtype),
                  dtype_str(b->dtype));
  if ((kind == NK_AND || kind == NK_OR) && !dtype_is_bool(a->dtype))
    return sp_err(p, call->span, "T.%s needs bool operands", name);
  return ir_bin(p->cx, kind, a, b);
}

static Node *intrinsic(ScriptParser *p, const PyExpr *call, const TirCallInfo *ci) {
  int first = (ci->rule == TCALL_DTYPE_FIRST) ? 1 : 0, last = ci->rule == TCALL_DTYPE_LAST ? 1 : 0;
  int hi = ci->nmax < 0 ? -1 : ci->nmax + first + last;
  char what[64];
  snprintf(what, sizeof what, "T.%s", ci->name);
  if (!nargs_ok(p, call, what, ci->nmin + first + last, hi) || !no_kwargs(p, call, what)) return NULL;
  int n = call->nitems - first - last;
  Node *args[n > 0 ? n : 1];
  if (!args_list(p, call, first, args)) return NULL;
  DType t = DT_INT32;
  switch (ci->rule) {
  case TCALL_SAME: t = args[0]->dtype; break;
  case TCALL_SAME2:
    if (!match_types(p, call->span, &args[0], &args[1])) return NULL;
    t = args[0]->dtype;
    break;
  case TCALL_BOOL: t = dtype_with_lanes(DT_BOOL, args[0]->dtype.lanes); break;
  case TCALL_SECOND:
    if (!match_types(p, call->span, &args[1], &args[2])) return NULL;
    t = args[1]->dtype;
    break;
  case TCALL_DTYPE_FIRST: if (!tir_parse_dtype(p, call->items[0], &t)) return NULL; break;
  case TCALL_DTYPE_LAST: if (!tir_parse_dtype(p, call->items[call->nitems - 1], &t)) return NULL; break;
  case TCALL_INT32: break;
  case TCALL_VOID: t = DT_VOID; break;
  }
  char op[64];
  snprintf(op, sizeof op, "tir.%s", ci->name);
  return ir_call(p->cx, t, op, args, n);
}

/* T.Let(body, where={v: value}) */
static Node *let_expr(ScriptParser *p, const PyExpr *call) {
  const PyExpr *w = py_kwarg(call, "where");
  if (call->nitems != 1 || !w || w->kind != PY_DICT || w->nitems != 1 || w->items[0]->kind != PY_NAME)
    return sp_err(p, call->span, "expected T.Let(body, where={var: value})");
  Node *val = tir_parse_expr(p, w->values[0]);
  if (!val) return NULL;
  Node *v = ir_var(p->cx, w->items[0]->name, val->dtype);
  sp_push(p);
  sp_define(p, w->items[0]->name, v);
  Node *body = tir_parse_expr(p, call->items[0]);
  sp_pop(p);
  return body ? ir_let(p->cx, v, val, body) : NULL;
}

static Node *lanes_arg(ScriptParser *p, const PyExpr *e, int64_t *lanes) {
  if (!tir_literal_int(e, lanes) || *lanes < 1 || *lanes > 65535)
    return sp_err(p, e->span, "expected a constant number of lanes");
  return (Node *)1;
}

static Node *list_exprs(ScriptParser *p, const PyExpr *e, PtrVec *out) {
  if (e->kind != PY_LIST && e->kind != PY_TUPLE) return sp_err(p, e->span, "expected a list");
  for (int i = 0; i < e->nitems; i++) {
    Node *x = tir_parse_expr(p, e->items[i]);
    if (!x) return NULL;
    ptrvec_push(out, x);
  }
  return (Node *)1;
}

static Node *shuffle_expr(ScriptParser *p, const PyExpr *call) {
  if (!nargs_ok(p, call, "T.Shuffle", 2, 2)) return NULL;
  PtrVec vs = {0}, is = {0};
  Node *r = NULL;
  if (list_exprs(p, call->items[0], &vs) && list_exprs(p, call->items[1], &is) && vs.len) {
    r = ir_alloc(p->cx, NK_SHUFFLE, call->span);
    r->dtype = dtype_with_lanes(((Node *)vs.data[0])->dtype, is.len);
    IR_AS(IrShuffle, r)->vectors = ir_list_from_vec(p->cx, &vs);
    IR_AS(IrShuffle, r)->indices = ir_list_from_vec(p->cx, &is);
    r = ir_finish(p->cx, r);
  }
  ptrvec_free(&vs);
  ptrvec_free(&is);
  return r;
}

/* T.max_value("float32") / T.min_value(...) */
static Node *limit_value(ScriptParser *p, const PyExpr *call, bool max) {
  DType t;
  if (!nargs_ok(p, call, max ? "T.max_value" : "T.min_value", 1, 1) || !tir_parse_dtype(p, call->items[0], &t))
    return NULL;
  if (dtype_is_float(t)) {
    double v = t.bits == 64 ? 1.7976931348623157e308 : t.bits == 32 ? 3.4028234663852886e38 : 65504.0;
    if (t.code == DT_CODE_BFLOAT) v = 3.3895313892515355e38;
    return ir_float(p->cx, t, max ? v : -v);
  }
  if (dtype_is_integral(t) && !dtype_is_bool(t))
    return ir_int(p->cx, t, max ? dtype_int_max(t) : dtype_int_min(t));
  return sp_err(p, call->span, "no limit value for %s", dtype_str(t));
}

static Node *t_call(ScriptParser *p, const PyExpr *call, const char *f) {
  DType t;
  if (dtype_parse(f, &t) && !dtype_is_void(t)) return dtype_ctor(p, call, t);
  for (size_t i = 0; i < sizeof(raw_ops) / sizeof(raw_ops[0]); i++)
    if (!strcmp(f, raw_ops[i].name)) return raw_binary(p, call, raw_ops[i].kind, f, false);
  for (size_t i = 0; i < sizeof(call_ops) / sizeof(call_ops[0]); i++)
    if (!strcmp(f, call_ops[i].name)) return raw_binary(p, call, call_ops[i].kind, f, true);
  for (size_t i = 0; i < sizeof(sugar_ops) / sizeof(sugar_ops[0]); i++)
    if (!strcmp(f, sugar_ops[i].name)) {
      if (!nargs_ok(p, call, f, 2, 2) || !no_kwargs(p, call, f)) return NULL;
      Node *a = tir_parse_expr(p, call->items[0]), *b = a ? tir_parse_expr(p, call->items[1]) : NULL;
      return tir_binary(p, call->span, sugar_ops[i].kind, a, b);
    }
  if (!strcmp(f, "Not")) {
    if (!nargs_ok(p, call, "T.Not", 1, 1)) return NULL;
    Node *a = tir_parse_expr(p, call->items[0]);
    return a ? ir_not(p->cx, a) : NULL;
  }
  if (!strcmp(f, "Cast")) {
    if (!nargs_ok(p, call, "T.Cast", 2, 2) || !tir_parse_dtype(p, call->items[0], &t)) return NULL;
    Node *v = tir_parse_expr(p, call->items[1]);
    return v ? ir_cast(p->cx, t, v) : NULL;
  }
  if (!strcmp(f, "Select")) {
    Node *a[3];
    if (!nargs_ok(p, call, "T.Select", 3, 3) || !args_list(p, call, 0, a)) return NULL;
    if (!match_types(p, call->span, &a[1], &a[2])) return NULL;
    return ir_select(p->cx, a[0], a[1], a[2]);
  }
  if (!strcmp(f, "Ramp")) {
    int64_t lanes;
    Node *a[2];
    if (!nargs_ok(p, call, "T.Ramp", 3, 3) || !lanes_arg(p, call->items[2], &lanes)) return NULL;
    a[0] = tir_parse_expr(p, call->items[0]);
    a[1] = a[0] ? tir_parse_expr(p, call->items[1]) : NULL;
    return a[1] ? ir_ramp(p->cx, a[0], a[1], lanes) : NULL;
  }
  if (!strcmp(f, "Broadcast")) {
    int64_t lanes;
    if (!nargs_ok(p, call, "T.Broadcast", 2, 2) || !lanes_arg(p, call->items[1], &lanes)) return NULL;
    Node *v = tir_parse_expr(p, call->items[0]);
    return v ? ir_broadcast(p->cx, v, lanes) : NULL;
  }
  if (!strcmp(f, "Shuffle")) return shuffle_expr(p, call);
  if (!strcmp(f, "Let")) return let_expr(p, call);
  if (!strcmp(f, "max_value")) return limit_value(p, call, true);
  if (!strcmp(f, "min_value")) return limit_value(p, call, false);
  const TirCallInfo *ci = tir_call_info(f);
  if (ci) return intrinsic(p, call, ci);
  return sp_err(p, call->a->span, "unknown name 'T.%s'", f);
}

/* A.vload([indices], predicate=mask) */
static Node *vload_expr(ScriptParser *p, const PyExpr *e, Node *buf) {
  const PyExpr *pe = py_kwarg(e, "predicate");
  if (e->nitems != 1 || e->items[0]->kind != PY_LIST || !pe || e->nkws != 1)
    return sp_err(p, e->span, "expected A.vload([indices], predicate=mask)");
  const PyExpr *l = e->items[0];
  if (l->nitems != IR_AS(IrBuffer, buf)->shape.n) return index_count_err(p, l->span, buf, l->nitems);
  Node *idx[l->nitems > 0 ? l->nitems : 1];
  for (int i = 0; i < l->nitems; i++)
    if (!(idx[i] = index_expr(p, l->items[i]))) return NULL;
  Node *pred = tir_parse_expr(p, pe);
  if (!pred) return NULL;
  Node *ld = ir_buffer_load(p->cx, buf, idx, l->nitems);
  Node *r = ir_clone(p->cx, ld);
  IR_AS(IrBufferLoad, r)->predicate = pred;
  return ir_finish(p->cx, r);
}

/* T.strata.NAME(args): the runtime intrinsics of the packed calling
 * convention (tir/transform/make_packed_api.c), printed as T.strata.NAME;
 * their result type is fixed by the name. */
static Node *strata_call(ScriptParser *p, const PyExpr *e, const char *name) {
  static const struct { const char *name, *type; int nargs; } ops[] = {
      {"arg_type_code", "int32", 2},    {"arg_tensor", "handle", 2},         {"arg_int64", "int64", 2},
      {"arg_float64", "float64", 2},    {"tensor_ndim", "int32", 1},         {"tensor_dtype_code", "int32", 1},
      {"tensor_dtype_bits", "int32", 1}, {"tensor_dtype_lanes", "int32", 1}, {"tensor_shape", "int64", 2},
      {"tensor_strides_compact", "bool", 1}, {"tensor_data", "handle", 1},   {"tensor_device_type", "int32", 1},
      {"is_aligned", "bool", 2},
  };
  for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
    if (strcmp(ops[i].name, name)) continue;
    char what[64], op[64];
    snprintf(what, sizeof what, "T.strata.%s", name);
    if (!nargs_ok(p, e, what, ops[i].nargs, ops[i].nargs) || !no_kwargs(p, e, what)) return NULL;
    Node *args[2];
    if (!args_list(p, e, 0, args)) return NULL;
    snprintf(op, sizeof op, "strata.%s", name);
    DType t;
    SCHECK(dtype_parse(ops[i].type, &t));
    return ir_call(p->cx, t, op, args, ops[i].nargs);
  }
  return sp_err(p, e->a->span, "unknown name 'T.strata.%s'", name);
}

static Node *call_expr(ScriptParser *p, const PyExpr *e) {
  const PyExpr *f = e->a;
  if (f->kind == PY_ATTR && f->a->kind == PY_ATTR && !strcmp(f->a->name, "strata") && py_is_name(f->a->a, "T", NULL))
    return strata_call(p, e, f->name);
  if (f->kind == PY_ATTR && !strcmp(f->name, "vload") && tir_lookup_buffer(p, f->a))
    return vload_expr(p, e, tir_lookup_buffer(p, f->a));
  if (f->kind == PY_ATTR && py_is_name(f->a, "T", NULL)) return t_call(p, e, f->name);
  if (f->kind == PY_NAME && (!strcmp(f->name, "min") || !strcmp(f->name, "max")))
    return t_call(p, e, f->name);
  return sp_err(p, f->span, "unsupported call in a TIR expression");
}

/* ---- operators ------------------------------------------------------------- */

static int binop_kind(const char *op) {
  static const struct { const char *op; int kind; } t[] = {
      {"+", NK_ADD}, {"-", NK_SUB}, {"*", NK_MUL}, {"/", NK_DIV}, {"//", NK_FLOORDIV}, {"%", NK_FLOORMOD},
      {"==", NK_EQ}, {"!=", NK_NE}, {"<", NK_LT}, {"<=", NK_LE}, {">", NK_GT}, {">=", NK_GE},
      {"and", NK_AND}, {"or", NK_OR},
  };
  for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
    if (!strcmp(op, t[i].op)) return t[i].kind;
  return -1;
}

static const char *bit_call(const char *op) {
  if (!strcmp(op, "&")) return "tir.bitwise_and";
  if (!strcmp(op, "|")) return "tir.bitwise_or";
  if (!strcmp(op, "^")) return "tir.bitwise_xor";
  if (!strcmp(op, "<<")) return "tir.shift_left";
  if (!strcmp(op, ">>")) return "tir.shift_right";
  return NULL;
}

static Node *binary_expr(ScriptParser *p, const PyExpr *e) {
  Node *a = tir_parse_expr(p, e->a), *b = a ? tir_parse_expr(p, e->b) : NULL;
  if (!a || !b) return NULL;
  int k = binop_kind(e->op);
  if (k >= 0) return tir_binary(p, e->span, k, a, b);
  const char *bc = bit_call(e->op);
  if (bc) {
    if (!match_types(p, e->span, &a, &b)) return NULL;
    Node *args[2] = {a, b};
    return ir_call(p->cx, a->dtype, bc, args, 2);
  }
  return sp_err(p, e->span, "operator '%s' is not supported in TIR", e->op);
}

static Node *unary_expr(ScriptParser *p, const PyExpr *e) {
  if (!strcmp(e->op, "-")) {
    if (e->a->kind == PY_INT) {
      if (e->a->int_overflow && e->a->ival == INT64_MIN) return ir_int(p->cx, DT_INT64, INT64_MIN); /* -2^63 */
      if (e->a->int_overflow) return sp_err(p, e->span, "integer literal does not fit in int64");
      int64_t v = -e->a->ival;
      return ir_int(p->cx, v >= INT32_MIN && v <= INT32_MAX ? DT_INT32 : DT_INT64, v);
    }
    Node *a = tir_parse_expr(p, e->a);
    if (!a) return NULL;
    int64_t x;
    double f;
    if (cint(a, &x)) return ir_int(p->cx, a->dtype, wrap(a->dtype, -x));
    if (cflt(a, &f)) return ir_float(p->cx, a->dtype, -f);
    Node *zero = dtype_is_float(a->dtype) ? ir_float(p->cx, dtype_element(a->dtype), 0)
                                          : ir_int(p->cx, dtype_element(a->dtype), 0);
    if (a->dtype.lanes > 1) zero = ir_broadcast(p->cx, zero, a->dtype.lanes);
    return ir_bin(p->cx, NK_SUB, zero, a);
  }
  Node *a = tir_parse_expr(p, e->a);
  if (!a) return NULL;
  if (!strcmp(e->op, "+")) return a;
  if (!strcmp(e->op, "not")) {
    if (!dtype_is_bool(a->dtype)) return sp_err(p, e->span, "'not' needs a bool operand, not %s", dtype_str(a->dtype));
    return ir_not(p->cx, a);
  }
  if (!strcmp(e->op, "~")) return ir_call(p->cx, a->dtype, "tir.bitwise_not", &a, 1);
  return sp_err(p, e->span, "operator '%s' is not supported in TIR", e->op);
}

static Node *expr(ScriptParser *p, const PyExpr *e) {
  switch (e->kind) {
  case PY_INT: return int_literal(p, e);
  case PY_FLOAT: return ir_float(p->cx, DT_FLOAT32, e->fval);
  case PY_STR: return ir_string(p->cx, e->str);
  case PY_TRUE: return ir_bool(p->cx, true);
  case PY_FALSE: return ir_bool(p->cx, false);
  case PY_NAME: return name_expr(p, e);
  case PY_ATTR: return attr_expr(p, e);
  case PY_SUBSCRIPT: return load_expr(p, e);
  case PY_CALL: return call_expr(p, e);
  case PY_UNARY: return unary_expr(p, e);
  case PY_BINARY:
  case PY_COMPARE:
  case PY_BOOLOP: return binary_expr(p, e);
  default: return sp_err(p, e->span, "expected a TIR expression");
  }
}

Node *tir_parse_expr(ScriptParser *p, const PyExpr *e) {
  if (!sp_enter(p, e->span)) return NULL;
  Node *r = expr(p, e);
  sp_leave(p);
  if (r) SCHECK(ir_is_expr(r));
  return r;
}

/* ---- attribute values ------------------------------------------------------- */

Node *tir_parse_attr_value(ScriptParser *p, const PyExpr *e) {
  switch (e->kind) {
  case PY_TRUE:
  case PY_FALSE: return ir_bool(p->cx, e->kind == PY_TRUE);
  case PY_LIST:
  case PY_TUPLE: {
    PtrVec items = {0};
    for (int i = 0; i < e->nitems; i++) {
      Node *v = tir_parse_attr_value(p, e->items[i]);
      if (!v) return ptrvec_free(&items), NULL;
      ptrvec_push(&items, v);
    }
    Node *a = ir_alloc(p->cx, NK_ARRAY, e->span);
    IR_AS(IrArray, a)->items = ir_list_from_vec(p->cx, &items);
    ptrvec_free(&items);
    return ir_finish(p->cx, a);
  }
  case PY_DICT: {
    Node *m = ir_alloc(p->cx, NK_MAP, e->span);
    if (!tir_parse_attr_dict(p, e, &IR_AS(IrArray, m)->items)) return NULL;
    return ir_finish(p->cx, m);
  }
  default: return tir_parse_expr(p, e);
  }
}

bool tir_parse_attr_dict(ScriptParser *p, const PyExpr *e, NodeList *out) {
  if (e->kind != PY_DICT) return sp_err(p, e->span, "expected a dict of attributes"), false;
  PtrVec items = {0};
  for (int i = 0; i < e->nitems; i++) {
    if (e->items[i]->kind != PY_STR) {
      sp_err(p, e->items[i]->span, "attribute keys must be strings");
      return ptrvec_free(&items), false;
    }
    Node *v = tir_parse_attr_value(p, e->values[i]);
    if (!v) return ptrvec_free(&items), false;
    Node *pair = ir_alloc(p->cx, NK_PAIR, e->items[i]->span);
    IR_AS(IrBinary, pair)->a = ir_string(p->cx, e->items[i]->str);
    IR_AS(IrBinary, pair)->b = v;
    ptrvec_push(&items, ir_finish(p->cx, pair));
  }
  *out = ir_list_from_vec(p->cx, &items);
  ptrvec_free(&items);
  return true;
}

/* ---- buffer declarations ----------------------------------------------------- */

Node *tir_ptr_var(IrCtx *cx, const char *name, DType elem, const char *scope) {
  Node *pt = ir_alloc(cx, NK_PTR_TYPE, span_none());
  pt->dtype = elem;
  IR_AS(IrStr, pt)->value = intern(scope);
  Node *v = ir_var(cx, name, DT_HANDLE);
  IR_AS(IrVar, v)->type_anno = ir_finish(cx, pt);
  return v;
}

static const char *const buffer_params[] = {"shape", "dtype", "data", "strides", "elem_offset", "scope",
                                            "align", "offset_factor", "buffer_type", "axis_separators"};
enum { BP_COUNT = 10 };

/* Collect the arguments of a buffer declaration by parameter name. */
static bool buffer_args(ScriptParser *p, const PyExpr *call, int first, const PyExpr *out[BP_COUNT]) {
  memset(out, 0, sizeof(const PyExpr *) * BP_COUNT);
  if (call->kind == PY_SUBSCRIPT) { /* T.Buffer[(n, d), "float32"] */
    PyExpr *const *items;
    int n = sub_items(call, &items);
    if (n > 2) return sp_err(p, call->span, "expected T.Buffer[shape, dtype]"), false;
    for (int i = 0; i < n; i++) out[i] = items[i];
    return true;
  }
  if (call->nitems - first > BP_COUNT) return sp_err(p, call->span, "too many buffer arguments"), false;
  for (int i = first; i < call->nitems; i++) out[i - first] = call->items[i];
  for (int k = 0; k < call->nkws; k++) {
    int j = 0;
    while (j < BP_COUNT && strcmp(buffer_params[j], call->kws[k].name)) j++;
    if (j == BP_COUNT)
      return sp_err(p, call->kws[k].span, "unexpected keyword argument '%s'", call->kws[k].name), false;
    if (out[j]) return sp_err(p, call->kws[k].span, "got multiple values for argument '%s'", call->kws[k].name), false;
    out[j] = call->kws[k].value;
  }
  return true;
}

static bool expr_list(ScriptParser *p, const PyExpr *e, PtrVec *out, bool str_vars, DType vt) {
  if (e->kind != PY_TUPLE && e->kind != PY_LIST) {
    Node *v = tir_parse_expr(p, e);
    if (v) ptrvec_push(out, v);
    return v != NULL;
  }
  for (int i = 0; i < e->nitems; i++) {
    Node *v = str_vars && e->items[i]->kind == PY_STR ? ir_var(p->cx, e->items[i]->str, vt)
                                                      : tir_parse_expr(p, e->items[i]);
    if (!v) return false;
    ptrvec_push(out, v);
  }
  return true;
}

static bool int_arg(ScriptParser *p, const PyExpr *e, const char *what, int64_t *v) {
  if (!e) return true;
  if (!tir_literal_int(e, v)) return sp_err(p, e->span, "%s must be an integer literal", what), false;
  return true;
}

static bool str_arg(ScriptParser *p, const PyExpr *e, const char *what, const char **v) {
  if (!e) return true;
  if (e->kind != PY_STR) return sp_err(p, e->span, "%s must be a string literal", what), false;
  *v = e->str;
  return true;
}

Node *tir_parse_buffer(ScriptParser *p, const PyExpr *call, int first, const char *name) {
  const PyExpr *a[BP_COUNT];
  if (!buffer_args(p, call, first, a)) return NULL;
  if (!a[0]) return sp_err(p, call->span, "a buffer needs a shape");
  Node *buf = ir_alloc(p->cx, NK_BUFFER, call->span);
  IrBuffer *B = IR_AS(IrBuffer, buf);
  B->name = intern(name);
  buf->dtype = DT_FLOAT32;
  if (a[1] && !tir_parse_dtype(p, a[1], &buf->dtype)) return NULL;
  PtrVec shape = {0}, strides = {0}, seps = {0};
  bool ok = expr_list(p, a[0], &shape, false, DT_INT32);
  for (int32_t i = 0; ok && i < shape.len; i++)
    if (!dtype_is_integral(((Node *)shape.data[i])->dtype) || dtype_is_bool(((Node *)shape.data[i])->dtype))
      ok = sp_err(p, a[0]->kind == PY_TUPLE || a[0]->kind == PY_LIST ? a[0]->items[i]->span : a[0]->span,
                  a[0]->kind == PY_TUPLE || a[0]->kind == PY_LIST ? "buffer shape dimensions must be integers"
                                                                   : "buffer shape must be a tuple") != NULL;
  DType it = ok && shape.len ? ((Node *)shape.data[0])->dtype : DT_INT32;
  if (ok && a[3]) ok = expr_list(p, a[3], &strides, true, it);
  if (ok && a[9]) ok = expr_list(p, a[9], &seps, false, DT_INT32);
  int64_t align = -1, factor = 0;
  const char *scope = "global", *btype = "";
  ok = ok && int_arg(p, a[6], "align", &align) && int_arg(p, a[7], "offset_factor", &factor) &&
       str_arg(p, a[5], "scope", &scope) && str_arg(p, a[8], "buffer_type", &btype);
  if (ok && *btype && strcmp(btype, "auto") && strcmp(btype, "default"))
    ok = sp_err(p, a[8]->span, "buffer_type must be \"auto\" or \"default\"") != NULL;
  if (ok && a[2]) {
    B->data = tir_parse_expr(p, a[2]);
    if (B->data && (B->data->kind != NK_VAR || !dtype_is_handle(B->data->dtype)))
      B->data = sp_err(p, a[2]->span, "data must be a handle variable");
    ok = B->data != NULL;
  }
  if (ok && a[4]) ok = (B->elem_offset = tir_parse_expr(p, a[4])) != NULL;
  if (ok) {
    if (!B->data)
      B->data = tir_ptr_var(p->cx, name, dtype_is_bool(buf->dtype) ? DT_INT8 : buf->dtype, scope);
    if (!B->elem_offset) {
      if (factor != 0) {
        char nm[256];
        snprintf(nm, sizeof nm, "%s_elem_offset", name);
        B->elem_offset = ir_var(p->cx, nm, it);
      } else {
        B->elem_offset = ir_int(p->cx, it, 0);
      }
    }
    B->shape = ir_list_from_vec(p->cx, &shape);
    B->strides = ir_list_from_vec(p->cx, &strides);
    B->axis_separators = ir_list_from_vec(p->cx, &seps);
    B->scope = intern(scope);
    B->align = align <= 0 ? 64 : align;
    B->offset_factor = factor == 0 ? 1 : factor;
    B->buffer_type = !strcmp(btype, "auto") ? 1 : 0;
  }
  ptrvec_free(&shape);
  ptrvec_free(&strides);
  ptrvec_free(&seps);
  return ok ? ir_finish(p->cx, buf) : NULL;
}
