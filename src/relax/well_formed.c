/*
 * well_formed.c — is a Relax function well formed?  (The rules are listed
 * at rx_check_function in relax.h; they follow Apache TVM's
 * relax/analysis/well_formed.cc, reporting every problem instead of the
 * first.)  One walk over the function keeps the relax vars and symbolic
 * (TIR) vars in scope, runs struct-info inference binding by binding
 * (struct_info.c) and compares the result with the annotations.
 */
#include "relax.h"

#include <string.h>

#include "../ir/check.h"

typedef struct Wf {
  IrCtx *cx;
  DiagCtx *diag;
  const Node *mod;
  RxEnv env;         /* inferred struct info of unannotated vars */
  const char *fname; /* the top-level function, for messages */
  PtrMap defined;    /* relax var -> non-NULL while in scope */
  PtrMap ever;       /* relax vars bound anywhere so far */
  PtrVec stack;      /* definitions, innermost last, for leaving scopes */
  PtrMap sym;        /* TIR var -> non-NULL while defined */
  PtrVec sym_stack;
  PtrMap dfblock;    /* dataflow var -> the dataflow block binding it */
  const Node *df;    /* the dataflow block being walked, or NULL */
  const Node *result; /* the SeqExpr whose body is the function's result */
  bool in_result;     /* walking that result expression */
  Span span;         /* the innermost binding, call, tuple... or function span */
  const char *cur;   /* the function being checked (nested: its var's name) */
  const char *next;  /* the name the next nested function is bound to */
  bool pure;         /* it must not contain impure calls */
} Wf;

static void err(Wf *w, const Node *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void err(Wf *w, const Node *at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_vadd(w->diag, DIAG_ERROR, at && at->span.file ? at->span : w->span, fmt, ap);
  va_end(ap);
}

/* A use of a var: vars are shared by all their uses and their own
 * span is their definition, so the use is found by name inside the innermost
 * enclosing span. */
static const char *vname(const Node *v);
static void err_use(Wf *w, const Node *v, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void err_use(Wf *w, const Node *v, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  Span sp = w->span.file ? ir_span_find_name(w->span, vname(v)) : v->span;
  diag_vadd(w->diag, DIAG_ERROR, sp, fmt, ap);
  va_end(ap);
}

static const char *vname(const Node *v) {
  if (!v || (!ir_is_rx_var(v) && v->kind != NK_GLOBAL_VAR && !ir_is_tir_var(v))) return "?";
  const char *n = IR_AS(IrVar, v)->name;
  return n ? n : "?";
}

static Span span_or(const Node *n, Span fallback) { return n && n->span.file ? n->span : fallback; }

/* ---- scopes ---------------------------------------------------------------- */

static void leave(Wf *w, int32_t mark, int32_t sym_mark) {
  while (w->stack.len > mark) ptrmap_put(&w->defined, ptrvec_pop(&w->stack), NULL);
  while (w->sym_stack.len > sym_mark) ptrmap_put(&w->sym, ptrvec_pop(&w->sym_stack), NULL);
}

static void define_var(Wf *w, Node *v) {
  if (!ir_is_rx_var(v)) {
    err(w, v, "a binding must bind a relax variable");
    return;
  }
  if (ptrmap_has(&w->ever, v)) err(w, v, "duplicate definition of '%s' in function '%s'", vname(v), w->fname);
  if (v->kind == NK_RX_DFVAR) {
    if (!w->df)
      err(w, v, "dataflow variable '%s' is defined outside a dataflow block", vname(v));
    else
      ptrmap_put(&w->dfblock, v, (void *)w->df);
  }
  ptrmap_put(&w->ever, v, v);
  ptrmap_put(&w->defined, v, v);
  ptrvec_push(&w->stack, v);
}

static void define_sym(Wf *w, Node *v) {
  if (!ir_is_tir_var(v) || ptrmap_get(&w->sym, v)) return;
  ptrmap_put(&w->sym, v, v);
  ptrvec_push(&w->sym_stack, v);
}

static void use_var(Wf *w, Node *v) {
  if (v->kind == NK_RX_DFVAR) {
    const Node *blk = ptrmap_get(&w->dfblock, v);
    if (blk && blk != w->df) {
      if (w->in_result)
        err_use(w, v,
                "dataflow variable '%s' used outside its dataflow block, as the result of function "
                "'%s' (list it in R.output to use it after the block)",
                vname(v), w->cur);
      else
        err_use(w, v,
                "dataflow variable '%s' used outside its dataflow block (list it in R.output to use "
                "it after the block)",
                vname(v));
      return;
    }
  }
  if (!ptrmap_get(&w->defined, v)) err_use(w, v, "variable '%s' is used before it is defined", vname(v));
}

/* ---- symbolic vars ---------------------------------------------------------- */

typedef struct SymUse {
  Wf *w;
  const Node *at;
} SymUse;

static bool sym_use_cb(Node *n, void *ud) {
  SymUse *u = ud;
  if (ir_is_tir_var(n) && !ptrmap_get(&u->w->sym, n)) {
    Span within = u->at && u->at->span.file ? u->at->span : u->w->span;
    diag_error(u->w->diag, ir_span_find_name(within, vname(n)),
               "symbolic variable '%s' is used before it is defined", vname(n));
  }
  return !ir_is_rx_var(n) && n->kind != NK_BUFFER;
}

static void use_prim(Wf *w, Node *e, const Node *at) {
  SymUse u = {w, at};
  if (e) ir_walk(e, sym_use_cb, &u);
}

static void use_dims(Wf *w, NodeList l, const Node *at) {
  for (int32_t i = 0; i < l.n; i++) use_prim(w, l.v[i], at);
}

static void define_dims(Wf *w, NodeList l) {
  for (int32_t i = 0; i < l.n; i++) define_sym(w, l.v[i]);
}

/* Bare-var dimensions (and prim values) of a parameter or match_cast target
 * define their symbolic vars on first occurrence. */
static void sinfo_define(Wf *w, const Node *si) {
  if (!si) return;
  switch (si->kind) {
  case NK_SI_PRIM: define_sym(w, IR_AS(IrUnary, si)->a); break;
  case NK_SI_SHAPE: define_dims(w, IR_AS(IrSIShape, si)->values); break;
  case NK_SI_TENSOR: {
    Node *s = IR_AS(IrSITensor, si)->shape;
    if (s && s->kind == NK_RX_SHAPE) define_dims(w, IR_AS(IrArray, s)->items);
    break;
  }
  case NK_SI_TUPLE: {
    NodeList l = IR_AS(IrArray, si)->items;
    for (int32_t i = 0; i < l.n; i++) sinfo_define(w, l.v[i]);
    break;
  }
  default: break;
  }
}

/* Every symbolic var the struct info uses must be defined. */
static void sinfo_use(Wf *w, const Node *si, const Node *at) {
  if (!si) return;
  switch (si->kind) {
  case NK_SI_PRIM: use_prim(w, IR_AS(IrUnary, si)->a, at); break;
  case NK_SI_SHAPE: use_dims(w, IR_AS(IrSIShape, si)->values, at); break;
  case NK_SI_TENSOR: {
    Node *s = IR_AS(IrSITensor, si)->shape;
    if (s && s->kind == NK_RX_SHAPE) use_dims(w, IR_AS(IrArray, s)->items, at);
    else if (s && ir_is_rx_var(s)) use_var(w, s);
    break;
  }
  case NK_SI_TUPLE: {
    NodeList l = IR_AS(IrArray, si)->items;
    for (int32_t i = 0; i < l.n; i++) sinfo_use(w, l.v[i], at);
    break;
  }
  case NK_SI_FUNC: {
    /* a callable's parameters bind their own vars, as a function's do */
    const IrSIFunc *f = IR_AS(IrSIFunc, si);
    int32_t sym_mark = w->sym_stack.len;
    for (int32_t i = 0; i < f->params.n; i++) sinfo_define(w, f->params.v[i]);
    for (int32_t i = 0; i < f->params.n; i++) sinfo_use(w, f->params.v[i], at);
    sinfo_use(w, f->ret, at);
    leave(w, w->stack.len, sym_mark);
    break;
  }
  default: break;
  }
}

/* ---- expressions ------------------------------------------------------------ */

static void visit_expr(Wf *w, Node *e);
static void visit_seq(Wf *w, Node *seq);
static void check_func(Wf *w, Node *fn);

static Node *lookup_global(Wf *w, const Node *gv) {
  return rx_module_func(w->mod, IR_AS(IrVar, gv)->name);
}

static void undefined_global(Wf *w, const Node *gv) {
  Span at = w->span.file ? ir_span_find_global(w->span, vname(gv)) : gv->span;
  if (w->mod)
    diag_error(w->diag, at, "the module has no function named '%s'", vname(gv));
  else
    diag_error(w->diag, at, "global function '%s' is not defined (a bare function has no module)", vname(gv));
}

/* A callee GlobalVar: defined in the module?  Returns its function. */
static Node *use_callee(Wf *w, const Node *gv) {
  Node *f = lookup_global(w, gv);
  if (!f) undefined_global(w, gv);
  return f;
}

static bool is_op(const char *name, const char *a) { return name && !strcmp(name, a); }

/* The buffer a PrimFunc's buffer_map gives parameter i, or NULL. */
static const Node *param_buffer(const Node *pf, int32_t i) {
  const IrPrimFunc *f = IR_AS(IrPrimFunc, pf);
  const Node *p = i < f->params.n ? f->params.v[i] : NULL;
  for (int32_t k = 0; p && k < f->buffer_map.n; k++) {
    const Node *pair = f->buffer_map.v[k];
    if (pair && pair->kind == NK_PAIR && IR_AS(IrBinary, pair)->a == p) {
      const Node *b = IR_AS(IrBinary, pair)->b;
      return b && b->kind == NK_BUFFER ? b : NULL;
    }
  }
  return NULL;
}

/* A tensor passed to (or returned through) PrimFunc parameter i: its rank
 * and dtype, when known, are the buffer's.  what: "argument 1 ('x')". */
static void check_tir_buffer(Wf *w, Span at, const Node *pf, const char *callee, int32_t i,
                             const Node *si, const char *what) {
  const Node *b = param_buffer(pf, i);
  if (!b || !si || si->kind != NK_SI_TENSOR) return;
  const char *bn = IR_AS(IrBuffer, b)->name ? IR_AS(IrBuffer, b)->name : "?";
  int64_t nd = IR_AS(IrSITensor, si)->ndim, bnd = IR_AS(IrBuffer, b)->shape.n;
  if (nd >= 0 && nd != bnd)
    diag_error(w->diag, at,
               "rank mismatch: %s of R.call_tir is a %lld-d tensor, but parameter '%s' of '%s' is a "
               "%lld-d buffer",
               what, (long long)nd, bn, callee, (long long)bnd);
  else if (!dtype_is_void(si->dtype) && !dtype_eq(si->dtype, b->dtype))
    diag_error(w->diag, at, "dtype mismatch: %s of R.call_tir is %s, but parameter '%s' of '%s' is a %s buffer",
               what, dtype_str(si->dtype), bn, callee, dtype_str(b->dtype));
}

/* Inputs and outputs of R.call_tir against the PrimFunc's buffers (TVM
 * derives the callee's struct info from its buffer_map). */
static void check_tir_buffers(Wf *w, Node *call, const Node *pf, const char *callee, const Node *in,
                              const Node *out) {
  NodeList args = IR_AS(IrArray, in)->items;
  Span tuple_span = in->span.file ? in->span : w->span;
  char what[160];
  for (int32_t i = 0; i < args.n; i++) {
    Node *a = args.v[i];
    if (!a) continue;
    Span at = ir_is_rx_var(a) ? ir_span_find_name(tuple_span, vname(a)) : span_or(a, tuple_span);
    if (ir_is_rx_var(a))
      snprintf(what, sizeof what, "argument %d ('%s')", (int)i + 1, vname(a));
    else
      snprintf(what, sizeof what, "argument %d", (int)i + 1);
    check_tir_buffer(w, at, pf, callee, i, rx_env_infer(&w->env, a), what);
  }
  bool tuple = out->kind == NK_SI_TUPLE;
  NodeList outs = tuple ? IR_AS(IrArray, out)->items : (NodeList){(Node **)&out, 1};
  for (int32_t k = 0; k < outs.n; k++) {
    snprintf(what, sizeof what, "output %d (out_sinfo)", (int)k + 1);
    check_tir_buffer(w, span_or(call, w->span), pf, callee, args.n + k, outs.v[k], what);
  }
}

/* R.call_tir(gv, (args), out_sinfo[, tir_vars]): the callee is a PrimFunc
 * taking inputs + outputs + tir_vars parameters. */
static void check_call_tir(Wf *w, Node *call, const char *name) {
  const IrRxCall *c = IR_AS(IrRxCall, call);
  Node *gv = c->args.n > 0 ? c->args.v[0] : NULL;
  if (!gv || gv->kind != NK_GLOBAL_VAR) {
    err(w, call, "R.%s expects a global PrimFunc as its first argument", name);
  } else {
    Node *f = use_callee(w, gv);
    if (f && f->kind != NK_PRIM_FUNC)
      err(w, call, "R.%s calls '%s', which is a %s, not a PrimFunc", name, vname(gv),
          f->kind == NK_RX_FUNC ? "Relax function" : "external function");
    Node *in = c->args.n > 1 ? c->args.v[1] : NULL;
    Node *tv = c->args.n > 2 ? c->args.v[2] : NULL;
    if (f && f->kind == NK_PRIM_FUNC && is_op(name, "call_tir") && in && in->kind == NK_RX_TUPLE &&
        c->sinfo_args.n == 1 && c->sinfo_args.v[0] && (!tv || tv->kind == NK_RX_SHAPE)) {
      const Node *out = c->sinfo_args.v[0];
      int32_t nin = IR_AS(IrArray, in)->items.n;
      int32_t nout = out->kind == NK_SI_TUPLE ? IR_AS(IrArray, out)->items.n : 1;
      int32_t nvar = tv ? IR_AS(IrArray, tv)->items.n : 0;
      int32_t np = IR_AS(IrPrimFunc, f)->params.n;
      if (nin + nout + nvar != np)
        err(w, call,
            "R.call_tir passes %d input%s, %d output%s and %d tir_vars to '%s', but the PrimFunc "
            "takes %d parameters",
            (int)nin, nin == 1 ? "" : "s", (int)nout, nout == 1 ? "" : "s", (int)nvar, vname(gv), (int)np);
      else
        check_tir_buffers(w, call, f, vname(gv), in, out);
    }
  }
  if (c->sinfo_args.n != 1) err(w, call, "R.%s needs exactly one out_sinfo", name);
  for (int32_t i = 1; i < c->args.n; i++) visit_expr(w, c->args.v[i]);
}

/* A call of a function with known parameters: count and provable
 * mismatches of the arguments. */
static void check_args(Wf *w, Node *call, const char *callee, NodeList params, bool are_vars) {
  const IrRxCall *c = IR_AS(IrRxCall, call);
  if (params.n != c->args.n) {
    err(w, call, "function '%s' takes %d argument%s but is called with %d", callee, (int)params.n,
        params.n == 1 ? "" : "s", (int)c->args.n);
    return;
  }
  for (int32_t i = 0; i < params.n; i++) {
    Node *p = params.v[i];
    if (!p) continue;
    Node *psi = are_vars ? p->sinfo : p;
    StrBuf why = {0};
    if (rx_sinfo_base_check(w->cx, psi, rx_env_infer(&w->env, c->args.v[i]), &why) == RX_BASE_FAIL_KIND) {
      if (are_vars)
        err(w, call, "argument %d of the call to '%s' does not match parameter '%s': %s", (int)i + 1,
            callee, vname(p), why.data ? why.data : "");
      else
        err(w, call, "argument %d of the call to '%s' does not match its parameter: %s", (int)i + 1,
            callee, why.data ? why.data : "");
    }
    sb_free(&why);
  }
}

/* How a callee reads in TVMScript, for messages: R.print, R.call_packed,
 * cls.f, f. */
static const char *callee_label(Wf *w, const Node *call, char *buf, size_t n) {
  const Node *op = IR_AS(IrRxCall, call)->op;
  const char *name = rx_call_op_name(call);
  if (name) snprintf(buf, n, "R.%s", name);
  else if (op->kind == NK_RX_EXTERN) snprintf(buf, n, "R.call_packed");
  else if (op->kind == NK_GLOBAL_VAR && w->mod) snprintf(buf, n, "cls.%s", vname(op));
  else if (op->kind == NK_GLOBAL_VAR || ir_is_rx_var(op)) snprintf(buf, n, "%s", vname(op));
  else snprintf(buf, n, "a %s", ir_kind_name(op->kind));
  return buf;
}

/* TVM's purity rules: no impure call inside a dataflow block, none in a pure
 * function (unless it has the attribute relax.force_pure). */
static void check_purity(Wf *w, Node *call) {
  if (!w->df && !w->pure) return;
  if (rx_call_purity(&w->env, call) != 0) return;
  char label[160];
  callee_label(w, call, label, sizeof label);
  const Node *op = IR_AS(IrRxCall, call)->op;
  const char *hint = op->kind == NK_RX_EXTERN
                         ? ", or call a packed function without side effects through R.call_pure_packed"
                         : "";
  if (w->df)
    err(w, call,
        "impure call '%s' is not allowed inside a dataflow block (function '%s'); move it out of "
        "the block",
        label, w->cur);
  if (w->pure)
    err(w, call, "impure call '%s' in a pure function '%s' (declare the function @R.function(pure=False)%s)",
        label, w->cur, hint);
}

static void visit_call(Wf *w, Node *call) {
  const IrRxCall *c = IR_AS(IrRxCall, call);
  const char *name = rx_call_op_name(call);
  if (c->op) check_purity(w, call);
  for (int32_t i = 0; i < c->sinfo_args.n; i++) sinfo_use(w, c->sinfo_args.v[i], call);
  if (is_op(name, "call_tir") || is_op(name, "call_tir_inplace") || is_op(name, "call_tir_with_grad")) {
    check_call_tir(w, call, name);
    return;
  }
  if (is_op(name, "call_dps_packed") && (c->args.n < 1 || c->args.v[0]->kind != NK_RX_EXTERN) &&
      (c->args.n < 1 || c->args.v[0]->kind != NK_GLOBAL_VAR))
    err(w, call, "R.call_dps_packed expects the name of a packed function as its first argument");
  Node *op = c->op;
  if (!op) {
    err(w, call, "a call needs a callee");
  } else if (op->kind == NK_GLOBAL_VAR) {
    Node *f = use_callee(w, op);
    if (f && f->kind == NK_RX_FUNC) check_args(w, call, vname(op), IR_AS(IrFunction, f)->params, true);
  } else {
    visit_expr(w, op);
    if (ir_is_rx_var(op)) {
      Node *fs = rx_env_var_sinfo(&w->env, op);
      if (fs->kind == NK_SI_FUNC && !IR_AS(IrSIFunc, fs)->opaque)
        check_args(w, call, vname(op), IR_AS(IrSIFunc, fs)->params, false);
    }
  }
  for (int32_t i = 0; i < c->args.n; i++) visit_expr(w, c->args.v[i]);
}

static void visit_if(Wf *w, Node *e) {
  const IrSelect *s = IR_AS(IrSelect, e);
  if (w->df) err(w, e, "R.If is not allowed inside a dataflow block");
  visit_expr(w, s->cond);
  bool unknown;
  Node *csi = rx_env_infer(&w->env, s->cond);
  if (!rx_sinfo_is_bool_scalar(csi, &unknown) && !unknown)
    err(w, s->cond && s->cond->span.file ? s->cond : e,
        "the condition of an if must be a bool scalar (R.Prim(\"bool\") or a 0-d bool tensor), "
        "not a %s",
        rx_sinfo_kind_name(csi));
  Node *branches[2] = {s->t, s->f};
  for (int k = 0; k < 2; k++) {
    int32_t mark = w->stack.len, sym_mark = w->sym_stack.len;
    visit_seq(w, branches[k]);
    leave(w, mark, sym_mark);
  }
}

static void visit_expr(Wf *w, Node *e) {
  if (!e) return;
  /* the innermost expression with a span locates the var uses below it */
  Span saved = w->span;
  if (e->span.file && (e->kind == NK_RX_CALL || e->kind == NK_RX_TUPLE || e->kind == NK_RX_GETITEM ||
                       e->kind == NK_RX_SHAPE || e->kind == NK_RX_PRIM))
    w->span = e->span;
  switch (e->kind) {
  case NK_RX_VAR:
  case NK_RX_DFVAR: use_var(w, e); break;
  case NK_GLOBAL_VAR:
    if (!lookup_global(w, e)) undefined_global(w, e);
    break;
  case NK_RX_TUPLE: {
    NodeList l = IR_AS(IrArray, e)->items;
    for (int32_t i = 0; i < l.n; i++) visit_expr(w, l.v[i]);
    break;
  }
  case NK_RX_GETITEM: visit_expr(w, IR_AS(IrGetItem, e)->tuple); break;
  case NK_RX_CALL: visit_call(w, e); break;
  case NK_RX_IF: visit_if(w, e); break;
  case NK_RX_SEQ: {
    int32_t mark = w->stack.len, sym_mark = w->sym_stack.len;
    visit_seq(w, e);
    leave(w, mark, sym_mark);
    break;
  }
  case NK_RX_FUNC: check_func(w, e); break;
  case NK_RX_SHAPE: {
    NodeList l = IR_AS(IrArray, e)->items;
    use_dims(w, l, e);
    for (int32_t i = 0; i < l.n; i++)
      if (l.v[i] && !dtype_is_int(l.v[i]->dtype) && !dtype_is_uint(l.v[i]->dtype))
        err(w, l.v[i]->span.file ? l.v[i] : e, "shape values must be integers, got %s",
            dtype_str(l.v[i]->dtype));
    break;
  }
  case NK_RX_PRIM: use_prim(w, IR_AS(IrUnary, e)->a, e); break;
  case NK_RX_CONST:
  case NK_RX_STR:
  case NK_RX_DTYPE:
  case NK_RX_EXTERN:
  case NK_RX_OP: break;
  default: err(w, e, "unexpected %s in a Relax expression", ir_kind_name(e->kind)); break;
  }
  w->span = saved;
}

/* ---- bindings --------------------------------------------------------------- */

static void visit_binding(Wf *w, Node *b) {
  const IrBinding *B = IR_AS(IrBinding, b);
  Node *var = B->var;
  Span saved = w->span;
  w->span = span_or(b, span_or(var, w->span));
  w->env.span = w->span;
  const char *vn = var && ir_is_rx_var(var) ? vname(var) : "?";
  bool recursive = B->value && B->value->kind == NK_RX_FUNC && ir_is_rx_var(var);
  if (recursive) ptrmap_put(&w->defined, var, var); /* a local function may call itself */
  if (recursive) w->next = vn;
  visit_expr(w, B->value);
  if (recursive) ptrmap_put(&w->defined, var, NULL);
  Node *inferred = rx_env_infer(&w->env, B->value);
  Node *declared = B->sinfo ? B->sinfo : var ? var->sinfo : NULL;
  StrBuf why = {0};
  if (b->kind == NK_MATCH_CAST) {
    if (!B->sinfo) err(w, b, "match_cast of '%s' needs a target struct info", vn);
    sinfo_define(w, B->sinfo);
    sinfo_use(w, B->sinfo, b);
    if (B->sinfo && rx_sinfo_base_check(w->cx, B->sinfo, inferred, &why) == RX_BASE_FAIL_KIND)
      err(w, b, "match_cast of '%s' can never succeed: the target and the value differ (%s)", vn, why.data);
  } else if (declared) {
    sinfo_use(w, declared, b);
    if (rx_sinfo_base_check(w->cx, declared, inferred, &why) == RX_BASE_FAIL_KIND)
      err(w, b, "binding '%s' is annotated as %s but its value is %s (%s)", vn,
          rx_sinfo_kind_name(declared), rx_sinfo_kind_name(inferred), why.data);
  }
  sb_free(&why);
  if (var) {
    define_var(w, var);
    if (ir_is_rx_var(var)) rx_env_set_var(&w->env, var, declared ? declared : inferred);
  }
  w->span = saved;
}

static void visit_seq(Wf *w, Node *seq) {
  if (!seq) return;
  if (seq->kind != NK_RX_SEQ) {
    visit_expr(w, seq);
    return;
  }
  const IrSeqExpr *s = IR_AS(IrSeqExpr, seq);
  for (int32_t i = 0; i < s->blocks.n; i++) {
    Node *blk = s->blocks.v[i];
    if (!blk || (blk->kind != NK_BINDING_BLOCK && blk->kind != NK_DATAFLOW_BLOCK)) {
      err(w, blk ? blk : seq, "expected a binding block");
      continue;
    }
    const Node *saved = w->df;
    w->df = blk->kind == NK_DATAFLOW_BLOCK ? blk : NULL;
    NodeList l = IR_AS(IrArray, blk)->items;
    for (int32_t j = 0; j < l.n; j++) {
      if (l.v[j] && (l.v[j]->kind == NK_VAR_BINDING || l.v[j]->kind == NK_MATCH_CAST))
        visit_binding(w, l.v[j]);
      else
        err(w, l.v[j] ? l.v[j] : blk, "expected a binding");
    }
    w->df = saved;
  }
  bool saved_res = w->in_result;
  w->in_result = seq == w->result;
  visit_expr(w, s->body);
  w->in_result = saved_res;
}

/* ---- functions -------------------------------------------------------------- */

/* R.func_attr({"relax.force_pure": True}) exempts a function from the rule. */
static bool force_pure(const IrFunction *f) {
  Node *v = ir_attrs_get(f->attrs, "relax.force_pure");
  int64_t x;
  return v && ir_is_const_int(v, &x) && x != 0;
}

/* The declared return struct info against what the body gives. */
static void check_return(Wf *w, Node *fn) {
  const IrFunction *f = IR_AS(IrFunction, fn);
  Node *body_si = rx_env_infer(&w->env, f->body);
  StrBuf why = {0};
  if (f->ret_sinfo && rx_sinfo_base_check(w->cx, f->ret_sinfo, body_si, &why) == RX_BASE_FAIL_KIND) {
    /* the value of `return`: the SeqExpr's result is a var or has no span */
    Span at = fn->span.file ? ir_span_return_value(fn->span) : w->span;
    diag_error(w->diag, at,
               "function '%s' returns a %s that does not match the annotated return type %s (%s)", w->cur,
               rx_sinfo_kind_name(body_si), rx_sinfo_kind_name(f->ret_sinfo), why.data ? why.data : "");
  }
  sb_free(&why);
}

static void check_func(Wf *w, Node *fn) {
  const IrFunction *f = IR_AS(IrFunction, fn);
  Span saved_span = w->span;
  w->span = span_or(fn, w->span);
  const char *saved_cur = w->cur;
  bool saved_pure = w->pure;
  w->cur = w->next ? w->next : w->cur ? "<local function>" : w->fname;
  w->next = NULL;
  w->pure = f->is_pure && !force_pure(f);
  /* symbolic vars do not cross function boundaries */
  PtrMap saved_sym = w->sym;
  PtrVec saved_sym_stack = w->sym_stack;
  memset(&w->sym, 0, sizeof(w->sym));
  memset(&w->sym_stack, 0, sizeof(w->sym_stack));
  const Node *saved_df = w->df;
  w->df = NULL;
  int32_t mark = w->stack.len;
  for (int32_t i = 0; i < f->params.n; i++)
    if (f->params.v[i]) sinfo_define(w, f->params.v[i]->sinfo);
  for (int32_t i = 0; i < f->params.n; i++) {
    Node *p = f->params.v[i];
    if (!p) continue;
    sinfo_use(w, p->sinfo, p);
    if (p->kind == NK_RX_DFVAR) err(w, p, "parameter '%s' must not be a dataflow variable", vname(p));
    else define_var(w, p);
  }
  sinfo_use(w, f->ret_sinfo, fn);
  const Node *saved_result = w->result;
  w->result = f->body;
  visit_seq(w, f->body);
  w->result = saved_result;
  check_return(w, fn);
  leave(w, mark, 0);
  ptrmap_free(&w->sym);
  ptrvec_free(&w->sym_stack);
  w->sym = saved_sym;
  w->sym_stack = saved_sym_stack;
  w->df = saved_df;
  w->span = saved_span;
  w->cur = saved_cur;
  w->pure = saved_pure;
}

int rx_check_function(IrCtx *cx, const Node *mod, const Node *func, const char *name, DiagCtx *diag) {
  int32_t before = diag_errors(diag);
  Wf w;
  memset(&w, 0, sizeof(w));
  w.cx = cx;
  w.diag = diag;
  w.mod = mod;
  w.fname = name ? name : "<anonymous>";
  w.span = func ? func->span : span_none();
  rx_env_init(&w.env, cx, mod, diag);
  w.env.walk_seq = false; /* the walk records every binding itself */
  if (!func || func->kind != NK_RX_FUNC)
    err(&w, func, "'%s' is not a Relax function", w.fname);
  else
    check_func(&w, (Node *)func);
  rx_env_free(&w.env);
  ptrmap_free(&w.defined);
  ptrmap_free(&w.ever);
  ptrmap_free(&w.dfblock);
  ptrvec_free(&w.stack);
  return diag_errors(diag) - before;
}
