/*
 * expr.c — typed constructors for PrimExprs.  They build and intern; they
 * do not simplify (arith/ does that) and they do not check user input (the
 * verifier does): callers pass well-typed operands.
 */
#include "ir.h"

#include <string.h>

Node *ir_int(IrCtx *cx, DType t, int64_t v) {
  Node *n = ir_alloc(cx, NK_INT, span_none());
  n->dtype = t;
  IR_AS(IrIntImm, n)->value = v;
  return ir_finish(cx, n);
}

Node *ir_float(IrCtx *cx, DType t, double v) {
  Node *n = ir_alloc(cx, NK_FLOAT, span_none());
  n->dtype = t;
  IR_AS(IrFloatImm, n)->value = v;
  return ir_finish(cx, n);
}

Node *ir_bool(IrCtx *cx, bool v) { return ir_int(cx, DT_BOOL, v ? 1 : 0); }

Node *ir_string(IrCtx *cx, const char *s) {
  Node *n = ir_alloc(cx, NK_STRING, span_none());
  n->dtype = DT_HANDLE;
  IR_AS(IrStr, n)->value = intern(s);
  return ir_finish(cx, n);
}

static Node *new_var(IrCtx *cx, NodeKind k, const char *name, DType t) {
  Node *n = ir_alloc(cx, k, span_none());
  n->dtype = t;
  IR_AS(IrVar, n)->name = intern(name);
  return ir_finish(cx, n);
}

Node *ir_var(IrCtx *cx, const char *name, DType t) { return new_var(cx, NK_VAR, name, t); }
Node *ir_size_var(IrCtx *cx, const char *name, DType t) { return new_var(cx, NK_SIZEVAR, name, t); }

Node *ir_cast(IrCtx *cx, DType t, Node *v) {
  Node *n = ir_alloc(cx, NK_CAST, span_none());
  n->dtype = t;
  IR_AS(IrUnary, n)->a = v;
  return ir_finish(cx, n);
}

Node *ir_bin(IrCtx *cx, NodeKind k, Node *a, Node *b) {
  SCHECK(ir_is_binary(k));
  Node *n = ir_alloc(cx, k, span_none());
  n->dtype = (ir_is_cmp(k) || k == NK_AND || k == NK_OR) ? dtype_with_lanes(DT_BOOL, a->dtype.lanes)
                                                          : a->dtype;
  IR_AS(IrBinary, n)->a = a;
  IR_AS(IrBinary, n)->b = b;
  return ir_finish(cx, n);
}

Node *ir_not(IrCtx *cx, Node *a) {
  Node *n = ir_alloc(cx, NK_NOT, span_none());
  n->dtype = a->dtype;
  IR_AS(IrUnary, n)->a = a;
  return ir_finish(cx, n);
}

Node *ir_select(IrCtx *cx, Node *c, Node *t, Node *f) {
  Node *n = ir_alloc(cx, NK_SELECT, span_none());
  n->dtype = t->dtype;
  IrSelect *s = IR_AS(IrSelect, n);
  s->cond = c;
  s->t = t;
  s->f = f;
  return ir_finish(cx, n);
}

Node *ir_call(IrCtx *cx, DType t, const char *op, Node *const *args, int32_t nargs) {
  Node *n = ir_alloc(cx, NK_CALL, span_none());
  n->dtype = t;
  IR_AS(IrCall, n)->op = intern(op);
  IR_AS(IrCall, n)->args = ir_list(cx, args, nargs);
  return ir_finish(cx, n);
}

Node *ir_buffer_load(IrCtx *cx, Node *buf, Node *const *idx, int32_t n) {
  Node *r = ir_alloc(cx, NK_BUFFER_LOAD, span_none());
  int lanes = 1;
  for (int32_t i = 0; i < n; i++)
    if (idx[i]->dtype.lanes > 1) lanes = idx[i]->dtype.lanes;
  r->dtype = dtype_with_lanes(buf->dtype, buf->dtype.lanes * lanes);
  IR_AS(IrBufferLoad, r)->buffer = buf;
  IR_AS(IrBufferLoad, r)->indices = ir_list(cx, idx, n);
  return ir_finish(cx, r);
}

Node *ir_ramp(IrCtx *cx, Node *base, Node *stride, int64_t lanes) {
  Node *n = ir_alloc(cx, NK_RAMP, span_none());
  n->dtype = dtype_with_lanes(base->dtype, (int)lanes);
  IR_AS(IrRamp, n)->base = base;
  IR_AS(IrRamp, n)->stride = stride;
  IR_AS(IrRamp, n)->lanes = lanes;
  return ir_finish(cx, n);
}

Node *ir_broadcast(IrCtx *cx, Node *v, int64_t lanes) {
  Node *n = ir_alloc(cx, NK_BROADCAST, span_none());
  n->dtype = dtype_with_lanes(v->dtype, (int)lanes);
  IR_AS(IrBroadcast, n)->value = v;
  IR_AS(IrBroadcast, n)->lanes = lanes;
  return ir_finish(cx, n);
}

Node *ir_let(IrCtx *cx, Node *var, Node *value, Node *body) {
  Node *n = ir_alloc(cx, NK_LET, span_none());
  n->dtype = body->dtype;
  IR_AS(IrLet, n)->var = var;
  IR_AS(IrLet, n)->value = value;
  IR_AS(IrLet, n)->body = body;
  return ir_finish(cx, n);
}

Node *ir_range(IrCtx *cx, Node *min, Node *extent) {
  Node *n = ir_alloc(cx, NK_RANGE, span_none());
  IR_AS(IrRange, n)->min = min;
  IR_AS(IrRange, n)->extent = extent;
  return ir_finish(cx, n);
}

bool ir_is_const_int(const Node *n, int64_t *v) {
  if (!n || n->kind != NK_INT) return false;
  if (v) *v = IR_AS(IrIntImm, n)->value;
  return true;
}

bool ir_is_const_float(const Node *n, double *v) {
  if (!n || n->kind != NK_FLOAT) return false;
  if (v) *v = IR_AS(IrFloatImm, n)->value;
  return true;
}
