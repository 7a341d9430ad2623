/*
 * op_infer.c — rx_op_infer: finds the op's rule in the tables of
 * op_infer_ewise.c, op_infer_manip.c and op_infer_nn.c and runs it, and the
 * helpers the rules share (arguments, attributes, axes, dimensions).
 */
#include "relax/op_infer.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arith/arith.h"
#include "relax/relax.h"

static const RxInferRule *find_rule(const char *name) {
  const RxInferRule *tables[] = {rx_infer_ewise, rx_infer_manip, rx_infer_nn};
  for (size_t t = 0; t < sizeof tables / sizeof *tables; t++)
    for (const RxInferRule *r = tables[t]; r->name; r++)
      if (!strcmp(r->name, name)) return r;
  return NULL;
}

bool rx_op_has_infer(const char *name) {
  if (!strncmp(name, "relax.", 6)) name += 6;
  return find_rule(name) != NULL;
}

Node *rx_op_infer(IrCtx *cx, Node *call, DiagCtx *diag) {
  if (!call || call->kind != NK_RX_CALL) return NULL;
  const char *name = rx_call_op_name(call);
  const RxInferRule *rule = name ? find_rule(name) : NULL;
  if (!rule) return NULL;
  RxInfer I = {cx, call, name, diag};
  return rule->fn(&I);
}

/* ---- helpers ----------------------------------------------------------------- */

Node *rxi_error(RxInfer *I, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (I->diag) diag_error(I->diag, I->call->span, "R.%s: %s", I->op, msg);
  return NULL;
}

int32_t rxi_nargs(RxInfer *I) { return IR_AS(IrRxCall, I->call)->args.n; }

Node *rxi_arg(RxInfer *I, int32_t i) {
  NodeList a = IR_AS(IrRxCall, I->call)->args;
  return i < a.n ? a.v[i] : NULL;
}

Node *rxi_arg_si(RxInfer *I, int32_t i) {
  Node *a = rxi_arg(I, i);
  if (!a || !a->sinfo || a->sinfo->kind == NK_SI_OBJECT) return NULL;
  return a->sinfo;
}

Node *rxi_tensor(RxInfer *I, int32_t i, const char *what) {
  Node *si = rxi_arg_si(I, i);
  if (!si) return NULL;
  if (si->kind != NK_SI_TENSOR)
    return rxi_error(I, "argument '%s' must be a Tensor, got %s", what, rx_sinfo_kind_name(si));
  return si;
}

Node *rxi_attr(RxInfer *I, const char *name) {
  NodeList l = IR_AS(IrRxCall, I->call)->attrs;
  for (int32_t i = 0; i < l.n; i++) {
    const IrBinary *kv = IR_AS(IrBinary, l.v[i]);
    if (kv->a && kv->a->kind == NK_STRING && !strcmp(IR_AS(IrStr, kv->a)->value, name)) return kv->b;
  }
  return NULL;
}

bool rxi_attr_int(RxInfer *I, const char *name, int64_t *v) {
  Node *a = rxi_attr(I, name);
  return a && ir_is_const_int(a, v);
}

bool rxi_attr_bool(RxInfer *I, const char *name) {
  int64_t v = 0;
  return rxi_attr_int(I, name, &v) && v;
}

const char *rxi_attr_str(RxInfer *I, const char *name) {
  Node *a = rxi_attr(I, name);
  return a && a->kind == NK_STRING ? IR_AS(IrStr, a)->value : NULL;
}

DType rxi_attr_dtype(RxInfer *I, const char *name) {
  const char *s = rxi_attr_str(I, name);
  DType t = DT_VOID;
  if (s && strcmp(s, "void") && !dtype_parse(s, &t)) t = DT_VOID;
  return t;
}

int32_t rxi_attr_ints(RxInfer *I, const char *name, int64_t *out, int32_t max) {
  Node *a = rxi_attr(I, name);
  if (!a) return -1;
  if (ir_is_const_int(a, out)) return 1;
  if (a->kind != NK_ARRAY) return -1;
  NodeList l = IR_AS(IrArray, a)->items;
  int32_t n = 0;
  for (int32_t i = 0; i < l.n && n < max; i++)
    if (ir_is_const_int(l.v[i], &out[n])) n++;
  return n;
}

int64_t rxi_ndim(const Node *tsi) { return IR_AS(IrSITensor, tsi)->ndim; }

bool rxi_dims(const Node *tsi, NodeList *out) {
  const Node *sh = IR_AS(IrSITensor, tsi)->shape;
  if (sh && ir_is_rx_var(sh) && sh->sinfo && sh->sinfo->kind == NK_SI_SHAPE && IR_AS(IrSIShape, sh->sinfo)->has_values) {
    *out = IR_AS(IrSIShape, sh->sinfo)->values;
    return true;
  }
  if (!sh || sh->kind != NK_RX_SHAPE) return false;
  *out = IR_AS(IrArray, sh)->items;
  return true;
}

bool rxi_axis(RxInfer *I, int64_t axis, int64_t ndim, int64_t *out) {
  if (axis < -ndim || axis >= ndim) {
    rxi_error(I, "axis %lld is out of range for a tensor of %lld dimensions (expected [%lld, %lld))",
              (long long)axis, (long long)ndim, (long long)-ndim, (long long)ndim);
    return false;
  }
  *out = axis < 0 ? axis + ndim : axis;
  return true;
}

Node *rxi_int(RxInfer *I, int64_t v) { return ir_int(I->cx, DT_INT64, v); }

Node *rxi_simplify(RxInfer *I, Node *e) {
  Analyzer *az = arith_new(I->cx);
  Node *r = arith_simplify(az, e);
  arith_free(az);
  return r;
}

int rxi_dim_eq(RxInfer *I, Node *a, Node *b) {
  int64_t x, y;
  if (a == b) return 1;
  if (ir_is_const_int(a, &x) && ir_is_const_int(b, &y)) return x == y;
  if (!dtype_eq(a->dtype, b->dtype)) return -1;
  Analyzer *az = arith_new(I->cx);
  int r = arith_can_prove_equal(az, a, b) ? 1 : -1;
  arith_free(az);
  return r;
}

Node *rxi_tensor_dims(RxInfer *I, Node *const *dims, int32_t n, DType t) {
  return rx_sinfo_tensor(I->cx, rx_shape_new(I->cx, dims, n), n, t);
}

Node *rxi_tensor_ndim(RxInfer *I, int64_t ndim, DType t) { return rx_sinfo_tensor(I->cx, NULL, ndim, t); }

Node *rxi_with_dtype(RxInfer *I, const Node *tsi, DType t) {
  if (dtype_eq(tsi->dtype, t)) return (Node *)tsi;
  Node *n = ir_clone(I->cx, tsi);
  n->dtype = t;
  return ir_finish(I->cx, n);
}

const char *rxi_dtype_str(DType t) { return dtype_is_void(t) ? "void" : dtype_str(t); }
