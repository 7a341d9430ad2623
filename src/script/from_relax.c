/*
 * from_relax.c — the Relax half of the TVMScript parser: `@R.function`
 * definitions, their statements (bindings, dataflow blocks, match_cast, if,
 * local functions, return) and expressions (calls to ops, to other
 * functions and to the builtin forms call_tir / call_dps_packed / ...).
 * Struct info annotations and constants live in from_relax_sinfo.c and
 * from_relax_const.c; PrimExprs inside Relax are parsed by from_tir.c.
 *
 * The result is in TVM's normal form: call arguments and returned values
 * that are not leaves (a call, t[i], ...) are bound to fresh variables
 * first, as TVM's block builder does.  Struct info is inferred only as far
 * as the printer needs: builtins with out_sinfo, tuples, t[i], aliases,
 * constants, shapes, and calls to closures and module functions (their
 * declared return, when it has no symbolic variables); calls to ops of the
 * table leave it unknown (their rules, relax/op_infer.h, are not wired in).
 *
 * Grammar of a function body:
 *   body   := stmt* 'return' expr
 *   stmt   := NAME [':' sinfo] '=' expr | NAME [':' sinfo] '=' R.match_cast(expr, sinfo)
 *           | NAME '=' T.int64() | 'cls' '=' Module | R.func_attr({...}) | expr
 *           | 'with' R.dataflow() ':' (binding)* R.output(NAME, ...)
 *           | 'if' expr ':' stmt+ 'else' ':' stmt+ | '@R.function' def
 */
#include "rx_script.h"
#include "relax/op_schema.h"

#include <stdlib.h>
#include <string.h>

static Node *parse_function(RxCtx *outer, const PyStmt *def, bool nested);
static void parse_stmts(RxCtx *r, const PyBody *body, bool is_func, Node **ret);

/* ---- small builders ------------------------------------------------------- */

static Node *new_var(RxCtx *r, const char *name, Span sp, Node *sinfo, bool dataflow) {
  Node *v = ir_alloc(r->p->cx, dataflow ? NK_RX_DFVAR : NK_RX_VAR, sp);
  IR_AS(IrVar, v)->name = intern(name);
  v->sinfo = sinfo;
  return ir_finish(r->p->cx, v);
}

static Node *binding(RxCtx *r, NodeKind k, Node *var, Node *value, Node *cast, Span sp) {
  Node *b = ir_alloc(r->p->cx, k, sp);
  IrBinding *x = IR_AS(IrBinding, b);
  x->var = var;
  x->value = value;
  x->sinfo = cast;
  return ir_finish(r->p->cx, b);
}

static Node *block(RxCtx *r, NodeKind k, PtrVec *bindings) {
  Node *b = ir_alloc(r->p->cx, k, span_none());
  IR_AS(IrArray, b)->items = ir_list_from_vec(r->p->cx, bindings);
  bindings->len = 0;
  return ir_finish(r->p->cx, b);
}

/* Close the open block (if it has bindings). */
static void seq_flush(RxCtx *r) {
  RxSeq *s = r->seq;
  if (s->cur.len) ptrvec_push(&s->blocks, block(r, s->dataflow ? NK_DATAFLOW_BLOCK : NK_BINDING_BLOCK, &s->cur));
}

static Node *seq_finish(RxCtx *r, Node *body, Span sp) {
  seq_flush(r);
  Node *n = ir_alloc(r->p->cx, NK_RX_SEQ, sp);
  IR_AS(IrSeqExpr, n)->blocks = ir_list_from_vec(r->p->cx, &r->seq->blocks);
  IR_AS(IrSeqExpr, n)->body = body;
  n->sinfo = body ? body->sinfo : NULL;
  ptrvec_free(&r->seq->blocks);
  ptrvec_free(&r->seq->cur);
  return ir_finish(r->p->cx, n);
}

static Node *pair(IrCtx *cx, Node *a, Node *b) {
  Node *n = ir_alloc(cx, NK_PAIR, span_none());
  IR_AS(IrBinary, n)->a = a;
  IR_AS(IrBinary, n)->b = b;
  return ir_finish(cx, n);
}

static Node *array(IrCtx *cx, PtrVec *v, NodeKind k) {
  Node *n = ir_alloc(cx, k, span_none());
  IR_AS(IrArray, n)->items = ir_list_from_vec(cx, v);
  return ir_finish(cx, n);
}

/* A leaf in TVM's sense (IsLeafOrTuple): may appear as an argument. */
static bool is_leaf(const Node *e) {
  switch (e->kind) {
  case NK_RX_VAR: case NK_RX_DFVAR: case NK_RX_CONST: case NK_RX_SHAPE: case NK_RX_PRIM:
  case NK_RX_STR: case NK_RX_DTYPE: case NK_GLOBAL_VAR: case NK_RX_EXTERN: case NK_RX_OP:
  case NK_RX_TUPLE:
    return true;
  default:
    return false;
  }
}

/* Bind a non-leaf value to a fresh variable (TVM's normalization; its block
 * builder names them lv, lv1, ... in dataflow blocks, gv, gv1, ... outside). */
static Node *normalize(RxCtx *r, Node *e) {
  if (!e || is_leaf(e) || !r->seq) return e;
  bool df = r->seq->dataflow;
  int *k = df ? &r->nlv : &r->ngv;
  char name[32];
  if ((*k)++) snprintf(name, sizeof name, "%s%d", df ? "lv" : "gv", *k - 1);
  else snprintf(name, sizeof name, "%s", df ? "lv" : "gv");
  Node *v = new_var(r, name, e->span, e->sinfo, df);
  ptrvec_push(&r->seq->cur, binding(r, NK_VAR_BINDING, v, e, NULL, e->span));
  return v;
}

static Node *prim_value(RxCtx *r, Node *v, Span sp) {
  if (!v) return NULL;
  Node *n = ir_alloc(r->p->cx, NK_RX_PRIM, sp);
  IR_AS(IrUnary, n)->a = v;
  n->sinfo = rxp_si_prim(r->p->cx, v->dtype, v);
  return ir_finish(r->p->cx, n);
}

static Node *rx_tuple(RxCtx *r, PtrVec *fields, Span sp) {
  Node *n = ir_alloc(r->p->cx, NK_RX_TUPLE, sp);
  IR_AS(IrArray, n)->items = ir_list_from_vec(r->p->cx, fields);
  PtrVec si = {0};
  for (int32_t i = 0; i < fields->len; i++) {
    Node *s = ((Node *)fields->data[i])->sinfo;
    if (!s) break;
    ptrvec_push(&si, s);
  }
  if (si.len == fields->len) n->sinfo = rxp_si_tuple(r->p->cx, ir_list_from_vec(r->p->cx, &si));
  ptrvec_free(&si);
  return ir_finish(r->p->cx, n);
}

static Node *named_leaf(RxCtx *r, NodeKind k, const char *s, DType t, Span sp) {
  Node *n = ir_alloc(r->p->cx, k, sp);
  if (k == NK_RX_STR || k == NK_RX_EXTERN || k == NK_RX_OP) IR_AS(IrStr, n)->value = intern(s);
  if (k == NK_RX_DTYPE) n->dtype = t;
  if (k == NK_RX_STR || k == NK_RX_DTYPE) n->sinfo = rxp_si_object(r->p->cx);
  return ir_finish(r->p->cx, n);
}

/* ---- names ----------------------------------------------------------------- */

/* `R.a.b.c` → "a.b.c" (interned), else NULL. */
static const char *r_dotted(const PyExpr *e) {
  char buf[256];
  size_t len = 0;
  const char *parts[16];
  int n = 0;
  while (e && e->kind == PY_ATTR && n < 16) {
    parts[n++] = e->name;
    e = e->a;
  }
  if (!e || e->kind != PY_NAME || strcmp(e->name, "R") || !n) return NULL;
  for (int i = n - 1; i >= 0; i--) {
    size_t l = strlen(parts[i]);
    if (len + l + 2 > sizeof(buf)) return NULL;
    if (i != n - 1) buf[len++] = '.';
    memcpy(buf + len, parts[i], l);
    len += l;
  }
  buf[len] = 0;
  return intern(buf);
}

static Node *module_marker(RxCtx *r) {
  if (!r->module_marker) r->module_marker = ir_finish(r->p->cx, ir_alloc(r->p->cx, NK_MODULE, span_none()));
  return r->module_marker;
}

static Node *lookup_name(RxCtx *r, const PyExpr *e) {
  ScriptParser *p = r->p;
  Node *v = sp_lookup(p, e->name);
  if (v && v->kind == NK_MODULE) return sp_err(p, e->span, "the module '%s' is not a value", e->name);
  if (ir_is_tir_var(v)) return prim_value(r, v, e->span); /* sugar: a PrimExpr as a value */
  if (v) return v;
  v = strmap_get(&p->globals, e->name);
  if (v) return v;
  if (r->df_gone && strmap_get(r->df_gone, e->name))
    return sp_err(p, e->span, "dataflow variable '%s' used outside its dataflow block (list it in R.output)",
                  e->name);
  return sp_err(p, e->span, "undefined name '%s'", e->name);
}

/* After a failed binding the name still gets a variable, so that later uses
 * report nothing more; any use of it fails quietly. */
static void define_poison(RxCtx *r, const char *name, Span sp) {
  Node *v = new_var(r, name, sp, NULL, false);
  if (r->poison) ptrmap_put(r->poison, v, v);
  sp_define(r->p, name, v);
}

static bool is_poison(RxCtx *r, const Node *v) { return v && r->poison && ptrmap_has(r->poison, v); }

/* cls.f / Module.f */
static Node *lookup_attr(RxCtx *r, const PyExpr *e) {
  ScriptParser *p = r->p;
  if (e->a->kind == PY_NAME) {
    Node *m = sp_lookup(p, e->a->name);
    bool is_mod = (m && m->kind == NK_MODULE) ||
                  (!m && p->module_name && !strcmp(e->a->name, p->module_name));
    if (is_mod) {
      Node *gv = strmap_get(&p->globals, e->name);
      if (!gv) return sp_err(p, e->span, "no function named '%s' in the module", e->name);
      return gv;
    }
    if (!strcmp(e->a->name, "R"))
      return sp_err(p, e->span, "R.%s is not a Relax value here (did you mean to call it?)", e->name);
    if (!m && strcmp(e->a->name, "T"))
      return sp_err(p, e->a->span, "undefined name '%s'%s", e->a->name,
                    !strcmp(e->a->name, "cls") ? " (write `cls = Module` first)" : "");
  }
  return sp_err(p, e->span, "unsupported attribute access in a Relax expression");
}

/* ---- call arguments --------------------------------------------------------- */

static Node *attr_value(RxCtx *r, const PyExpr *e);

static Node *attr_list(RxCtx *r, const PyExpr *e, NodeKind k) {
  PtrVec v = {0};
  bool ok = true;
  for (int32_t i = 0; i < e->nitems; i++) {
    Node *x = k == NK_MAP ? NULL : attr_value(r, e->items[i]);
    if (k == NK_MAP) {
      if (e->items[i]->kind != PY_STR) {
        sp_err(r->p, e->items[i]->span, "attribute dict keys must be strings");
        ok = false;
        continue;
      }
      Node *val = attr_value(r, e->values[i]);
      if (!val && e->values[i]->kind != PY_NONE) ok = false;
      x = pair(r->p->cx, ir_string(r->p->cx, e->items[i]->str), val);
    } else if (!x && e->items[i]->kind != PY_NONE) {
      ok = false;
    }
    ptrvec_push(&v, x);
  }
  Node *n = ok ? array(r->p->cx, &v, k) : NULL;
  ptrvec_free(&v);
  return n;
}

/* A keyword argument of an op or an R.func_attr value: ints are int64,
 * floats float64, strings StringImm, lists ARRAY, dicts MAP, None NULL;
 * R.shape / R.prim_value / R.str / R.dtype stay Relax; anything else is a
 * PrimExpr. */
static Node *attr_value(RxCtx *r, const PyExpr *e) {
  IrCtx *cx = r->p->cx;
  switch (e->kind) {
  case PY_NONE: return NULL;
  case PY_STR: return ir_string(cx, e->str);
  case PY_FLOAT: return ir_float(cx, DT_FLOAT64, e->fval);
  case PY_LIST:
  case PY_TUPLE: return attr_list(r, e, NK_ARRAY);
  case PY_DICT: return attr_list(r, e, NK_MAP);
  case PY_UNARY:
    if (!strcmp(e->op, "-") && e->a->kind == PY_FLOAT) return ir_float(cx, DT_FLOAT64, -e->a->fval);
    break;
  case PY_CALL: {
    const char *f = r_dotted(e->a);
    if (f && (!strcmp(f, "shape") || !strcmp(f, "prim_value") || !strcmp(f, "str") || !strcmp(f, "dtype")))
      return rxp_expr(r, e);
    break;
  }
  default: break;
  }
  return rxp_prim(r, e);
}

/* Positional arguments, each normalized to a leaf. */
static bool pos_args(RxCtx *r, const PyExpr *const *items, int32_t n, PtrVec *out) {
  bool ok = true;
  for (int32_t i = 0; i < n; i++) {
    if (items[i]->kind == PY_STARRED) {
      sp_err(r->p, items[i]->span, "starred arguments are not supported in Relax calls");
      ok = false;
      continue;
    }
    Node *a = normalize(r, rxp_expr(r, items[i]));
    if (a) ptrvec_push(out, a);
    else ok = false;
  }
  return ok;
}

/* sinfo_args=S or sinfo_args=(S, ...) / out_sinfo=S or [S, ...] */
static bool sinfo_list(RxCtx *r, const PyExpr *e, PtrVec *out) {
  if (e->kind == PY_TUPLE || e->kind == PY_LIST) {
    bool ok = true;
    for (int32_t i = 0; i < e->nitems; i++) {
      Node *s = rxp_sinfo(r, e->items[i]);
      if (s) ptrvec_push(out, s);
      else ok = false;
    }
    return ok;
  }
  Node *s = rxp_sinfo(r, e);
  if (s) ptrvec_push(out, s);
  return s != NULL;
}

static bool find_tir_var(Node *n, void *ud) {
  if (ir_is_tir_var(n)) *(bool *)ud = true;
  return true;
}

static Node *make_call(RxCtx *r, Node *op, PtrVec *args, PtrVec *attrs, PtrVec *sargs, Span sp) {
  IrCtx *cx = r->p->cx;
  Node *n = ir_alloc(cx, NK_RX_CALL, sp);
  IrRxCall *c = IR_AS(IrRxCall, n);
  c->op = op;
  c->args = ir_list_from_vec(cx, args);
  c->attrs = attrs ? ir_list_from_vec(cx, attrs) : ir_list_empty();
  c->sinfo_args = sargs ? ir_list_from_vec(cx, sargs) : ir_list_empty();
  /* What TVM infers without an op registry: the declared output. */
  const char *name = op->kind == NK_RX_OP ? IR_AS(IrStr, op)->value : NULL;
  bool declared = op->kind == NK_RX_EXTERN ||
                  (name && (!strcmp(name, "relax.call_tir") || !strcmp(name, "relax.call_tir_inplace") ||
                            !strcmp(name, "relax.call_dps_packed") ||
                            !strcmp(name, "relax.call_pure_packed")));
  if (declared && c->sinfo_args.n == 1) n->sinfo = c->sinfo_args.v[0];
  if ((ir_is_rx_var(op) || op->kind == NK_GLOBAL_VAR) && op->sinfo && op->sinfo->kind == NK_SI_FUNC &&
      !IR_AS(IrSIFunc, op->sinfo)->opaque) {
    /* A closure's or a module function's declared return, when it needs no
     * symbolic substitution. */
    Node *ret = IR_AS(IrSIFunc, op->sinfo)->ret;
    bool has_var = false;
    ir_walk(ret, find_tir_var, &has_var);
    if (!has_var) n->sinfo = ret;
  }
  /* Not yet: an op of the table should get its struct-info rule here
   * (rx_op_infer, relax/op_infer.h), as TVM's normalizer applies
   * FInferStructInfo; that changes golden outputs still to be updated. */
  return ir_finish(cx, n);
}

static Node *make_op(RxCtx *r, const char *name, Span sp) {
  char buf[300];
  snprintf(buf, sizeof buf, "relax.%s", name);
  return named_leaf(r, NK_RX_OP, buf, DT_VOID, sp);
}

/* A callee given as a string (packed function) or a function reference. */
static Node *callee(RxCtx *r, const PyExpr *e, bool want_extern) {
  if (e->kind == PY_STR) return named_leaf(r, NK_RX_EXTERN, e->str, DT_VOID, e->span);
  Node *f = rxp_expr(r, e);
  if (f && want_extern && f->kind != NK_RX_EXTERN)
    return sp_err(r->p, e->span, "expected the name of a packed function as a string");
  return f;
}

/* The argument tuple of call_tir & co: a tuple literal, or one value. */
static Node *arg_tuple(RxCtx *r, const PyExpr *e) {
  Node *t = normalize(r, rxp_expr(r, e));
  if (!t || t->kind == NK_RX_TUPLE || (t->sinfo && t->sinfo->kind == NK_SI_TUPLE)) return t;
  PtrVec f = {0};
  ptrvec_push(&f, t);
  Node *n = rx_tuple(r, &f, e->span);
  ptrvec_free(&f);
  return n;
}

static Node *out_sinfo(RxCtx *r, const PyExpr *e) {
  PtrVec v = {0};
  Node *s = NULL;
  if (sinfo_list(r, e, &v))
    s = (e->kind == PY_LIST || e->kind == PY_TUPLE) ? rxp_si_tuple(r->p->cx, ir_list_from_vec(r->p->cx, &v))
                                                     : v.data[0];
  ptrvec_free(&v);
  return s;
}

/* R.call_tir(f, args, out_sinfo=, tir_vars=) and its inplace / dps_packed
 * siblings: Call(op, [callee, Tuple(args) (, ShapeExpr)], sinfo_args=[out]). */
static Node *call_dps(RxCtx *r, const PyExpr *e, const char *form) {
  bool inplace = !strcmp(form, "call_tir_inplace"), packed = !strcmp(form, "call_dps_packed");
  const PyExpr *out = NULL, *tv = NULL, *ip = NULL;
  for (int32_t k = 0; k < e->nkws; k++) {
    const char *n = e->kws[k].name;
    if (!strcmp(n, "out_sinfo") || !strcmp(n, "out_ty")) out = e->kws[k].value;
    else if (!strcmp(n, "tir_vars") && !packed) tv = e->kws[k].value;
    else if (!strcmp(n, "inplace_indices") && inplace) ip = e->kws[k].value;
    else
      return sp_err(r->p, e->kws[k].span,
                    "R.%s got an unexpected keyword argument '%s' (expected out_sinfo%s%s)", form, n, packed ? "" : ", tir_vars", inplace ? ", inplace_indices" : "");
  }
  if (e->nitems != 2) return sp_err(r->p, e->span, "R.%s expects a function and an argument tuple", form);
  if (!out) return sp_err(r->p, e->span, "R.%s needs out_sinfo=...", form);
  if (inplace && !ip) return sp_err(r->p, e->span, "R.call_tir_inplace needs inplace_indices=...");
  PtrVec args = {0}, attrs = {0}, sargs = {0};
  Node *res = NULL, *f = callee(r, e->items[0], packed), *t = f ? arg_tuple(r, e->items[1]) : NULL;
  Node *s = t ? out_sinfo(r, out) : NULL;
  if (s) {
    ptrvec_push(&args, f);
    ptrvec_push(&args, t);
    ptrvec_push(&sargs, s);
    bool ok = true;
    if (tv) {
      Node *x = tv->kind == PY_TUPLE || tv->kind == PY_LIST ? NULL : rxp_expr(r, tv);
      if (!x) {
        NodeList l = ir_list_empty();
        PtrVec d = {0};
        if (tv->kind == PY_TUPLE || tv->kind == PY_LIST)
          for (int32_t i = 0; i < tv->nitems; i++) {
            Node *v = rxp_prim(r, tv->items[i]);
            if (v) ptrvec_push(&d, v);
            else ok = false;
          }
        else
          ok = false;
        l = ir_list_from_vec(r->p->cx, &d);
        ptrvec_free(&d);
        x = ok ? rxp_shape_expr(r->p->cx, l, tv->span) : NULL;
      }
      if (x) ptrvec_push(&args, x);
      else ok = false;
    }
    if (ip) {
      Node *idx = attr_value(r, ip);
      if (idx && idx->kind != NK_ARRAY) {
        PtrVec one = {0};
        ptrvec_push(&one, idx);
        idx = array(r->p->cx, &one, NK_ARRAY);
        ptrvec_free(&one);
      }
      if (idx) ptrvec_push(&attrs, pair(r->p->cx, ir_string(r->p->cx, "inplace_indices"), idx));
      else ok = false;
    }
    char op[64];
    snprintf(op, sizeof op, "%s", form);
    if (ok) res = make_call(r, make_op(r, op, e->a->span), &args, &attrs, &sargs, e->span);
  }
  ptrvec_free(&args);
  ptrvec_free(&attrs);
  ptrvec_free(&sargs);
  return res;
}

/* The seed's R.call_dps((n, m), f, [x, w]): output shape first. */
static Node *call_dps_seed(RxCtx *r, const PyExpr *e) {
  if (e->nitems != 3 || e->nkws)
    return sp_err(r->p, e->span, "R.call_dps expects (output shape, function, [arguments])");
  const PyExpr *shp = e->items[0];
  if (shp->kind != PY_TUPLE && shp->kind != PY_LIST)
    return sp_err(r->p, shp->span, "R.call_dps: the output shape must be a tuple of dimensions");
  bool packed = e->items[1]->kind == PY_STR;
  Node *f = callee(r, e->items[1], false), *t = f ? arg_tuple(r, e->items[2]) : NULL;
  if (!t) return NULL;
  PtrVec d = {0};
  bool ok = true;
  for (int32_t i = 0; i < shp->nitems; i++) {
    Node *v = rxp_prim(r, shp->items[i]);
    if (v) ptrvec_push(&d, v);
    else ok = false;
  }
  NodeList dims = ir_list_from_vec(r->p->cx, &d);
  ptrvec_free(&d);
  if (!ok) return NULL;
  DType dt = DT_VOID; /* inferred: the first tensor argument's dtype */
  NodeList fields = IR_AS(IrArray, t)->items;
  for (int32_t i = 0; i < fields.n && dtype_is_void(dt); i++)
    if (fields.v[i]->sinfo && fields.v[i]->sinfo->kind == NK_SI_TENSOR) dt = fields.v[i]->sinfo->dtype;
  Node *s = rxp_si_tensor(r->p->cx, rxp_shape_expr(r->p->cx, dims, shp->span), dims.n, dt, NULL);
  PtrVec args = {0}, sargs = {0};
  ptrvec_push(&args, f);
  ptrvec_push(&args, t);
  ptrvec_push(&sargs, s);
  Node *res = make_call(r, make_op(r, packed ? "call_dps_packed" : "call_tir", e->a->span), &args, NULL,
                        &sargs, e->span);
  ptrvec_free(&args);
  ptrvec_free(&sargs);
  return res;
}

/* Generic op / function call: positional args are Relax values, keywords
 * are attributes (kept in source order), sinfo_args= is struct info. */
static Node *generic_call(RxCtx *r, const PyExpr *e, Node *op, bool first_is_packed) {
  PtrVec args = {0}, attrs = {0}, sargs = {0};
  bool ok = true;
  int32_t start = 0;
  if (first_is_packed && e->nitems && e->items[0]->kind == PY_STR) {
    ptrvec_push(&args, named_leaf(r, NK_RX_EXTERN, e->items[0]->str, DT_VOID, e->items[0]->span));
    start = 1;
  }
  ok = pos_args(r, (const PyExpr *const *)e->items + start, e->nitems - start, &args);
  bool is_func = op->kind != NK_RX_OP && op->kind != NK_RX_EXTERN;
  for (int32_t k = 0; k < e->nkws; k++) {
    const PyKeyword *kw = &e->kws[k];
    if (!strcmp(kw->name, "sinfo_args")) {
      if (!sinfo_list(r, kw->value, &sargs)) ok = false;
      continue;
    }
    if (is_func) {
      sp_err(r->p, kw->span, "keyword argument '%s' in a call to a Relax function", kw->name);
      ok = false;
      continue;
    }
    Node *v = attr_value(r, kw->value);
    if (!v && kw->value->kind != PY_NONE) ok = false;
    ptrvec_push(&attrs, pair(r->p->cx, ir_string(r->p->cx, kw->name), v));
  }
  Node *res = ok ? make_call(r, op, &args, &attrs, &sargs, e->span) : NULL;
  ptrvec_free(&args);
  ptrvec_free(&attrs);
  ptrvec_free(&sargs);
  return res;
}

static bool is_r_call(const PyExpr *e, const char *name) {
  return e && e->kind == PY_CALL && r_dotted(e->a) && !strcmp(r_dotted(e->a), name);
}

/* R.print(values..., format=s) and R.assert_op(cond, values..., format=s):
 * TVM keeps the format string as an argument (first / second). */
static Node *format_call(RxCtx *r, const PyExpr *e, const char *name, int fmt_pos) {
  const PyExpr *fmt = py_kwarg(e, "format");
  for (int32_t k = 0; k < e->nkws; k++)
    if (strcmp(e->kws[k].name, "format"))
      return sp_err(r->p, e->kws[k].span, "R.%s got an unexpected keyword argument '%s' (expected format)",
                    name, e->kws[k].name);
  if (is_r_call(fmt, "str") && fmt->nitems == 1) fmt = fmt->items[0]; /* format=R.str("...") */
  if (fmt && fmt->kind != PY_STR) return sp_err(r->p, fmt->span, "format must be a string");
  if (fmt_pos > e->nitems) return sp_err(r->p, e->span, "R.%s expects a condition", name);
  PtrVec args = {0};
  Node *res = NULL;
  if (pos_args(r, (const PyExpr *const *)e->items, e->nitems, &args)) {
    Node *f = named_leaf(r, NK_RX_STR, fmt ? fmt->str : "", DT_VOID, fmt ? fmt->span : e->span);
    ptrvec_push(&args, NULL);
    memmove(args.data + fmt_pos + 1, args.data + fmt_pos, sizeof(void *) * (size_t)(args.len - 1 - fmt_pos));
    args.data[fmt_pos] = f;
    res = make_call(r, make_op(r, name, e->a->span), &args, NULL, NULL, e->span);
    res->sinfo = rxp_si_tuple(r->p->cx, ir_list_empty());
  }
  ptrvec_free(&args);
  return res;
}

static const PyExpr *one_arg(RxCtx *r, const PyExpr *e, const char *form) {
  if (e->nitems != 1 || e->nkws) return sp_err(r->p, e->span, "R.%s expects exactly one argument", form);
  return e->items[0];
}

/* R.<op>(...) for an op of the operator table (src/relax/op_schema.c): its
 * Relax arguments, then its attributes positionally (in the order of TVM's
 * Python API) or by keyword.  Omitted attributes take their defaults, so the
 * call holds the full attribute list in TVM's field order. */
static Node *op_call(RxCtx *r, const PyExpr *e, const RxOpSchema *s) {
  RxArgSpec as[RX_OP_MAX_ARGS];
  int32_t nreq, nargs = rx_op_args(s, as, &nreq), npos = e->nitems;
  const PyExpr *argv[RX_OP_MAX_ARGS] = {0}, *asrc[RX_OP_MAX_ATTRS] = {0};
  if (npos < nreq || npos > nargs + s->nattrs) {
    if (nreq == nargs && (npos < nreq || !s->nattrs))
      return sp_err(r->p, e->span, "R.%s expects %d argument%s, got %d", s->name, nreq, nreq == 1 ? "" : "s", npos);
    return sp_err(r->p, e->span, "R.%s expects %d to %d positional arguments, got %d", s->name, nreq,
                  nargs + s->nattrs, npos);
  }
  for (int32_t i = 0; i < npos; i++) {
    int32_t j = i < nargs ? -1 : rx_op_attr_at_pos(s, i - nargs);
    if (i < nargs) argv[i] = e->items[i];
    else if (j >= 0) asrc[j] = e->items[i];
  }
  PtrVec args = {0}, attrs = {0}, sargs = {0};
  bool ok = true;
  for (int32_t k = 0; k < e->nkws && ok; k++) {
    const PyKeyword *kw = &e->kws[k];
    int32_t j = rx_op_attr_index(s, kw->name), a = -1;
    for (int32_t i = 0; i < nargs; i++)
      if (!strcmp(as[i].name, kw->name)) a = i;
    const PyExpr **slot = a >= 0 ? &argv[a] : j >= 0 ? &asrc[j] : NULL;
    if (!strcmp(kw->name, "sinfo_args")) {
      ok = sinfo_list(r, kw->value, &sargs);
    } else if (!slot) {
      StrBuf names = {0};
      for (int32_t i = 0; i < nargs; i++) sb_printf(&names, "%s%s", i ? ", " : "", as[i].name);
      if (nargs && s->nattrs) sb_puts(&names, ", ");
      rx_op_attr_names(s, &names);
      sp_err(r->p, kw->span, "R.%s got an unexpected keyword argument '%s' (valid: %s)", s->name, kw->name,
             names.data ? names.data : "none");
      free(names.data);
      ok = false;
    } else if (*slot) {
      sp_err(r->p, kw->span, "R.%s got multiple values for '%s'", s->name, kw->name);
      ok = false;
    } else {
      *slot = kw->value;
    }
  }
  for (int32_t i = 0; i < nargs && ok; i++) {
    Node *v = NULL;
    const PyExpr *x = argv[i];
    if (!x && !strcmp(s->name, "arange") && i == 1) { /* arange(end): start is 0 */
      x = argv[0];
      v = prim_value(r, ir_int(r->p->cx, DT_INT64, 0), e->span);
    } else if (!strcmp(s->name, "arange") && i == 0 && !argv[1]) {
      continue;
    } else if (!x && as[i].has_default) {
      v = prim_value(r, ir_int(r->p->cx, DT_INT64, as[i].dflt), e->span);
    } else if (!x && as[i].optional) {
      continue;
    } else if (!x) {
      v = sp_err(r->p, e->span, "R.%s is missing its argument '%s'", s->name, as[i].name);
    }
    if (x && v) { /* arange's moved start */
      ptrvec_push(&args, v);
      v = NULL;
    }
    if (x && as[i].shape && (x->kind == PY_LIST || x->kind == PY_TUPLE)) {
      PtrVec d = {0};
      for (int32_t k = 0; k < x->nitems && ok; k++) {
        Node *dv = rxp_prim(r, x->items[k]);
        if (dv) ptrvec_push(&d, dv);
        else ok = false;
      }
      v = ok ? rxp_shape_expr(r->p->cx, ir_list_from_vec(r->p->cx, &d), x->span) : NULL;
      ptrvec_free(&d);
    } else if (x) {
      v = normalize(r, rxp_expr(r, x));
    }
    if (v) ptrvec_push(&args, v);
    else ok = false;
  }
  Node *vals[RX_OP_MAX_ATTRS] = {0};
  bool given[RX_OP_MAX_ATTRS] = {0};
  for (int32_t j = 0; j < s->nattrs && ok; j++) {
    if (!asrc[j]) continue;
    given[j] = true;
    vals[j] = attr_value(r, asrc[j]);
    if (!vals[j] && asrc[j]->kind != PY_NONE) ok = false;
  }
  if (ok && !strcmp(s->name, "arange") && !given[0]) { /* int64 for integer bounds, else float32 */
    bool ints = true;
    for (int32_t i = 0; i < args.len; i++) {
      const Node *a = args.data[i];
      if (a->kind != NK_RX_PRIM || !dtype_is_int(IR_AS(IrUnary, a)->a->dtype)) ints = false;
    }
    given[0] = true;
    vals[0] = ir_string(r->p->cx, ints ? "int64" : "float32");
  }
  char err[200];
  int32_t bad = 0;
  if (ok && !rx_op_fill_attrs(r->p->cx, s, vals, given, &bad, err, sizeof err)) {
    sp_err(r->p, asrc[bad] ? asrc[bad]->span : e->span, "%s", err);
    ok = false;
  }
  for (int32_t j = 0; j < s->nattrs && ok; j++)
    ptrvec_push(&attrs, pair(r->p->cx, ir_string(r->p->cx, s->attrs[j].name), vals[j]));
  Node *res = ok ? make_call(r, make_op(r, s->name, e->a->span), &args, &attrs, &sargs, e->span) : NULL;
  ptrvec_free(&args);
  ptrvec_free(&attrs);
  ptrvec_free(&sargs);
  return res;
}

/* R.<form>(...) */
static Node *r_call(RxCtx *r, const PyExpr *e, const char *f) {
  IrCtx *cx = r->p->cx;
  const PyExpr *a;
  if (!strcmp(f, "call_tir") || !strcmp(f, "call_tir_inplace") || !strcmp(f, "call_dps_packed"))
    return call_dps(r, e, f);
  if (!strcmp(f, "call_dps")) return call_dps_seed(r, e);
  if (!strcmp(f, "call_packed")) {
    if (!e->nitems || e->items[0]->kind != PY_STR)
      return sp_err(r->p, e->span, "R.call_packed expects the packed function's name as a string first");
    Node *op = named_leaf(r, NK_RX_EXTERN, e->items[0]->str, DT_VOID, e->items[0]->span);
    PyExpr sub = *e;
    sub.items++;
    sub.nitems--;
    return generic_call(r, &sub, op, false);
  }
  if (!strcmp(f, "call_pure_packed") || !strcmp(f, "call_inplace_packed"))
    return generic_call(r, e, make_op(r, f, e->a->span), true);
  if (!strcmp(f, "const")) return rxp_const_parse(r, e);
  if (!strcmp(f, "print")) return format_call(r, e, "print", 0);
  if (!strcmp(f, "assert_op")) return format_call(r, e, "assert_op", 1);
  if (!strcmp(f, "shape")) {
    if (!(a = one_arg(r, e, f))) return NULL;
    if (a->kind != PY_LIST && a->kind != PY_TUPLE) return sp_err(r->p, a->span, "R.shape expects a list of dimensions");
    PtrVec d = {0};
    bool ok = true;
    for (int32_t i = 0; i < a->nitems; i++) {
      Node *v = rxp_prim(r, a->items[i]);
      if (v) ptrvec_push(&d, v);
      else ok = false;
    }
    Node *res = ok ? rxp_shape_expr(cx, ir_list_from_vec(cx, &d), e->span) : NULL;
    ptrvec_free(&d);
    return res;
  }
  if (!strcmp(f, "prim_value")) return (a = one_arg(r, e, f)) ? prim_value(r, rxp_prim(r, a), e->span) : NULL;
  if (!strcmp(f, "str")) {
    if (!(a = one_arg(r, e, f))) return NULL;
    if (a->kind != PY_STR) return sp_err(r->p, a->span, "R.str expects a string literal");
    return named_leaf(r, NK_RX_STR, a->str, DT_VOID, e->span);
  }
  if (!strcmp(f, "dtype")) {
    DType t;
    if (!(a = one_arg(r, e, f)) || !rxp_dtype_arg(r, a, &t)) return NULL;
    return named_leaf(r, NK_RX_DTYPE, NULL, t, e->span);
  }
  if (!strcmp(f, "tuple")) {
    PtrVec v = {0};
    Node *res = pos_args(r, (const PyExpr *const *)e->items, e->nitems, &v) ? rx_tuple(r, &v, e->span) : NULL;
    ptrvec_free(&v);
    return res;
  }
  if (!strcmp(f, "ExternFunc")) {
    if (!(a = one_arg(r, e, f))) return NULL;
    if (a->kind != PY_STR) return sp_err(r->p, a->span, "R.ExternFunc expects a string");
    return named_leaf(r, NK_RX_EXTERN, a->str, DT_VOID, e->span);
  }
  if (!strcmp(f, "match_cast"))
    return sp_err(r->p, e->span, "R.match_cast must be the whole right-hand side of a binding");
  if (!strcmp(f, "output"))
    return sp_err(r->p, e->span, "R.output is only allowed inside a dataflow block, as its last statement");
  if (!strcmp(f, "func_attr") || !strcmp(f, "dataflow") || !strcmp(f, "function"))
    return sp_err(r->p, e->span, "R.%s cannot be used as a value", f);
  static const char *const sinfo_names[] = {"Tensor", "Tuple", "Shape", "Prim", "Object", "Callable"};
  for (size_t i = 0; i < sizeof sinfo_names / sizeof *sinfo_names; i++)
    if (!strcmp(f, sinfo_names[i]))
      return sp_err(r->p, e->span, "R.%s is a struct info annotation, not a value", f);
  const RxOpSchema *op = rx_op_find(f);
  if (!op) return sp_err(r->p, e->a->span, "unknown Relax operator 'R.%s'", f);
  return op_call(r, e, op);
}

static Node *call_expr(RxCtx *r, const PyExpr *e) {
  const char *f = r_dotted(e->a);
  if (f) return r_call(r, e, f);
  if (e->a->kind == PY_ATTR && e->a->a->kind == PY_NAME && !strcmp(e->a->a->name, "T"))
    return prim_value(r, rxp_prim(r, e), e->span);
  Node *op = rxp_expr(r, e->a);
  if (!op) return NULL;
  if (op->kind != NK_GLOBAL_VAR && !ir_is_rx_var(op) && op->kind != NK_RX_EXTERN)
    return sp_err(r->p, e->a->span, "this value cannot be called");
  return generic_call(r, e, op, false);
}

/* ---- expressions ---------------------------------------------------------- */

static Node *metadata_ref(RxCtx *r, const PyExpr *e) {
  const PyExpr *inner = e->a;
  if (!(inner->kind == PY_SUBSCRIPT && py_is_name(inner->a, "metadata", NULL) && inner->b->kind == PY_STR &&
        !strcmp(inner->b->str, "relax.expr.Constant") && e->b->kind == PY_INT))
    return NULL;
  const Node *md = r->p->metadata;
  int64_t i = e->b->ival;
  if (!md || i < 0 || i >= IR_AS(IrArray, md)->items.n)
    return sp_err(r->p, e->span, "metadata[\"relax.expr.Constant\"][%lld] is not in this file's metadata",
                  (long long)i);
  return rxp_const_node(r->p->cx, IR_AS(IrArray, md)->items.v[i], e->span);
}

static Node *subscript(RxCtx *r, const PyExpr *e) {
  if (e->a->kind == PY_SUBSCRIPT && py_is_name(e->a->a, "metadata", NULL)) {
    Node *c = metadata_ref(r, e);
    return c ? c : diag_errors(r->p->diag) ? NULL : sp_err(r->p, e->span, "unsupported metadata reference");
  }
  int64_t idx;
  if (e->b->kind != PY_INT || e->b->int_overflow)
    return sp_err(r->p, e->b->span, "a tuple index must be an integer literal");
  idx = e->b->ival;
  Node *t = normalize(r, rxp_expr(r, e->a));
  if (!t) return NULL;
  const Node *ts = t->sinfo;
  if (ts && ts->kind != NK_SI_TUPLE && ts->kind != NK_SI_OBJECT)
    return sp_err(r->p, e->span, "only a tuple can be indexed in Relax");
  if (ts && ts->kind == NK_SI_TUPLE && idx >= IR_AS(IrArray, ts)->items.n)
    return sp_err(r->p, e->b->span, "tuple index %lld is out of range (the tuple has %d fields)",
                  (long long)idx, IR_AS(IrArray, ts)->items.n);
  Node *n = ir_alloc(r->p->cx, NK_RX_GETITEM, e->span);
  IR_AS(IrGetItem, n)->tuple = t;
  IR_AS(IrGetItem, n)->index = idx;
  if (ts && ts->kind == NK_SI_TUPLE) n->sinfo = IR_AS(IrArray, ts)->items.v[idx];
  return ir_finish(r->p->cx, n);
}

static Node *expr_form(RxCtx *r, const PyExpr *e) {
  switch (e->kind) {
  case PY_NAME: return lookup_name(r, e);
  case PY_ATTR: return lookup_attr(r, e);
  case PY_CALL: return call_expr(r, e);
  case PY_SUBSCRIPT: return subscript(r, e);
  case PY_TUPLE:
  case PY_LIST: {
    PtrVec v = {0};
    Node *res = pos_args(r, (const PyExpr *const *)e->items, e->nitems, &v) ? rx_tuple(r, &v, e->span) : NULL;
    ptrvec_free(&v);
    return res;
  }
  case PY_STR: return named_leaf(r, NK_RX_STR, e->str, DT_VOID, e->span);
  case PY_INT:
  case PY_FLOAT:
  case PY_TRUE:
  case PY_FALSE:
  case PY_UNARY:
  case PY_BINARY:
  case PY_COMPARE:
  case PY_BOOLOP: {
    Node *v = e->kind == PY_FLOAT ? ir_float(r->p->cx, DT_FLOAT64, e->fval) : rxp_prim(r, e);
    return prim_value(r, v, e->span);
  }
  default:
    return sp_err(r->p, e->span, "unsupported expression in a Relax function");
  }
}

Node *rxp_expr(RxCtx *r, const PyExpr *e) {
  if (!sp_enter(r->p, e->span)) return NULL;
  Node *n = expr_form(r, e);
  sp_leave(r->p);
  return n;
}

/* ---- statements ------------------------------------------------------------ */

/* Does statement s bind `name`? */
static bool assigns(const PyStmt *s, const char *name) {
  return (s->kind == PYS_ASSIGN || s->kind == PYS_ANNASSIGN) && s->target && s->target->kind == PY_NAME &&
         !strcmp(s->target->name, name);
}

/* Inside a dataflow block, is the binding at stmt index i an output? */
static bool is_output(RxCtx *r, int32_t i, const char *name) {
  if (!r->outputs) return false;
  bool listed = false;
  for (int32_t k = 0; k < r->outputs->nitems; k++)
    if (r->outputs->items[k]->kind == PY_NAME && !strcmp(r->outputs->items[k]->name, name)) listed = true;
  if (!listed) return false;
  for (int32_t j = i + 1; j < r->df_body->len; j++)
    if (assigns(r->df_body->stmts[j], name)) return false;
  return true;
}

/* `n = T.int64()` / `T.int64(is_size_var=True)`: a symbolic variable. */
static bool tir_var_decl(RxCtx *r, const PyStmt *s) {
  const PyExpr *v = s->value;
  DType t;
  if (!v || v->kind != PY_CALL || v->nitems || v->a->kind != PY_ATTR || !py_is_name(v->a->a, "T", NULL) ||
      !dtype_parse(v->a->name, &t))
    return false;
  const PyExpr *sz = py_kwarg(v, "is_size_var");
  if (v->nkws > (sz ? 1 : 0)) {
    sp_err(r->p, v->span, "T.%s() declares a symbolic variable and takes only is_size_var=", v->a->name);
    return true;
  }
  const char *name = s->target->name;
  Node *old = sp_lookup(r->p, name);
  bool size = sz && sz->kind == PY_TRUE;
  if (ir_is_tir_var(old) && dtype_eq(old->dtype, t) && (old->kind == NK_SIZEVAR) == size) return true;
  if (ir_is_tir_var(old) && !dtype_eq(old->dtype, t)) {
    /* A redeclaration must agree with the variable the signature defined. */
    sp_err(r->p, s->target->span, "expected the same dtype for TIR variable '%s': %s vs %s", name,
           dtype_str(old->dtype), dtype_str(t));
    return true;
  }
  sp_define(r->p, name, size ? ir_size_var(r->p->cx, name, t) : ir_var(r->p->cx, name, t));
  return true;
}


/* A binding statement; false when nothing was bound (after a diagnostic). */
static bool assign_inner(RxCtx *r, const PyStmt *s, int32_t idx) {
  ScriptParser *p = r->p;
  const char *name = s->target->name;
  if (!s->value) return sp_err(p, s->span, "a Relax binding needs a value"), false;
  if (!s->annotation && s->value->kind == PY_NAME && p->module_name && !strcmp(s->value->name, p->module_name) &&
      !sp_lookup(p, s->value->name)) {
    sp_define(p, name, module_marker(r)); /* cls = Module */
    return true;
  }
  if (!s->annotation && tir_var_decl(r, s)) return true;
  Node *ann = s->annotation ? rxp_sinfo(r, s->annotation) : NULL;
  if (s->annotation && !ann) return false;
  bool df = r->seq->dataflow && !is_output(r, idx, name);
  Node *var, *value, *b;
  if (is_r_call(s->value, "match_cast")) {
    const PyExpr *c = s->value;
    if (c->nitems != 2 || c->nkws)
      return sp_err(p, c->span, "R.match_cast expects a value and a struct info"), false;
    value = normalize(r, rxp_expr(r, c->items[0]));
    Node *si = value ? rxp_sinfo(r, c->items[1]) : NULL;
    if (!si) return false;
    if (ann && !ir_struct_equal(ann, si))
      return sp_err(p, s->annotation->span, "the annotation differs from the struct info of R.match_cast"),
             false;
    var = new_var(r, name, s->target->span, si, df);
    b = binding(r, NK_MATCH_CAST, var, value, si, s->span);
  } else {
    value = rxp_expr(r, s->value);
    if (!value) return false;
    var = new_var(r, name, s->target->span, ann ? ann : value->sinfo, df);
    b = binding(r, NK_VAR_BINDING, var, value, NULL, s->span);
  }
  ptrvec_push(&r->seq->cur, b);
  sp_define(p, name, var);
  return true;
}

static void stmt_assign(RxCtx *r, const PyStmt *s, int32_t idx) {
  if (!s->target || s->target->kind != PY_NAME) {
    sp_err(r->p, s->target ? s->target->span : s->span, "a Relax binding must assign a single name");
    return;
  }
  if (!assign_inner(r, s, idx)) define_poison(r, s->target->name, s->target->span);
}

static void stmt_dataflow(RxCtx *r, const PyStmt *s) {
  ScriptParser *p = r->p;
  if (s->target) {
    sp_err(p, s->target->span, "`with R.dataflow()` binds no variable");
    return;
  }
  if (r->seq->dataflow) {
    sp_err(p, s->span, "dataflow blocks cannot be nested");
    return;
  }
  const PyBody *body = &s->body;
  const PyStmt *last = body->len ? body->stmts[body->len - 1] : NULL;
  const PyExpr *outs = last && last->kind == PYS_EXPR && is_r_call(last->value, "output") ? last->value : NULL;
  if (outs && outs->nkws) sp_err(p, outs->kws[0].span, "R.output takes no keyword arguments");
  seq_flush(r);
  r->seq->dataflow = true;
  const PyExpr *saved_outs = r->outputs;
  const PyBody *saved_body = r->df_body;
  r->outputs = outs;
  r->df_body = body;
  sp_push(p);
  for (int32_t i = 0; i < body->len; i++) {
    const PyStmt *st = body->stmts[i];
    if (st->kind == PYS_ASSIGN || st->kind == PYS_ANNASSIGN)
      stmt_assign(r, st, i);
    else if (st->kind == PYS_EXPR && is_r_call(st->value, "output") && st != last)
      sp_err(p, st->span, "R.output must be the last statement of a dataflow block");
    else if (st->kind == PYS_EXPR && st == last && outs)
      continue;
    else if (st->kind == PYS_WITH)
      sp_err(p, st->span, "dataflow blocks cannot be nested");
    else if (st->kind == PYS_RETURN)
      sp_err(p, st->span, "return is not allowed inside a dataflow block (bind the result, list it in "
                          "R.output, and return after the block)");
    else if (st->kind != PYS_PASS && !(st->kind == PYS_EXPR && st->value->kind == PY_STR))
      sp_err(p, st->span, "only bindings and a final R.output(...) may appear in a dataflow block");
  }
  PtrVec out_vars = {0};
  for (int32_t k = 0; outs && k < outs->nitems; k++) {
    const PyExpr *o = outs->items[k];
    Node *v = o->kind == PY_NAME ? sp_lookup(p, o->name) : NULL;
    bool bound_here = false;
    for (int32_t j = 0; v && j < r->seq->cur.len; j++)
      if (IR_AS(IrBinding, r->seq->cur.data[j])->var == v) bound_here = true;
    if (is_poison(r, v))
      ptrvec_push(&out_vars, v);
    else if (!v || v->kind != NK_RX_VAR || !bound_here)
      sp_err(p, o->span, "R.output expects variables bound in this dataflow block");
    else
      ptrvec_push(&out_vars, v);
  }
  /* The block's own variables go out of scope; remember them for a clear
   * message if they are used after it. */
  for (int32_t j = 0; r->df_gone && j < r->seq->cur.len; j++) {
    Node *v = IR_AS(IrBinding, r->seq->cur.data[j])->var;
    if (v->kind == NK_RX_DFVAR) strmap_put(r->df_gone, IR_AS(IrVar, v)->name, v);
  }
  sp_pop(p);
  for (int32_t k = 0; k < out_vars.len; k++)
    sp_define(p, IR_AS(IrVar, out_vars.data[k])->name, out_vars.data[k]);
  ptrvec_free(&out_vars);
  seq_flush(r);
  r->seq->dataflow = false;
  r->outputs = saved_outs;
  r->df_body = saved_body;
}

/* One branch of an if: its SeqExpr, whose value is the last binding's
 * (TVM: a leaf value is used directly; otherwise it is rebound to
 * `<name>_then` / `<name>_else`).  *name gets the bound name, *at its
 * binding's target. */
static Node *branch(RxCtx *r, const PyBody *body, Span sp, const char *suffix, const char **name, Node **si,
                    Span *at) {
  RxSeq seq = {{0}, {0}, false}, *saved = r->seq;
  r->seq = &seq;
  sp_push(r->p);
  parse_stmts(r, body, false, NULL);
  sp_pop(r->p);
  Node *res = NULL, *last = NULL;
  if (seq.cur.len) last = ptrvec_pop(&seq.cur);
  if (!last) {
    if (!diag_errors(r->p->diag)) sp_err(r->p, sp, "each branch of an if must end with a binding");
  } else {
    IrBinding *b = IR_AS(IrBinding, last);
    *name = IR_AS(IrVar, b->var)->name;
    *si = b->var->sinfo;
    *at = b->var->span;
    Node *val;
    if (last->kind == NK_VAR_BINDING && is_leaf(b->value)) {
      val = b->value;
    } else {
      char buf[300];
      snprintf(buf, sizeof buf, "%s%s", *name, suffix);
      val = new_var(r, buf, b->var->span, b->var->sinfo, false);
      ptrvec_push(&seq.cur, binding(r, last->kind, val, b->value, b->sinfo, last->span));
    }
    res = seq_finish(r, val, sp);
  }
  if (!res) {
    ptrvec_free(&seq.blocks);
    ptrvec_free(&seq.cur);
  }
  r->seq = saved;
  return res;
}

static void stmt_if(RxCtx *r, const PyStmt *s) {
  ScriptParser *p = r->p;
  if (r->seq->dataflow) {
    sp_err(p, s->span, "an if cannot appear inside a dataflow block");
    return;
  }
  if (!s->orelse.len) {
    sp_err(p, s->span, "an if statement in a Relax function needs an else branch");
    return;
  }
  Node *cond = normalize(r, rxp_expr(r, s->test));
  if (!cond) return;
  const char *tn = NULL, *en = NULL;
  Node *ts = NULL, *es = NULL;
  Span tat = s->span, eat = s->span;
  Node *t = branch(r, &s->body, s->span, "_then", &tn, &ts, &tat);
  Node *f = branch(r, &s->orelse, s->span, "_else", &en, &es, &eat);
  if (t && f && tn != en)
    sp_err(p, eat, "both branches must end by assigning the same variable (the then branch assigns '%s', "
                   "the else branch '%s')", tn, en);
  if (!t || !f || tn != en) {
    if (tn) define_poison(r, tn, tat);
    if (en) define_poison(r, en, eat);
    return;
  }
  Node *n = ir_alloc(p->cx, NK_RX_IF, s->span);
  IR_AS(IrSelect, n)->cond = cond;
  IR_AS(IrSelect, n)->t = t;
  IR_AS(IrSelect, n)->f = f;
  n->sinfo = ts && es && ir_struct_equal(ts, es) ? ts : NULL;
  n = ir_finish(p->cx, n);
  Node *var = new_var(r, tn, s->span, n->sinfo, false);
  ptrvec_push(&r->seq->cur, binding(r, NK_VAR_BINDING, var, n, NULL, s->span));
  sp_define(p, tn, var);
}

static void stmt_func_attr(RxCtx *r, const PyExpr *call) {
  if (!r->func_attrs) {
    sp_err(r->p, call->span, "R.func_attr belongs directly in a function body");
    return;
  }
  if (call->nitems != 1 || call->nkws || call->items[0]->kind != PY_DICT) {
    sp_err(r->p, call->span, "R.func_attr expects one dict argument");
    return;
  }
  Node *m = attr_value(r, call->items[0]);
  if (!m) return;
  NodeList l = IR_AS(IrArray, m)->items;
  for (int32_t i = 0; i < l.n; i++) ptrvec_push(r->func_attrs, l.v[i]);
}

/* Is v void, as far as TVM would infer?  A call to an op of the operator
 * table whose struct info we cannot infer yet returns a value unless its
 * sinfo_args say it is void; other unknown results are taken as void. */
static bool is_void_value(const Node *v, const Node *unit) {
  if (v->sinfo) return ir_struct_equal(v->sinfo, unit);
  if (v->kind != NK_RX_CALL) return true;
  const IrRxCall *c = IR_AS(IrRxCall, v);
  if (c->op->kind != NK_RX_OP || !rx_op_find_op(IR_AS(IrStr, c->op)->value)) return true;
  return c->sinfo_args.n && ir_struct_equal(c->sinfo_args.v[0], unit);
}

/* A bare expression statement: a call whose (void) result is bound to `_`. */
static void stmt_expr(RxCtx *r, const PyStmt *s) {
  const PyExpr *e = s->value;
  if (e->kind == PY_STR) return; /* docstring */
  if (is_r_call(e, "func_attr")) {
    stmt_func_attr(r, e);
    return;
  }
  if (r->seq->dataflow) {
    sp_err(r->p, s->span, "only bindings and a final R.output(...) may appear in a dataflow block");
    return;
  }
  if (e->kind != PY_CALL) {
    sp_err(r->p, s->span, "a Relax expression statement must be a call (bind other values to a name)");
    return;
  }
  Node *v = rxp_expr(r, e);
  if (!v) return;
  Node *unit = rxp_si_tuple(r->p->cx, ir_list_empty());
  if (!is_void_value(v, unit)) {
    /* TVM emits the value as `_` and rejects it unless it is void. */
    StrBuf sb = {0};
    ScriptPrinter pr = {0};
    pr.out = &sb;
    if (v->sinfo) rx_print_sinfo(&pr, v->sinfo);
    sp_err(r->p, s->span, "non-void expression must be bound to a variable%s%s%s",
           v->sinfo ? " (its struct info is " : "", v->sinfo ? sb.data : "", v->sinfo ? ")" : "");
    pr_reset(&pr);
    sb_free(&sb);
    return;
  }
  if (!v->sinfo) v->sinfo = unit;
  Node *var = new_var(r, "_", s->span, unit, false);
  ptrvec_push(&r->seq->cur, binding(r, NK_VAR_BINDING, var, v, NULL, s->span));
}

static void stmt_def(RxCtx *r, const PyStmt *s) {
  if (r->seq->dataflow) {
    sp_err(r->p, s->span, "a local function cannot be defined inside a dataflow block");
    return;
  }
  bool relax = false;
  for (int32_t i = 0; i < s->ndecorators; i++) {
    const PyExpr *d = s->decorators[i]->kind == PY_CALL ? s->decorators[i]->a : s->decorators[i];
    if (py_is_name(d, "R", "function")) relax = true;
    if (py_is_name(d, "T", "prim_func")) {
      sp_err(r->p, s->span, "a PrimFunc cannot be defined inside a Relax function");
      return;
    }
  }
  if (!relax) {
    sp_err(r->p, s->span, "a local function needs the @R.function decorator");
    return;
  }
  Node *f = parse_function(r, s, true);
  if (!f) {
    define_poison(r, s->name, s->span);
    return;
  }
  Node *var = new_var(r, s->name, s->span, f->sinfo, false);
  ptrvec_push(&r->seq->cur, binding(r, NK_VAR_BINDING, var, f, NULL, s->span));
  sp_define(r->p, s->name, var);
}

/* The statements of a body; for a function, the last must be `return`. */
static void parse_stmts(RxCtx *r, const PyBody *body, bool is_func, Node **ret) {
  for (int32_t i = 0; i < body->len; i++) {
    const PyStmt *s = body->stmts[i];
    switch (s->kind) {
    case PYS_ASSIGN:
    case PYS_ANNASSIGN: stmt_assign(r, s, i); break;
    case PYS_EXPR: stmt_expr(r, s); break;
    case PYS_PASS: break;
    case PYS_IF: stmt_if(r, s); break;
    case PYS_FUNCDEF: stmt_def(r, s); break;
    case PYS_WITH:
      if (is_r_call(s->test, "dataflow") && !s->test->nitems && !s->test->nkws)
        stmt_dataflow(r, s);
      else
        sp_err(r->p, s->test->span, "the only `with` in a Relax function is `with R.dataflow():`");
      break;
    case PYS_RETURN:
      if (!is_func) {
        sp_err(r->p, s->span, "return is only allowed at the end of a function body");
      } else if (i != body->len - 1) {
        sp_err(r->p, body->stmts[i + 1]->span, "statements after return");
      } else if (!s->value) {
        sp_err(r->p, s->span, "a Relax function must return a value");
      } else {
        *ret = normalize(r, rxp_expr(r, s->value));
      }
      break;
    case PYS_WHILE: sp_err(r->p, s->span, "while loops are not supported in Relax functions"); break;
    case PYS_FOR: sp_err(r->p, s->span, "for loops are not supported in Relax functions"); break;
    default:
      sp_err(r->p, s->span, "this statement is not allowed in a Relax function");
      break;
    }
  }
}

/* ---- functions ------------------------------------------------------------- */

static bool decorator_flags(RxCtx *r, const PyStmt *def, bool *pure, bool *priv) {
  *pure = true;
  *priv = false;
  for (int32_t i = 0; i < def->ndecorators; i++) {
    const PyExpr *d = def->decorators[i];
    if (d->kind != PY_CALL || !py_is_name(d->a, "R", "function")) continue;
    if (d->nitems) return sp_err(r->p, d->span, "@R.function takes keyword arguments only"), false;
    for (int32_t k = 0; k < d->nkws; k++) {
      const PyKeyword *kw = &d->kws[k];
      bool is_bool = kw->value->kind == PY_TRUE || kw->value->kind == PY_FALSE;
      if (!strcmp(kw->name, "pure") || !strcmp(kw->name, "private") || !strcmp(kw->name, "check_well_formed")) {
        if (!is_bool) return sp_err(r->p, kw->value->span, "%s= must be True or False", kw->name), false;
        if (!strcmp(kw->name, "pure")) *pure = kw->value->kind == PY_TRUE;
        if (!strcmp(kw->name, "private")) *priv = kw->value->kind == PY_TRUE;
      } else {
        return sp_err(r->p, kw->span, "@R.function got an unexpected keyword argument '%s' (expected pure, "
                                      "private)", kw->name), false;
      }
    }
  }
  return true;
}

/* The span of the `def` keyword (a definition's span starts at its first
 * decorator). */
static Span def_keyword(const PyStmt *def) {
  Span sp = def->span;
  if (!def->ndecorators || !sp.file) return sp;
  const char *t = sp.file->text;
  uint32_t i = def->decorators[def->ndecorators - 1]->span.hi, end = sp.hi;
  while (i < end) {
    if (t[i] == '#') {
      while (i < end && t[i] != '\n') i++;
    } else if (!strncmp(t + i, "def", 3)) {
      return (Span){sp.file, i, i + 3};
    } else {
      i++;
    }
  }
  return sp;
}

static Node *parse_function(RxCtx *outer, const PyStmt *def, bool nested) {
  ScriptParser *p = outer->p;
  bool pure, priv;
  if (!decorator_flags(outer, def, &pure, &priv)) return NULL;
  if (!sp_enter(p, def->span)) return NULL;
  RxCtx r = *outer;
  r.func_depth = nested ? outer->func_depth + 1 : 0;
  r.outputs = NULL;
  r.df_body = NULL;
  r.nlv = r.ngv = 0;
  int32_t before = diag_errors(p->diag);
  sp_push(p);
  rxp_declare_sig_vars(&r, def);
  r.in_sig = true;
  PtrVec params = {0}, psi = {0}, attrs = {0};
  for (int32_t i = 0; i < def->nparams; i++) {
    const PyParam *pa = &def->params[i];
    if (!pa->annotation) {
      sp_err(p, pa->span, "parameter '%s' needs a struct info annotation", pa->name);
      continue;
    }
    if (pa->default_value) sp_err(p, pa->default_value->span, "Relax parameters take no default values");
    for (int32_t j = 0; j < i; j++)
      if (def->params[j].name == pa->name) sp_err(p, pa->span, "duplicate parameter '%s'", pa->name);
    Node *si = rxp_sinfo(&r, pa->annotation);
    if (!si) {
      define_poison(&r, pa->name, pa->span);
      continue;
    }
    Node *v = new_var(&r, pa->name, pa->span, si, false);
    ptrvec_push(&params, v);
    ptrvec_push(&psi, si);
    sp_define(p, pa->name, v);
  }
  Node *ret = def->returns ? rxp_sinfo(&r, def->returns) : NULL;
  r.in_sig = false;
  RxSeq seq = {{0}, {0}, false};
  r.seq = &seq;
  r.func_attrs = &attrs;
  Node *body = NULL;
  parse_stmts(&r, &def->body, true, &body);
  if (!body && diag_errors(p->diag) == before)
    sp_err(p, def_keyword(def), "a Relax function must end with a return statement");
  Node *f = NULL;
  if (diag_errors(p->diag) == before) {
    IrCtx *cx = p->cx;
    /* The implicit global_symbol goes last, where a reparse of the printed
     * form (which omits it) puts it back. */
    bool has_gs = false;
    for (int32_t i = 0; i < attrs.len; i++) {
      const IrBinary *kv = IR_AS(IrBinary, attrs.data[i]);
      if (strcmp(IR_AS(IrStr, kv->a)->value, "global_symbol")) continue;
      has_gs = true;
      if (!nested && kv->b && kv->b->kind == NK_STRING && !strcmp(IR_AS(IrStr, kv->b)->value, def->name)) {
        void *gs = attrs.data[i];
        memmove(attrs.data + i, attrs.data + i + 1, sizeof(void *) * (size_t)(attrs.len - i - 1));
        attrs.data[attrs.len - 1] = gs;
        break;
      }
    }
    if (!nested && !priv && !has_gs)
      ptrvec_push(&attrs, pair(cx, ir_string(cx, "global_symbol"), ir_string(cx, def->name)));
    Node *seqn = seq_finish(&r, body, def->span);
    f = ir_alloc(cx, NK_RX_FUNC, def->span);
    IrFunction *fn = IR_AS(IrFunction, f);
    fn->params = ir_list_from_vec(cx, &params);
    fn->body = seqn;
    fn->ret_sinfo = ret ? ret : body->sinfo;
    fn->is_pure = pure;
    fn->attrs = ir_list_from_vec(cx, &attrs);
    bool known = fn->ret_sinfo != NULL;
    f->sinfo = rxp_si_func(cx, ir_list_from_vec(cx, &psi), known ? fn->ret_sinfo : rxp_si_object(cx), pure, false);
    f = ir_finish(cx, f);
  } else {
    ptrvec_free(&seq.blocks);
    ptrvec_free(&seq.cur);
  }
  sp_pop(p);
  sp_leave(p);
  ptrvec_free(&params);
  ptrvec_free(&psi);
  ptrvec_free(&attrs);
  return f;
}

Node *rx_parse_signature(ScriptParser *p, const PyStmt *def) {
  if (!def->returns) return NULL;
  DiagCtx tmp, *saved = p->diag;
  diag_init(&tmp);
  p->diag = &tmp;
  RxCtx r = {0};
  r.p = p;
  bool pure, priv, ok = decorator_flags(&r, def, &pure, &priv);
  PtrVec psi = {0};
  sp_push(p);
  rxp_declare_sig_vars(&r, def);
  r.in_sig = true;
  for (int32_t i = 0; ok && i < def->nparams; i++) {
    Node *si = def->params[i].annotation ? rxp_sinfo(&r, def->params[i].annotation) : NULL;
    if (si) ptrvec_push(&psi, si);
    else ok = false;
  }
  Node *ret = ok ? rxp_sinfo(&r, def->returns) : NULL;
  sp_pop(p);
  p->diag = saved;
  Node *f = NULL;
  if (ret && !diag_errors(&tmp)) f = rxp_si_func(p->cx, ir_list_from_vec(p->cx, &psi), ret, pure, false);
  ptrvec_free(&psi);
  diag_free(&tmp);
  return f;
}

Node *rx_parse_function(ScriptParser *p, const PyStmt *def) {
  RxCtx r = {0};
  PtrMap poison = {0};
  StrMap df_gone = {0};
  r.p = p;
  r.poison = &poison;
  r.df_gone = &df_gone;
  Node *f = parse_function(&r, def, false);
  ptrmap_free(&poison);
  strmap_free(&df_gone);
  return f;
}
