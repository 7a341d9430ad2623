/*
 * op_infer_nn.c — struct-info rules of matmul (TVM v0.23
 * src/relax/op/tensor/linear_algebra.cc) and of conv2d / max_pool2d /
 * avg_pool2d in their default NCHW / OIHW layouts (nn/convolution.cc,
 * nn/pooling.cc).  Other layouts are not inferred yet.
 */
#include "relax/op_infer.h"

#include <string.h>

#include "relax/relax.h"

#define MAXD 32

static Node *matmul(RxInfer *I) {
  Node *a = rxi_tensor(I, 0, "x1"), *b = a ? rxi_tensor(I, 1, "x2") : NULL;
  if (!b) return NULL;
  DType t = rxi_attr_dtype(I, "out_dtype");
  if (dtype_is_void(t)) {
    if (!dtype_is_void(a->dtype) && !dtype_is_void(b->dtype) && !dtype_eq(a->dtype, b->dtype))
      return rxi_error(I, "'x1' has dtype %s and 'x2' has dtype %s; they must be equal", rxi_dtype_str(a->dtype),
                       rxi_dtype_str(b->dtype));
    t = a->dtype;
  }
  int64_t na = rxi_ndim(a), nb = rxi_ndim(b);
  if (na == 0 || nb == 0) return rxi_error(I, "'%s' is 0-d; matmul needs at least 1 dimension", na == 0 ? "x1" : "x2");
  if (na < 0 || nb < 0) return rxi_tensor_ndim(I, -1, t);
  bool pre = na == 1, app = nb == 1;
  int64_t ea = pre ? 2 : na, eb = app ? 2 : nb, out_nd = (ea > eb ? ea : eb) - pre - app;
  NodeList da, db;
  if (!rxi_dims(a, &da) || !rxi_dims(b, &db) || out_nd > MAXD) return rxi_tensor_ndim(I, out_nd, t);
  Node *ka = da.v[da.n - 1], *kb = db.v[app ? 0 : db.n - 2];
  if (!rxi_dim_eq(I, ka, kb))
    return rxi_error(I, "the reduction dims differ: 'x1' has %lld and 'x2' has %lld", (long long)IR_AS(IrIntImm, ka)->value,
                     (long long)IR_AS(IrIntImm, kb)->value);
  Node *out[MAXD];
  int64_t bat_a = ea - 2, bat_b = eb - 2, nbat = bat_a > bat_b ? bat_a : bat_b;
  for (int64_t i = 1; i <= nbat; i++) {
    Node *x = i <= bat_a ? da.v[bat_a - i] : NULL, *y = i <= bat_b ? db.v[bat_b - i] : NULL, *d;
    int64_t p, q;
    if (!x) d = y;
    else if (!y) d = x;
    else if (ir_is_const_int(x, &p) && p == 1) d = y;
    else if (ir_is_const_int(y, &q) && q == 1) d = x;
    else if (rxi_dim_eq(I, x, y) == 1) d = x;
    else if (ir_is_const_int(x, &p) && ir_is_const_int(y, &q))
      return rxi_error(I, "batch dims %lld of 'x1' and %lld of 'x2' are not broadcastable", (long long)p, (long long)q);
    else return rxi_tensor_ndim(I, out_nd, t);
    out[nbat - i] = d;
  }
  int32_t k = (int32_t)nbat;
  if (!pre) out[k++] = da.v[da.n - 2];
  if (!app) out[k++] = db.v[db.n - 1];
  return rxi_tensor_dims(I, out, k, t);
}

/* (in + pad - dilation * (k - 1) - 1) / stride + 1, as TVM writes it. */
static Node *out_len(RxInfer *I, Node *in, Node *k, int64_t pad, int64_t dil, int64_t stride, bool ceil_mode) {
  IrCtx *cx = I->cx;
  Node *num = ir_bin(cx, NK_SUB, ir_bin(cx, NK_SUB, ir_bin(cx, NK_ADD, in, rxi_int(I, pad)),
                                         ir_bin(cx, NK_MUL, rxi_int(I, dil), ir_bin(cx, NK_SUB, k, rxi_int(I, 1)))),
                     rxi_int(I, 1));
  if (ceil_mode) num = ir_bin(cx, NK_ADD, num, rxi_int(I, stride - 1));
  return rxi_simplify(I, ir_bin(cx, NK_ADD, ir_bin(cx, NK_FLOORDIV, num, rxi_int(I, stride)), rxi_int(I, 1)));
}

static bool default_layout(RxInfer *I, const char *attr, const char *want) {
  const char *l = rxi_attr_str(I, attr);
  return !l || !strcmp(l, want);
}

static Node *conv2d(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "data"), *w = x ? rxi_tensor(I, 1, "weight") : NULL;
  if (!w) return NULL;
  if (!default_layout(I, "data_layout", "NCHW") || !default_layout(I, "kernel_layout", "OIHW") ||
      !default_layout(I, "out_layout", "NCHW"))
    return NULL;
  if (rxi_ndim(x) >= 0 && rxi_ndim(x) != 4) return rxi_error(I, "argument 'data' must be 4-d, got %lld dimensions", (long long)rxi_ndim(x));
  if (rxi_ndim(w) >= 0 && rxi_ndim(w) != 4) return rxi_error(I, "argument 'weight' must be 4-d, got %lld dimensions", (long long)rxi_ndim(w));
  DType t = rxi_attr_dtype(I, "out_dtype");
  if (dtype_is_void(t)) {
    if (!dtype_is_void(x->dtype) && !dtype_is_void(w->dtype) && !dtype_eq(x->dtype, w->dtype))
      return rxi_error(I, "'data' has dtype %s and 'weight' has dtype %s; they must be equal", rxi_dtype_str(x->dtype),
                       rxi_dtype_str(w->dtype));
    t = x->dtype;
  }
  NodeList dx, dw;
  if (!rxi_dims(x, &dx) || !rxi_dims(w, &dw)) return rxi_tensor_ndim(I, 4, t);
  int64_t st[2] = {1, 1}, pad[4] = {0, 0, 0, 0}, dil[2] = {1, 1}, groups = 1;
  rxi_attr_ints(I, "strides", st, 2);
  rxi_attr_ints(I, "padding", pad, 4);
  rxi_attr_ints(I, "dilation", dil, 2);
  rxi_attr_int(I, "groups", &groups);
  Node *cin = ir_bin(I->cx, NK_MUL, dw.v[1], rxi_int(I, groups));
  if (rxi_dim_eq(I, dx.v[1], rxi_simplify(I, cin)) == 0)
    return rxi_error(I, "'data' has %lld input channels but 'weight' expects %lld * groups %lld",
                     (long long)IR_AS(IrIntImm, dx.v[1])->value, (long long)IR_AS(IrIntImm, dw.v[1])->value, (long long)groups);
  Node *out[4] = {dx.v[0], dw.v[0], out_len(I, dx.v[2], dw.v[2], pad[0] + pad[2], dil[0], st[0], false),
                  out_len(I, dx.v[3], dw.v[3], pad[1] + pad[3], dil[1], st[1], false)};
  return rxi_tensor_dims(I, out, 4, t);
}

static Node *pool2d(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "data");
  if (!x) return NULL;
  if (!default_layout(I, "layout", "NCHW") || !default_layout(I, "out_layout", "NCHW")) return NULL;
  if (rxi_ndim(x) >= 0 && rxi_ndim(x) != 4) return rxi_error(I, "argument 'data' must be 4-d, got %lld dimensions", (long long)rxi_ndim(x));
  NodeList d;
  if (!rxi_dims(x, &d)) return rxi_tensor_ndim(I, 4, x->dtype);
  int64_t ps[2] = {1, 1}, st[2] = {1, 1}, pad[4] = {0, 0, 0, 0}, dil[2] = {1, 1};
  rxi_attr_ints(I, "pool_size", ps, 2);
  rxi_attr_ints(I, "strides", st, 2);
  rxi_attr_ints(I, "padding", pad, 4);
  rxi_attr_ints(I, "dilation", dil, 2);
  bool ceil_mode = rxi_attr_bool(I, "ceil_mode");
  Node *out[4] = {d.v[0], d.v[1], out_len(I, d.v[2], rxi_int(I, ps[0]), pad[0] + pad[2], dil[0], st[0], ceil_mode),
                  out_len(I, d.v[3], rxi_int(I, ps[1]), pad[1] + pad[3], dil[1], st[1], ceil_mode)};
  return rxi_tensor_dims(I, out, 4, x->dtype);
}

const RxInferRule rx_infer_nn[] = {
    {"matmul", matmul}, {"nn.conv2d", conv2d}, {"nn.max_pool2d", pool2d}, {"nn.avg_pool2d", pool2d},
    {NULL, NULL},
};
