/*
 * script.c — the TVMScript parser's top level.  It reads the file with the
 * Python parser, finds the module class or the bare function, declares all
 * global names first (functions may call each other in any order through
 * `cls.name`), and hands each function to its dialect: from_tir.c for
 * `@T.prim_func`, from_relax.c for `@R.function`.  Also the scope stack
 * both dialects resolve names through.
 */
#include "script_impl.h"

#include <stdlib.h>
#include <string.h>

/* ---- scope ---------------------------------------------------------------- */

void sp_push(ScriptParser *p) { VEC_PUSH(p->frames, p->scope.len); }

void sp_pop(ScriptParser *p) {
  SCHECK(p->frames.len > 0);
  p->scope.len = p->frames.data[--p->frames.len];
}

void sp_define(ScriptParser *p, const char *name, Node *value) {
  ScopeEntry e = {intern(name), value};
  VEC_PUSH(p->scope, e);
}

Node *sp_lookup(ScriptParser *p, const char *name) {
  const char *in = intern(name);
  for (int32_t i = p->scope.len - 1; i >= 0; i--)
    if (p->scope.data[i].name == in) return p->scope.data[i].value;
  return NULL;
}

void *sp_err(ScriptParser *p, Span sp, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_vadd(p->diag, DIAG_ERROR, sp, fmt, ap);
  va_end(ap);
  return NULL;
}

bool sp_enter(ScriptParser *p, Span sp) {
  if (p->depth >= SCRIPT_MAX_DEPTH) {
    if (p->depth == SCRIPT_MAX_DEPTH) sp_err(p, sp, "nesting is too deep (more than %d levels)", SCRIPT_MAX_DEPTH);
    p->depth++;
    return false;
  }
  p->depth++;
  return true;
}

bool py_is_name(const PyExpr *e, const char *a, const char *b) {
  if (!e) return false;
  if (!b) return e->kind == PY_NAME && !strcmp(e->name, a);
  return e->kind == PY_ATTR && !strcmp(e->name, b) && e->a && e->a->kind == PY_NAME &&
         !strcmp(e->a->name, a);
}

PyExpr *py_kwarg(const PyExpr *call, const char *name) {
  if (!call || call->kind != PY_CALL) return NULL;
  for (int32_t i = 0; i < call->nkws; i++)
    if (call->kws[i].name && !strcmp(call->kws[i].name, name)) return call->kws[i].value;
  return NULL;
}

/* ---- top level ------------------------------------------------------------ */

typedef enum Dialect { D_NONE, D_TIR, D_RELAX } Dialect;

/* The decorator's callee: `T.prim_func` or `T.prim_func(private=True)`. */
static const PyExpr *decorator_callee(const PyExpr *d) { return d->kind == PY_CALL ? d->a : d; }

static Dialect func_dialect(const PyStmt *def) {
  for (int32_t i = 0; i < def->ndecorators; i++) {
    const PyExpr *c = decorator_callee(def->decorators[i]);
    if (py_is_name(c, "T", "prim_func")) return D_TIR;
    if (py_is_name(c, "R", "function")) return D_RELAX;
  }
  return D_NONE;
}

static bool is_module_class(const PyStmt *cls) {
  for (int32_t i = 0; i < cls->ndecorators; i++) {
    const PyExpr *c = decorator_callee(cls->decorators[i]);
    if (py_is_name(c, "I", "ir_module") || py_is_name(c, "ir_module", NULL)) return true;
    /* the seed's spelling: @tvm.script.ir_module */
    if (c->kind == PY_ATTR && !strcmp(c->name, "ir_module")) return true;
  }
  return false;
}

/* `a.b.c` for a dotted name, else "?". */
static void dotted(const PyExpr *e, StrBuf *sb) {
  if (e->kind == PY_ATTR) {
    dotted(e->a, sb);
    sb_printf(sb, ".%s", e->name);
  } else {
    sb_puts(sb, e->kind == PY_NAME ? e->name : "?");
  }
}

static Node *parse_func(ScriptParser *p, const PyStmt *def) {
  Dialect d = func_dialect(def);
  if (d == D_NONE && def->ndecorators) {
    const PyExpr *c = decorator_callee(def->decorators[0]);
    StrBuf sb = {0};
    dotted(c, &sb);
    sp_err(p, c->span, "unknown decorator '%s'", sb.data);
    sb_free(&sb);
    return NULL;
  }
  if (d == D_NONE)
    return sp_err(p, def->span, "function '%s' needs a @T.prim_func or @R.function decorator", def->name);
  sp_push(p);
  Node *f = d == D_TIR ? tir_parse_prim_func(p, def) : rx_parse_function(p, def);
  sp_pop(p);
  return f;
}

/* TVM's printing order, which we also keep in the module: PrimFuncs, then
 * extern functions, then Relax functions, each by name; `main` last. */
static int func_rank(const Node *gv, const Node *f) {
  if (!strcmp(IR_AS(IrVar, gv)->name, "main")) return 1000;
  if (!f) return 0;
  return f->kind == NK_PRIM_FUNC ? 1 : f->kind == NK_RX_EXTERN ? 2 : 3;
}

static int cmp_funcs(const void *x, const void *y) {
  const IrBinary *a = *(IrBinary *const *)x, *b = *(IrBinary *const *)y;
  int ra = func_rank(a->a, a->b), rb = func_rank(b->a, b->b);
  if (ra != rb) return ra < rb ? -1 : 1;
  return strcmp(IR_AS(IrVar, a->a)->name, IR_AS(IrVar, b->a)->name);
}

/* R.ExternFunc("symbol") at class level. */
static Node *parse_extern_func(ScriptParser *p, const PyExpr *call) {
  if (call->nitems != 1 || call->nkws || call->items[0]->kind != PY_STR)
    return sp_err(p, call->span, "R.ExternFunc expects the symbol name as one string");
  Node *f = ir_alloc(p->cx, NK_RX_EXTERN, call->span);
  IR_AS(IrStr, f)->value = intern(call->items[0]->str);
  return ir_finish(p->cx, f);
}

/* Module attributes: I.module_attrs({"key": value, ...}). */
static bool parse_module_attrs(ScriptParser *p, const PyExpr *call, Node *mod) {
  if (call->nitems != 1 || call->items[0]->kind != PY_DICT)
    return sp_err(p, call->span, "I.module_attrs expects one dict argument"), false;
  const PyExpr *d = call->items[0];
  PtrVec attrs = {0};
  for (int32_t i = 0; i < d->nitems; i++) {
    if (d->items[i]->kind != PY_STR) {
      sp_err(p, d->items[i]->span, "module attribute keys must be strings");
      continue;
    }
    Node *v = tir_parse_expr(p, d->values[i]);
    if (!v) continue;
    Node *pair = ir_alloc(p->cx, NK_PAIR, d->items[i]->span);
    IR_AS(IrBinary, pair)->a = ir_string(p->cx, d->items[i]->str);
    IR_AS(IrBinary, pair)->b = v;
    ptrvec_push(&attrs, ir_finish(p->cx, pair));
  }
  IR_AS(IrModule, mod)->attrs = ir_list_from_vec(p->cx, &attrs);
  ptrvec_free(&attrs);
  return true;
}

/* `name = R.ExternFunc("symbol")` at class level: the statement's name, or
 * NULL when s is something else. */
static const char *extern_func_name(const PyStmt *s) {
  if (s->kind != PYS_ASSIGN || !s->target || s->target->kind != PY_NAME || !s->value ||
      s->value->kind != PY_CALL || !py_is_name(s->value->a, "R", "ExternFunc"))
    return NULL;
  return s->target->name;
}

/* The span of a definition's name (its span starts at the first decorator). */
static Span def_name_span(const PyStmt *def) {
  Span sp = def->span;
  if (!sp.file) return sp;
  const char *t = sp.file->text;
  uint32_t i = def->ndecorators ? def->decorators[def->ndecorators - 1]->span.hi : sp.lo;
  size_t n = strlen(def->name);
  for (; i + 4 + n <= sp.hi; i++) {
    if (t[i] == '#')
      while (i < sp.hi && t[i] != '\n') i++;
    else if (!strncmp(t + i, "def", 3) && (t[i + 3] == ' ' || t[i + 3] == '\t')) {
      i += 3;
      while (t[i] == ' ' || t[i] == '\t') i++;
      return (Span){sp.file, i, (uint32_t)(i + n)};
    }
  }
  return sp;
}

static Node *parse_module(ScriptParser *p, const PyStmt *cls) {
  Node *mod = ir_alloc(p->cx, NK_MODULE, cls->span);
  p->module_name = cls->name;
  /* Pass 1: declare every global name. */
  for (int32_t i = 0; i < cls->body.len; i++) {
    const PyStmt *s = cls->body.stmts[i];
    const char *name = s->kind == PYS_FUNCDEF ? s->name : extern_func_name(s);
    if (!name) continue;
    if (strmap_has(&p->globals, name)) {
      sp_err(p, s->kind == PYS_FUNCDEF ? def_name_span(s) : s->target->span,
             "duplicate definition of '%s' in module '%s'", name, cls->name);
      continue;
    }
    Node *gv = ir_alloc(p->cx, NK_GLOBAL_VAR, s->span);
    IR_AS(IrVar, gv)->name = intern(name);
    if (s->kind == PYS_FUNCDEF && func_dialect(s) == D_RELAX) gv->sinfo = rx_parse_signature(p, s);
    strmap_put(&p->globals, name, ir_finish(p->cx, gv));
  }
  /* Pass 2: the functions and module-level statements. */
  PtrVec funcs = {0};
  PtrMap done = {0};
  for (int32_t i = 0; i < cls->body.len; i++) {
    const PyStmt *s = cls->body.stmts[i];
    const char *ext = extern_func_name(s);
    if (s->kind == PYS_FUNCDEF || ext) {
      Node *gv = strmap_get(&p->globals, ext ? ext : s->name);
      if (ptrmap_has(&done, gv)) continue; /* the duplicate, reported */
      ptrmap_put(&done, gv, gv);
      Node *f = ext ? parse_extern_func(p, s->value) : parse_func(p, s);
      if (!f) continue;
      Node *pair = ir_alloc(p->cx, NK_PAIR, s->span);
      IR_AS(IrBinary, pair)->a = gv;
      IR_AS(IrBinary, pair)->b = f;
      ptrvec_push(&funcs, ir_finish(p->cx, pair));
    } else if (s->kind == PYS_EXPR && s->value->kind == PY_CALL &&
               py_is_name(s->value->a, "I", "module_attrs")) {
      parse_module_attrs(p, s->value, mod);
    } else if (s->kind == PYS_PASS || (s->kind == PYS_EXPR && s->value->kind == PY_STR)) {
      /* a docstring or `pass` */
    } else {
      sp_err(p, s->span,
             "expected a @T.prim_func or @R.function definition, or `name = R.ExternFunc(\"symbol\")`, in "
             "module '%s'", cls->name);
    }
  }
  if (funcs.len) qsort(funcs.data, (size_t)funcs.len, sizeof(void *), cmp_funcs);
  IR_AS(IrModule, mod)->funcs = ir_list_from_vec(p->cx, &funcs);
  ptrvec_free(&funcs);
  ptrmap_free(&done);
  return ir_finish(p->cx, mod);
}

static void parser_free(ScriptParser *p) {
  arena_free(p->ast);
  VEC_FREE(p->scope);
  VEC_FREE(p->frames);
  strmap_free(&p->globals);
}

Node *script_parse(IrCtx *cx, const SourceFile *file, DiagCtx *diag) {
  ScriptParser p = {0};
  p.cx = cx;
  p.diag = diag;
  p.file = file;
  p.ast = arena_new();
  int32_t before = diag_errors(diag);
  PyModule *m = py_parse_file(p.ast, file, diag);
  Node *root = NULL;
  const PyStmt *first = NULL;
  if (diag_errors(diag) == before) {
    for (int32_t i = 0; i < m->body.len; i++) {
      const PyStmt *s = m->body.stmts[i];
      if (s->kind == PYS_IMPORT || s->kind == PYS_PASS) continue;
      if (s->kind == PYS_EXPR && s->value->kind == PY_STR) continue; /* docstring */
      if (first) {
        int line, col;
        source_line_col(file, first->span.lo, &line, &col);
        sp_err(&p, s->span,
               "a TVMScript file holds one module or one function; this is a second one (the "
               "first is at line %d)",
               line);
        break;
      }
      first = s;
    }
    if (!first) {
      Span sp = {file, 0, 0};
      sp_err(&p, sp, "expected an @I.ir_module class or a @T.prim_func / @R.function definition");
    } else if (first->kind == PYS_CLASSDEF && is_module_class(first)) {
      root = parse_module(&p, first);
    } else if (first->kind == PYS_FUNCDEF && (func_dialect(first) != D_NONE || first->ndecorators)) {
      root = parse_func(&p, first);
    } else {
      sp_err(&p, first->span,
             "expected an @I.ir_module class or a @T.prim_func / @R.function definition");
    }
  }
  parser_free(&p);
  return diag_errors(diag) == before ? root : NULL;
}

Node *script_parse_primexpr(IrCtx *cx, const SourceFile *file, StrMap *vars, DiagCtx *diag) {
  ScriptParser p = {0};
  p.cx = cx;
  p.diag = diag;
  p.file = file;
  p.ast = arena_new();
  int32_t before = diag_errors(diag);
  sp_push(&p);
  if (vars)
    for (int32_t i = 0; i < vars->cap; i++)
      if (vars->keys[i]) sp_define(&p, vars->keys[i], vars->vals[i]);
  PyExpr *e = py_parse_expr(p.ast, file, diag);
  Node *r = e ? tir_parse_expr(&p, e) : NULL;
  parser_free(&p);
  return diag_errors(diag) == before ? r : NULL;
}
