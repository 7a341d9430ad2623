/*
 * op_infer_ewise.c — struct-info rules of the elementwise ops (TVM v0.23
 * src/relax/op/tensor/unary.cc, binary.cc, ternary.cc, create.cc,
 * datatype.cc; nn/nn.cc for activations, softmax and norms): the output has
 * the input's struct info, or the broadcast of the inputs' shapes.
 *
 * Broadcasting (InferBinaryBroadcastShape): dims are matched from the right;
 * a constant 1 takes the other dim, equal dims (proved) stay, two different
 * constants are an error, anything else leaves the output shape unknown
 * (ndim only).
 */
#include "relax/op_infer.h"

#include <string.h>

#include "relax/relax.h"

/* ---- unary ------------------------------------------------------------------- */

static Node *same_as_input(RxInfer *I) { return rxi_tensor(I, 0, "x"); }

/* TVM's require_float_dtype: the ops that are only defined on floats. */
static Node *unary_float(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "x");
  if (x && !dtype_is_void(x->dtype) && !dtype_is_float(x->dtype))
    return rxi_error(I, "argument 'x' must have a float dtype, got %s", rxi_dtype_str(x->dtype));
  return x;
}

static Node *unary_check(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "x");
  return x ? rxi_with_dtype(I, x, DT_BOOL) : NULL;
}

/* ---- broadcasting ------------------------------------------------------------- */

/* Broadcast a and b's dims into out (n = max rank); -1 error, 0 unknown, 1 ok. */
static int broadcast(RxInfer *I, NodeList a, NodeList b, const char *an, const char *bn, Node **out) {
  int32_t n = a.n > b.n ? a.n : b.n;
  for (int32_t i = 1; i <= n; i++) {
    Node *d;
    if (i > a.n) d = b.v[b.n - i];
    else if (i > b.n) d = a.v[a.n - i];
    else {
      Node *x = a.v[a.n - i], *y = b.v[b.n - i];
      int64_t p, q;
      bool cp = ir_is_const_int(x, &p), cq = ir_is_const_int(y, &q);
      if (cp && p == 1) d = y;
      else if (cq && q == 1) d = x;
      else if (rxi_dim_eq(I, x, y) == 1) d = x;
      else if (cp && cq) {
        rxi_error(I, "'%s' dim %d is %lld and '%s' dim %d is %lld, which are not broadcastable", an,
                  (int)(a.n - i), (long long)p, bn, (int)(b.n - i), (long long)q);
        return -1;
      } else return 0;
    }
    out[n - i] = d;
  }
  return 1;
}

/* TVM requires equal dtypes for the inputs of an arithmetic op. */
static bool out_dtype(RxInfer *I, const Node *a, const Node *b, const char *an, const char *bn, DType *t) {
  if (dtype_is_void(a->dtype) || dtype_is_void(b->dtype)) *t = DT_VOID;
  else if (!dtype_eq(a->dtype, b->dtype)) {
    rxi_error(I, "'%s' has dtype %s and '%s' has dtype %s; they must be equal", an, rxi_dtype_str(a->dtype),
              bn, rxi_dtype_str(b->dtype));
    return false;
  } else *t = a->dtype;
  return true;
}

static Node *broadcast_si(RxInfer *I, Node *a, Node *b, const char *an, const char *bn, DType t) {
  NodeList da, db;
  int64_t na = rxi_ndim(a), nb = rxi_ndim(b);
  if (rxi_dims(a, &da) && rxi_dims(b, &db)) {
    Node *dims[64];
    if (da.n > 64 || db.n > 64) return rxi_tensor_ndim(I, -1, t);
    int r = broadcast(I, da, db, an, bn, dims);
    if (r < 0) return NULL;
    if (r > 0) return rxi_tensor_dims(I, dims, da.n > db.n ? da.n : db.n, t);
  } else if (IR_AS(IrSITensor, a)->shape && IR_AS(IrSITensor, a)->shape == IR_AS(IrSITensor, b)->shape) {
    return rx_sinfo_tensor(I->cx, IR_AS(IrSITensor, a)->shape, na, t);
  }
  return rxi_tensor_ndim(I, na < 0 || nb < 0 ? -1 : na > nb ? na : nb, t);
}

static Node *binary(RxInfer *I, bool cmp) {
  Node *a = rxi_tensor(I, 0, "x1"), *b = a ? rxi_tensor(I, 1, "x2") : NULL;
  DType t;
  if (!a || !b || !out_dtype(I, a, b, "x1", "x2", &t)) return NULL;
  return broadcast_si(I, a, b, "x1", "x2", cmp ? DT_BOOL : t);
}

static Node *binary_arith(RxInfer *I) { return binary(I, false); }
static Node *binary_cmp(RxInfer *I) { return binary(I, true); }

static Node *where(RxInfer *I) {
  Node *c = rxi_tensor(I, 0, "condition"), *a = c ? rxi_tensor(I, 1, "x1") : NULL;
  Node *b = a ? rxi_tensor(I, 2, "x2") : NULL;
  DType t;
  if (!b) return NULL;
  if (!dtype_is_void(c->dtype) && !dtype_is_bool(c->dtype))
    return rxi_error(I, "argument 'condition' must have dtype bool, got %s", rxi_dtype_str(c->dtype));
  if (!out_dtype(I, a, b, "x1", "x2", &t)) return NULL;
  Node *ab = broadcast_si(I, a, b, "x1", "x2", t);
  return ab ? broadcast_si(I, c, ab, "condition", "x1 and x2", t) : NULL;
}

static Node *ewise_fma(RxInfer *I) {
  Node *a = rxi_tensor(I, 0, "x1"), *b = a ? rxi_tensor(I, 1, "x2") : NULL;
  Node *c = b ? rxi_tensor(I, 2, "x3") : NULL;
  DType t, u;
  if (!c || !out_dtype(I, a, b, "x1", "x2", &t) || !out_dtype(I, a, c, "x1", "x3", &u)) return NULL;
  NodeList da, db, dc;
  if (rxi_ndim(a) >= 0 && rxi_ndim(b) >= 0 && rxi_ndim(a) != rxi_ndim(b))
    return rxi_error(I, "'x1' has %lld dimensions and 'x2' %lld; they must be equal", (long long)rxi_ndim(a),
                     (long long)rxi_ndim(b));
  if (rxi_dims(a, &da) && rxi_dims(b, &db) && rxi_dims(c, &dc) && da.n == db.n && da.n == dc.n) {
    for (int32_t i = 0; i < da.n; i++)
      if (!rxi_dim_eq(I, da.v[i], db.v[i]) || !rxi_dim_eq(I, da.v[i], dc.v[i]))
        return rxi_error(I, "the three inputs must have the same shape (dim %d differs)", (int)i);
  }
  return a;
}

/* ---- creation and dtype ------------------------------------------------------- */

/* A tensor whose shape is argument i (an R.shape or a Shape-typed var). */
static Node *shaped(RxInfer *I, int32_t i, DType t) {
  Node *sh = rxi_arg(I, i), *si = rxi_arg_si(I, i);
  if (!sh || !si) return NULL;
  if (si->kind != NK_SI_SHAPE) return rxi_error(I, "argument 'shape' must be a Shape, got %s", rx_sinfo_kind_name(si));
  if (sh->kind == NK_RX_SHAPE) return rx_sinfo_tensor(I->cx, sh, -1, t);
  return rx_sinfo_tensor(I->cx, ir_is_rx_var(sh) ? sh : NULL, IR_AS(IrSIShape, si)->ndim, t);
}

static Node *full(RxInfer *I) {
  Node *v = rxi_arg_si(I, 1);
  if (!v) return NULL;
  if (v->kind != NK_SI_TENSOR) return rxi_error(I, "argument 'fill_value' must be a Tensor, got %s", rx_sinfo_kind_name(v));
  if (rxi_ndim(v) > 0) return rxi_error(I, "argument 'fill_value' must be a scalar (0-d) tensor, got %lld dimensions", (long long)rxi_ndim(v));
  DType t = rxi_attr_dtype(I, "dtype");
  return shaped(I, 0, dtype_is_void(t) ? v->dtype : t);
}

static Node *zeros(RxInfer *I) { return shaped(I, 0, rxi_attr_dtype(I, "dtype")); }

static Node *like(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "x");
  DType t = rxi_attr_dtype(I, "dtype");
  if (!x) return NULL;
  if (!strcmp(I->op, "full_like")) {
    Node *v = rxi_arg_si(I, 1);
    if (v && v->kind == NK_SI_TENSOR && rxi_ndim(v) > 0)
      return rxi_error(I, "argument 'fill_value' must be a scalar (0-d) tensor, got %lld dimensions", (long long)rxi_ndim(v));
  }
  return dtype_is_void(t) ? x : rxi_with_dtype(I, x, t);
}

static Node *astype(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "x");
  return x ? rxi_with_dtype(I, x, rxi_attr_dtype(I, "dtype")) : NULL;
}

static Node *tril(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "x");
  if (x && rxi_ndim(x) >= 0 && rxi_ndim(x) < 2)
    return rxi_error(I, "argument 'x' must have at least 2 dimensions, got %lld", (long long)rxi_ndim(x));
  return x;
}

static Node *prim_of(RxInfer *I, int32_t i) {
  Node *a = rxi_arg(I, i);
  return a && a->kind == NK_RX_PRIM ? IR_AS(IrUnary, a)->a : NULL;
}

/* arange: ceil((end - start) / step) elements. */
static Node *arange(RxInfer *I) {
  DType t = rxi_attr_dtype(I, "dtype");
  Node *s = prim_of(I, 0), *e = prim_of(I, 1), *st = prim_of(I, 2);
  int64_t a, b, c;
  if (!s || !e || !st) return rxi_tensor_ndim(I, 1, t);
  if (ir_is_const_int(st, &c) && c == 0) return rxi_error(I, "'step' must not be 0");
  if (ir_is_const_int(s, &a) && ir_is_const_int(e, &b) && ir_is_const_int(st, &c)) {
    int64_t n = (b - a + c + (c > 0 ? -1 : 1)) / c;
    Node *d = rxi_int(I, n < 0 ? 0 : n);
    return rxi_tensor_dims(I, &d, 1, t);
  }
  double fa, fb, fc;
  bool fs = ir_is_const_float(s, &fa) || (ir_is_const_int(s, &a) && ((fa = (double)a), 1));
  bool fe = ir_is_const_float(e, &fb) || (ir_is_const_int(e, &b) && ((fb = (double)b), 1));
  bool ft = ir_is_const_float(st, &fc) || (ir_is_const_int(st, &c) && ((fc = (double)c), 1));
  if (fs && fe && ft) {
    double q = (fb - fa) / fc;
    int64_t n = (int64_t)q;
    if ((double)n < q) n++;
    Node *d = rxi_int(I, n < 0 ? 0 : n);
    return rxi_tensor_dims(I, &d, 1, t);
  }
  if (dtype_is_integral(s->dtype) && dtype_is_integral(e->dtype) && dtype_is_integral(st->dtype) &&
      dtype_eq(s->dtype, DT_INT64) && dtype_eq(e->dtype, DT_INT64) && dtype_eq(st->dtype, DT_INT64)) {
    Node *num = ir_bin(I->cx, NK_SUB, ir_bin(I->cx, NK_ADD, ir_bin(I->cx, NK_SUB, e, s), st), rxi_int(I, 1));
    Node *d = rxi_simplify(I, ir_bin(I->cx, NK_FLOORDIV, num, st));
    return rxi_tensor_dims(I, &d, 1, t);
  }
  return rxi_tensor_ndim(I, 1, t);
}

/* ---- nn: activations, softmax, norms ----------------------------------------- */

static Node *data_float(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "data");
  if (x && !dtype_is_void(x->dtype) && !dtype_is_float(x->dtype))
    return rxi_error(I, "argument 'data' must have a float dtype, got %s", rxi_dtype_str(x->dtype));
  return x;
}

static Node *data_same(RxInfer *I) { return rxi_tensor(I, 0, "data"); }

static Node *softmax(RxInfer *I) {
  Node *x = data_float(I);
  int64_t axis = -1, ax;
  if (x && rxi_ndim(x) >= 0 && rxi_attr_int(I, "axis", &axis) && !rxi_axis(I, axis, rxi_ndim(x), &ax)) return NULL;
  return x;
}

/* layer_norm / rms_norm / group_norm / instance_norm: axes checked, the
 * data's struct info; gamma and beta must match the normalized dims. */
static Node *norm(RxInfer *I) {
  Node *x = data_float(I);
  if (!x) return NULL;
  int64_t axes[16], ax;
  int32_t n = rxi_attr_ints(I, "axes", axes, 16);
  for (int32_t i = 0; i < n && rxi_ndim(x) >= 0; i++)
    if (!rxi_axis(I, axes[i], rxi_ndim(x), &ax)) return NULL;
  for (int32_t k = 1; k < rxi_nargs(I); k++) {
    Node *g = rxi_arg_si(I, k);
    if (g && g->kind == NK_SI_TENSOR && !dtype_is_void(g->dtype) && !dtype_is_void(x->dtype) &&
        !dtype_eq(g->dtype, x->dtype))
      return rxi_error(I, "argument %d has dtype %s but 'data' has %s; they must be equal", (int)k,
                       rxi_dtype_str(g->dtype), rxi_dtype_str(x->dtype));
  }
  return x;
}

static Node *batch_norm(RxInfer *I) {
  Node *x = norm(I);
  Node *m = x ? rxi_tensor(I, 3, "moving_mean") : NULL, *v = m ? rxi_tensor(I, 4, "moving_var") : NULL;
  int64_t axis, ax;
  if (!v) return NULL;
  if (rxi_ndim(x) >= 0 && rxi_attr_int(I, "axis", &axis) && !rxi_axis(I, axis, rxi_ndim(x), &ax)) return NULL;
  Node *f[3] = {x, m, v};
  return rx_sinfo_tuple(I->cx, f, 3);
}

static Node *dropout(RxInfer *I) {
  Node *x = data_float(I);
  if (!x) return NULL;
  Node *f[2] = {x, x};
  return rx_sinfo_tuple(I->cx, f, 2);
}

static Node *clip(RxInfer *I) { return rxi_tensor(I, 0, "x"); }

const RxInferRule rx_infer_ewise[] = {
    {"abs", same_as_input}, {"acos", unary_float}, {"acosh", unary_float}, {"asin", unary_float},
    {"asinh", unary_float}, {"atan", unary_float}, {"atanh", unary_float}, {"bitwise_not", same_as_input},
    {"ceil", same_as_input}, {"cos", unary_float}, {"cosh", unary_float}, {"erf", unary_float},
    {"exp", unary_float}, {"floor", same_as_input}, {"isfinite", unary_check}, {"isinf", unary_check},
    {"isnan", unary_check}, {"log", unary_float}, {"logical_not", same_as_input}, {"negative", same_as_input},
    {"round", same_as_input}, {"rsqrt", unary_float}, {"sigmoid", unary_float}, {"sign", same_as_input},
    {"sin", unary_float}, {"sinh", unary_float}, {"sqrt", unary_float}, {"square", same_as_input},
    {"tan", unary_float}, {"tanh", unary_float}, {"trunc", same_as_input}, {"clip", clip},
    {"add", binary_arith}, {"subtract", binary_arith}, {"multiply", binary_arith}, {"divide", binary_arith},
    {"floor_divide", binary_arith}, {"power", binary_arith}, {"log_add_exp", binary_arith},
    {"maximum", binary_arith}, {"minimum", binary_arith}, {"mod", binary_arith}, {"floor_mod", binary_arith},
    {"equal", binary_cmp}, {"not_equal", binary_cmp}, {"less", binary_cmp}, {"less_equal", binary_cmp},
    {"greater", binary_cmp}, {"greater_equal", binary_cmp}, {"logical_and", binary_arith},
    {"logical_or", binary_arith}, {"logical_xor", binary_arith}, {"bitwise_and", binary_arith},
    {"bitwise_or", binary_arith}, {"bitwise_xor", binary_arith}, {"left_shift", binary_arith},
    {"right_shift", binary_arith}, {"ewise_fma", ewise_fma}, {"where", where},
    {"full", full}, {"full_like", like}, {"zeros", zeros}, {"ones", zeros}, {"zeros_like", like},
    {"ones_like", like}, {"eye_like", like}, {"arange", arange}, {"tril", tril}, {"triu", tril},
    {"astype", astype},
    {"nn.relu", data_same}, {"nn.gelu", data_float}, {"nn.gelu_tanh", data_float}, {"nn.selu", data_float},
    {"nn.silu", data_float}, {"nn.leakyrelu", data_float}, {"nn.softplus", data_float},
    {"nn.prelu", data_float}, {"nn.softmax", softmax}, {"nn.log_softmax", softmax},
    {"nn.batch_norm", batch_norm}, {"nn.layer_norm", norm}, {"nn.group_norm", norm},
    {"nn.instance_norm", norm}, {"nn.rms_norm", norm}, {"nn.dropout", dropout},
    {NULL, NULL},
};
