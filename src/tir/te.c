/*
 * te.c — the tensor-expression builders: placeholders, compute stages,
 * reduce axes and the reductions.  te_prim_func.c turns them into a PrimFunc.
 *
 * A tensor owns its Buffer from the start (TVM makes it in create_prim_func
 * with decl_buffer; the fields are the same: data a `name` handle pointing
 * at the dtype in "global", elem_offset 0, align 64, offset_factor 1), so a
 * body reads another tensor with a plain BufferLoad.  A reduction has no IR
 * node of its own: te_sum & co. return a marker Call "te.reduce"(id, value
 * index) that te_compute recognises at the top of a body and resolves
 * against the TeReduce record it names.  Invariant after a successful
 * te_compute: the op's bodies hold no marker (data parallel) or are exactly
 * markers of one TeReduce, value indices 0..nout-1 in order.
 */
#include <float.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "te_impl.h"

TeCtx *te_ctx_new(IrCtx *cx) {
  TeCtx *te = xcalloc(1, sizeof *te);
  te->cx = cx;
  return te;
}

void te_ctx_free(TeCtx *te) {
  if (!te) return;
  ptrvec_free(&te->reduces);
  ptrmap_free(&te->markers);
  ptrmap_free(&te->buf2tensor);
  free(te->err);
  free(te);
}

IrCtx *te_ir(TeCtx *te) { return te->cx; }
const char *te_error(const TeCtx *te) { return te->err; }

void *te_fail(TeCtx *te, const char *fmt, ...) {
  if (te->err) return NULL;
  StrBuf sb = {0};
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(&sb, fmt, ap);
  va_end(ap);
  te->err = sb_take(&sb);
  return NULL;
}

static void *alloc(TeCtx *te, size_t n) { return arena_alloc(te->cx->arena, n); }

static bool is_index(const Node *e) {
  return ir_is_expr(e) && dtype_is_integral(e->dtype) && !dtype_is_bool(e->dtype) && e->dtype.lanes == 1;
}

static bool check_shape(TeCtx *te, const char *what, const char *name, int ndim, Node *const *shape) {
  if (!name || !*name) return te_fail(te, "%s: a name is required", what), false;
  if (ndim < 0 || (ndim > 0 && !shape)) return te_fail(te, "%s '%s': bad rank %d", what, name, ndim), false;
  for (int i = 0; i < ndim; i++)
    if (!is_index(shape[i]))
      return te_fail(te, "%s '%s': shape dimension %d is not an integer expression", what, name, i), false;
  return true;
}

/* A "global" Buffer named name, as TVM's decl_buffer makes it. */
static Node *decl_buffer(TeCtx *te, const char *name, int ndim, Node *const *shape, DType dt) {
  IrCtx *cx = te->cx;
  Node *pt = ir_alloc(cx, NK_PTR_TYPE, span_none());
  pt->dtype = dtype_is_bool(dt) ? DT_INT8 : dt;
  IR_AS(IrStr, pt)->value = intern("global");
  Node *data = ir_var(cx, name, DT_HANDLE);
  IR_AS(IrVar, data)->type_anno = ir_finish(cx, pt);
  Node *buf = ir_alloc(cx, NK_BUFFER, span_none());
  IrBuffer *B = IR_AS(IrBuffer, buf);
  buf->dtype = dt;
  B->name = intern(name);
  B->data = data;
  B->shape = ir_list(cx, shape, ndim);
  B->strides = ir_list_empty();
  B->axis_separators = ir_list_empty();
  B->elem_offset = ir_int(cx, ndim ? shape[0]->dtype : DT_INT32, 0);
  B->scope = intern("global");
  B->align = 64;
  B->offset_factor = 1;
  return ir_finish(cx, buf);
}

static TeTensor *new_tensor(TeCtx *te, const char *name, int ndim, Node *const *shape, DType dt, TeOp *op,
                            int vi) {
  TeTensor *t = alloc(te, sizeof *t);
  t->name = intern(name);
  t->ndim = ndim;
  t->shape = alloc(te, sizeof(Node *) * (size_t)(ndim ? ndim : 1));
  for (int i = 0; i < ndim; i++) t->shape[i] = shape[i];
  t->dtype = dt;
  t->buffer = decl_buffer(te, name, ndim, shape, dt);
  t->op = op;
  t->value_index = vi;
  ptrmap_put(&te->buf2tensor, t->buffer, t);
  return t;
}

TeTensor *te_placeholder(TeCtx *te, const char *name, int ndim, Node *const *shape, DType dtype) {
  if (te->err || !check_shape(te, "placeholder", name, ndim, shape)) return NULL;
  if (dtype_is_void(dtype) || dtype_is_handle(dtype))
    return te_fail(te, "placeholder '%s': dtype %s cannot be stored in a tensor", name, dtype_str(dtype));
  return new_tensor(te, name, ndim, shape, dtype, NULL, 0);
}

Node *te_load(TeCtx *te, TeTensor *t, Node *const *indices) {
  if (te->err) return NULL;
  if (!t) return te_fail(te, "te_load: no tensor");
  for (int i = 0; i < t->ndim; i++)
    if (!indices || !is_index(indices[i]))
      return te_fail(te, "te_load of '%s': index %d is not an integer expression", t->name, i);
  return ir_buffer_load(te->cx, t->buffer, indices, t->ndim);
}

/* Widen a constant bound to the other bound's dtype. */
static Node *widen(IrCtx *cx, Node *c, DType to) {
  int64_t v;
  if (c->dtype.bits < to.bits && ir_is_const_int(c, &v)) return ir_int(cx, to, v);
  return c;
}

TeIterVar *te_reduce_axis(TeCtx *te, Node *min, Node *extent, const char *name) {
  if (te->err) return NULL;
  if (!name || !*name) return te_fail(te, "reduce_axis: a name is required");
  if (!is_index(extent) || (min && !is_index(min)))
    return te_fail(te, "reduce_axis '%s': bounds must be integer expressions", name);
  if (!min) min = ir_int(te->cx, extent->dtype, 0);
  min = widen(te->cx, min, extent->dtype);
  extent = widen(te->cx, extent, min->dtype);
  DType it = DT_MAKE(DT_CODE_INT, min->dtype.bits > extent->dtype.bits ? min->dtype.bits : extent->dtype.bits, 1);
  TeIterVar *iv = alloc(te, sizeof *iv);
  iv->var = ir_var(te->cx, name, it);
  iv->min = min;
  iv->extent = extent;
  return iv;
}

/* ---- reductions ------------------------------------------------------------ */

static TeReduce *new_reduce(TeCtx *te, TeReduceKind kind, int nval, Node *const *src, int naxes,
                            TeIterVar *const *axes) {
  if (te->err) return NULL;
  for (int i = 0; i < nval; i++)
    if (!ir_is_expr(src[i]) || dtype_is_void(src[i]->dtype))
      return te_fail(te, "reduction: value %d is not an expression", i);
  if (naxes < 1 || !axes) return te_fail(te, "reduction: at least one reduce axis is required");
  for (int i = 0; i < naxes; i++)
    if (!axes[i]) return te_fail(te, "reduction: reduce axis %d is missing", i);
  TeReduce *r = alloc(te, sizeof *r);
  r->kind = kind;
  r->nval = nval;
  for (int i = 0; i < nval; i++) r->source[i] = src[i];
  r->naxes = naxes;
  r->axes = alloc(te, sizeof(TeIterVar *) * (size_t)naxes);
  for (int i = 0; i < naxes; i++) r->axes[i] = axes[i];
  r->id = te->reduces.len;
  ptrvec_push(&te->reduces, r);
  return r;
}

static Node *marker(TeCtx *te, TeReduce *r, int vi) {
  Node *args[2] = {ir_int(te->cx, DT_INT32, r->id), ir_int(te->cx, DT_INT32, vi)};
  Node *m = ir_call(te->cx, r->source[vi]->dtype, "te.reduce", args, 2);
  ptrmap_put(&te->markers, m, r);
  return m;
}

static Node *simple(TeCtx *te, TeReduceKind k, Node *value, int naxes, TeIterVar *const *axes) {
  if (k == TE_RED_SUM || k == TE_RED_PROD) {
    if (value && ir_is_expr(value) && dtype_is_bool(value->dtype))
      return te_fail(te, "te_%s of a bool value", k == TE_RED_SUM ? "sum" : "prod");
  }
  TeReduce *r = new_reduce(te, k, 1, &value, naxes, axes);
  if (r && !te_identity(te, r, 0)) return te_fail(te, "reduction: no identity for dtype %s", dtype_str(value->dtype));
  return r ? marker(te, r, 0) : NULL;
}

Node *te_sum(TeCtx *te, Node *value, int naxes, TeIterVar *const *axes) {
  return simple(te, TE_RED_SUM, value, naxes, axes);
}
Node *te_prod(TeCtx *te, Node *value, int naxes, TeIterVar *const *axes) {
  return simple(te, TE_RED_PROD, value, naxes, axes);
}
Node *te_max(TeCtx *te, Node *value, int naxes, TeIterVar *const *axes) {
  return simple(te, TE_RED_MAX, value, naxes, axes);
}
Node *te_min(TeCtx *te, Node *value, int naxes, TeIterVar *const *axes) {
  return simple(te, TE_RED_MIN, value, naxes, axes);
}

static bool pair(TeCtx *te, TeReduceKind k, Node *index, Node *value, int naxes, TeIterVar *const *axes,
                 bool select_last, Node *out[2]) {
  if (te->err) return false;
  if (!index || !is_index(index)) return te_fail(te, "argmax/argmin: the index must be an integer expression"), false;
  Node *src[2] = {index, value};
  TeReduce *r = new_reduce(te, k, 2, src, naxes, axes);
  if (!r) return false;
  if (!te_identity(te, r, 1)) return te_fail(te, "argmax/argmin: no identity for dtype %s", dtype_str(value->dtype)), false;
  r->select_last = select_last;
  out[0] = marker(te, r, 0);
  out[1] = marker(te, r, 1);
  return true;
}

bool te_argmax(TeCtx *te, Node *index, Node *value, int naxes, TeIterVar *const *axes, bool select_last,
               Node *out[2]) {
  return pair(te, TE_RED_ARGMAX, index, value, naxes, axes, select_last, out);
}
bool te_argmin(TeCtx *te, Node *index, Node *value, int naxes, TeIterVar *const *axes, bool select_last,
               Node *out[2]) {
  return pair(te, TE_RED_ARGMIN, index, value, naxes, axes, select_last, out);
}

/* Lowest (hi false) or highest finite value of t, as TVM's min_value /
 * max_value; NULL for a dtype without one. */
static Node *extreme(IrCtx *cx, DType t, bool hi) {
  if (dtype_is_int(t) || dtype_is_uint(t)) return ir_int(cx, t, hi ? dtype_int_max(t) : dtype_int_min(t));
  double m;
  if (t.code == DT_CODE_BFLOAT && t.bits == 16) m = 3.38953138925153547590470800371487866880e+38;
  else if (t.code != DT_CODE_FLOAT) return NULL;
  else if (t.bits == 16) m = 65504.0;
  else if (t.bits == 32) m = FLT_MAX;
  else if (t.bits == 64) m = DBL_MAX;
  else return NULL;
  return ir_float(cx, t, hi ? m : -m);
}

static Node *one_or_zero(IrCtx *cx, DType t, int v) {
  if (dtype_is_float(t)) return ir_float(cx, t, v);
  if (dtype_is_integral(t) && !dtype_is_bool(t)) return ir_int(cx, t, v);
  return NULL;
}

Node *te_identity(TeCtx *te, const TeReduce *r, int vi) {
  IrCtx *cx = te->cx;
  DType t = r->source[vi]->dtype;
  switch (r->kind) {
  case TE_RED_SUM: return one_or_zero(cx, t, 0);
  case TE_RED_PROD: return one_or_zero(cx, t, 1);
  case TE_RED_MAX: return extreme(cx, t, false);
  case TE_RED_MIN: return extreme(cx, t, true);
  case TE_RED_ARGMAX: return vi == 0 ? ir_int(cx, t, -1) : extreme(cx, t, false);
  case TE_RED_ARGMIN: return vi == 0 ? ir_int(cx, t, -1) : extreme(cx, t, true);
  }
  return NULL;
}

void te_combine(TeCtx *te, const TeReduce *r, Node *const *lhs, Node *const *rhs, Node **out) {
  IrCtx *cx = te->cx;
  switch (r->kind) {
  case TE_RED_SUM: out[0] = ir_bin(cx, NK_ADD, lhs[0], rhs[0]); return;
  case TE_RED_PROD: out[0] = ir_bin(cx, NK_MUL, lhs[0], rhs[0]); return;
  case TE_RED_MAX: out[0] = ir_bin(cx, NK_MAX, lhs[0], rhs[0]); return;
  case TE_RED_MIN: out[0] = ir_bin(cx, NK_MIN, lhs[0], rhs[0]); return;
  case TE_RED_ARGMAX:
  case TE_RED_ARGMIN: {
    NodeKind better = r->kind == TE_RED_ARGMAX ? NK_GT : NK_LT;
    Node *is_better = ir_bin(cx, better, lhs[1], rhs[1]);
    Node *same = ir_bin(cx, NK_EQ, lhs[1], rhs[1]);
    Node *proper = ir_bin(cx, r->select_last ? NK_GT : NK_LT, lhs[0], rhs[0]);
    Node *update = ir_bin(cx, NK_OR, is_better, ir_bin(cx, NK_AND, same, proper));
    out[0] = ir_select(cx, update, lhs[0], rhs[0]);
    out[1] = ir_select(cx, is_better, lhs[1], rhs[1]);
    return;
  }
  }
}

/* ---- compute stages ------------------------------------------------------------ */

typedef struct Nested {
  PtrMap *markers;
  Node *top;
  bool found;
} Nested;

static bool find_nested(Node *n, void *ud) {
  Nested *s = ud;
  if (n != s->top && ptrmap_get(s->markers, n)) s->found = true;
  return !s->found;
}

/* Validate the bodies: all data parallel, or markers 0..nout-1 of one reduction. */
static bool classify(TeCtx *te, TeOp *op) {
  TeReduce *r = ptrmap_get(&te->markers, op->bodies[0]);
  for (int i = 0; i < op->nout; i++) {
    Node *b = op->bodies[i];
    if (!ir_is_expr(b) || dtype_is_void(b->dtype) || dtype_is_handle(b->dtype))
      return te_fail(te, "compute '%s': body %d is not a value expression", op->name, i), false;
    TeReduce *ri = ptrmap_get(&te->markers, b);
    Nested s = {&te->markers, ri ? b : NULL, false};
    ir_walk(b, find_nested, &s);
    if (s.found)
      return te_fail(te, "compute '%s': a reduction must be the whole body of a compute", op->name), false;
    if (ri != r) return te_fail(te, "compute '%s': bodies mix different reductions", op->name), false;
    int64_t vi = -1;
    if (r) ir_is_const_int(IR_AS(IrCall, b)->args.v[1], &vi);
    if (r && vi != i) return te_fail(te, "compute '%s': reduction output %d is not value %d", op->name, i, i), false;
  }
  if (r && r->nval != op->nout)
    return te_fail(te, "compute '%s': the reduction has %d values but the compute %d outputs", op->name, r->nval,
                   op->nout),
           false;
  op->reduce = r;
  return true;
}

static TeOp *new_op(TeCtx *te, const char *name, int ndim, Node *const *shape, const char *const *axis_names,
                    int nout) {
  if (te->err || !check_shape(te, "compute", name, ndim, shape)) return NULL;
  if (nout < 1) return te_fail(te, "compute '%s': needs at least one output", name);
  TeOp *op = alloc(te, sizeof *op);
  op->name = intern(name);
  op->ndim = ndim;
  op->shape = alloc(te, sizeof(Node *) * (size_t)(ndim ? ndim : 1));
  op->axes = alloc(te, sizeof(Node *) * (size_t)(ndim ? ndim : 1));
  for (int i = 0; i < ndim; i++) {
    char nm[32];
    const char *an = axis_names && axis_names[i] ? axis_names[i] : NULL;
    if (!an) snprintf(nm, sizeof nm, "i%d", i), an = nm;
    op->shape[i] = shape[i];
    op->axes[i] = ir_var(te->cx, an, shape[i]->dtype);
  }
  op->nout = nout;
  op->bodies = alloc(te, sizeof(Node *) * (size_t)nout);
  op->outs = alloc(te, sizeof(TeTensor *) * (size_t)nout);
  return op;
}

static bool finish_op(TeCtx *te, TeOp *op, TeTensor **outs) {
  if (te->err) return false;
  for (int i = 0; i < op->nout; i++)
    if (!op->bodies[i]) return te_fail(te, "compute '%s': body %d was not built", op->name, i), false;
  if (!classify(te, op)) return false;
  for (int i = 0; i < op->nout; i++) {
    char nm[512];
    if (op->nout == 1) snprintf(nm, sizeof nm, "%s", op->name);
    else snprintf(nm, sizeof nm, "%s_v%d", op->name, i);
    op->outs[i] = new_tensor(te, nm, op->ndim, op->shape, op->bodies[i]->dtype, op, i);
    /* TVM names output i "<name>.v<i>"; its printer writes "_" for "." in
     * identifiers, but a block name (a string) keeps the dot. */
    if (op->nout > 1) snprintf(nm, sizeof nm, "%s.v%d", op->name, i);
    op->outs[i]->block_name = intern(nm);
    outs[i] = op->outs[i];
  }
  return true;
}

TeTensor *te_compute(TeCtx *te, const char *name, int ndim, Node *const *shape, const char *const *axis_names,
                     TeComputeFn fn, void *ud) {
  TeOp *op = new_op(te, name, ndim, shape, axis_names, 1);
  if (!op) return NULL;
  if (!fn) return te_fail(te, "compute '%s': no body function", name);
  op->bodies[0] = fn(te, op->axes, ud);
  TeTensor *out = NULL;
  return finish_op(te, op, &out) ? out : NULL;
}

bool te_compute_multi(TeCtx *te, const char *name, int ndim, Node *const *shape, const char *const *axis_names,
                      int nout, TeComputeMultiFn fn, void *ud, TeTensor **outs) {
  TeOp *op = new_op(te, name, ndim, shape, axis_names, nout);
  if (!op) return false;
  if (!fn || !outs) return te_fail(te, "compute '%s': no body function or outputs", name), false;
  if (!fn(te, op->axes, ud, op->bodies) && !te->err) te_fail(te, "compute '%s': the body function failed", name);
  return finish_op(te, op, outs);
}
