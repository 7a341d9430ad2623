/*
 * struct_info.c — Relax struct info: constructors, comparison (base check,
 * equality, join) and inference of the struct info of an expression.
 *
 * Inference is local: a var's struct info is its annotation or what the
 * caller recorded for it in the RxEnv; a call of a builtin form has its
 * out_sinfo / sinfo_args, a call of a module function its declared return
 * struct info with the callee's symbolic vars replaced by the argument
 * dimensions they match.  Symbolic dimensions are compared as identical
 * (interned) expressions or constants, and through the arithmetic prover
 * (arith/arith.h) when a context is given.
 */
#include "relax.h"

#include <string.h>

#include "arith/arith.h"

/* ---- constructors ---------------------------------------------------------- */

Node *rx_sinfo_object(IrCtx *cx) { return ir_finish(cx, ir_alloc(cx, NK_SI_OBJECT, span_none())); }

Node *rx_sinfo_prim(IrCtx *cx, DType t, Node *value) {
  Node *n = ir_alloc(cx, NK_SI_PRIM, span_none());
  n->dtype = t;
  IR_AS(IrUnary, n)->a = value;
  return ir_finish(cx, n);
}

Node *rx_sinfo_shape(IrCtx *cx, Node *const *values, int32_t n) {
  Node *s = ir_alloc(cx, NK_SI_SHAPE, span_none());
  IrSIShape *S = IR_AS(IrSIShape, s);
  S->values = ir_list(cx, values, n);
  S->ndim = n;
  S->has_values = 1;
  return ir_finish(cx, s);
}

Node *rx_sinfo_shape_ndim(IrCtx *cx, int64_t ndim) {
  Node *s = ir_alloc(cx, NK_SI_SHAPE, span_none());
  IR_AS(IrSIShape, s)->ndim = ndim;
  return ir_finish(cx, s);
}

Node *rx_sinfo_tensor(IrCtx *cx, Node *shape, int64_t ndim, DType t) {
  Node *s = ir_alloc(cx, NK_SI_TENSOR, span_none());
  s->dtype = t;
  IR_AS(IrSITensor, s)->shape = shape;
  IR_AS(IrSITensor, s)->ndim = shape && shape->kind == NK_RX_SHAPE ? IR_AS(IrArray, shape)->items.n : ndim;
  return ir_finish(cx, s);
}

Node *rx_sinfo_tuple(IrCtx *cx, Node *const *fields, int32_t n) {
  Node *s = ir_alloc(cx, NK_SI_TUPLE, span_none());
  IR_AS(IrArray, s)->items = ir_list(cx, fields, n);
  return ir_finish(cx, s);
}

Node *rx_sinfo_func(IrCtx *cx, Node *const *params, int32_t n, Node *ret, bool pure) {
  Node *s = ir_alloc(cx, NK_SI_FUNC, span_none());
  IrSIFunc *F = IR_AS(IrSIFunc, s);
  if (n >= 0 && (params || n == 0))
    F->params = ir_list(cx, params, n);
  else
    F->opaque = 1;
  F->ret = ret ? ret : rx_sinfo_object(cx);
  F->purity = pure;
  return ir_finish(cx, s);
}

Node *rx_shape_new(IrCtx *cx, Node *const *values, int32_t n) {
  Node *s = ir_alloc(cx, NK_RX_SHAPE, span_none());
  IR_AS(IrArray, s)->items = ir_list(cx, values, n);
  s->sinfo = rx_sinfo_shape(cx, values, n);
  return ir_finish(cx, s);
}

const char *rx_sinfo_kind_name(const Node *si) {
  if (!si) return "Object";
  switch (si->kind) {
  case NK_SI_PRIM: return "Prim";
  case NK_SI_SHAPE: return "Shape";
  case NK_SI_TENSOR: return "Tensor";
  case NK_SI_TUPLE: return "Tuple";
  case NK_SI_FUNC: return "Callable";
  default: return "Object";
  }
}

/* ---- dimensions ------------------------------------------------------------ */

/* Structural equality of PrimExprs with variables by identity (equal
 * expressions of one context are one pointer; this also covers two). */
static bool expr_equal(const Node *a, const Node *b) {
  if (a == b) return true;
  if (!a || !b || a->kind != b->kind || !dtype_eq(a->dtype, b->dtype) || ir_cat(a) != CAT_EXPR)
    return false;
  for (const FieldDesc *fd = ir_kinds[a->kind].fields; fd->kind != FK_END; fd++) {
    const char *p = (const char *)a + fd->offset, *q = (const char *)b + fd->offset;
    if (fd->kind == FK_NODE) {
      if (!expr_equal(*(Node *const *)p, *(Node *const *)q)) return false;
    } else if (fd->kind == FK_LIST) {
      const NodeList *x = (const NodeList *)p, *y = (const NodeList *)q;
      if (x->n != y->n) return false;
      for (int32_t i = 0; i < x->n; i++)
        if (!expr_equal(x->v[i], y->v[i])) return false;
    } else if (fd->kind == FK_I64 || fd->kind == FK_F64) {
      if (memcmp(p, q, 8)) return false;
    } else if (fd->kind == FK_STR) {
      if (*(const char *const *)p != *(const char *const *)q) return false;
    } else if (fd->kind == FK_DTYPE) {
      if (!dtype_eq(*(const DType *)p, *(const DType *)q)) return false;
    } else {
      return false; /* blobs do not occur in PrimExprs */
    }
  }
  return true;
}

typedef enum DimCmp { DIM_EQ, DIM_NE, DIM_UNKNOWN } DimCmp;

static DimCmp dim_cmp(IrCtx *cx, Node *a, Node *b) {
  int64_t x, y;
  if (expr_equal(a, b)) return DIM_EQ;
  if (ir_is_const_int(a, &x) && ir_is_const_int(b, &y)) return x == y ? DIM_EQ : DIM_NE;
  if (!cx || !a || !b || !dtype_is_integral(a->dtype) || !dtype_is_integral(b->dtype))
    return DIM_UNKNOWN;
  if (!dtype_eq(a->dtype, b->dtype)) return DIM_UNKNOWN;
  Analyzer *az = arith_new(cx);
  DimCmp r = DIM_UNKNOWN;
  if (arith_can_prove_equal(az, a, b))
    r = DIM_EQ;
  else if (arith_can_prove(az, ir_bin(cx, NK_NE, a, b)))
    r = DIM_NE;
  arith_free(az);
  return r;
}

/* A short text for a dimension in messages: constants and variables by
 * value, anything else generically. */
static void dim_str(StrBuf *sb, const Node *e) {
  int64_t v;
  if (ir_is_const_int(e, &v))
    sb_printf(sb, "%lld", (long long)v);
  else if (ir_is_tir_var(e))
    sb_puts(sb, IR_AS(IrVar, e)->name);
  else
    sb_puts(sb, "an expression");
}

/* ---- base check ------------------------------------------------------------ */

static RxBaseCheck fail_kind(StrBuf *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static RxBaseCheck fail_kind(StrBuf *why, const char *fmt, ...) {
  if (why && !why->len) {
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(why, fmt, ap);
    va_end(ap);
  }
  return RX_BASE_FAIL_KIND;
}

static RxBaseCheck worst(RxBaseCheck a, RxBaseCheck b) { return a < b ? a : b; }

/* Dimension lists of equal length: constant mismatch fails the kind. */
static RxBaseCheck check_dims(IrCtx *cx, NodeList a, NodeList b, StrBuf *why) {
  RxBaseCheck r = RX_BASE_PASS;
  for (int32_t i = 0; i < a.n; i++) {
    DimCmp c = dim_cmp(cx, a.v[i], b.v[i]);
    if (c == DIM_NE) {
      StrBuf d = {0};
      dim_str(&d, a.v[i]);
      sb_puts(&d, " vs ");
      dim_str(&d, b.v[i]);
      fail_kind(why, "dimension %d: %s", (int)i, d.data);
      sb_free(&d);
      return RX_BASE_FAIL_KIND;
    }
    if (c == DIM_UNKNOWN) r = RX_BASE_FAIL_DYNAMIC;
  }
  return r;
}

static RxBaseCheck check_tensor(IrCtx *cx, const Node *base, const Node *der, StrBuf *why) {
  const IrSITensor *b = IR_AS(IrSITensor, base), *d = IR_AS(IrSITensor, der);
  RxBaseCheck r = RX_BASE_PASS;
  if (!dtype_is_void(base->dtype) && !dtype_eq(base->dtype, der->dtype)) {
    if (dtype_is_void(der->dtype))
      r = RX_BASE_FAIL_STATIC;
    else
      return fail_kind(why, "dtype %s vs %s", dtype_str(base->dtype), dtype_str(der->dtype));
  }
  if (b->ndim >= 0 && b->ndim != d->ndim) {
    if (d->ndim < 0)
      r = worst(r, RX_BASE_FAIL_STATIC);
    else
      return fail_kind(why, "%lld dimensions vs %lld", (long long)b->ndim, (long long)d->ndim);
  }
  if (b->shape && b->shape->kind == NK_RX_SHAPE) {
    if (d->shape && d->shape->kind == NK_RX_SHAPE &&
        IR_AS(IrArray, d->shape)->items.n == IR_AS(IrArray, b->shape)->items.n)
      r = worst(r, check_dims(cx, IR_AS(IrArray, b->shape)->items, IR_AS(IrArray, d->shape)->items, why));
    else
      r = worst(r, RX_BASE_FAIL_DYNAMIC);
  } else if (b->shape && b->shape != d->shape) {
    r = worst(r, RX_BASE_FAIL_DYNAMIC); /* a shape var: not tracked */
  }
  return r;
}

static RxBaseCheck check_shape(IrCtx *cx, const Node *base, const Node *der, StrBuf *why) {
  const IrSIShape *b = IR_AS(IrSIShape, base), *d = IR_AS(IrSIShape, der);
  RxBaseCheck r = RX_BASE_PASS;
  if (b->ndim >= 0 && b->ndim != d->ndim) {
    if (d->ndim < 0)
      r = RX_BASE_FAIL_STATIC;
    else
      return fail_kind(why, "%lld dimensions vs %lld", (long long)b->ndim, (long long)d->ndim);
  }
  if (b->has_values) {
    if (d->has_values && d->values.n == b->values.n)
      r = worst(r, check_dims(cx, b->values, d->values, why));
    else
      r = worst(r, RX_BASE_FAIL_STATIC);
  }
  return r;
}

static RxBaseCheck check_prim(IrCtx *cx, const Node *base, const Node *der, StrBuf *why) {
  RxBaseCheck r = RX_BASE_PASS;
  if (!dtype_is_void(base->dtype) && !dtype_eq(base->dtype, der->dtype)) {
    if (dtype_is_void(der->dtype))
      r = RX_BASE_FAIL_STATIC;
    else
      return fail_kind(why, "dtype %s vs %s", dtype_str(base->dtype), dtype_str(der->dtype));
  }
  Node *bv = IR_AS(IrUnary, base)->a, *dv = IR_AS(IrUnary, der)->a;
  if (bv) {
    if (!dv) return worst(r, RX_BASE_FAIL_STATIC);
    DimCmp c = dim_cmp(cx, bv, dv);
    if (c == DIM_NE) return fail_kind(why, "value differs");
    if (c == DIM_UNKNOWN) r = worst(r, RX_BASE_FAIL_DYNAMIC);
  }
  return r;
}

static RxBaseCheck check_func(IrCtx *cx, const Node *base, const Node *der, StrBuf *why) {
  const IrSIFunc *b = IR_AS(IrSIFunc, base), *d = IR_AS(IrSIFunc, der);
  if (b->opaque) return RX_BASE_PASS;
  if (d->opaque) return RX_BASE_FAIL_STATIC;
  if (b->params.n != d->params.n)
    return fail_kind(why, "%d parameters vs %d", (int)b->params.n, (int)d->params.n);
  RxBaseCheck r = rx_sinfo_base_check(cx, b->ret, d->ret, why);
  for (int32_t i = 0; i < b->params.n && r != RX_BASE_FAIL_KIND; i++) {
    /* parameters are contravariant; anything short of a pass is dynamic */
    RxBaseCheck p = rx_sinfo_base_check(cx, d->params.v[i], b->params.v[i], why);
    r = worst(r, p == RX_BASE_PASS ? p : p == RX_BASE_FAIL_KIND ? p : RX_BASE_FAIL_DYNAMIC);
  }
  return r;
}

RxBaseCheck rx_sinfo_base_check(IrCtx *cx, const Node *base, const Node *der, StrBuf *why) {
  if (!base || base->kind == NK_SI_OBJECT) return RX_BASE_PASS;
  if (!der || der->kind == NK_SI_OBJECT) return RX_BASE_FAIL_STATIC;
  if (base->kind != der->kind)
    return fail_kind(why, "%s vs %s", rx_sinfo_kind_name(base), rx_sinfo_kind_name(der));
  switch (base->kind) {
  case NK_SI_PRIM: return check_prim(cx, base, der, why);
  case NK_SI_SHAPE: return check_shape(cx, base, der, why);
  case NK_SI_TENSOR: return check_tensor(cx, base, der, why);
  case NK_SI_FUNC: return check_func(cx, base, der, why);
  case NK_SI_TUPLE: {
    NodeList b = IR_AS(IrArray, base)->items, d = IR_AS(IrArray, der)->items;
    if (b.n != d.n) return fail_kind(why, "a tuple of %d fields vs %d", (int)b.n, (int)d.n);
    RxBaseCheck r = RX_BASE_PASS;
    for (int32_t i = 0; i < b.n && r != RX_BASE_FAIL_KIND; i++) {
      StrBuf sub = {0};
      r = worst(r, rx_sinfo_base_check(cx, b.v[i], d.v[i], why ? &sub : NULL));
      if (r == RX_BASE_FAIL_KIND) fail_kind(why, "field %d: %s", (int)i, sub.data ? sub.data : "");
      sb_free(&sub);
    }
    return r;
  }
  default: return RX_BASE_PASS;
  }
}

bool rx_sinfo_is_base_of(IrCtx *cx, const Node *base, const Node *derived) {
  return rx_sinfo_base_check(cx, base, derived, NULL) == RX_BASE_PASS;
}

bool rx_sinfo_equal(IrCtx *cx, const Node *a, const Node *b) {
  return rx_sinfo_is_base_of(cx, a, b) && rx_sinfo_is_base_of(cx, b, a);
}

/* ---- join ------------------------------------------------------------------ */

static bool dims_equal(IrCtx *cx, NodeList a, NodeList b) {
  if (a.n != b.n) return false;
  for (int32_t i = 0; i < a.n; i++)
    if (dim_cmp(cx, a.v[i], b.v[i]) != DIM_EQ) return false;
  return true;
}

static Node *join_tensor(IrCtx *cx, const Node *a, const Node *b) {
  const IrSITensor *x = IR_AS(IrSITensor, a), *y = IR_AS(IrSITensor, b);
  DType t = dtype_eq(a->dtype, b->dtype) ? a->dtype : DT_VOID;
  int64_t nd = x->ndim == y->ndim ? x->ndim : -1;
  Node *shape = NULL;
  if (x->shape == y->shape)
    shape = x->shape;
  else if (x->shape && y->shape && x->shape->kind == NK_RX_SHAPE && y->shape->kind == NK_RX_SHAPE &&
           dims_equal(cx, IR_AS(IrArray, x->shape)->items, IR_AS(IrArray, y->shape)->items))
    shape = x->shape;
  return rx_sinfo_tensor(cx, shape, nd, t);
}

Node *rx_sinfo_join(IrCtx *cx, const Node *a, const Node *b) {
  if (!a || !b || a->kind != b->kind) return rx_sinfo_object(cx);
  if (rx_sinfo_equal(cx, a, b)) return (Node *)a;
  switch (a->kind) {
  case NK_SI_TENSOR: return join_tensor(cx, a, b);
  case NK_SI_PRIM:
    return dtype_eq(a->dtype, b->dtype) ? rx_sinfo_prim(cx, a->dtype, NULL) : rx_sinfo_object(cx);
  case NK_SI_SHAPE: {
    int64_t x = IR_AS(IrSIShape, a)->ndim, y = IR_AS(IrSIShape, b)->ndim;
    return rx_sinfo_shape_ndim(cx, x == y ? x : -1);
  }
  case NK_SI_TUPLE: {
    NodeList x = IR_AS(IrArray, a)->items, y = IR_AS(IrArray, b)->items;
    if (x.n != y.n) return rx_sinfo_object(cx);
    PtrVec f = {0};
    for (int32_t i = 0; i < x.n; i++) ptrvec_push(&f, rx_sinfo_join(cx, x.v[i], y.v[i]));
    Node *r = rx_sinfo_tuple(cx, (Node *const *)f.data, f.len);
    ptrvec_free(&f);
    return r;
  }
  case NK_SI_FUNC: return rx_sinfo_func(cx, NULL, -1, rx_sinfo_object(cx), false);
  default: return rx_sinfo_object(cx);
  }
}

/* ---- substitution ---------------------------------------------------------- */

typedef struct Subst {
  const PtrMap *map;
  IrCtx *cx;
} Subst;

static Node *subst_cb(Node *n, void *ud) {
  Subst *s = ud;
  if (ir_is_tir_var(n)) {
    Node *r = ptrmap_get(s->map, n);
    return r ? r : n;
  }
  /* only expressions, struct info and shapes are rewritten; relax vars keep
   * their identity */
  if (ir_cat(n) == CAT_EXPR || ir_cat(n) == CAT_SINFO || n->kind == NK_RX_SHAPE)
    return ir_mutate_children(s->cx, n, subst_cb, s);
  return n;
}

Node *rx_sinfo_subst(IrCtx *cx, Node *si, const PtrMap *map) {
  if (!si || !map || !map->len) return si;
  Subst s = {map, cx};
  return subst_cb(si, &s);
}

/* ---- inference ------------------------------------------------------------- */

Node *rx_module_func(const Node *mod, const char *name) {
  if (!mod || mod->kind != NK_MODULE || !name) return NULL;
  NodeList fs = IR_AS(IrModule, mod)->funcs;
  for (int32_t i = 0; i < fs.n; i++) {
    const Node *p = fs.v[i];
    if (!p || p->kind != NK_PAIR) continue;
    const Node *g = IR_AS(IrBinary, p)->a;
    if (g && g->kind == NK_GLOBAL_VAR && IR_AS(IrVar, g)->name && !strcmp(IR_AS(IrVar, g)->name, name))
      return IR_AS(IrBinary, p)->b;
  }
  return NULL;
}

void rx_env_init(RxEnv *env, IrCtx *cx, const Node *mod, DiagCtx *diag) {
  memset(env, 0, sizeof(*env));
  env->cx = cx;
  env->mod = mod;
  env->diag = diag;
  env->walk_seq = true;
}

void rx_env_free(RxEnv *env) { ptrmap_free(&env->vars); }

Node *rx_env_var_sinfo(RxEnv *env, const Node *var) {
  if (var->sinfo) return var->sinfo;
  Node *r = ptrmap_get(&env->vars, var);
  return r ? r : rx_sinfo_object(env->cx);
}

void rx_env_set_var(RxEnv *env, const Node *var, Node *si) { ptrmap_put(&env->vars, var, si); }

static void report(RxEnv *env, const Node *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void report(RxEnv *env, const Node *at, const char *fmt, ...) {
  env->nerrors++;
  if (!env->diag) return;
  va_list ap;
  va_start(ap, fmt);
  diag_vadd(env->diag, DIAG_ERROR, at && at->span.file ? at->span : env->span, fmt, ap);
  va_end(ap);
}

const char *rx_call_op_name(const Node *call) {
  const Node *op = IR_AS(IrRxCall, call)->op;
  if (!op || op->kind != NK_RX_OP || !IR_AS(IrStr, op)->value) return NULL;
  const char *s = IR_AS(IrStr, op)->value;
  return strncmp(s, "relax.", 6) ? s : s + 6;
}

/* Ops TVM registers with FPurity = false (relax/op/op.cc); every other op is
 * pure. */
bool rx_op_is_pure(const char *name) {
  static const char *const impure[] = {"print",          "assert_op",           "call_builtin_with_ctx",
                                       "invoke_closure", "memory.kill_storage", "memory.kill_tensor",
                                       "vm.kill_object", "vm.call_tir_dyn"};
  if (!name) return true;
  if (!strncmp(name, "relax.", 6)) name += 6;
  for (size_t i = 0; i < sizeof(impure) / sizeof(impure[0]); i++)
    if (!strcmp(name, impure[i])) return false;
  return true;
}

int rx_call_purity(RxEnv *env, const Node *call) {
  const Node *op = IR_AS(IrRxCall, call)->op;
  if (!op) return -1;
  switch (op->kind) {
  case NK_RX_OP: return rx_op_is_pure(IR_AS(IrStr, op)->value);
  case NK_RX_EXTERN: return 0; /* R.call_packed: an opaque function, impure */
  case NK_GLOBAL_VAR: {
    Node *f = env->mod ? rx_module_func(env->mod, IR_AS(IrVar, op)->name) : NULL;
    if (!f) {
      if (op->sinfo && op->sinfo->kind == NK_SI_FUNC) return IR_AS(IrSIFunc, op->sinfo)->purity != 0;
      return -1;
    }
    if (f->kind == NK_RX_FUNC) return IR_AS(IrFunction, f)->is_pure != 0;
    /* a PrimFunc writing buffers has effects (TVM: pure iff no buffer_map) */
    if (f->kind == NK_PRIM_FUNC) return IR_AS(IrPrimFunc, f)->buffer_map.n == 0;
    return 0; /* an extern function */
  }
  case NK_RX_FUNC: return IR_AS(IrFunction, op)->is_pure != 0;
  default: break;
  }
  if (!ir_is_rx_var(op)) return -1;
  Node *fs = rx_env_var_sinfo(env, op);
  return fs->kind == NK_SI_FUNC ? IR_AS(IrSIFunc, fs)->purity != 0 : -1;
}

bool rx_sinfo_is_bool_scalar(const Node *si, bool *unknown) {
  *unknown = false;
  if (!si || si->kind == NK_SI_OBJECT) return !(*unknown = true);
  if (si->kind == NK_SI_PRIM) {
    if (dtype_is_void(si->dtype)) return !(*unknown = true);
    return dtype_eq(si->dtype, DT_BOOL);
  }
  if (si->kind != NK_SI_TENSOR) return false;
  int64_t nd = IR_AS(IrSITensor, si)->ndim;
  if (!dtype_is_void(si->dtype) && !dtype_eq(si->dtype, DT_BOOL)) return false;
  if (nd > 0) return false;
  if (nd < 0 || dtype_is_void(si->dtype)) return !(*unknown = true);
  return true;
}

/* The out_sinfo / sinfo_args of a call: one, a tuple of several, or Object. */
static Node *sinfo_args(RxEnv *env, const IrRxCall *c) {
  if (c->sinfo_args.n == 1) return c->sinfo_args.v[0];
  if (c->sinfo_args.n > 1) return rx_sinfo_tuple(env->cx, c->sinfo_args.v, c->sinfo_args.n);
  return rx_sinfo_object(env->cx);
}

static Node *func_sinfo(RxEnv *env, Node *fn) {
  const IrFunction *f = IR_AS(IrFunction, fn);
  PtrVec ps = {0};
  for (int32_t i = 0; i < f->params.n; i++)
    ptrvec_push(&ps, f->params.v[i] ? rx_env_var_sinfo(env, f->params.v[i]) : rx_sinfo_object(env->cx));
  Node *ret = f->ret_sinfo;
  if (!ret) ret = env->walk_seq && f->body ? rx_env_infer(env, f->body) : rx_sinfo_object(env->cx);
  Node *r = rx_sinfo_func(env->cx, (Node *const *)ps.data, ps.len, ret, f->is_pure);
  ptrvec_free(&ps);
  return r;
}

static void match_dims(NodeList p, NodeList a, PtrMap *map) {
  if (p.n != a.n) return;
  for (int32_t i = 0; i < p.n; i++)
    if (ir_is_tir_var(p.v[i]) && !ptrmap_has(map, p.v[i])) ptrmap_put(map, p.v[i], a.v[i]);
}

/* Bind the callee's symbolic vars (bare var dimensions of its parameters)
 * to the argument's matching dimensions. */
static void match_sinfo(const Node *p, const Node *a, PtrMap *map) {
  if (!p || !a) return;
  if (p->kind == NK_SI_TENSOR && a->kind == NK_SI_TENSOR) {
    Node *ps = IR_AS(IrSITensor, p)->shape, *as = IR_AS(IrSITensor, a)->shape;
    if (ps && as && ps->kind == NK_RX_SHAPE && as->kind == NK_RX_SHAPE)
      match_dims(IR_AS(IrArray, ps)->items, IR_AS(IrArray, as)->items, map);
  } else if (p->kind == NK_SI_SHAPE && a->kind == NK_SI_SHAPE) {
    if (IR_AS(IrSIShape, p)->has_values && IR_AS(IrSIShape, a)->has_values)
      match_dims(IR_AS(IrSIShape, p)->values, IR_AS(IrSIShape, a)->values, map);
  } else if (p->kind == NK_SI_PRIM && a->kind == NK_SI_PRIM) {
    Node *v = IR_AS(IrUnary, p)->a;
    if (ir_is_tir_var(v) && IR_AS(IrUnary, a)->a && !ptrmap_has(map, v))
      ptrmap_put(map, v, IR_AS(IrUnary, a)->a);
  } else if (p->kind == NK_SI_TUPLE && a->kind == NK_SI_TUPLE) {
    NodeList pl = IR_AS(IrArray, p)->items, al = IR_AS(IrArray, a)->items;
    for (int32_t i = 0; i < pl.n && i < al.n; i++) match_sinfo(pl.v[i], al.v[i], map);
  }
}

typedef struct Collect {
  const PtrMap *skip;
  PtrMap *out;
} Collect;

static bool collect_cb(Node *n, void *ud) {
  Collect *c = ud;
  if (ir_is_tir_var(n) && !ptrmap_has(c->skip, n)) ptrmap_put(c->out, n, n);
  return !ir_is_rx_var(n);
}

typedef struct Mentions {
  const PtrMap *vars;
  bool found;
} Mentions;

static bool mentions_cb(Node *n, void *ud) {
  Mentions *m = ud;
  if (ir_is_tir_var(n) && ptrmap_has(m->vars, n)) m->found = true;
  return !m->found && !ir_is_rx_var(n);
}

static bool mentions(Node *n, const PtrMap *vars) {
  Mentions m = {vars, false};
  ir_walk(n, mentions_cb, &m);
  return m.found;
}

/* Drop what still names a callee var the arguments did not bind: the shape
 * (keeping ndim) of a tensor, the values of a shape, the value of a prim. */
static Node *erase(RxEnv *env, Node *si, const PtrMap *callee_vars) {
  if (!si || !callee_vars->len || !mentions(si, callee_vars)) return si;
  switch (si->kind) {
  case NK_SI_TENSOR: return rx_sinfo_tensor(env->cx, NULL, IR_AS(IrSITensor, si)->ndim, si->dtype);
  case NK_SI_SHAPE: return rx_sinfo_shape_ndim(env->cx, IR_AS(IrSIShape, si)->ndim);
  case NK_SI_PRIM: return rx_sinfo_prim(env->cx, si->dtype, NULL);
  case NK_SI_TUPLE: {
    NodeList l = IR_AS(IrArray, si)->items;
    PtrVec f = {0};
    for (int32_t i = 0; i < l.n; i++) ptrvec_push(&f, erase(env, l.v[i], callee_vars));
    Node *r = rx_sinfo_tuple(env->cx, (Node *const *)f.data, f.len);
    ptrvec_free(&f);
    return r;
  }
  default: return rx_sinfo_object(env->cx);
  }
}

/* The return struct info of a call of Relax function fn. */
static Node *call_ret(RxEnv *env, const Node *fn, const IrRxCall *c) {
  const IrFunction *f = IR_AS(IrFunction, fn);
  if (!f->ret_sinfo) return rx_sinfo_object(env->cx);
  PtrMap map = {0}, unbound = {0};
  for (int32_t i = 0; i < f->params.n && i < c->args.n; i++)
    if (f->params.v[i]) match_sinfo(f->params.v[i]->sinfo, rx_env_infer(env, c->args.v[i]), &map);
  /* symbolic vars are local to a function: what the arguments did not bind
   * means nothing to the caller */
  Collect col = {&map, &unbound};
  ir_walk(f->ret_sinfo, collect_cb, &col);
  Node *r = erase(env, rx_sinfo_subst(env->cx, f->ret_sinfo, &map), &unbound);
  ptrmap_free(&map);
  ptrmap_free(&unbound);
  return r;
}

static bool is_sinfo_arg_op(const char *name) {
  static const char *const ops[] = {"call_tir", "call_tir_inplace", "call_tir_with_grad",
                                    "call_dps_packed", "call_pure_packed", "call_inplace_packed",
                                    "call_builtin_with_ctx"};
  for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
    if (!strcmp(name, ops[i])) return true;
  return false;
}

static Node *infer_call(RxEnv *env, Node *call) {
  const IrRxCall *c = IR_AS(IrRxCall, call);
  const char *name = rx_call_op_name(call);
  Node *op = c->op;
  if (name) return is_sinfo_arg_op(name) ? sinfo_args(env, c) : call->sinfo ? call->sinfo : rx_sinfo_object(env->cx);
  if (!op) return rx_sinfo_object(env->cx);
  if (op->kind == NK_RX_EXTERN) return sinfo_args(env, c); /* R.call_packed */
  if (op->kind == NK_GLOBAL_VAR) {
    Node *f = env->mod ? rx_module_func(env->mod, IR_AS(IrVar, op)->name) : NULL;
    if (f && f->kind == NK_RX_FUNC) return call_ret(env, f, c);
    if (f && f->kind == NK_PRIM_FUNC) return sinfo_args(env, c);
    if (!f && op->sinfo && op->sinfo->kind == NK_SI_FUNC) return IR_AS(IrSIFunc, op->sinfo)->ret;
    return rx_sinfo_object(env->cx);
  }
  if (op->kind == NK_RX_FUNC) return call_ret(env, op, c);
  Node *fs = ir_is_rx_var(op) ? rx_env_var_sinfo(env, op) : NULL;
  if (fs && fs->kind == NK_SI_FUNC) return IR_AS(IrSIFunc, fs)->ret;
  return call->sinfo ? call->sinfo : rx_sinfo_object(env->cx);
}

static Node *infer_getitem(RxEnv *env, Node *e) {
  const IrGetItem *g = IR_AS(IrGetItem, e);
  Node *t = rx_env_infer(env, g->tuple);
  if (t->kind == NK_SI_TUPLE) {
    NodeList f = IR_AS(IrArray, t)->items;
    if (g->index >= 0 && g->index < f.n) return f.v[g->index];
    report(env, e, "tuple index %lld is out of range for a tuple of %d fields", (long long)g->index,
           (int)f.n);
  } else if (t->kind != NK_SI_OBJECT) {
    report(env, e, "cannot take item %lld of a %s: TupleGetItem needs a tuple", (long long)g->index,
           rx_sinfo_kind_name(t));
  }
  return rx_sinfo_object(env->cx);
}

static void infer_bindings(RxEnv *env, NodeList blocks) {
  for (int32_t i = 0; i < blocks.n; i++) {
    if (!blocks.v[i] || ir_cat(blocks.v[i]) != CAT_BIND) continue;
    NodeList bs = IR_AS(IrArray, blocks.v[i])->items;
    for (int32_t j = 0; j < bs.n; j++) {
      if (!bs.v[j] || (bs.v[j]->kind != NK_VAR_BINDING && bs.v[j]->kind != NK_MATCH_CAST)) continue;
      const IrBinding *b = IR_AS(IrBinding, bs.v[j]);
      Node *si = rx_env_infer(env, b->value);
      if (b->sinfo) si = b->sinfo;
      if (ir_is_rx_var(b->var)) rx_env_set_var(env, b->var, si);
    }
  }
}

static Node *infer_const(RxEnv *env, Node *e) {
  const Node *d = IR_AS(IrUnary, e)->a;
  if (!d || d->kind != NK_TENSOR_DATA) return rx_sinfo_tensor(env->cx, NULL, -1, e->dtype);
  NodeList sh = IR_AS(IrTensorData, d)->shape;
  DType t = dtype_is_void(d->dtype) ? e->dtype : d->dtype;
  return rx_sinfo_tensor(env->cx, rx_shape_new(env->cx, sh.v, sh.n), sh.n, t);
}

static Node *infer_global(RxEnv *env, Node *gv) {
  Node *f = env->mod ? rx_module_func(env->mod, IR_AS(IrVar, gv)->name) : NULL;
  if (f && f->kind == NK_RX_FUNC) return func_sinfo(env, f);
  if (f) return rx_sinfo_func(env->cx, NULL, -1, NULL, false);
  return gv->sinfo ? gv->sinfo : rx_sinfo_object(env->cx);
}

Node *rx_env_infer(RxEnv *env, Node *e) {
  IrCtx *cx = env->cx;
  if (!e) return rx_sinfo_object(cx);
  switch (e->kind) {
  case NK_RX_VAR:
  case NK_RX_DFVAR: return rx_env_var_sinfo(env, e);
  case NK_GLOBAL_VAR: return infer_global(env, e);
  case NK_RX_CONST: return e->sinfo ? e->sinfo : infer_const(env, e);
  case NK_RX_SHAPE: {
    NodeList v = IR_AS(IrArray, e)->items;
    return rx_sinfo_shape(cx, v.v, v.n);
  }
  case NK_RX_PRIM: {
    Node *v = IR_AS(IrUnary, e)->a;
    return rx_sinfo_prim(cx, v ? v->dtype : DT_VOID, v);
  }
  case NK_RX_TUPLE: {
    NodeList v = IR_AS(IrArray, e)->items;
    PtrVec f = {0};
    for (int32_t i = 0; i < v.n; i++) ptrvec_push(&f, rx_env_infer(env, v.v[i]));
    Node *r = rx_sinfo_tuple(cx, (Node *const *)f.data, f.len);
    ptrvec_free(&f);
    return r;
  }
  case NK_RX_GETITEM: return infer_getitem(env, e);
  case NK_RX_CALL: return infer_call(env, e);
  case NK_RX_IF: {
    const IrSelect *s = IR_AS(IrSelect, e);
    return rx_sinfo_join(cx, rx_env_infer(env, s->t), rx_env_infer(env, s->f));
  }
  case NK_RX_SEQ:
    if (env->walk_seq) infer_bindings(env, IR_AS(IrSeqExpr, e)->blocks);
    return rx_env_infer(env, IR_AS(IrSeqExpr, e)->body);
  case NK_RX_FUNC: return func_sinfo(env, e);
  case NK_RX_EXTERN: return rx_sinfo_func(cx, NULL, -1, NULL, false);
  default: return e->sinfo && ir_is_sinfo(e->sinfo) ? e->sinfo : rx_sinfo_object(cx);
  }
}

Node *rx_infer_sinfo(IrCtx *cx, Node *expr, DiagCtx *diag) {
  RxEnv env;
  rx_env_init(&env, cx, NULL, diag);
  Node *r = rx_env_infer(&env, expr);
  rx_env_free(&env);
  return r;
}
