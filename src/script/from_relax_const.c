/*
 * from_relax_const.c — Relax tensor constants in TVMScript:
 * `R.const(1.5, "float32")`, `R.const([[1, 2], [3, 4]], "int32")`.  The
 * value becomes a TENSOR_DATA (element dtype in hdr.dtype, shape as int64
 * IntImms, elements packed little-endian in a blob); the printer reads the
 * elements back through rx_const_get_*.
 *
 * Grammar:  const := R.const(value [, dtype])
 *           value := number | True | False | "inf" | "-inf" | "nan" | [value, ...]
 * Without a dtype, ints become int32, floats float32, bools bool (as TVM).
 */
#include "rx_script.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- element encoding ----------------------------------------------------- */

static uint16_t f32_to_f16(float f) {
  uint32_t x;
  memcpy(&x, &f, 4);
  uint32_t sign = (x >> 16) & 0x8000u, exp = (x >> 23) & 0xffu, man = x & 0x7fffffu;
  if (exp == 0xff) return (uint16_t)(sign | 0x7c00u | (man ? 0x200u : 0));
  int32_t e = (int32_t)exp - 127 + 15;
  if (e >= 31) return (uint16_t)(sign | 0x7c00u);
  if (e <= 0) {
    if (e < -10) return (uint16_t)sign;
    man |= 0x800000u;
    uint32_t shift = (uint32_t)(14 - e);
    uint32_t h = man >> shift, rem = man & ((1u << shift) - 1), half = 1u << (shift - 1);
    if (rem > half || (rem == half && (h & 1))) h++;
    return (uint16_t)(sign | h);
  }
  uint32_t h = ((uint32_t)e << 10) | (man >> 13), rem = man & 0x1fffu;
  if (rem > 0x1000u || (rem == 0x1000u && (h & 1))) h++;
  return (uint16_t)(sign | h);
}

static double f16_to_f64(uint16_t b) {
  int sign = b >> 15, exp = (b >> 10) & 0x1f, frac = b & 0x3ff;
  double v;
  if (exp == 0x1f) v = frac ? NAN : INFINITY;
  else if (exp == 0) v = ldexp((double)frac, -24);
  else v = ldexp((double)(frac | 0x400), exp - 25);
  return sign ? -v : v;
}

static void store(DType t, double d, int64_t i, bool is_int, uint8_t *dst) {
  if (!is_int) i = (int64_t)d;
  if (is_int) d = (double)i;
  switch (t.code) {
  case DT_CODE_BOOL: dst[0] = is_int ? i != 0 : d != 0; return;
  case DT_CODE_INT:
  case DT_CODE_UINT: {
    uint64_t u = (uint64_t)i;
    for (int k = 0; k < t.bits / 8; k++) dst[k] = (uint8_t)(u >> (8 * k));
    return;
  }
  case DT_CODE_FLOAT:
    if (t.bits == 16) {
      uint16_t h = f32_to_f16((float)d);
      memcpy(dst, &h, 2);
    } else if (t.bits == 32) {
      float f = (float)d;
      memcpy(dst, &f, 4);
    } else {
      memcpy(dst, &d, 8);
    }
    return;
  case DT_CODE_BFLOAT: {
    float f = (float)d;
    uint32_t x;
    memcpy(&x, &f, 4);
    uint16_t h = (uint16_t)((x + 0x7fffu + ((x >> 16) & 1)) >> 16);
    memcpy(dst, &h, 2);
    return;
  }
  default: return;
  }
}

int64_t rxp_const_numel(const Node *data) {
  const IrTensorData *td = IR_AS(IrTensorData, data);
  int64_t n = 1, v;
  for (int32_t i = 0; i < td->shape.n; i++)
    if (ir_is_const_int(td->shape.v[i], &v)) n *= v;
  return n;
}

int64_t rxp_const_get_i(const Node *data, int64_t i) {
  DType t = data->dtype;
  const uint8_t *p = IR_AS(IrTensorData, data)->data.data + i * (t.bits == 1 ? 1 : t.bits / 8);
  if (t.code == DT_CODE_BOOL) return p[0] != 0;
  uint64_t u = 0;
  int nb = t.bits / 8;
  for (int k = 0; k < nb; k++) u |= (uint64_t)p[k] << (8 * k);
  if (t.code == DT_CODE_INT && nb < 8 && (u >> (8 * nb - 1)) & 1) u |= ~0ull << (8 * nb);
  return (int64_t)u;
}

double rxp_const_get_f(const Node *data, int64_t i) {
  DType t = data->dtype;
  const uint8_t *p = IR_AS(IrTensorData, data)->data.data + i * (t.bits / 8);
  if (t.code == DT_CODE_FLOAT && t.bits == 16) {
    uint16_t h;
    memcpy(&h, p, 2);
    return f16_to_f64(h);
  }
  if (t.code == DT_CODE_FLOAT && t.bits == 32) {
    float f;
    memcpy(&f, p, 4);
    return f;
  }
  if (t.code == DT_CODE_FLOAT && t.bits == 64) {
    double d;
    memcpy(&d, p, 8);
    return d;
  }
  if (t.code == DT_CODE_BFLOAT) {
    uint16_t h;
    memcpy(&h, p, 2);
    uint32_t x = (uint32_t)h << 16;
    float f;
    memcpy(&f, &x, 4);
    return f;
  }
  if (t.code == DT_CODE_UINT) return (double)(uint64_t)rxp_const_get_i(data, i);
  return (double)rxp_const_get_i(data, i);
}

/* ---- parsing -------------------------------------------------------------- */

typedef struct Leaf {
  double d;
  int64_t i;
  bool is_int, is_bool;
} Leaf;

typedef struct ConstParse {
  RxCtx *r;
  VEC(Leaf) leaves;
  int64_t shape[32];
  int ndim;
  bool any_float, all_bool;
} ConstParse;

static bool leaf(ConstParse *c, const PyExpr *e) {
  Leaf l = {0, 0, false, false};
  bool neg = false;
  if (e->kind == PY_UNARY && !strcmp(e->op, "-")) {
    neg = true;
    e = e->a;
  }
  if (e->kind == PY_INT && !e->int_overflow) {
    l.is_int = true;
    l.i = neg ? -e->ival : e->ival;
  } else if (e->kind == PY_FLOAT) {
    l.d = neg ? -e->fval : e->fval;
  } else if (!neg && (e->kind == PY_TRUE || e->kind == PY_FALSE)) {
    l.is_int = l.is_bool = true;
    l.i = e->kind == PY_TRUE;
  } else if (!neg && e->kind == PY_STR && (!strcmp(e->str, "inf") || !strcmp(e->str, "-inf") ||
                                           !strcmp(e->str, "nan"))) {
    l.d = !strcmp(e->str, "nan") ? NAN : e->str[0] == '-' ? -INFINITY : INFINITY;
  } else {
    sp_err(c->r->p, e->span, "a constant element must be a number or a boolean");
    return false;
  }
  if (!l.is_int) c->any_float = true;
  if (!l.is_bool) c->all_bool = false;
  VEC_PUSH(c->leaves, l);
  return true;
}

/* Walk a nested list; the first element at each depth fixes the shape. */
static bool nested(ConstParse *c, const PyExpr *e, int depth) {
  bool is_list = e->kind == PY_LIST || e->kind == PY_TUPLE;
  if (depth == c->ndim && !is_list) return leaf(c, e);
  if (!is_list || depth > c->ndim)
    return sp_err(c->r->p, e->span, "a tensor constant must be a rectangular nested list"), false;
  if (depth >= 32) return sp_err(c->r->p, e->span, "a tensor constant has too many dimensions"), false;
  if (e->nitems != c->shape[depth])
    return sp_err(c->r->p, e->span, "a tensor constant must be a rectangular nested list (expected "
                                    "%lld elements here, found %d)", (long long)c->shape[depth],
                  e->nitems), false;
  for (int32_t i = 0; i < e->nitems; i++)
    if (!nested(c, e->items[i], depth + 1)) return false;
  return true;
}

Node *rxp_const_node(IrCtx *cx, Node *data, Span sp) {
  const IrTensorData *td = IR_AS(IrTensorData, data);
  Node *n = ir_alloc(cx, NK_RX_CONST, sp);
  IR_AS(IrUnary, n)->a = data;
  Node *shape = rxp_shape_expr(cx, td->shape, sp);
  n->sinfo = rxp_si_tensor(cx, shape, td->shape.n, data->dtype, NULL);
  return ir_finish(cx, n);
}

static Node *build(ConstParse *c, DType t, Span sp) {
  IrCtx *cx = c->r->p->cx;
  Node *shape[32];
  for (int i = 0; i < c->ndim; i++) shape[i] = ir_int(cx, DT_INT64, c->shape[i]);
  int esize = t.code == DT_CODE_BOOL ? 1 : t.bits / 8;
  int64_t n = c->leaves.len;
  uint8_t *buf = arena_alloc(cx->arena, (size_t)(n * esize + 1));
  for (int64_t i = 0; i < n; i++) {
    const Leaf *l = &c->leaves.data[i];
    store(t, l->d, l->i, l->is_int, buf + i * esize);
  }
  Node *td = ir_alloc(cx, NK_TENSOR_DATA, sp);
  td->dtype = t;
  IR_AS(IrTensorData, td)->shape = ir_list(cx, shape, c->ndim);
  IR_AS(IrTensorData, td)->data = (Blob){buf, n * esize};
  return rxp_const_node(cx, ir_finish(cx, td), sp);
}

Node *rxp_const_parse(RxCtx *r, const PyExpr *call) {
  const PyExpr *val = call->nitems > 0 ? call->items[0] : py_kwarg(call, "value");
  const PyExpr *dt = call->nitems > 1 ? call->items[1] : py_kwarg(call, "dtype");
  for (int32_t k = 0; k < call->nkws; k++)
    if (strcmp(call->kws[k].name, "value") && strcmp(call->kws[k].name, "dtype"))
      return sp_err(r->p, call->kws[k].span, "unknown keyword argument '%s' for R.const (expected "
                                             "value, dtype)", call->kws[k].name);
  if (!val || call->nitems > 2)
    return sp_err(r->p, call->span, "R.const expects a value and an optional dtype");
  ConstParse c = {0};
  c.r = r;
  c.all_bool = true;
  for (const PyExpr *e = val; e->kind == PY_LIST || e->kind == PY_TUPLE; e = e->items[0]) {
    if (c.ndim >= 32) return sp_err(r->p, e->span, "a tensor constant has too many dimensions");
    c.shape[c.ndim++] = e->nitems;
    if (!e->nitems) break;
  }
  Node *res = NULL;
  if (nested(&c, val, 0)) {
    DType t = c.all_bool && c.leaves.len ? DT_BOOL : c.any_float ? DT_FLOAT32 : DT_INT32;
    bool ok = true;
    if (dt && !rxp_dtype_arg(r, dt, &t)) ok = false;
    if (ok && (dtype_is_void(t) || dtype_is_handle(t) || t.lanes != 1 ||
               (t.code != DT_CODE_BOOL && (t.bits % 8 || t.bits == 0)))) {
      sp_err(r->p, dt ? dt->span : call->span, "R.const cannot hold dtype %s", dtype_str(t));
      ok = false;
    }
    if (ok) res = build(&c, t, call->span);
  }
  VEC_FREE(c.leaves);
  return res;
}
