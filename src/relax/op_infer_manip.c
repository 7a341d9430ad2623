/*
 * op_infer_manip.c — struct-info rules of reductions, scans, sorting and
 * shape manipulation (TVM v0.23 src/relax/op/tensor/statistical.cc,
 * search.cc, sorting.cc, manipulate.cc, index.cc).
 */
#include "relax/op_infer.h"

#include <string.h>

#include "relax/relax.h"

#define MAXD 32

static Node *mul(RxInfer *I, Node *a, Node *b) { return ir_bin(I->cx, NK_MUL, a, b); }

/* ---- reductions ---------------------------------------------------------------- */

/* Which axes of an ndim tensor the attribute `axis` names (all when None). */
static bool reduced_axes(RxInfer *I, int64_t ndim, bool *red, int32_t *nred) {
  int64_t ax[MAXD];
  int32_t n = rxi_attr_ints(I, "axis", ax, MAXD);
  *nred = 0;
  for (int64_t i = 0; i < ndim; i++) red[i] = n < 0;
  if (n < 0) return (*nred = (int32_t)ndim), true;
  for (int32_t i = 0; i < n; i++) {
    int64_t a;
    if (!rxi_axis(I, ax[i], ndim, &a)) return false;
    if (red[a]) return rxi_error(I, "axis %lld is repeated", (long long)ax[i]), false;
    red[a] = true;
    (*nred)++;
  }
  return true;
}

static Node *reduce_to(RxInfer *I, Node *x, DType t) {
  bool keep = rxi_attr_bool(I, "keepdims");
  int64_t nd = rxi_ndim(x), ax[MAXD];
  int32_t n = rxi_attr_ints(I, "axis", ax, MAXD);
  if (nd < 0 || nd > MAXD) return rxi_tensor_ndim(I, keep || n < 0 ? (keep ? -1 : 0) : -1, t);
  bool red[MAXD];
  int32_t nred;
  if (!reduced_axes(I, nd, red, &nred)) return NULL;
  NodeList d;
  if (!rxi_dims(x, &d)) return rxi_tensor_ndim(I, keep ? nd : nd - nred, t);
  Node *out[MAXD];
  int32_t k = 0;
  for (int64_t i = 0; i < nd; i++)
    if (!red[i]) out[k++] = d.v[i];
    else if (keep) out[k++] = rxi_int(I, 1);
  return rxi_tensor_dims(I, out, k, t);
}

static Node *statistical(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "x");
  return x ? reduce_to(I, x, x->dtype) : NULL;
}

static Node *argmax(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "x");
  return x ? reduce_to(I, x, DT_INT64) : NULL;
}

static Node *cumsum(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "data");
  if (!x) return NULL;
  DType t = rxi_attr_dtype(I, "dtype");
  if (dtype_is_void(t)) t = x->dtype;
  int64_t axis, a;
  if (rxi_attr_int(I, "axis", &axis)) {
    if (rxi_ndim(x) >= 0 && !rxi_axis(I, axis, rxi_ndim(x), &a)) return NULL;
    return rxi_with_dtype(I, x, t);
  }
  NodeList d; /* no axis: the flattened input */
  if (!rxi_dims(x, &d)) return rxi_tensor_ndim(I, 1, t);
  Node *p = rxi_int(I, 1);
  for (int32_t i = 0; i < d.n; i++) p = i ? mul(I, p, d.v[i]) : d.v[i];
  p = rxi_simplify(I, p);
  return rxi_tensor_dims(I, &p, 1, t);
}

/* ---- sorting --------------------------------------------------------------------- */

static bool check_axis_attr(RxInfer *I, Node *x, const char *name) {
  int64_t axis, a;
  return !(rxi_ndim(x) >= 0 && rxi_attr_int(I, name, &axis) && !rxi_axis(I, axis, rxi_ndim(x), &a));
}

static Node *sort(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, I->op[0] == 's' ? "x" : "data");
  if (!x || !check_axis_attr(I, x, "axis")) return NULL;
  return strcmp(I->op, "argsort") ? x : rxi_with_dtype(I, x, rxi_attr_dtype(I, "dtype"));
}

static Node *topk(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "data");
  if (!x || !check_axis_attr(I, x, "axis")) return NULL;
  int64_t k = 1, axis = -1;
  rxi_attr_int(I, "k", &k);
  rxi_attr_int(I, "axis", &axis);
  Node *vals = x;
  NodeList d;
  if (rxi_dims(x, &d) && d.n <= MAXD) {
    Node *out[MAXD];
    int64_t a = axis < 0 ? axis + d.n : axis;
    for (int32_t i = 0; i < d.n; i++) out[i] = i == a && k >= 1 ? rxi_int(I, k) : d.v[i];
    vals = rxi_tensor_dims(I, out, d.n, x->dtype);
  }
  Node *idx = rxi_with_dtype(I, vals, rxi_attr_dtype(I, "dtype"));
  const char *rt = rxi_attr_str(I, "ret_type");
  if (rt && !strcmp(rt, "values")) return vals;
  if (rt && !strcmp(rt, "indices")) return idx;
  Node *f[2] = {vals, idx};
  return rx_sinfo_tuple(I->cx, f, 2);
}

/* ---- shape manipulation ----------------------------------------------------------- */

static Node *permute_dims(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "x");
  if (!x) return NULL;
  int64_t ax[MAXD], nd = rxi_ndim(x);
  int32_t n = rxi_attr_ints(I, "axes", ax, MAXD);
  if (nd < 0) return n < 0 ? x : rxi_tensor_ndim(I, n, x->dtype);
  if (nd > MAXD) return NULL;
  if (n >= 0 && n != nd)
    return rxi_error(I, "'axes' has %d entries but 'x' has %lld dimensions", (int)n, (long long)nd);
  bool seen[MAXD] = {0};
  int64_t perm[MAXD];
  for (int64_t i = 0; i < nd; i++) {
    if (n < 0) perm[i] = nd - 1 - i;
    else if (!rxi_axis(I, ax[i], nd, &perm[i])) return NULL;
    if (seen[perm[i]]) return rxi_error(I, "'axes' repeats axis %lld", (long long)perm[i]);
    seen[perm[i]] = true;
  }
  NodeList d;
  if (!rxi_dims(x, &d)) return rxi_tensor_ndim(I, nd, x->dtype);
  Node *out[MAXD];
  for (int64_t i = 0; i < nd; i++) out[i] = d.v[perm[i]];
  return rxi_tensor_dims(I, out, (int32_t)nd, x->dtype);
}

static Node *expand_dims(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "x");
  if (!x) return NULL;
  int64_t ax[MAXD], nd = rxi_ndim(x);
  int32_t n = rxi_attr_ints(I, "axis", ax, MAXD);
  if (nd < 0) return rxi_tensor_ndim(I, -1, x->dtype);
  int64_t on = nd + n;
  if (on > MAXD) return NULL;
  bool ins[MAXD] = {0};
  for (int32_t i = 0; i < n; i++) {
    int64_t a;
    if (!rxi_axis(I, ax[i], on, &a)) return NULL;
    if (ins[a]) return rxi_error(I, "'axis' repeats axis %lld", (long long)a);
    ins[a] = true;
  }
  NodeList d;
  if (!rxi_dims(x, &d)) return rxi_tensor_ndim(I, on, x->dtype);
  Node *out[MAXD];
  for (int64_t i = 0, k = 0; i < on; i++) out[i] = ins[i] ? rxi_int(I, 1) : d.v[k++];
  return rxi_tensor_dims(I, out, (int32_t)on, x->dtype);
}

static Node *squeeze(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "x");
  if (!x) return NULL;
  int64_t ax[MAXD], nd = rxi_ndim(x), v;
  int32_t n = rxi_attr_ints(I, "axis", ax, MAXD);
  if (nd < 0 || nd > MAXD) return rxi_tensor_ndim(I, -1, x->dtype);
  NodeList d;
  bool has = rxi_dims(x, &d), drop[MAXD] = {0};
  for (int32_t i = 0; i < n; i++) {
    int64_t a;
    if (!rxi_axis(I, ax[i], nd, &a)) return NULL;
    if (has && ir_is_const_int(d.v[a], &v) && v != 1)
      return rxi_error(I, "dimension %lld of 'x' is %lld; squeeze needs it to be 1", (long long)a, (long long)v);
    drop[a] = true;
  }
  if (!has) return rxi_tensor_ndim(I, n < 0 ? -1 : nd - n, x->dtype);
  Node *out[MAXD];
  int32_t k = 0;
  for (int64_t i = 0; i < nd; i++) {
    if (n < 0 && !ir_is_const_int(d.v[i], &v)) return rxi_tensor_ndim(I, -1, x->dtype);
    if (n < 0 ? v == 1 : drop[i]) continue;
    out[k++] = d.v[i];
  }
  return rxi_tensor_dims(I, out, k, x->dtype);
}

static Node *flatten(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "x");
  if (!x) return NULL;
  NodeList d;
  if (rxi_ndim(x) == 0) {
    Node *one = rxi_int(I, 1);
    return rxi_tensor_dims(I, &one, 1, x->dtype);
  }
  if (rxi_ndim(x) == 1) return x;
  if (!rxi_dims(x, &d)) return rxi_tensor_ndim(I, 1, x->dtype);
  Node *p = d.v[0];
  for (int32_t i = 1; i < d.n; i++) p = mul(I, p, d.v[i]);
  p = rxi_simplify(I, p);
  return rxi_tensor_dims(I, &p, 1, x->dtype);
}

static Node *reshape(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "x"), *sh = rxi_arg(I, 1), *si = rxi_arg_si(I, 1);
  if (!x || !si) return NULL;
  if (si->kind != NK_SI_SHAPE) return rxi_error(I, "argument 'shape' must be a Shape, got %s", rx_sinfo_kind_name(si));
  NodeList d, nd;
  if (sh->kind == NK_RX_SHAPE) {
    nd = IR_AS(IrArray, sh)->items;
    Node *pa = rxi_int(I, 1), *pb = rxi_int(I, 1);
    int64_t v, a, b;
    for (int32_t i = 0; i < nd.n; i++) {
      if (ir_is_const_int(nd.v[i], &v) && v == -1) return NULL; /* -1: not inferred yet */
      pb = i ? mul(I, pb, nd.v[i]) : nd.v[i];
    }
    if (rxi_dims(x, &d)) {
      for (int32_t i = 0; i < d.n; i++) pa = i ? mul(I, pa, d.v[i]) : d.v[i];
      pa = rxi_simplify(I, pa);
      pb = rxi_simplify(I, pb);
      if (ir_is_const_int(pa, &a) && ir_is_const_int(pb, &b) && a != b)
        return rxi_error(I, "'x' has %lld elements but the new shape has %lld", (long long)a, (long long)b);
    }
    return rx_sinfo_tensor(I->cx, sh, -1, x->dtype);
  }
  return rx_sinfo_tensor(I->cx, ir_is_rx_var(sh) ? sh : NULL, IR_AS(IrSIShape, si)->ndim, x->dtype);
}

static Node *broadcast_to(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "x"), *sh = rxi_arg(I, 1), *si = rxi_arg_si(I, 1);
  if (!x || !si) return NULL;
  if (si->kind != NK_SI_SHAPE) return rxi_error(I, "argument 'shape' must be a Shape, got %s", rx_sinfo_kind_name(si));
  NodeList d;
  if (sh->kind == NK_RX_SHAPE && rxi_dims(x, &d)) {
    NodeList t = IR_AS(IrArray, sh)->items;
    if (d.n > t.n)
      return rxi_error(I, "'x' has %d dimensions, more than the target shape's %d", (int)d.n, (int)t.n);
    for (int32_t i = 1; i <= d.n; i++) {
      int64_t a, b;
      if (ir_is_const_int(d.v[d.n - i], &a) && a != 1 && ir_is_const_int(t.v[t.n - i], &b) && a != b)
        return rxi_error(I, "dimension %d of 'x' is %lld and cannot broadcast to %lld", (int)(d.n - i),
                         (long long)a, (long long)b);
    }
  }
  if (sh->kind == NK_RX_SHAPE) return rx_sinfo_tensor(I->cx, sh, -1, x->dtype);
  return rx_sinfo_tensor(I->cx, ir_is_rx_var(sh) ? sh : NULL, IR_AS(IrSIShape, si)->ndim, x->dtype);
}

/* The tensor fields of a tuple argument (concat, stack). */
static int32_t tensor_fields(RxInfer *I, Node **out) {
  Node *si = rxi_arg_si(I, 0);
  if (!si) return -1;
  if (si->kind != NK_SI_TUPLE) return rxi_error(I, "argument 'tensors' must be a tuple of tensors"), -1;
  NodeList f = IR_AS(IrArray, si)->items;
  if (!f.n || f.n > MAXD) return rxi_error(I, "argument 'tensors' must hold 1 to %d tensors", MAXD), -1;
  for (int32_t i = 0; i < f.n; i++) {
    if (!f.v[i] || f.v[i]->kind == NK_SI_OBJECT) return -1; /* unknown: not inferred */
    if (f.v[i]->kind != NK_SI_TENSOR) return rxi_error(I, "field %d of 'tensors' is not a Tensor", (int)i), -1;
    out[i] = f.v[i];
    if (i && !dtype_is_void(out[0]->dtype) && !dtype_is_void(f.v[i]->dtype) && !dtype_eq(out[0]->dtype, f.v[i]->dtype))
      return rxi_error(I, "field %d of 'tensors' has dtype %s, field 0 has %s", (int)i, rxi_dtype_str(f.v[i]->dtype),
                       rxi_dtype_str(out[0]->dtype)), -1;
    if (i && rxi_ndim(f.v[i]) >= 0 && rxi_ndim(out[0]) >= 0 && rxi_ndim(f.v[i]) != rxi_ndim(out[0]))
      return rxi_error(I, "field %d of 'tensors' has %lld dimensions, field 0 has %lld", (int)i,
                       (long long)rxi_ndim(f.v[i]), (long long)rxi_ndim(out[0])), -1;
  }
  return f.n;
}

static DType fields_dtype(Node **f, int32_t n) {
  for (int32_t i = 0; i < n; i++)
    if (dtype_is_void(f[i]->dtype)) return DT_VOID;
  return f[0]->dtype;
}

static int64_t fields_ndim(Node **f, int32_t n) {
  for (int32_t i = 0; i < n; i++)
    if (rxi_ndim(f[i]) >= 0) return rxi_ndim(f[i]);
  return -1;
}

static Node *concat(RxInfer *I) {
  Node *f[MAXD];
  int32_t n = tensor_fields(I, f);
  if (n < 0) return NULL;
  DType t = fields_dtype(f, n);
  int64_t nd = fields_ndim(f, n), axis, a;
  if (!rxi_attr_int(I, "axis", &axis)) return NULL; /* axis=None: not inferred yet */
  if (nd < 0) return rxi_tensor_ndim(I, -1, t);
  if (!rxi_axis(I, axis, nd, &a) || nd > MAXD) return NULL;
  Node *out[MAXD];
  NodeList d;
  for (int32_t i = 0; i < n; i++) {
    if (!rxi_dims(f[i], &d)) return rxi_tensor_ndim(I, nd, t);
    for (int64_t k = 0; k < nd; k++) {
      if (!i) out[k] = d.v[k];
      else if (k == a) out[k] = ir_bin(I->cx, NK_ADD, out[k], d.v[k]);
      else if (!rxi_dim_eq(I, out[k], d.v[k]))
        return rxi_error(I, "field %d of 'tensors' differs from field 0 in dimension %lld", (int)i, (long long)k);
    }
  }
  out[a] = rxi_simplify(I, out[a]);
  return rxi_tensor_dims(I, out, (int32_t)nd, t);
}

static Node *stack(RxInfer *I) {
  Node *f[MAXD];
  int32_t n = tensor_fields(I, f);
  if (n < 0) return NULL;
  DType t = fields_dtype(f, n);
  int64_t nd = fields_ndim(f, n), axis = 0, a;
  rxi_attr_int(I, "axis", &axis);
  if (nd < 0) return rxi_tensor_ndim(I, -1, t);
  if (!rxi_axis(I, axis, nd + 1, &a) || nd + 1 > MAXD) return NULL;
  NodeList d = {NULL, 0}, d0 = {NULL, 0};
  for (int32_t i = 0; i < n; i++) {
    if (!rxi_dims(f[i], &d)) return rxi_tensor_ndim(I, nd + 1, t);
    if (!i) d0 = d;
    for (int64_t k = 0; k < nd && i; k++)
      if (!rxi_dim_eq(I, d0.v[k], d.v[k]))
        return rxi_error(I, "field %d of 'tensors' differs from field 0 in dimension %lld", (int)i, (long long)k);
  }
  Node *out[MAXD];
  for (int64_t k = 0, j = 0; k <= nd; k++) out[k] = k == a ? rxi_int(I, n) : d0.v[j++];
  return rxi_tensor_dims(I, out, (int32_t)nd + 1, t);
}

static Node *flip(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "data");
  return x && check_axis_attr(I, x, "axis") ? x : NULL;
}

static Node *tile(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "data");
  if (!x) return NULL;
  int64_t r[MAXD], nd = rxi_ndim(x);
  int32_t n = rxi_attr_ints(I, "repeats", r, MAXD);
  if (n < 0) return NULL;
  if (nd < 0) return rxi_tensor_ndim(I, -1, x->dtype);
  int64_t on = nd > n ? nd : n;
  NodeList d;
  if (!rxi_dims(x, &d) || on > MAXD) return rxi_tensor_ndim(I, on, x->dtype);
  Node *out[MAXD];
  for (int64_t i = 0; i < on; i++) {
    int64_t di = i - (on - nd), ri = i - (on - n);
    Node *dim = di >= 0 ? d.v[di] : rxi_int(I, 1);
    out[i] = ri >= 0 ? rxi_simplify(I, mul(I, dim, rxi_int(I, r[ri]))) : dim;
  }
  return rxi_tensor_dims(I, out, (int32_t)on, x->dtype);
}

static Node *repeat(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "data");
  if (!x) return NULL;
  int64_t reps = 1, axis, a;
  rxi_attr_int(I, "repeats", &reps);
  NodeList d;
  bool has = rxi_dims(x, &d);
  if (!rxi_attr_int(I, "axis", &axis)) {
    if (!has) return rxi_tensor_ndim(I, 1, x->dtype);
    Node *p = rxi_int(I, reps);
    for (int32_t i = 0; i < d.n; i++) p = mul(I, p, d.v[i]);
    p = rxi_simplify(I, p);
    return rxi_tensor_dims(I, &p, 1, x->dtype);
  }
  if (rxi_ndim(x) < 0) return x;
  if (!rxi_axis(I, axis, rxi_ndim(x), &a)) return NULL;
  if (!has || d.n > MAXD) return rxi_tensor_ndim(I, rxi_ndim(x), x->dtype);
  Node *out[MAXD];
  for (int32_t i = 0; i < d.n; i++) out[i] = i == a ? rxi_simplify(I, mul(I, d.v[i], rxi_int(I, reps))) : d.v[i];
  return rxi_tensor_dims(I, out, d.n, x->dtype);
}

static Node *take(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "x"), *ix = x ? rxi_tensor(I, 1, "indices") : NULL;
  if (!ix) return NULL;
  if (!dtype_is_void(ix->dtype) && !dtype_is_integral(ix->dtype))
    return rxi_error(I, "argument 'indices' must have an integer dtype, got %s", rxi_dtype_str(ix->dtype));
  int64_t axis, a;
  NodeList d, di;
  if (!rxi_attr_int(I, "axis", &axis)) { /* the flattened x */
    if (rxi_ndim(x) >= 0 && rxi_ndim(x) != 1)
      return rxi_error(I, "without 'axis', 'x' must be 1-d, got %lld dimensions", (long long)rxi_ndim(x));
    axis = 0;
  }
  if (rxi_ndim(x) < 0 || rxi_ndim(ix) < 0) return rxi_tensor_ndim(I, -1, x->dtype);
  if (!rxi_axis(I, axis, rxi_ndim(x), &a)) return NULL;
  int64_t on = rxi_ndim(x) - 1 + rxi_ndim(ix);
  if (!rxi_dims(x, &d) || !rxi_dims(ix, &di) || on > MAXD) return rxi_tensor_ndim(I, on, x->dtype);
  Node *out[MAXD];
  int32_t k = 0;
  for (int32_t i = 0; i < d.n; i++) {
    if (i != a) out[k++] = d.v[i];
    else
      for (int32_t j = 0; j < di.n; j++) out[k++] = di.v[j];
  }
  return rxi_tensor_dims(I, out, k, x->dtype);
}

static Node *one_hot(RxInfer *I) {
  Node *ix = rxi_tensor(I, 0, "indices"), *on = rxi_arg_si(I, 1);
  if (!ix) return NULL;
  if (!dtype_is_void(ix->dtype) && !dtype_is_integral(ix->dtype))
    return rxi_error(I, "argument 'indices' must have an integer dtype, got %s", rxi_dtype_str(ix->dtype));
  DType t = on && on->kind == NK_SI_PRIM ? on->dtype : DT_VOID;
  int64_t depth = 0, axis = -1, a, nd = rxi_ndim(ix);
  rxi_attr_int(I, "depth", &depth);
  rxi_attr_int(I, "axis", &axis);
  if (nd < 0) return rxi_tensor_ndim(I, -1, t);
  if (!rxi_axis(I, axis, nd + 1, &a)) return NULL;
  NodeList d;
  if (!rxi_dims(ix, &d) || nd + 1 > MAXD) return rxi_tensor_ndim(I, nd + 1, t);
  Node *out[MAXD];
  for (int64_t i = 0, k = 0; i <= nd; i++) out[i] = i == a ? rxi_int(I, depth) : d.v[k++];
  return rxi_tensor_dims(I, out, (int32_t)nd + 1, t);
}

/* split into n sections (equal, ceil-divided) or at constant indices. */
static Node *split(RxInfer *I) {
  Node *x = rxi_tensor(I, 0, "x");
  if (!x) return NULL;
  Node *ios = rxi_attr(I, "indices_or_sections");
  int64_t axis = 0, a, sec = 0, idx[MAXD];
  rxi_attr_int(I, "axis", &axis);
  bool sections = ios && ir_is_const_int(ios, &sec);
  int32_t nidx = sections ? 0 : rxi_attr_ints(I, "indices_or_sections", idx, MAXD);
  int32_t nout = sections ? (int32_t)sec : nidx + 1;
  if (sections && sec <= 0) return rxi_error(I, "the number of sections must be positive, got %lld", (long long)sec);
  if (nout > MAXD) return NULL;
  Node *f[MAXD];
  NodeList d;
  if (rxi_ndim(x) >= 0 && !rxi_axis(I, axis, rxi_ndim(x), &a)) return NULL;
  if (!rxi_dims(x, &d) || d.n > MAXD) {
    for (int32_t i = 0; i < nout; i++) f[i] = rxi_tensor_ndim(I, rxi_ndim(x), x->dtype);
    return rx_sinfo_tuple(I->cx, f, nout);
  }
  int64_t len;
  if (!ir_is_const_int(d.v[a], &len)) return NULL; /* symbolic split length: not inferred yet */
  Node *out[MAXD];
  memcpy(out, d.v, sizeof(Node *) * (size_t)d.n);
  for (int32_t i = 0; i < nout; i++) {
    int64_t lo, hi;
    if (sections) {
      if (len % sec) return rxi_error(I, "dimension %lld of 'x' (%lld) is not divisible into %lld sections", (long long)a,
                                      (long long)len, (long long)sec);
      lo = len / sec * i, hi = lo + len / sec;
    } else {
      lo = i ? idx[i - 1] : 0, hi = i < nidx ? idx[i] : len;
      lo = lo < len ? lo : len;
      hi = hi < len ? hi : len;
    }
    out[a] = rxi_int(I, hi > lo ? hi - lo : 0);
    f[i] = rxi_tensor_dims(I, out, d.n, x->dtype);
  }
  return rx_sinfo_tuple(I->cx, f, nout);
}

const RxInferRule rx_infer_manip[] = {
    {"sum", statistical}, {"mean", statistical}, {"max", statistical}, {"min", statistical},
    {"prod", statistical}, {"std", statistical}, {"variance", statistical}, {"median", statistical},
    {"argmax", argmax}, {"argmin", argmax}, {"cumsum", cumsum}, {"cumprod", cumsum},
    {"sort", sort}, {"argsort", sort}, {"topk", topk},
    {"permute_dims", permute_dims}, {"expand_dims", expand_dims}, {"squeeze", squeeze},
    {"flatten", flatten}, {"reshape", reshape}, {"broadcast_to", broadcast_to}, {"concat", concat},
    {"stack", stack}, {"flip", flip}, {"tile", tile}, {"repeat", repeat}, {"take", take},
    {"one_hot", one_hot}, {"split", split},
    {NULL, NULL},
};
