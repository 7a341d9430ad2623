/*
 * util.c — small helpers the lowering passes share: variable and buffer
 * substitution, statement sequences, constant-folding index arithmetic.
 * Nothing here simplifies beyond constants (arith/ does that).
 */
#include "transform.h"

typedef struct Sub {
  IrCtx *cx;
  const PtrMap *vars, *bufs;
  PtrMap memo; /* node -> rewritten node (expressions are shared DAGs) */
} Sub;

static Node *sub(Node *n, void *ud) {
  Sub *s = ud;
  if (!n) return n;
  if (ir_is_tir_var(n)) {
    if (s->vars && ptrmap_has(s->vars, n)) return ptrmap_get(s->vars, n);
    return n;
  }
  if (n->kind == NK_BUFFER) {
    if (s->bufs && ptrmap_has(s->bufs, n)) return ptrmap_get(s->bufs, n);
    return n;
  }
  if (ir_cat(n) == CAT_VAR || n->kind == NK_PTR_TYPE || n->kind == NK_PRIM_TYPE || n->kind == NK_INT ||
      n->kind == NK_FLOAT || n->kind == NK_STRING)
    return n;
  if (ptrmap_has(&s->memo, n)) return ptrmap_get(&s->memo, n);
  Node *r = ir_mutate_children(s->cx, n, sub, s);
  if (r != n && (r->kind == NK_ADD || r->kind == NK_SUB || r->kind == NK_MUL) && r->dtype.lanes == 1 &&
      dtype_is_int(r->dtype)) { /* fold what substitution made constant: i + 0 */
    Node *a = IR_AS(IrBinary, r)->a, *b = IR_AS(IrBinary, r)->b;
    r = r->kind == NK_ADD ? tir_add(s->cx, a, b) : r->kind == NK_SUB ? tir_sub(s->cx, a, b) : tir_mul(s->cx, a, b);
  }
  ptrmap_put(&s->memo, n, r);
  return r;
}

/* Substituted index arithmetic folds integer identities (i + 0, x * 1) and
 * constants, so that `for j in range(1)` removal leaves `A[i]`. */
Node *tir_subst(IrCtx *cx, Node *n, const PtrMap *vars, const PtrMap *bufs) {
  if (!n || ((!vars || !vars->len) && (!bufs || !bufs->len))) return n;
  Sub s = {cx, vars, bufs, {0}};
  Node *r = sub(n, &s);
  ptrmap_free(&s.memo);
  return r;
}

static void seq_add(PtrVec *v, Node *s) {
  if (!s) return;
  if (s->kind == NK_SEQ) {
    const IrArray *a = IR_AS(IrArray, s);
    for (int32_t i = 0; i < a->items.n; i++) seq_add(v, a->items.v[i]);
    return;
  }
  ptrvec_push(v, s);
}

Node *tir_seq(IrCtx *cx, Node *const *stmts, int n) {
  PtrVec v = {0};
  for (int i = 0; i < n; i++) seq_add(&v, stmts[i]);
  Node *r = NULL;
  if (v.len == 1) {
    r = v.data[0];
  } else if (v.len > 1) {
    r = ir_alloc(cx, NK_SEQ, span_none());
    IR_AS(IrArray, r)->items = ir_list_from_vec(cx, &v);
    r = ir_finish(cx, r);
  }
  ptrvec_free(&v);
  return r;
}

Node *tir_func_with_body(IrCtx *cx, Node *func, Node *body) {
  if (IR_AS(IrPrimFunc, func)->body == body) return func;
  Node *f = ir_clone(cx, func);
  IR_AS(IrPrimFunc, f)->body = body;
  return ir_finish(cx, f);
}

Node *tir_buffer_with_shape(IrCtx *cx, Node *b, NodeList shape, NodeList strides) {
  Node *nb = ir_clone(cx, b);
  IR_AS(IrBuffer, nb)->shape = shape;
  IR_AS(IrBuffer, nb)->strides = strides;
  return ir_finish(cx, nb);
}

const char *tir_buffer_scope(const Node *b) {
  const char *s = IR_AS(IrBuffer, b)->scope;
  return s && *s ? s : "global";
}

bool tir_is_const(const Node *e, int64_t v) {
  int64_t x;
  return e && ir_is_const_int(e, &x) && x == v;
}

Node *tir_add(IrCtx *cx, Node *a, Node *b) {
  int64_t x, y;
  if (ir_is_const_int(a, &x) && ir_is_const_int(b, &y)) return ir_int(cx, a->dtype, x + y);
  if (tir_is_const(b, 0)) return a;
  if (tir_is_const(a, 0)) return b;
  return ir_bin(cx, NK_ADD, a, b);
}

Node *tir_sub(IrCtx *cx, Node *a, Node *b) {
  int64_t x, y;
  if (ir_is_const_int(a, &x) && ir_is_const_int(b, &y)) return ir_int(cx, a->dtype, x - y);
  if (tir_is_const(b, 0)) return a;
  if (a == b) return ir_int(cx, a->dtype, 0);
  return ir_bin(cx, NK_SUB, a, b);
}

Node *tir_mul(IrCtx *cx, Node *a, Node *b) {
  int64_t x, y;
  if (ir_is_const_int(a, &x) && ir_is_const_int(b, &y)) return ir_int(cx, a->dtype, x * y);
  if (tir_is_const(b, 1)) return a;
  if (tir_is_const(a, 1)) return b;
  if (tir_is_const(a, 0) || tir_is_const(b, 0)) return ir_int(cx, a->dtype, 0);
  return ir_bin(cx, NK_MUL, a, b);
}
