/*
 * from_relax_sinfo.c — Relax struct info annotations in TVMScript:
 * R.Tensor, R.Shape, R.Prim, R.Tuple, R.Object, R.Callable, their symbolic
 * dimensions (PrimExprs, or "n" strings that declare int64 variables in a
 * function signature), and the struct-info node builders.
 *
 * Grammar (TVM v0.23 plus the seed's older R.Tensor[...] spelling):
 *   sinfo  := R.Object | R.Object()
 *           | R.Tensor | R.Tensor([shape] [, dtype] [, vdevice=s] [, ndim=k])
 *           | R.Tensor[shape, dtype]
 *           | R.Shape | R.Shape([dims]) | R.Shape(ndim=k)
 *           | R.Prim(dtype) | R.Prim(value=dim) | R.Prim(dtype, value=dim)
 *           | R.Tuple | R.Tuple(sinfo, ...) | R.Tuple([sinfo, ...])
 *           | R.Callable | R.Callable((sinfo, ...), sinfo [, purity])
 *           | R.Callable(ret=sinfo, purity=bool)
 *   shape  := (dim, ...) | [dim, ...] | shape-typed var | R.shape([dim, ...])
 *   dim    := PrimExpr | "name" | "expr"
 */
#include "rx_script.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- node builders -------------------------------------------------------- */

Node *rxp_si_object(IrCtx *cx) { return ir_finish(cx, ir_alloc(cx, NK_SI_OBJECT, span_none())); }

Node *rxp_si_prim(IrCtx *cx, DType t, Node *value) {
  Node *n = ir_alloc(cx, NK_SI_PRIM, span_none());
  n->dtype = value ? value->dtype : t;
  IR_AS(IrUnary, n)->a = value;
  return ir_finish(cx, n);
}

Node *rxp_si_shape(IrCtx *cx, NodeList values, int64_t ndim, bool has_values) {
  Node *n = ir_alloc(cx, NK_SI_SHAPE, span_none());
  IrSIShape *s = IR_AS(IrSIShape, n);
  s->values = values;
  s->ndim = has_values ? values.n : ndim;
  s->has_values = has_values;
  return ir_finish(cx, n);
}

Node *rxp_si_tensor(IrCtx *cx, Node *shape, int64_t ndim, DType t, Node *vdevice) {
  Node *n = ir_alloc(cx, NK_SI_TENSOR, span_none());
  n->dtype = t;
  IrSITensor *s = IR_AS(IrSITensor, n);
  s->shape = shape;
  s->ndim = ndim;
  s->vdevice = vdevice;
  return ir_finish(cx, n);
}

Node *rxp_si_tuple(IrCtx *cx, NodeList fields) {
  Node *n = ir_alloc(cx, NK_SI_TUPLE, span_none());
  IR_AS(IrArray, n)->items = fields;
  return ir_finish(cx, n);
}

Node *rxp_si_func(IrCtx *cx, NodeList params, Node *ret, bool pure, bool opaque) {
  Node *n = ir_alloc(cx, NK_SI_FUNC, span_none());
  IrSIFunc *f = IR_AS(IrSIFunc, n);
  f->params = params;
  f->ret = ret;
  f->purity = pure;
  f->opaque = opaque;
  return ir_finish(cx, n);
}

Node *rxp_shape_expr(IrCtx *cx, NodeList values, Span sp) {
  Node *n = ir_alloc(cx, NK_RX_SHAPE, sp);
  IR_AS(IrArray, n)->items = values;
  n->sinfo = rxp_si_shape(cx, values, values.n, true);
  return ir_finish(cx, n);
}

/* ---- small argument helpers ----------------------------------------------- */

/* `R.name` → "name", else NULL. */
static const char *r_attr(const PyExpr *e) {
  if (e && e->kind == PY_ATTR && e->a && e->a->kind == PY_NAME && !strcmp(e->a->name, "R"))
    return e->name;
  return NULL;
}

bool rxp_int_arg(RxCtx *r, const PyExpr *e, int64_t *out) {
  if (e->kind == PY_INT && !e->int_overflow) {
    *out = e->ival;
    return true;
  }
  if (e->kind == PY_UNARY && !strcmp(e->op, "-") && e->a->kind == PY_INT && !e->a->int_overflow) {
    *out = -e->a->ival;
    return true;
  }
  sp_err(r->p, e->span, "expected an integer literal");
  return false;
}

bool rxp_dtype_arg(RxCtx *r, const PyExpr *e, DType *out) {
  if (e->kind == PY_NONE) {
    *out = DT_VOID;
    return true;
  }
  if (e->kind == PY_STR) {
    if (!e->str[0] || !strcmp(e->str, "void")) {
      *out = DT_VOID;
      return true;
    }
    if (dtype_parse(e->str, out)) return true;
    sp_err(r->p, e->span, "unknown dtype '%s'", e->str);
    return false;
  }
  return tir_parse_dtype(r->p, e, out);
}

static bool is_identifier(const char *s) {
  if (!s || !(isalpha((unsigned char)*s) || *s == '_')) return false;
  for (; *s; s++)
    if (!(isalnum((unsigned char)*s) || *s == '_')) return false;
  return true;
}

/* ---- PrimExprs and dimensions --------------------------------------------- */

static Node *widen(IrCtx *cx, Node *v) {
  int64_t k;
  if (v && v->kind == NK_INT && dtype_eq(v->dtype, DT_INT32) && ir_is_const_int(v, &k))
    return ir_int(cx, DT_INT64, k);
  return v;
}

Node *rxp_prim(RxCtx *r, const PyExpr *e) {
  IrCtx *cx = r->p->cx;
  if (e->kind == PY_INT || (e->kind == PY_UNARY && !strcmp(e->op, "-") && e->a->kind == PY_INT)) {
    int64_t v;
    if (!rxp_int_arg(r, e, &v)) return NULL;
    return ir_int(cx, DT_INT64, v);
  }
  if (e->kind == PY_TRUE || e->kind == PY_FALSE) return ir_bool(cx, e->kind == PY_TRUE);
  Node *v = tir_parse_expr(r->p, e);
  /* A literal typed explicitly (T.int32(7)) keeps its dtype. */
  return e->kind == PY_CALL ? v : widen(cx, v);
}

/* A dimension written as a string: "n" names (in a signature: declares) an
 * int64 variable; anything else is parsed as an expression. */
static Node *string_dim(RxCtx *r, const PyExpr *e) {
  ScriptParser *p = r->p;
  if (is_identifier(e->str)) {
    Node *v = sp_lookup(p, e->str);
    if (ir_is_tir_var(v)) return v;
    if (!r->in_sig)
      return sp_err(p, e->span, "undefined symbolic variable \"%s\" (string dimensions declare "
                                "variables only in a function signature)", e->str);
    v = ir_var(p->cx, e->str, DT_INT64);
    sp_define(p, e->str, v);
    return v;
  }
  /* An expression over declared variables, e.g. "n * 2". */
  SourceFile *f = source_new("<shape string>", e->str, (size_t)e->str_len);
  DiagCtx tmp;
  diag_init(&tmp);
  DiagCtx *saved = p->diag;
  p->diag = &tmp;
  PyExpr *x = py_parse_expr(p->ast, f, &tmp);
  Node *v = x && !diag_errors(&tmp) ? rxp_prim(r, x) : NULL;
  p->diag = saved;
  if (diag_errors(&tmp)) {
    sp_err(p, e->span, "in shape string \"%s\": %s", e->str, tmp.items.data[0].message);
    v = NULL;
  }
  diag_free(&tmp);
  source_free(f);
  return v;
}

static Node *dim(RxCtx *r, const PyExpr *e) {
  if (e->kind == PY_STR) return string_dim(r, e);
  return rxp_prim(r, e);
}

/* (d0, d1, ...) or [d0, ...] → a list of int64 PrimExprs. */
static bool dims(RxCtx *r, const PyExpr *e, NodeList *out) {
  PtrVec v = {0};
  bool ok = true;
  for (int32_t i = 0; i < e->nitems; i++) {
    Node *d = dim(r, e->items[i]);
    if (!d) {
      ok = false;
      continue;
    }
    if (!dtype_is_integral(d->dtype) || d->dtype.lanes != 1) {
      sp_err(r->p, e->items[i]->span, "shape dimensions must be integers, not %s", dtype_str(d->dtype));
      ok = false;
      continue;
    }
    ptrvec_push(&v, d);
  }
  *out = ir_list_from_vec(r->p->cx, &v);
  ptrvec_free(&v);
  return ok;
}

/* ---- keyword checking ----------------------------------------------------- */

/* Sets slots[i] to the keyword named names[i]; false on an unknown keyword. */
static bool take_kws(RxCtx *r, const PyExpr *call, const char *what, const char *const *names,
                     const PyExpr **slots, int n) {
  for (int32_t k = 0; k < call->nkws; k++) {
    int i = 0;
    while (i < n && strcmp(call->kws[k].name, names[i])) i++;
    if (i == n) {
      StrBuf sb = {0};
      for (int j = 0; j < n; j++) sb_printf(&sb, "%s%s", j ? ", " : "", names[j]);
      sp_err(r->p, call->kws[k].span, "%s got an unexpected keyword argument '%s' (expected %s)", what,
             call->kws[k].name, n ? sb.data : "none");
      sb_free(&sb);
      return false;
    }
    if (slots[i]) {
      sp_err(r->p, call->kws[k].span, "%s got multiple values for argument '%s'", what, names[i]);
      return false;
    }
    slots[i] = call->kws[k].value;
  }
  return true;
}

/* The span of the keyword argument `name=` of a call (the call's if none). */
static Span kw_span(const PyExpr *call, const char *name) {
  for (int32_t k = 0; call && k < call->nkws; k++)
    if (!strcmp(call->kws[k].name, name)) return call->kws[k].span;
  return call ? call->span : span_none();
}

/* ---- the struct info forms ------------------------------------------------ */

static int64_t shape_ndim(const Node *shape) {
  if (!shape) return -1;
  if (shape->kind == NK_RX_SHAPE) return IR_AS(IrArray, shape)->items.n;
  if (shape->sinfo && shape->sinfo->kind == NK_SI_SHAPE) return IR_AS(IrSIShape, shape->sinfo)->ndim;
  return -1;
}

static Node *tensor_shape(RxCtx *r, const PyExpr *e) {
  if (e->kind == PY_TUPLE || e->kind == PY_LIST) {
    NodeList l;
    if (!dims(r, e, &l)) return NULL;
    return rxp_shape_expr(r->p->cx, l, e->span);
  }
  Node *s = rxp_expr(r, e);
  if (!s) return NULL;
  if (s->kind == NK_RX_SHAPE || (ir_is_rx_var(s) && s->sinfo && s->sinfo->kind == NK_SI_SHAPE))
    return s;
  return sp_err(r->p, e->span, "a tensor shape must be a tuple of dimensions, R.shape([...]) or a "
                               "variable of shape type");
}

/* R.Tensor(shape, dtype, vdevice=, ndim=) — positional shape and dtype; a
 * lone string is the dtype. */
static Node *tensor_args(RxCtx *r, const PyExpr *at, const PyExpr *const *pos, int npos,
                         const PyExpr *call) {
  static const char *const names[] = {"shape", "dtype", "vdevice", "ndim"};
  const PyExpr *a[4] = {0};
  if (npos > 2)
    return sp_err(r->p, at->span, "R.Tensor takes at most 2 positional arguments (shape, dtype), "
                                  "got %d", npos);
  if (npos == 1 && pos[0]->kind == PY_STR)
    a[1] = pos[0];
  else {
    if (npos >= 1) a[0] = pos[0];
    if (npos == 2) a[1] = pos[1];
  }
  const PyExpr *kw[4] = {0};
  if (call && !take_kws(r, call, "R.Tensor", names, kw, 4)) return NULL;
  for (int i = 0; i < 4; i++) {
    if (kw[i] && a[i])
      return sp_err(r->p, kw_span(call, names[i]), "R.Tensor got multiple values for argument '%s'",
                    names[i]);
    if (kw[i]) a[i] = kw[i];
  }
  DType t = DT_VOID;
  int64_t ndim = -1;
  Node *shape = NULL, *vdev = NULL;
  if (a[1] && !rxp_dtype_arg(r, a[1], &t)) return NULL;
  if (a[3] && !rxp_int_arg(r, a[3], &ndim)) return NULL;
  if (a[3] && ndim < -1) return sp_err(r->p, a[3]->span, "ndim must be -1 (unknown) or at least 0");
  if (a[2]) {
    if (a[2]->kind != PY_STR) return sp_err(r->p, a[2]->span, "vdevice must be a string such as \"cuda:0\"");
    vdev = ir_string(r->p->cx, a[2]->str);
  }
  if (a[0] && a[0]->kind != PY_NONE) {
    shape = tensor_shape(r, a[0]);
    if (!shape) return NULL;
    int64_t sn = shape_ndim(shape);
    if (a[3] && ndim != -1 && sn != -1 && sn != ndim)
      return sp_err(r->p, a[3]->span, "ndim=%lld does not match the shape's %lld dimensions",
                    (long long)ndim, (long long)sn);
    if (sn != -1) ndim = sn;
  }
  return rxp_si_tensor(r->p->cx, shape, ndim, t, vdev);
}

static Node *shape_sinfo(RxCtx *r, const PyExpr *call) {
  static const char *const names[] = {"values", "ndim"};
  const PyExpr *kw[2] = {0};
  if (!take_kws(r, call, "R.Shape", names, kw, 2)) return NULL;
  if (call->nitems > 1) return sp_err(r->p, call->span, "R.Shape takes at most 1 positional argument");
  const PyExpr *vals = call->nitems ? call->items[0] : kw[0];
  int64_t ndim = -1;
  if (kw[1] && !rxp_int_arg(r, kw[1], &ndim)) return NULL;
  if (vals && vals->kind != PY_NONE) {
    if (vals->kind != PY_LIST && vals->kind != PY_TUPLE)
      return sp_err(r->p, vals->span, "R.Shape expects a list of dimensions");
    NodeList l;
    if (!dims(r, vals, &l)) return NULL;
    if (kw[1] && ndim != -1 && ndim != l.n)
      return sp_err(r->p, kw[1]->span, "ndim=%lld does not match %d values", (long long)ndim, l.n);
    return rxp_si_shape(r->p->cx, l, l.n, true);
  }
  return rxp_si_shape(r->p->cx, ir_list_empty(), ndim, false);
}

static Node *prim_sinfo(RxCtx *r, const PyExpr *call) {
  static const char *const names[] = {"dtype", "value"};
  const PyExpr *kw[2] = {0};
  if (!take_kws(r, call, "R.Prim", names, kw, 2)) return NULL;
  if (call->nitems > 1) return sp_err(r->p, call->span, "R.Prim takes at most 1 positional argument");
  if (call->nitems && kw[0])
    return sp_err(r->p, kw_span(call, "dtype"), "R.Prim got multiple values for argument 'dtype'");
  const PyExpr *de = call->nitems ? call->items[0] : kw[0];
  if (!de && !kw[1]) return sp_err(r->p, call->span, "R.Prim needs a dtype or a value");
  DType t = DT_VOID;
  if (de && !rxp_dtype_arg(r, de, &t)) return NULL;
  Node *v = NULL;
  if (kw[1]) {
    v = dim(r, kw[1]);
    if (!v) return NULL;
    if (de && !dtype_eq(t, v->dtype)) {
      /* TVM types an int literal by the declared dtype. */
      int64_t k;
      if (v->kind == NK_INT && ir_is_const_int(v, &k) && dtype_is_integral(t))
        v = ir_int(r->p->cx, t, k);
      else
        return sp_err(r->p, kw[1]->span, "R.Prim value has dtype %s, not %s", dtype_str(v->dtype),
                      dtype_str(t));
    }
  }
  return rxp_si_prim(r->p->cx, t, v);
}

static Node *tuple_sinfo(RxCtx *r, const PyExpr *call) {
  const PyExpr *const *items = (const PyExpr *const *)call->items;
  int32_t n = call->nitems;
  if (call->nkws) return sp_err(r->p, call->kws[0].span, "R.Tuple takes no keyword arguments");
  if (n == 1 && (items[0]->kind == PY_LIST || items[0]->kind == PY_TUPLE)) {
    items = (const PyExpr *const *)items[0]->items;
    n = call->items[0]->nitems;
  }
  PtrVec v = {0};
  bool ok = true;
  for (int32_t i = 0; i < n; i++) {
    Node *s = rxp_sinfo(r, items[i]);
    if (s)
      ptrvec_push(&v, s);
    else
      ok = false;
  }
  NodeList l = ir_list_from_vec(r->p->cx, &v);
  ptrvec_free(&v);
  return ok ? rxp_si_tuple(r->p->cx, l) : NULL;
}

static Node *callable_sinfo(RxCtx *r, const PyExpr *call) {
  static const char *const names[] = {"params", "ret", "purity"};
  const PyExpr *a[3] = {0}, *kw[3] = {0};
  if (!take_kws(r, call, "R.Callable", names, kw, 3)) return NULL;
  if (call->nitems > 3) return sp_err(r->p, call->span, "R.Callable takes at most 3 positional arguments");
  for (int i = 0; i < 3; i++) {
    if (i < call->nitems) a[i] = call->items[i];
    if (kw[i] && a[i])
      return sp_err(r->p, kw_span(call, names[i]), "R.Callable got multiple values for argument '%s'",
                    names[i]);
    if (kw[i]) a[i] = kw[i];
  }
  IrCtx *cx = r->p->cx;
  bool opaque = !a[0] || a[0]->kind == PY_NONE, pure = !opaque;
  if (a[2]) {
    if (a[2]->kind != PY_TRUE && a[2]->kind != PY_FALSE)
      return sp_err(r->p, a[2]->span, "purity must be True or False");
    pure = a[2]->kind == PY_TRUE;
  }
  Node *ret = a[1] && a[1]->kind != PY_NONE ? rxp_sinfo(r, a[1]) : rxp_si_object(cx);
  if (!ret) return NULL;
  NodeList params = ir_list_empty();
  if (!opaque) {
    PtrVec v = {0};
    bool ok = true;
    if (a[0]->kind == PY_TUPLE || a[0]->kind == PY_LIST) {
      for (int32_t i = 0; i < a[0]->nitems; i++) {
        Node *s = rxp_sinfo(r, a[0]->items[i]);
        if (s) ptrvec_push(&v, s);
        else ok = false;
      }
    } else {
      Node *s = rxp_sinfo(r, a[0]);
      if (s) ptrvec_push(&v, s);
      else ok = false;
    }
    params = ir_list_from_vec(cx, &v);
    ptrvec_free(&v);
    if (!ok) return NULL;
  }
  return rxp_si_func(cx, params, ret, pure, opaque);
}

/* R.Tensor[(n, d), "float32"] — the seed's spelling. */
static Node *tensor_subscript(RxCtx *r, const PyExpr *e) {
  const PyExpr *idx = e->b;
  if (idx->kind == PY_TUPLE && !idx->parenthesized)
    return tensor_args(r, e, (const PyExpr *const *)idx->items, idx->nitems, NULL);
  return tensor_args(r, e, &idx, 1, NULL);
}

static Node *sinfo_form(RxCtx *r, const PyExpr *e) {
  IrCtx *cx = r->p->cx;
  const char *bare = r_attr(e);
  if (bare) {
    if (!strcmp(bare, "Object")) return rxp_si_object(cx);
    if (!strcmp(bare, "Tensor")) return rxp_si_tensor(cx, NULL, -1, DT_VOID, NULL);
    if (!strcmp(bare, "Shape")) return rxp_si_shape(cx, ir_list_empty(), -1, false);
    if (!strcmp(bare, "Tuple")) return rxp_si_tuple(cx, ir_list_empty());
    if (!strcmp(bare, "Callable")) return rxp_si_func(cx, ir_list_empty(), rxp_si_object(cx), false, true);
    if (!strcmp(bare, "Prim")) return sp_err(r->p, e->span, "R.Prim needs a dtype or a value");
  }
  if (e->kind == PY_SUBSCRIPT && r_attr(e->a) && !strcmp(r_attr(e->a), "Tensor"))
    return tensor_subscript(r, e);
  const char *f = e->kind == PY_CALL ? r_attr(e->a) : NULL;
  if (f) {
    if (!strcmp(f, "Object")) {
      if (e->nitems || e->nkws) return sp_err(r->p, e->span, "R.Object takes no arguments");
      return rxp_si_object(cx);
    }
    if (!strcmp(f, "Tensor"))
      return tensor_args(r, e, (const PyExpr *const *)e->items, e->nitems, e);
    if (!strcmp(f, "Shape")) return shape_sinfo(r, e);
    if (!strcmp(f, "Prim")) return prim_sinfo(r, e);
    if (!strcmp(f, "Tuple")) return tuple_sinfo(r, e);
    if (!strcmp(f, "Callable")) return callable_sinfo(r, e);
  }
  return sp_err(r->p, e->span, "expected a struct info annotation (R.Tensor, R.Tuple, R.Shape, "
                               "R.Prim, R.Object or R.Callable)");
}

Node *rxp_sinfo(RxCtx *r, const PyExpr *e) {
  if (!sp_enter(r->p, e->span)) return NULL;
  Node *s = sinfo_form(r, e);
  sp_leave(r->p);
  return s;
}

Node *rx_parse_sinfo(ScriptParser *p, const PyExpr *e) {
  RxCtx r = {0};
  r.p = p;
  return rxp_sinfo(&r, e);
}

/* ---- symbolic variables of a signature ------------------------------------ */

/* "n" strings, and bare names defined nowhere (not in scope, not a global
 * function), declare int64 variables. */
static void collect_dims(ScriptParser *p, const PyExpr *e, StrMap *seen) {
  if (!e || (e->kind != PY_TUPLE && e->kind != PY_LIST)) return;
  for (int32_t i = 0; i < e->nitems; i++) {
    const PyExpr *d = e->items[i];
    const char *name = NULL;
    if (d->kind == PY_STR && is_identifier(d->str))
      name = d->str;
    else if (d->kind == PY_NAME && !sp_lookup(p, d->name) && !strmap_get(&p->globals, d->name))
      name = d->name;
    if (!name || strmap_has(seen, name)) continue;
    strmap_put(seen, name, (void *)1);
    sp_define(p, name, ir_var(p->cx, name, DT_INT64));
  }
}

static void collect_sig(ScriptParser *p, const PyExpr *e, StrMap *seen, int depth) {
  if (!e || depth > 64) return;
  if (e->kind == PY_SUBSCRIPT && r_attr(e->a) && !strcmp(r_attr(e->a), "Tensor")) {
    const PyExpr *idx = e->b;
    collect_dims(p, idx->kind == PY_TUPLE && !idx->parenthesized && idx->nitems ? idx->items[0] : idx, seen);
    return;
  }
  const char *f = e->kind == PY_CALL ? r_attr(e->a) : NULL;
  if (!f) return;
  if (!strcmp(f, "Tensor")) {
    collect_dims(p, e->nitems ? e->items[0] : py_kwarg(e, "shape"), seen);
  } else if (!strcmp(f, "Shape")) {
    collect_dims(p, e->nitems ? e->items[0] : py_kwarg(e, "values"), seen);
  } else if (!strcmp(f, "Prim")) {
    const PyExpr *v = py_kwarg(e, "value");
    if (v && v->kind == PY_STR && is_identifier(v->str) && !strmap_has(seen, v->str)) {
      strmap_put(seen, v->str, (void *)1);
      sp_define(p, v->str, ir_var(p->cx, v->str, DT_INT64));
    }
  } else if (!strcmp(f, "Tuple") || !strcmp(f, "Callable")) {
    for (int32_t i = 0; i < e->nitems; i++) {
      const PyExpr *a = e->items[i];
      if (a->kind == PY_TUPLE || a->kind == PY_LIST)
        for (int32_t j = 0; j < a->nitems; j++) collect_sig(p, a->items[j], seen, depth + 1);
      else
        collect_sig(p, a, seen, depth + 1);
    }
  }
}

void rxp_declare_sig_vars(RxCtx *r, const PyStmt *def) {
  StrMap seen = {0};
  for (int32_t i = 0; i < def->nparams; i++) collect_sig(r->p, def->params[i].annotation, &seen, 0);
  strmap_free(&seen);
}
