/*
 * from_tir_stmt.c — TVMScript `@T.prim_func` bodies to TIR statements:
 * the function signature (buffer parameters as annotations or through
 * T.match_buffer), loops, blocks with their axes / reads / writes / init,
 * and the scoped statements (LetStmt, AssertStmt, AttrStmt, Allocate,
 * DeclBuffer, BufferRealize) in both spellings TVM prints: a `with` frame,
 * or the concise form whose scope is the rest of the enclosing body.
 *
 * Like TVM's parser, a function body that contains blocks is wrapped in an
 * implicit block "root" holding the function-level T.alloc_buffer calls.
 * Expressions are from_tir.c's.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tir_script.h"

/* The block being parsed: what its header statements collect. */
typedef struct Blk {
  PtrVec iter_vars, iter_values, allocs, matches;
  Node *predicate, *init;
  NodeList reads, writes, annotations;
  bool has_reads, has_writes; /* T.reads / T.writes given */
} Blk;

typedef struct TP {
  ScriptParser *p;
  Blk *blk;               /* innermost block, or NULL at function level */
  PtrVec root_allocs;     /* function-level T.alloc_buffer */
  PtrMap loop_dom;        /* loop var -> its Range, for T.axis.remap */
  PtrMap predeclared;     /* top-level `n = T.int64()` statements already run */
  PtrMap env_threads;     /* var of `x = T.env_thread("tag")` -> its tag (interned) */
  PtrMap detect;          /* Block -> which of reads (1) / writes (2) to detect */
  PtrVec params, buffer_map;
  NodeList func_attrs;
  bool top;               /* the function's own body, outside any frame */
} TP;

static Node *body(TP *t, const PyBody *b, int from);

static Node *mk_stmt(TP *t, NodeKind k, Span sp) { return ir_alloc(t->p->cx, k, sp); }

static Node *evaluate(TP *t, Node *v, Span sp) {
  Node *s = mk_stmt(t, NK_EVALUATE, sp);
  IR_AS(IrUnary, s)->a = v;
  return ir_finish(t->p->cx, s);
}

static bool is_t_call(const PyExpr *e, const char *name) {
  return e && e->kind == PY_CALL && py_is_name(e->a, "T", name);
}

/* T.axis.<kind>(...) */
static bool is_axis_call(const PyExpr *e, const char *kind) {
  return e && e->kind == PY_CALL && e->a->kind == PY_ATTR && !strcmp(e->a->name, kind) &&
         py_is_name(e->a->a, "T", "axis");
}

/* ---- variable declarations: n = T.int64(), p = T.handle("float32") ------- */

static Node *var_decl(TP *t, const PyExpr *e, const char *name) {
  if (!e || e->kind != PY_CALL || e->a->kind != PY_ATTR || !py_is_name(e->a->a, "T", NULL)) return NULL;
  const char *f = e->a->name;
  DType dt;
  const PyExpr *sz = py_kwarg(e, "is_size_var");
  bool size = sz && sz->kind == PY_TRUE;
  if (!strcmp(f, "handle") && e->nitems <= 2) {
    if (e->nitems == 0) return size ? ir_size_var(t->p->cx, name, DT_HANDLE) : ir_var(t->p->cx, name, DT_HANDLE);
    if (!tir_parse_dtype(t->p, e->items[0], &dt)) return NULL;
    const char *scope = "global";
    if (e->nitems == 2) {
      if (e->items[1]->kind != PY_STR) return sp_err(t->p, e->items[1]->span, "storage scope must be a string");
      scope = e->items[1]->str;
    }
    return tir_ptr_var(t->p->cx, name, dt, scope);
  }
  if (!strcmp(f, "var") && e->nitems == 1) {
    if (!tir_parse_dtype(t->p, e->items[0], &dt)) return NULL;
    return ir_var(t->p->cx, name, dt);
  }
  if (e->nitems == 0 && dtype_parse(f, &dt) && !dtype_is_void(dt))
    return size ? ir_size_var(t->p->cx, name, dt) : ir_var(t->p->cx, name, dt);
  return NULL;
}

static bool is_var_decl_expr(const PyExpr *e) {
  if (!e || e->kind != PY_CALL || e->a->kind != PY_ATTR || !py_is_name(e->a->a, "T", NULL)) return false;
  DType dt;
  const char *f = e->a->name;
  return (!strcmp(f, "handle") && e->nitems <= 2) || (!strcmp(f, "var") && e->nitems == 1) ||
         (e->nitems == 0 && dtype_parse(f, &dt));
}

/* `n = T.int64()` or `n, m = T.int64(), T.int64()`; false if s is not one. */
static bool is_var_decl_stmt(const PyStmt *s) {
  if (s->kind != PYS_ASSIGN) return false;
  if (s->target->kind == PY_NAME) return is_var_decl_expr(s->value);
  if (s->target->kind != PY_TUPLE || s->value->kind != PY_TUPLE || s->value->nitems != s->target->nitems)
    return false;
  for (int i = 0; i < s->target->nitems; i++)
    if (s->target->items[i]->kind != PY_NAME || !is_var_decl_expr(s->value->items[i])) return false;
  return true;
}

static bool run_var_decl(TP *t, const PyStmt *s) {
  int n = s->target->kind == PY_NAME ? 1 : s->target->nitems;
  for (int i = 0; i < n; i++) {
    const PyExpr *tg = n == 1 && s->target->kind == PY_NAME ? s->target : s->target->items[i];
    const PyExpr *v = s->target->kind == PY_NAME ? s->value : s->value->items[i];
    Node *var = var_decl(t, v, tg->name);
    if (!var) return false;
    sp_define(t->p, tg->name, var);
  }
  return true;
}

/* ---- block header statements --------------------------------------------- */

static Blk *need_block(TP *t, const PyExpr *e, const char *what) {
  if (!t->blk) sp_err(t->p, e->span, "%s is only allowed inside a block", what);
  return t->blk;
}

static bool regions(TP *t, const PyExpr *call, NodeList *out) {
  PtrVec rs = {0};
  const PyExpr *const *items = (const PyExpr *const *)call->items;
  int n = call->nitems;
  if (n == 1 && (items[0]->kind == PY_LIST || items[0]->kind == PY_TUPLE)) { /* older spelling */
    n = items[0]->nitems;
    items = (const PyExpr *const *)items[0]->items;
  }
  for (int i = 0; i < n; i++) {
    Node *r = tir_parse_region(t->p, items[i]);
    if (!r) return ptrvec_free(&rs), false;
    ptrvec_push(&rs, r);
  }
  *out = ir_list_from_vec(t->p->cx, &rs);
  ptrvec_free(&rs);
  return true;
}

static Node *axis_var(TP *t, const char *name, IterType it, Node *dom, Node *binding, Span sp) {
  Node *v = ir_var(t->p->cx, name, binding ? binding->dtype : IR_AS(IrRange, dom)->extent->dtype);
  Node *iv = ir_alloc(t->p->cx, NK_ITER_VAR, sp);
  IR_AS(IrIterVar, iv)->dom = dom;
  IR_AS(IrIterVar, iv)->var = v;
  IR_AS(IrIterVar, iv)->iter_type = it;
  IR_AS(IrIterVar, iv)->thread_tag = intern("");
  ptrvec_push(&t->blk->iter_vars, ir_finish(t->p->cx, iv));
  ptrvec_push(&t->blk->iter_values, binding);
  sp_define(t->p, name, v);
  return v;
}

/* vi = T.axis.spatial(dom, binding); dom is an extent or (min, max). */
static bool axis_stmt(TP *t, const PyExpr *target, const PyExpr *call) {
  static const char *kinds[] = {"spatial", "", "reduce", "scan", "opaque"};
  int k = 0;
  while (k < 5 && (!*kinds[k] || !is_axis_call(call, kinds[k]))) k++;
  if (k == 5) return sp_err(t->p, call->span, "unknown T.axis function"), false;
  if (target->kind != PY_NAME) return sp_err(t->p, target->span, "T.axis.%s defines one name", kinds[k]), false;
  if (call->nitems != 2 || call->nkws)
    return sp_err(t->p, call->span, "T.axis.%s takes (dom, binding)", kinds[k]), false;
  ScriptParser *p = t->p;
  Node *bind = tir_parse_expr(p, call->items[1]);
  if (!bind) return false;
  const PyExpr *d = call->items[0];
  Node *lo, *ext;
  if (d->kind == PY_TUPLE && d->nitems == 2) {
    lo = tir_parse_expr(p, d->items[0]);
    Node *hi = lo ? tir_parse_expr(p, d->items[1]) : NULL;
    ext = hi ? tir_extent(p, d->span, lo, hi) : NULL;
  } else {
    ext = tir_parse_expr(p, d);
    lo = ext ? ir_int(p->cx, ext->dtype, 0) : NULL;
  }
  if (!ext) return false;
  if (!dtype_is_int(bind->dtype) && !dtype_is_uint(bind->dtype))
    return sp_err(p, call->items[1]->span, "an axis binding must be an integer"), false;
  axis_var(t, target->name, (IterType)k, ir_range(p->cx, lo, ext), bind, call->span);
  return true;
}

/* Python's unpacking rule: n values into the names of target. */
static void *unpack_err(ScriptParser *p, const PyExpr *target, int n) {
  int nt = target->kind == PY_TUPLE ? target->nitems : 1;
  return sp_err(p, target->span, "cannot unpack %d value%s into %d name%s", n, n == 1 ? "" : "s", nt,
                nt == 1 ? "" : "s");
}

/* vi, vj = T.axis.remap("SR", [i, j]) */
static bool remap_stmt(TP *t, const PyExpr *target, const PyExpr *call) {
  ScriptParser *p = t->p;
  if (call->nitems != 2 || call->items[0]->kind != PY_STR ||
      (call->items[1]->kind != PY_LIST && call->items[1]->kind != PY_TUPLE))
    return sp_err(p, call->span, "expected T.axis.remap(\"SR\", [i, j])"), false;
  const char *kinds = call->items[0]->str;
  const PyExpr *vars = call->items[1];
  int n = target->kind == PY_TUPLE ? target->nitems : 1;
  if ((int)strlen(kinds) != vars->nitems)
    return sp_err(p, call->items[0]->span, "T.axis.remap expects %d iterator kinds, got %d", vars->nitems,
                  (int)strlen(kinds)), false;
  for (int i = 0; kinds[i]; i++)
    if (kinds[i] != 'S' && kinds[i] != 'R')
      return sp_err(p, call->items[0]->span, "invalid iterator kind '%c' in T.axis.remap (expected 'S' or 'R')",
                    kinds[i]), false;
  if (n != vars->nitems) return unpack_err(p, target, vars->nitems), false;
  for (int i = 0; i < n; i++) {
    const PyExpr *tg = target->kind == PY_TUPLE ? target->items[i] : target;
    if (tg->kind != PY_NAME) return sp_err(p, tg->span, "expected a name"), false;
    Node *lv = tir_parse_expr(p, vars->items[i]);
    if (!lv) return false;
    Node *dom = ptrmap_get(&t->loop_dom, lv);
    if (!dom) return sp_err(p, vars->items[i]->span, "T.axis.remap needs loop variables"), false;
    axis_var(t, tg->name, kinds[i] == 'S' ? ITER_SPATIAL : ITER_REDUCE, dom, lv, call->span);
  }
  return true;
}

static Node *region_source(TP *t, const PyExpr *e) { return tir_parse_region(t->p, e); }

/* X = T.match_buffer(param_or_region, shape, ...) */
static bool match_buffer_stmt(TP *t, const PyExpr *target, const PyExpr *call) {
  ScriptParser *p = t->p;
  if (call->nitems < 1) return sp_err(p, call->span, "T.match_buffer needs a source"), false;
  const PyExpr *src = call->items[0];
  bool region = src->kind == PY_SUBSCRIPT || tir_lookup_buffer(p, src);
  Node *buf = NULL;
  if (region) {
    Blk *b = need_block(t, call, "T.match_buffer of a region");
    Node *r = b ? region_source(t, src) : NULL;
    if (!r || !(buf = tir_parse_buffer(p, call, 1, target->name))) return false;
    Node *m = ir_alloc(p->cx, NK_MATCH_BUFFER, call->span);
    IR_AS(IrMatchBuffer, m)->buffer = buf;
    IR_AS(IrMatchBuffer, m)->source = r;
    ptrvec_push(&b->matches, ir_finish(p->cx, m));
  } else {
    if (!t->top || t->blk) return sp_err(p, call->span, "T.match_buffer of a parameter belongs at function level"), false;
    Node *v = src->kind == PY_NAME ? sp_lookup(p, src->name) : NULL;
    int i = 0;
    while (i < t->params.len && t->params.data[i] != v) i++;
    if (!v || i == t->params.len || !dtype_is_handle(v->dtype))
      return sp_err(p, src->span, "T.match_buffer expects a handle parameter or a buffer region"), false;
    for (int j = 0; j < t->buffer_map.len; j++)
      if (IR_AS(IrBinary, t->buffer_map.data[j])->a == v)
        return sp_err(p, src->span, "parameter '%s' is already matched to a buffer", src->name), false;
    if (!(buf = tir_parse_buffer(p, call, 1, target->name))) return false;
    Node *pair = ir_alloc(p->cx, NK_PAIR, call->span);
    IR_AS(IrBinary, pair)->a = v;
    IR_AS(IrBinary, pair)->b = buf;
    ptrvec_push(&t->buffer_map, ir_finish(p->cx, pair));
  }
  sp_define(p, target->name, buf);
  return true;
}

/* ---- loops ------------------------------------------------------------------- */

static Node *make_for(TP *t, Node *var, Node *min, Node *ext, ForKind kind, Node *body_s, Node *thread,
                      NodeList ann, Span sp) {
  Node *f = mk_stmt(t, NK_FOR, sp);
  IrFor *F = IR_AS(IrFor, f);
  F->var = var, F->min = min, F->extent = ext, F->kind = kind, F->body = body_s;
  F->thread_binding = thread, F->annotations = ann;
  return ir_finish(t->p->cx, f);
}

/* At most TIR_GRID_MAX loops per T.grid: the printer never writes more in
 * one grid (print_tir_stmt.c continues a deeper nest with another). */
enum { TIR_GRID_MAX = 64 };

typedef struct LoopSpec {
  Node *min[TIR_GRID_MAX], *ext[TIR_GRID_MAX];
  int n;
  ForKind kind;
  const char *thread;
  NodeList ann;
} LoopSpec;

static bool loop_range(TP *t, const PyExpr *call, int npos, LoopSpec *ls) {
  ScriptParser *p = t->p;
  if (npos < 1 || npos > 2) return sp_err(p, call->span, "expected (stop) or (start, stop)"), false;
  Node *a = tir_parse_expr(p, call->items[0]), *b = npos == 2 && a ? tir_parse_expr(p, call->items[1]) : NULL;
  if (!a || (npos == 2 && !b)) return false;
  if (npos == 1) {
    ls->min[0] = ir_int(p->cx, a->dtype, 0), ls->ext[0] = a;
  } else {
    Node *d = tir_binary(p, call->span, NK_SUB, b, a); /* matches the two types */
    if (!d) return false;
    ls->min[0] = tir_cast(p, d->dtype, a);
    ls->ext[0] = tir_extent(p, call->span, ls->min[0], tir_cast(p, d->dtype, b));
  }
  ls->n = 1;
  return ls->ext[0] != NULL;
}

static bool loop_spec(TP *t, const PyExpr *it, LoopSpec *ls) {
  ScriptParser *p = t->p;
  memset(ls, 0, sizeof *ls);
  if (!it || it->kind != PY_CALL)
    return sp_err(p, it->span, "unsupported loop iterator (expected range(...), T.serial(...), T.grid(...), ...)"),
           false;
  const PyExpr *f = it->a;
  if (py_is_name(f, "range", NULL)) {
    if (it->nkws) return sp_err(p, it->span, "range takes no keyword arguments"), false;
    return loop_range(t, it, it->nitems, ls);
  }
  if (is_t_call(it, "grid")) {
    if (it->nitems < 1 || it->nitems > TIR_GRID_MAX || it->nkws)
      return sp_err(p, it->span, "T.grid takes 1 to %d extents", TIR_GRID_MAX), false;
    for (int i = 0; i < it->nitems; i++) {
      if (!(ls->ext[i] = tir_parse_expr(p, it->items[i]))) return false;
      ls->min[i] = ir_int(p->cx, ls->ext[i]->dtype, 0);
    }
    ls->n = it->nitems;
    return true;
  }
  static const struct { const char *name; ForKind kind; } kinds[] = {
      {"serial", FOR_SERIAL}, {"parallel", FOR_PARALLEL}, {"vectorized", FOR_VECTORIZED},
      {"unroll", FOR_UNROLLED}, {"thread_binding", FOR_THREAD_BINDING}};
  for (int k = 0; k < 5; k++) {
    if (!is_t_call(it, kinds[k].name)) continue;
    ls->kind = kinds[k].kind;
    int npos = it->nitems;
    const PyExpr *th = py_kwarg(it, "thread");
    if (ls->kind == FOR_THREAD_BINDING && !th && npos >= 2 && it->items[npos - 1]->kind == PY_STR)
      th = it->items[--npos];
    for (int i = 0; i < it->nkws; i++) {
      const char *kw = it->kws[i].name;
      if (strcmp(kw, "annotations") && !(ls->kind == FOR_THREAD_BINDING && !strcmp(kw, "thread")))
        return sp_err(p, it->kws[i].span, "T.%s takes no keyword argument '%s'", kinds[k].name, kw), false;
    }
    if (ls->kind == FOR_THREAD_BINDING) {
      if (!th || th->kind != PY_STR) return sp_err(p, it->span, "T.thread_binding needs thread=\"...\""), false;
      ls->thread = th->str;
    }
    const PyExpr *ann = py_kwarg(it, "annotations");
    if (ann && !tir_parse_attr_dict(p, ann, &ls->ann)) return false;
    return loop_range(t, it, npos, ls);
  }
  return sp_err(p, f->span, "unsupported loop iterator"), false;
}

static Node *for_stmt(TP *t, const PyStmt *s) {
  ScriptParser *p = t->p;
  LoopSpec ls;
  if (!loop_spec(t, s->test, &ls)) return NULL;
  const PyExpr *tg = s->target;
  int nt = tg->kind == PY_TUPLE ? tg->nitems : 1;
  if (nt != ls.n) return unpack_err(p, tg, ls.n);
  Node *vars[TIR_GRID_MAX];
  sp_push(p);
  for (int i = 0; i < nt; i++) {
    const PyExpr *v = tg->kind == PY_TUPLE ? tg->items[i] : tg;
    if (v->kind != PY_NAME) {
      sp_pop(p);
      return sp_err(p, v->span, "a loop variable must be a name");
    }
    vars[i] = ir_var(p->cx, v->name, ls.ext[i]->dtype);
    sp_define(p, v->name, vars[i]);
    ptrmap_put(&t->loop_dom, vars[i], ir_range(p->cx, ls.min[i], ls.ext[i]));
  }
  bool top = t->top;
  Blk *blk = t->blk;
  t->top = false, t->blk = NULL;
  Node *b = body(t, &s->body, 0);
  t->top = top, t->blk = blk;
  sp_pop(p);
  for (int i = nt - 1; b && i >= 0; i--) {
    Node *th = NULL;
    if (ls.thread) {
      th = ir_alloc(p->cx, NK_ITER_VAR, s->span);
      IR_AS(IrIterVar, th)->var = ir_var(p->cx, "iter", ls.ext[i]->dtype);
      IR_AS(IrIterVar, th)->iter_type = ITER_THREAD;
      IR_AS(IrIterVar, th)->thread_tag = intern(ls.thread);
      th = ir_finish(p->cx, th);
    }
    b = make_for(t, vars[i], ls.min[i], ls.ext[i], ls.kind, b, th, nt > 1 ? ir_list_empty() : ls.ann, s->span);
  }
  return b;
}

/* ---- blocks -------------------------------------------------------------------- */

static Node *finish_block(TP *t, Blk *b, const char *name, Node *bodys, Span sp) {
  IrCtx *cx = t->p->cx;
  Node *blk = mk_stmt(t, NK_BLOCK, sp);
  IrBlock *B = IR_AS(IrBlock, blk);
  B->iter_vars = ir_list_from_vec(cx, &b->iter_vars);
  B->reads = b->reads, B->writes = b->writes, B->annotations = b->annotations;
  B->name = intern(name);
  B->body = bodys;
  B->init = b->init;
  B->alloc_buffers = ir_list_from_vec(cx, &b->allocs);
  B->match_buffers = ir_list_from_vec(cx, &b->matches);
  Node *r = mk_stmt(t, NK_BLOCK_REALIZE, sp);
  IR_AS(IrBlockRealize, r)->iter_values = ir_list_from_vec(cx, &b->iter_values);
  IR_AS(IrBlockRealize, r)->predicate = b->predicate ? b->predicate : ir_bool(cx, true);
  IR_AS(IrBlockRealize, r)->block = ir_finish(cx, blk);
  ptrvec_free(&b->iter_vars);
  ptrvec_free(&b->iter_values);
  ptrvec_free(&b->allocs);
  ptrvec_free(&b->matches);
  return ir_finish(cx, r);
}

static Node *block_stmt(TP *t, const PyStmt *s, const PyExpr *call) {
  ScriptParser *p = t->p;
  if (call->nitems > 1 || (call->nitems == 1 && call->items[0]->kind != PY_STR))
    return sp_err(p, call->span, "expected T.block(\"name\")");
  for (int i = 0; i < call->nkws; i++)
    if (strcmp(call->kws[i].name, "no_realize"))
      return sp_err(p, call->kws[i].span, "T.block takes no keyword argument '%s'", call->kws[i].name);
  Blk b = {0};
  Blk *outer = t->blk;
  bool top = t->top;
  t->blk = &b, t->top = false;
  sp_push(p);
  Node *bs = body(t, &s->body, 0);
  sp_pop(p);
  t->blk = outer, t->top = top;
  if (!bs) {
    ptrvec_free(&b.iter_vars), ptrvec_free(&b.iter_values), ptrvec_free(&b.allocs), ptrvec_free(&b.matches);
    return NULL;
  }
  intptr_t mask = (b.has_reads ? 0 : 1) | (b.has_writes ? 0 : 2);
  Node *r = finish_block(t, &b, call->nitems ? call->items[0]->str : "", bs, s->span);
  if (mask) ptrmap_put(&t->detect, IR_AS(IrBlockRealize, r)->block, (void *)mask);
  return r;
}

static Node *init_stmt(TP *t, const PyStmt *s, const PyExpr *call) {
  Blk *b = need_block(t, call, "T.init");
  if (!b) return NULL;
  if (b->init) return sp_err(t->p, call->span, "a block has one T.init()");
  Blk *outer = t->blk;
  t->blk = NULL; /* the init body is plain statements */
  sp_push(t->p);
  b->init = body(t, &s->body, 0);
  sp_pop(t->p);
  t->blk = outer;
  return b->init ? (Node *)1 : NULL;
}

/* ---- scoped statements ----------------------------------------------------------- */

/* The body of a scoped statement: a `with` body, or the rest of the
 * enclosing body for the concise form. */
typedef struct Scope {
  const PyBody *b;
  int from;
} Scope;

static Node *scope_body(TP *t, Scope sc) {
  bool top = t->top;
  Blk *blk = t->blk;
  if (sc.from == 0) t->top = false, t->blk = NULL; /* a `with` frame */
  Node *r = body(t, sc.b, sc.from);
  t->top = top, t->blk = blk;
  return r;
}

static Node *let_stmt(TP *t, const char *name, DType *ty, Node *anno, Node *val, Scope sc, Span sp) {
  ScriptParser *p = t->p;
  if (ty) val = tir_cast(p, *ty, val);
  Node *v = ir_var(p->cx, name, val->dtype);
  if (anno) IR_AS(IrVar, v)->type_anno = anno;
  sp_push(p);
  sp_define(p, name, v);
  Node *b = scope_body(t, sc);
  sp_pop(p);
  if (!b) return NULL;
  Node *s = mk_stmt(t, NK_LET_STMT, sp);
  IR_AS(IrLet, s)->var = v, IR_AS(IrLet, s)->value = val, IR_AS(IrLet, s)->body = b;
  return ir_finish(p->cx, s);
}

static Node *assert_stmt(TP *t, const PyExpr *cond, const PyExpr *msg, Scope sc, Span sp) {
  Node *c = tir_parse_expr(t->p, cond);
  Node *m = c && msg ? tir_parse_expr(t->p, msg) : c ? ir_string(t->p->cx, "") : NULL;
  Node *b = m ? scope_body(t, sc) : NULL;
  if (!b) return NULL;
  Node *s = mk_stmt(t, NK_ASSERT, sp);
  IR_AS(IrAssert, s)->cond = c, IR_AS(IrAssert, s)->message = m, IR_AS(IrAssert, s)->body = b;
  return ir_finish(t->p->cx, s);
}

/* T.attr(node, "key", value) */
static Node *attr_stmt(TP *t, const PyExpr *call, Scope sc) {
  ScriptParser *p = t->p;
  if (call->nitems != 3 || call->items[1]->kind != PY_STR)
    return sp_err(p, call->span, "expected T.attr(node, \"key\", value)");
  Node *node = tir_lookup_buffer(p, call->items[0]);
  if (!node) node = tir_parse_expr(p, call->items[0]);
  Node *v = node ? tir_parse_expr(p, call->items[2]) : NULL;
  Node *b = v ? scope_body(t, sc) : NULL;
  if (!b) return NULL;
  Node *s = mk_stmt(t, NK_ATTR_STMT, call->span);
  IrAttrStmt *A = IR_AS(IrAttrStmt, s);
  A->node = node, A->key = intern(call->items[1]->str), A->value = v, A->body = b;
  return ir_finish(p->cx, s);
}

/* x = T.env_thread("threadIdx.x", dtype="int32"): a thread variable that a
 * later T.launch_thread(x, extent) binds. */
static bool env_thread_stmt(TP *t, const char *name, const PyExpr *call) {
  ScriptParser *p = t->p;
  const PyExpr *dt_e = call->nitems > 1 ? call->items[1] : py_kwarg(call, "dtype");
  if (call->nitems < 1 || call->nitems > 2 || call->items[0]->kind != PY_STR)
    return sp_err(p, call->span, "expected T.env_thread(\"tag\")"), false;
  DType dt = DT_INT32;
  if (dt_e && !tir_parse_dtype(p, dt_e, &dt)) return false;
  Node *v = ir_var(p->cx, name, dt);
  ptrmap_put(&t->env_threads, v, (void *)intern(call->items[0]->str));
  sp_define(p, name, v);
  return true;
}

/* T.launch_thread("tag", extent) [as x] or T.launch_thread(env_var, extent):
 * AttrStmt(IterVar(var, [0, extent), thread, tag), "thread_extent", extent)
 * as TVM's LaunchThread builds it ("virtual_thread" for tag "vthread"). */
static Node *launch_thread_stmt(TP *t, const char *name, const PyExpr *call, Scope sc) {
  ScriptParser *p = t->p;
  if (call->nitems != 2 || call->nkws) return sp_err(p, call->span, "expected T.launch_thread(\"tag\", extent)");
  const PyExpr *th = call->items[0];
  Node *ext = tir_parse_expr(p, call->items[1]);
  if (!ext) return NULL;
  Node *var = NULL;
  const char *tag = NULL;
  if (th->kind == PY_STR) {
    tag = intern(th->str);
    char nm[256];
    snprintf(nm, sizeof nm, "%s", name ? name : th->str);
    for (char *c = nm; *c; c++)
      if (*c == '.') *c = '_';
    var = ir_var(p->cx, nm, ext->dtype);
  } else {
    var = th->kind == PY_NAME ? sp_lookup(p, th->name) : NULL;
    tag = var ? ptrmap_get(&t->env_threads, var) : NULL;
    if (!tag) return sp_err(p, th->span, "T.launch_thread expects a thread tag or a T.env_thread variable");
    if (name) return sp_err(p, call->span, "T.launch_thread of a T.env_thread variable defines no name");
  }
  Node *iv = ir_alloc(p->cx, NK_ITER_VAR, call->span);
  IR_AS(IrIterVar, iv)->dom = ir_range(p->cx, ir_int(p->cx, ext->dtype, 0), ext);
  IR_AS(IrIterVar, iv)->var = var;
  IR_AS(IrIterVar, iv)->iter_type = ITER_THREAD;
  IR_AS(IrIterVar, iv)->thread_tag = tag;
  iv = ir_finish(p->cx, iv);
  sp_push(p);
  if (th->kind == PY_STR && name) sp_define(p, name, var);
  Node *b = scope_body(t, sc);
  sp_pop(p);
  if (!b) return NULL;
  Node *s = mk_stmt(t, NK_ATTR_STMT, call->span);
  IrAttrStmt *A = IR_AS(IrAttrStmt, s);
  A->node = iv, A->key = intern(strcmp(tag, "vthread") ? "thread_extent" : "virtual_thread");
  A->value = ext, A->body = b;
  return ir_finish(p->cx, s);
}

/* x = T.allocate([extents], "dtype", "scope", condition, annotations={}) */
static Node *allocate_stmt(TP *t, const char *name, const PyExpr *call, Scope sc) {
  ScriptParser *p = t->p;
  if (call->nitems < 2 || call->nitems > 4) return sp_err(p, call->span, "expected T.allocate(extents, dtype, scope)");
  PtrVec ext = {0};
  DType dt;
  const char *scope = "global";
  const PyExpr *sc_e = call->nitems > 2 ? call->items[2] : py_kwarg(call, "scope");
  const PyExpr *ce = call->nitems > 3 ? call->items[3] : py_kwarg(call, "condition");
  const PyExpr *ann = py_kwarg(call, "annotations");
  const PyExpr *ex = call->items[0];
  if (ex->kind != PY_LIST && ex->kind != PY_TUPLE) return sp_err(p, ex->span, "T.allocate extents must be a list");
  if (!tir_parse_dtype(p, call->items[1], &dt)) return NULL;
  if (sc_e && sc_e->kind != PY_STR) return sp_err(p, sc_e->span, "storage scope must be a string");
  if (sc_e) scope = sc_e->str;
  Node *cond = ce ? tir_parse_expr(p, ce) : ir_bool(p->cx, true);
  NodeList annl = ir_list_empty();
  if (!cond || (ann && !tir_parse_attr_dict(p, ann, &annl))) return NULL;
  for (int i = 0; i < ex->nitems; i++) {
    Node *e = tir_parse_expr(p, ex->items[i]);
    if (!e) return ptrvec_free(&ext), NULL;
    ptrvec_push(&ext, e);
  }
  Node *v = tir_ptr_var(p->cx, name, dt, scope);
  sp_push(p);
  sp_define(p, name, v);
  Node *b = scope_body(t, sc);
  sp_pop(p);
  Node *s = NULL;
  if (b) {
    s = mk_stmt(t, NK_ALLOCATE, call->span);
    s->dtype = dt;
    IrAllocate *A = IR_AS(IrAllocate, s);
    A->var = v, A->extents = ir_list_from_vec(p->cx, &ext), A->cond = cond, A->body = b, A->annotations = annl;
    s = ir_finish(p->cx, s);
  }
  ptrvec_free(&ext);
  return s;
}

/* X = T.decl_buffer(shape, dtype, data=..., ...): with no data, also allocates. */
static Node *decl_buffer_stmt(TP *t, const char *name, const PyExpr *call, Scope sc) {
  ScriptParser *p = t->p;
  Node *buf = tir_parse_buffer(p, call, 0, name);
  if (!buf) return NULL;
  bool alloc = !py_kwarg(call, "data") && call->nitems < 3;
  sp_push(p);
  sp_define(p, name, buf);
  Node *b = scope_body(t, sc);
  sp_pop(p);
  if (!b) return NULL;
  Node *s = mk_stmt(t, NK_DECL_BUFFER, call->span);
  IR_AS(IrDeclBuffer, s)->buffer = buf, IR_AS(IrDeclBuffer, s)->body = b;
  s = ir_finish(p->cx, s);
  if (!alloc) return s;
  const IrBuffer *B = IR_AS(IrBuffer, buf);
  Node *a = mk_stmt(t, NK_ALLOCATE, call->span);
  a->dtype = buf->dtype;
  IrAllocate *A = IR_AS(IrAllocate, a);
  A->var = B->data, A->extents = B->shape, A->cond = ir_bool(p->cx, true), A->body = s;
  return ir_finish(p->cx, a);
}

/* T.realize(A[0:4, 0:8], "scope", condition=c) */
static Node *realize_stmt(TP *t, const PyExpr *call, Scope sc) {
  ScriptParser *p = t->p;
  if (call->nitems < 1 || call->nitems > 2) return sp_err(p, call->span, "expected T.realize(A[lo:hi, ...])");
  Node *r = tir_parse_region(p, call->items[0]);
  const PyExpr *ce = py_kwarg(call, "condition");
  Node *cond = r ? (ce ? tir_parse_expr(p, ce) : ir_bool(p->cx, true)) : NULL;
  Node *b = cond ? scope_body(t, sc) : NULL;
  if (!b) return NULL;
  if (call->nitems == 2) return sp_err(p, call->items[1]->span, "T.realize with a storage scope is not supported");
  Node *s = mk_stmt(t, NK_BUFFER_REALIZE, call->span);
  IrBufferRealize *R = IR_AS(IrBufferRealize, s);
  R->buffer = IR_AS(IrBufferRegion, r)->buffer, R->bounds = IR_AS(IrBufferRegion, r)->region;
  R->cond = cond, R->body = b;
  return ir_finish(p->cx, s);
}

static Node *with_stmt(TP *t, const PyStmt *s) {
  ScriptParser *p = t->p;
  const PyExpr *it = s->test;
  Scope sc = {&s->body, 0};
  const char *as = s->target && s->target->kind == PY_NAME ? s->target->name : NULL;
  if (s->target && !as) return sp_err(p, s->target->span, "expected `as name`");
  if (is_t_call(it, "block") || is_t_call(it, "sblock")) return block_stmt(t, s, it);
  if (is_t_call(it, "init")) return init_stmt(t, s, it);
  if (is_t_call(it, "Assert")) {
    if (it->nitems != 2) return sp_err(p, it->span, "expected T.Assert(cond, message)");
    return assert_stmt(t, it->items[0], it->items[1], sc, s->span);
  }
  if (is_t_call(it, "attr")) return attr_stmt(t, it, sc);
  if (is_t_call(it, "realize")) return realize_stmt(t, it, sc);
  if (is_t_call(it, "launch_thread")) return launch_thread_stmt(t, as, it, sc);
  if (!as) return sp_err(p, it->span, "unsupported `with` statement in TIR (or it needs `as name`)");
  if (is_t_call(it, "LetStmt")) {
    if (it->nitems < 1 || it->nitems > 2 || it->nkws) return sp_err(p, it->span, "expected T.LetStmt(value)");
    Node *v = tir_parse_expr(p, it->items[0]);
    Node *anno = NULL;
    if (v && it->nitems == 2) {
      Node *tv = var_decl(t, it->items[1], as); /* T.handle("float32", "global") */
      if (!tv) return sp_err(p, it->items[1]->span, "expected a type such as T.handle(\"float32\")");
      anno = IR_AS(IrVar, tv)->type_anno;
    }
    return v ? let_stmt(t, as, NULL, anno, v, sc, s->span) : NULL;
  }
  if (is_t_call(it, "allocate")) return allocate_stmt(t, as, it, sc);
  if (is_t_call(it, "decl_buffer")) return decl_buffer_stmt(t, as, it, sc);
  return sp_err(p, it->span, "unsupported `with` statement in TIR");
}

/* ---- simple statements -------------------------------------------------------- */

/* A[i, j] = v   or   A[i, j] op= v */
static Node *store_stmt(TP *t, const PyExpr *target, const PyExpr *value, const char *aug, Span sp) {
  ScriptParser *p = t->p;
  Node *buf = tir_lookup_buffer(p, target->a);
  if (!buf) return sp_err(p, target->a->span, "only buffer elements can be assigned");
  Node *load = tir_parse_expr(p, target); /* checks the indices */
  Node *v = load ? tir_parse_expr(p, value) : NULL;
  if (!v) return NULL;
  if (aug) {
    static const struct { const char *op; int kind; } ops[] = {
        {"+", NK_ADD}, {"-", NK_SUB}, {"*", NK_MUL}, {"/", NK_DIV}, {"//", NK_FLOORDIV}, {"%", NK_FLOORMOD}};
    int k = -1;
    for (int i = 0; i < 6; i++)
      if (!strcmp(ops[i].op, aug)) k = ops[i].kind;
    if (k < 0) return sp_err(p, sp, "unsupported augmented assignment '%s='", aug);
    if (!(v = tir_binary(p, sp, k, load, v))) return NULL;
  }
  if (!dtype_eq(v->dtype, load->dtype)) {
    if (dtype_is_handle(v->dtype) || dtype_is_void(v->dtype))
      return sp_err(p, value->span, "cannot store a %s into buffer '%s' of %s", dtype_str(v->dtype),
                    IR_AS(IrBuffer, buf)->name, dtype_str(buf->dtype));
    v = tir_cast(p, load->dtype, v);
  }
  Node *s = mk_stmt(t, NK_BUFFER_STORE, sp);
  IR_AS(IrBufferStore, s)->buffer = buf;
  IR_AS(IrBufferStore, s)->value = v;
  IR_AS(IrBufferStore, s)->indices = IR_AS(IrBufferLoad, load)->indices;
  return ir_finish(p->cx, s);
}

/* A.vstore([indices], value, predicate=mask) */
static Node *vstore_stmt(TP *t, const PyExpr *e, Node *buf, Span sp) {
  ScriptParser *p = t->p;
  const PyExpr *pe = py_kwarg(e, "predicate");
  if (e->nitems != 2 || e->items[0]->kind != PY_LIST || !pe || e->nkws != 1)
    return sp_err(p, e->span, "expected A.vstore([indices], value, predicate=mask)");
  PyExpr sub = *e->a; /* check and build the indices as a load would */
  sub.kind = PY_SUBSCRIPT;
  sub.a = e->a->a;
  PyExpr tup = *e->items[0];
  tup.kind = PY_TUPLE;
  tup.parenthesized = false;
  sub.b = &tup;
  Node *load = tir_parse_expr(p, &sub);
  Node *v = load ? tir_parse_expr(p, e->items[1]) : NULL;
  Node *pred = v ? tir_parse_expr(p, pe) : NULL;
  if (!pred) return NULL;
  Node *s = mk_stmt(t, NK_BUFFER_STORE, sp);
  IR_AS(IrBufferStore, s)->buffer = buf;
  IR_AS(IrBufferStore, s)->value = v;
  IR_AS(IrBufferStore, s)->indices = IR_AS(IrBufferLoad, load)->indices;
  IR_AS(IrBufferStore, s)->predicate = pred;
  return ir_finish(p->cx, s);
}

static Node *if_stmt(TP *t, const PyStmt *s) {
  Node *c = tir_parse_expr(t->p, s->test);
  if (!c) return NULL;
  if (!dtype_is_bool(c->dtype)) return sp_err(t->p, s->test->span, "an if condition must be bool, not %s", dtype_str(c->dtype));
  Scope th = {&s->body, 0}, el = {&s->orelse, 0};
  sp_push(t->p);
  Node *a = scope_body(t, th);
  sp_pop(t->p);
  Node *b = NULL;
  if (a && s->orelse.len) {
    sp_push(t->p);
    b = scope_body(t, el);
    sp_pop(t->p);
    if (!b) return NULL;
  }
  if (!a) return NULL;
  Node *r = mk_stmt(t, NK_IF, s->span);
  IR_AS(IrIf, r)->cond = c, IR_AS(IrIf, r)->then_case = a, IR_AS(IrIf, r)->else_case = b;
  return ir_finish(t->p->cx, r);
}

static Node *while_stmt(TP *t, const PyStmt *s) {
  Node *c = tir_parse_expr(t->p, s->test);
  if (!c) return NULL;
  Scope sc = {&s->body, 0};
  sp_push(t->p);
  Node *b = scope_body(t, sc);
  sp_pop(t->p);
  if (!b) return NULL;
  Node *r = mk_stmt(t, NK_WHILE, s->span);
  IR_AS(IrWhile, r)->cond = c, IR_AS(IrWhile, r)->body = b;
  return ir_finish(t->p->cx, r);
}

/* Expression statements: block header calls, concise scopes, evaluations.
 * Returns (Node *)1 for a header call that makes no statement. */
static Node *expr_stmt(TP *t, const PyStmt *s, Scope rest, bool *consumed) {
  ScriptParser *p = t->p;
  const PyExpr *e = s->value;
  if (e->kind == PY_STR) return (Node *)1; /* a docstring */
  if (is_t_call(e, "reads") || is_t_call(e, "writes")) {
    Blk *b = need_block(t, e, is_t_call(e, "reads") ? "T.reads" : "T.writes");
    if (!b) return NULL;
    if (is_t_call(e, "reads")) b->has_reads = true;
    else b->has_writes = true;
    return regions(t, e, is_t_call(e, "reads") ? &b->reads : &b->writes) ? (Node *)1 : NULL;
  }
  if (is_t_call(e, "where")) {
    Blk *b = need_block(t, e, "T.where");
    if (!b || e->nitems != 1) return b ? sp_err(p, e->span, "expected T.where(condition)") : NULL;
    return (b->predicate = tir_parse_expr(p, e->items[0])) ? (Node *)1 : NULL;
  }
  if (is_t_call(e, "block_attr")) {
    Blk *b = need_block(t, e, "T.block_attr");
    if (!b || e->nitems != 1) return b ? sp_err(p, e->span, "expected T.block_attr({...})") : NULL;
    return tir_parse_attr_dict(p, e->items[0], &b->annotations) ? (Node *)1 : NULL;
  }
  if (is_t_call(e, "func_attr")) {
    if (!t->top || e->nitems != 1) return sp_err(p, e->span, "T.func_attr({...}) belongs at function level");
    return tir_parse_attr_dict(p, e->items[0], &t->func_attrs) ? (Node *)1 : NULL;
  }
  if (is_t_call(e, "attr")) return *consumed = true, attr_stmt(t, e, rest);
  if (is_t_call(e, "launch_thread")) return *consumed = true, launch_thread_stmt(t, NULL, e, rest);
  if (is_t_call(e, "realize")) return *consumed = true, realize_stmt(t, e, rest);
  if (e->kind == PY_CALL && e->a->kind == PY_ATTR && !strcmp(e->a->name, "vstore") && tir_lookup_buffer(p, e->a->a))
    return vstore_stmt(t, e, tir_lookup_buffer(p, e->a->a), s->span);
  if (is_t_call(e, "evaluate")) {
    if (e->nitems != 1) return sp_err(p, e->span, "T.evaluate takes one argument");
    Node *v = tir_parse_expr(p, e->items[0]);
    return v ? evaluate(t, v, s->span) : NULL;
  }
  Node *v = tir_parse_expr(p, e);
  return v ? evaluate(t, v, s->span) : NULL;
}

static Node *assign_stmt(TP *t, const PyStmt *s, Scope rest, bool *consumed) {
  ScriptParser *p = t->p;
  const PyExpr *tg = s->target, *v = s->value;
  if (tg->kind == PY_SUBSCRIPT) return store_stmt(t, tg, v, NULL, s->span);
  if (is_axis_call(v, "remap")) {
    if (!need_block(t, v, "T.axis.remap")) return NULL;
    return remap_stmt(t, tg, v) ? (Node *)1 : NULL;
  }
  if (is_var_decl_stmt(s)) {
    if (ptrmap_has(&t->predeclared, s)) return (Node *)1;
    return run_var_decl(t, s) ? (Node *)1 : NULL;
  }
  if (tg->kind != PY_NAME) return sp_err(p, tg->span, "unsupported assignment target in TIR");
  if (v->kind == PY_CALL && v->a->kind == PY_ATTR && py_is_name(v->a->a, "T", "axis")) {
    char what[64];
    snprintf(what, sizeof what, "T.axis.%s", v->a->name);
    if (!need_block(t, v, what)) return NULL;
    return axis_stmt(t, tg, v) ? (Node *)1 : NULL;
  }
  if (is_t_call(v, "alloc_buffer")) {
    if (!t->blk && !t->top) return sp_err(p, v->span, "T.alloc_buffer belongs in a block or at function level");
    Node *buf = tir_parse_buffer(p, v, 0, tg->name);
    if (!buf) return NULL;
    ptrvec_push(t->blk ? &t->blk->allocs : &t->root_allocs, buf);
    sp_define(p, tg->name, buf);
    return (Node *)1;
  }
  if (is_t_call(v, "match_buffer")) return match_buffer_stmt(t, tg, v) ? (Node *)1 : NULL;
  if (is_t_call(v, "Buffer")) {
    Node *buf = tir_parse_buffer(p, v, 0, tg->name);
    if (buf) sp_define(p, tg->name, buf);
    return buf ? (Node *)1 : NULL;
  }
  if (is_t_call(v, "env_thread")) return env_thread_stmt(t, tg->name, v) ? (Node *)1 : NULL;
  *consumed = true;
  if (is_t_call(v, "launch_thread")) return launch_thread_stmt(t, tg->name, v, rest);
  if (is_t_call(v, "allocate")) return allocate_stmt(t, tg->name, v, rest);
  if (is_t_call(v, "decl_buffer")) return decl_buffer_stmt(t, tg->name, v, rest);
  if (is_t_call(v, "allocate_const")) return sp_err(p, v->span, "T.allocate_const is not supported yet");
  Node *val = tir_parse_expr(p, v);
  return val ? let_stmt(t, tg->name, NULL, NULL, val, rest, s->span) : NULL;
}

/* x: T.int32 = value */
static Node *annassign_stmt(TP *t, const PyStmt *s, Scope rest, bool *consumed) {
  ScriptParser *p = t->p;
  if (s->target->kind != PY_NAME || !s->value)
    return sp_err(p, s->span, "expected `name: type = value` in TIR");
  Node *tv = NULL;
  DType dt;
  const PyExpr *a = s->annotation;
  if (a->kind == PY_CALL) tv = var_decl(t, a, s->target->name);
  else if (!tir_parse_dtype(p, a, &dt)) return NULL;
  if (a->kind == PY_CALL && !tv) return sp_err(p, a->span, "expected a type such as T.int32");
  Node *val = tir_parse_expr(p, s->value);
  if (!val) return NULL;
  *consumed = true;
  if (tv) {
    dt = tv->dtype;
    return let_stmt(t, s->target->name, &dt, IR_AS(IrVar, tv)->type_anno, val, rest, s->span);
  }
  return let_stmt(t, s->target->name, &dt, NULL, val, rest, s->span);
}

/* One statement; sets *consumed when it took the rest of the body as its own. */
static Node *stmt(TP *t, const PyBody *b, int i, bool *consumed) {
  const PyStmt *s = b->stmts[i];
  Scope rest = {b, i + 1};
  *consumed = false;
  switch (s->kind) {
  case PYS_EXPR: return expr_stmt(t, s, rest, consumed);
  case PYS_ASSIGN: return assign_stmt(t, s, rest, consumed);
  case PYS_ANNASSIGN: return annassign_stmt(t, s, rest, consumed);
  case PYS_AUGASSIGN:
    if (s->target->kind != PY_SUBSCRIPT) return sp_err(t->p, s->target->span, "only buffer elements can be updated");
    return store_stmt(t, s->target, s->value, s->op, s->span);
  case PYS_ASSERT: return *consumed = true, assert_stmt(t, s->test, s->value, rest, s->span);
  case PYS_FOR: return for_stmt(t, s);
  case PYS_WITH: return with_stmt(t, s);
  case PYS_IF: return if_stmt(t, s);
  case PYS_WHILE: return while_stmt(t, s);
  case PYS_PASS: return (Node *)1;
  case PYS_RETURN: { /* return x: T.ret(x) */
    Node *v = s->value ? tir_parse_expr(t->p, s->value) : NULL;
    if (!v) return s->value ? NULL : sp_err(t->p, s->span, "a TIR return needs a value");
    return evaluate(t, ir_call(t->p->cx, v->dtype, "tir.ret", &v, 1), s->span);
  }
  case PYS_BREAK: return sp_err(t->p, s->span, "'break' is not supported in TVMScript");
  case PYS_CONTINUE: return sp_err(t->p, s->span, "'continue' is not supported in TVMScript");
  default: return sp_err(t->p, s->span, "unsupported statement in a TIR function");
  }
}

/* Statements b[from:] as one Stmt: several make a SeqStmt, none T.evaluate(0). */
static Node *body(TP *t, const PyBody *b, int from) {
  ScriptParser *p = t->p;
  Span sp = from < b->len ? b->stmts[from]->span : span_none();
  if (!sp_enter(p, sp)) return NULL;
  PtrVec seq = {0};
  Node *r = NULL;
  bool ok = true;
  for (int i = from; i < b->len; i++) {
    bool consumed;
    Node *s = stmt(t, b, i, &consumed);
    if (!s) {
      ok = false;
      break;
    }
    if (s != (Node *)1) {
      if (s->kind == NK_SEQ)
        for (int32_t j = 0; j < IR_AS(IrArray, s)->items.n; j++) ptrvec_push(&seq, IR_AS(IrArray, s)->items.v[j]);
      else
        ptrvec_push(&seq, s);
    }
    if (consumed) break;
  }
  if (ok) {
    if (seq.len == 1) {
      r = seq.data[0];
    } else if (seq.len == 0) {
      r = evaluate(t, ir_int(p->cx, DT_INT32, 0), sp);
    } else {
      r = mk_stmt(t, NK_SEQ, sp);
      IR_AS(IrArray, r)->items = ir_list_from_vec(p->cx, &seq);
      r = ir_finish(p->cx, r);
    }
  }
  ptrvec_free(&seq);
  sp_leave(p);
  return r;
}

/* ---- the function ---------------------------------------------------------------- */

/* `@T.prim_func` or `@T.prim_func(private=True)` */
static bool is_private(ScriptParser *p, const PyStmt *def, bool *ok) {
  for (int32_t i = 0; i < def->ndecorators; i++) {
    const PyExpr *d = def->decorators[i];
    if (d->kind != PY_CALL || !py_is_name(d->a, "T", "prim_func")) continue;
    for (int k = 0; k < d->nkws; k++) {
      if (strcmp(d->kws[k].name, "private") || (d->kws[k].value->kind != PY_TRUE && d->kws[k].value->kind != PY_FALSE)) {
        sp_err(p, d->kws[k].span, "T.prim_func takes only private=True/False");
        *ok = false;
      }
    }
    const PyExpr *v = py_kwarg(d, "private");
    return v && v->kind == PY_TRUE;
  }
  return false;
}

/* The seed's implicit symbolic shapes: in a parameter's buffer shape
 * (`X: T.Buffer[(n, d), "float32"]`), a bare name not yet defined declares
 * a new int64 variable.  Only there; elsewhere it stays an error. */
static void declare_shape_names(TP *t, const PyExpr *a) {
  const PyExpr *shape = NULL;
  if (a->kind == PY_SUBSCRIPT)
    shape = a->b->kind == PY_TUPLE && !a->b->parenthesized && a->b->nitems ? a->b->items[0] : a->b;
  else
    shape = a->nitems ? a->items[0] : py_kwarg(a, "shape");
  if (!shape) return;
  bool seq = shape->kind == PY_TUPLE || shape->kind == PY_LIST;
  int n = seq ? shape->nitems : 1;
  for (int i = 0; i < n; i++) {
    const PyExpr *d = seq ? shape->items[i] : shape;
    if (d->kind == PY_NAME && !sp_lookup(t->p, d->name)) sp_define(t->p, d->name, ir_var(t->p->cx, d->name, DT_INT64));
  }
}

/* One parameter: `A: T.Buffer(...)`, `x: T.handle`, `n: T.int32`. */
static bool param(TP *t, const PyParam *pp) {
  ScriptParser *p = t->p;
  const PyExpr *a = pp->annotation;
  if (!a) return sp_err(p, pp->span, "parameter '%s' needs a type annotation", pp->name), false;
  if (pp->default_value) return sp_err(p, pp->default_value->span, "TIR parameters take no default"), false;
  bool sub = a->kind == PY_SUBSCRIPT && py_is_name(a->a, "T", "Buffer");
  if (is_t_call(a, "Buffer") || sub) {
    declare_shape_names(t, a);
    Node *buf = tir_parse_buffer(p, a, 0, pp->name);
    if (!buf) return false;
    char nm[256];
    snprintf(nm, sizeof nm, "%s_handle", pp->name);
    Node *v = ir_var(p->cx, nm, DT_HANDLE);
    ptrvec_push(&t->params, v);
    Node *pair = ir_alloc(p->cx, NK_PAIR, pp->span);
    IR_AS(IrBinary, pair)->a = v;
    IR_AS(IrBinary, pair)->b = buf;
    ptrvec_push(&t->buffer_map, ir_finish(p->cx, pair));
    sp_define(p, pp->name, buf);
    return true;
  }
  Node *v = NULL;
  DType dt;
  if (a->kind == PY_CALL) {
    v = var_decl(t, a, pp->name);
    if (!v) return sp_err(p, a->span, "unsupported parameter type"), false;
  } else {
    if (!tir_parse_dtype(p, a, &dt)) return false;
    v = ir_var(p->cx, pp->name, dt);
  }
  ptrvec_push(&t->params, v);
  sp_define(p, pp->name, v);
  return true;
}

/* TVM's ScriptComplete: a body with blocks (or root allocations) goes in an
 * implicit root block. */
static bool has_block_realize(Node *n, void *ud) {
  if (n->kind == NK_BLOCK_REALIZE) *(bool *)ud = true;
  return !*(bool *)ud && (ir_is_stmt(n) || n->kind == NK_PRIM_FUNC);
}

static Node *wrap_root(TP *t, Node *b, Span sp) {
  bool wrap = t->root_allocs.len > 0;
  if (b->kind == NK_BLOCK_REALIZE) wrap = wrap || IR_AS(IrBlock, IR_AS(IrBlockRealize, b)->block)->iter_vars.n > 0;
  else if (!wrap) ir_walk(b, has_block_realize, &wrap);
  if (!wrap) return b;
  Blk root = {0};
  root.allocs = t->root_allocs;
  memset(&t->root_allocs, 0, sizeof t->root_allocs);
  return finish_block(t, &root, "root", b, sp);
}

static void tp_free(TP *t) {
  ptrvec_free(&t->root_allocs);
  ptrmap_free(&t->loop_dom);
  ptrmap_free(&t->predeclared);
  ptrmap_free(&t->env_threads);
  ptrmap_free(&t->detect);
  ptrvec_free(&t->params);
  ptrvec_free(&t->buffer_map);
}

/* The attributes with "global_symbol" first (added, named after the
 * function, unless private): the printer drops it when it equals the name,
 * so one fixed place keeps print/parse round trips structurally equal. */
static void func_attrs(TP *t, const PyStmt *def, bool priv) {
  NodeList a = t->func_attrs;
  Node *items[a.n + 1];
  int32_t n = 0;
  Node *gs = NULL;
  for (int32_t i = 0; i < a.n; i++) {
    const Node *k = IR_AS(IrBinary, a.v[i])->a;
    if (k->kind == NK_STRING && !strcmp(IR_AS(IrStr, k)->value, "global_symbol")) gs = a.v[i];
  }
  if (!gs && !priv) {
    gs = ir_alloc(t->p->cx, NK_PAIR, def->span);
    IR_AS(IrBinary, gs)->a = ir_string(t->p->cx, "global_symbol");
    IR_AS(IrBinary, gs)->b = ir_string(t->p->cx, def->name);
    gs = ir_finish(t->p->cx, gs);
  }
  if (gs) items[n++] = gs;
  for (int32_t i = 0; i < a.n; i++)
    if (a.v[i] != gs) items[n++] = a.v[i];
  t->func_attrs = ir_list(t->p->cx, items, n);
}

Node *tir_parse_prim_func(ScriptParser *p, const PyStmt *def) {
  TP t = {0};
  t.p = p;
  t.top = true;
  bool ok = true;
  bool priv = is_private(p, def, &ok);
  /* Symbolic variables may be used in the signature before their
   * `n = T.int64()` line in the body: declare those first. */
  for (int32_t i = 0; ok && i < def->body.len; i++) {
    const PyStmt *s = def->body.stmts[i];
    if (!is_var_decl_stmt(s)) continue;
    ok = run_var_decl(&t, s);
    ptrmap_put(&t.predeclared, s, (void *)s);
  }
  for (int32_t i = 0; ok && i < def->nparams; i++) ok = param(&t, &def->params[i]);
  Node *ret = NULL;
  if (ok && def->returns) {
    DType rt;
    if ((ok = tir_parse_dtype(p, def->returns, &rt))) {
      ret = ir_alloc(p->cx, NK_PRIM_TYPE, def->returns->span);
      ret->dtype = rt;
      ret = ir_finish(p->cx, ret);
    }
  }
  Node *b = ok ? body(&t, &def->body, 0) : NULL;
  if (!b) return tp_free(&t), NULL;
  b = wrap_root(&t, b, def->span);
  b = tir_complete_access(p->cx, b, &t.detect);
  func_attrs(&t, def, priv);
  Node *f = ir_alloc(p->cx, NK_PRIM_FUNC, def->span);
  IrPrimFunc *F = IR_AS(IrPrimFunc, f);
  F->params = ir_list_from_vec(p->cx, &t.params);
  F->buffer_map = ir_list_from_vec(p->cx, &t.buffer_map);
  F->ret_type = ret;
  F->body = b;
  F->attrs = t.func_attrs;
  tp_free(&t);
  return ir_finish(p->cx, f);
}
