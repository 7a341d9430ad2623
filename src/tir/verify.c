/*
 * verify.c — the TensorIR verifier: is a PrimFunc well formed?  (The rules
 * are listed in tir.h.)  One recursive walk over statements and
 * expressions keeps the set of variables and buffers in scope; every
 * problem is reported at the offending node's span, or at the innermost
 * enclosing statement's when the node has none (interned expressions built
 * by transforms carry no span).
 */
#include "tir.h"

#include <string.h>

#include "../ir/check.h"

/* What defined a variable: the kind, and for loop vars the number of
 * non-opaque blocks around the loop. */
enum { DEF_OTHER = 1, DEF_LOOP = 2, DEF_ITER = 3 };
#define DEF_CODE(kind, depth) ((void *)(uintptr_t)(((uintptr_t)(depth) << 4) | (kind)))
#define DEF_KIND(code) ((int)((uintptr_t)(code)&15))
#define DEF_DEPTH(code) ((int)((uintptr_t)(code) >> 4))

typedef struct Tv {
  DiagCtx *diag;
  const char *fname;
  PtrMap scope;      /* Var -> DEF_CODE while in scope, NULL after */
  PtrMap ever;       /* Var/Buffer -> DEF_CODE: defined somewhere before */
  PtrMap bufs;       /* Buffer -> non-NULL while in scope */
  PtrVec stack;      /* what was defined, innermost last, for leaving scopes */
  int depth;         /* non-opaque blocks entered */
  const char *block; /* the innermost non-opaque block's name */
  PtrMap *reduce;    /* reduction iter vars of the innermost block with init */
  Span span;         /* the innermost statement span */
  PtrMap memo;       /* expression -> generation it was checked in */
  uintptr_t gen;     /* bumped whenever the scope changes */
} Tv;

static void err(Tv *t, const Node *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void err(Tv *t, const Node *at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_vadd(t->diag, DIAG_ERROR, at && at->span.file ? at->span : t->span, fmt, ap);
  va_end(ap);
}

static const char *vname(const Node *v) {
  if (!ir_is_tir_var(v)) return "?";
  const char *n = IR_AS(IrVar, v)->name;
  return n ? n : "?";
}
/* A use of variable v: located by its name inside the innermost statement
 * (v's own span, if any, is where it was defined). */
static void err_use(Tv *t, const Node *v, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void err_use(Tv *t, const Node *v, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_vadd(t->diag, DIAG_ERROR, t->span.file ? ir_span_find_name(t->span, vname(v)) : v->span, fmt, ap);
  va_end(ap);
}

static const char *bname(const Node *b) {
  if (!b || b->kind != NK_BUFFER) return "?";
  const char *n = IR_AS(IrBuffer, b)->name;
  return n ? n : "?";
}

/* ---- scopes ---------------------------------------------------------------- */

static void define_as(Tv *t, Node *v, int kind, bool unique) {
  if (!ir_is_tir_var(v)) return;
  if (unique && ptrmap_get(&t->ever, v))
    err(t, v, "duplicate definition of '%s' in function '%s'", vname(v), t->fname);
  void *code = DEF_CODE(kind, t->depth);
  ptrmap_put(&t->scope, v, code);
  ptrmap_put(&t->ever, v, code);
  ptrvec_push(&t->stack, v);
  t->gen++;
}

static void define(Tv *t, Node *v, int kind) { define_as(t, v, kind, true); }

/* Define v unless it is already in scope: a bare var in a buffer shape, the
 * data var of a buffer (aliases share it); these may recur legitimately. */
static void define_once(Tv *t, Node *v) {
  if (ir_is_tir_var(v) && !ptrmap_get(&t->scope, v)) define_as(t, v, DEF_OTHER, false);
}

static void define_buffer(Tv *t, Node *b) {
  if (!b || b->kind != NK_BUFFER) return;
  if (ptrmap_get(&t->ever, b)) err(t, b, "duplicate definition of buffer '%s' in function '%s'", bname(b), t->fname);
  ptrmap_put(&t->ever, b, b);
  ptrmap_put(&t->bufs, b, b);
  ptrvec_push(&t->stack, b);
  define_once(t, IR_AS(IrBuffer, b)->data);
  t->gen++;
}

static void leave(Tv *t, int32_t mark) {
  while (t->stack.len > mark) {
    Node *n = ptrvec_pop(&t->stack);
    ptrmap_put(n->kind == NK_BUFFER ? &t->bufs : &t->scope, n, NULL);
  }
  t->gen++;
}

static void use_var(Tv *t, Node *v) {
  void *code = ptrmap_get(&t->scope, v);
  if (!code) {
    void *old = ptrmap_get(&t->ever, v);
    if (old && DEF_KIND(old) == DEF_LOOP)
      err_use(t, v, "loop variable '%s' is used outside its loop", vname(v));
    else if (old)
      err_use(t, v, "variable '%s' is used outside the scope that defines it", vname(v));
    else
      err_use(t, v, "symbolic variable '%s' is used before it is defined", vname(v));
  } else if (DEF_KIND(code) == DEF_LOOP && DEF_DEPTH(code) < t->depth) {
    err_use(t, v,
            "block '%s' uses the enclosing loop variable '%s'; a block may only use its own iter "
            "vars (bind '%s' through T.axis)",
            t->block, vname(v), vname(v));
  }
}

static bool buffer_in_scope(Tv *t, Node *b) {
  if (ptrmap_get(&t->bufs, b)) return true;
  Node *data = IR_AS(IrBuffer, b)->data;
  return data && ptrmap_get(&t->scope, data); /* an alias of an allocation or parameter */
}

static void use_buffer(Tv *t, Node *b, const Node *at) {
  if (!b || b->kind != NK_BUFFER) {
    err(t, at, "expected a buffer in a buffer access");
    return;
  }
  if (buffer_in_scope(t, b)) return;
  if (ptrmap_get(&t->ever, b))
    err(t, at, "buffer '%s' is used outside the block or statement that defines it", bname(b));
  else
    err(t, at,
        "buffer '%s' is not defined in function '%s' (not a parameter, allocated, declared or "
        "matched buffer)",
        bname(b), t->fname);
}

/* ---- expressions ----------------------------------------------------------- */

static void visit_expr(Tv *t, Node *e);

static void check_bool(Tv *t, Node *c, const Node *at, const char *what, bool scalar) {
  if (!c) return;
  if (!dtype_is_bool(c->dtype) || (scalar && c->dtype.lanes != 1))
    err(t, at, "%s must be a %sbool, got %s", what, scalar ? "scalar " : "", dtype_str(c->dtype));
}

static void check_indices(Tv *t, Node *buf, NodeList idx, const Node *at) {
  if (!buf || buf->kind != NK_BUFFER) return;
  int32_t nd = IR_AS(IrBuffer, buf)->shape.n;
  if (nd != idx.n)
    err(t, at, "buffer '%s' has %d dimension%s but is indexed with %d ind%s", bname(buf), (int)nd,
        nd == 1 ? "" : "s", (int)idx.n, idx.n == 1 ? "ex" : "ices");
  for (int32_t i = 0; i < idx.n; i++) {
    visit_expr(t, idx.v[i]);
    if (idx.v[i] && !dtype_is_int(idx.v[i]->dtype) && !dtype_is_uint(idx.v[i]->dtype))
      err(t, idx.v[i]->span.file ? idx.v[i] : at, "index %d of buffer '%s' must be an integer, got %s",
          (int)i, bname(buf), dtype_str(idx.v[i]->dtype));
  }
}

static const char *op_name(int k) {
  static const char *const names[] = {"+", "-", "*", "/ (truncdiv)", "% (truncmod)", "//", "%",
                                      "min", "max", "==", "!=", "<", "<=", ">", ">=", "and", "or"};
  return names[k - NK_ADD];
}

static void visit_binary(Tv *t, Node *e) {
  Node *a = IR_AS(IrBinary, e)->a, *b = IR_AS(IrBinary, e)->b;
  visit_expr(t, a);
  visit_expr(t, b);
  if (!a || !b) return;
  if (e->kind == NK_AND || e->kind == NK_OR) {
    check_bool(t, a, e, "operand of 'and'/'or'", false);
    check_bool(t, b, e, "operand of 'and'/'or'", false);
  } else if (!dtype_eq(a->dtype, b->dtype)) {
    err(t, e, "operands of '%s' have different dtypes: %s and %s", op_name(e->kind),
        dtype_str(a->dtype), dtype_str(b->dtype));
  }
}

static void visit_let_expr(Tv *t, Node *e) {
  IrLet *l = IR_AS(IrLet, e);
  visit_expr(t, l->value);
  int32_t mark = t->stack.len;
  if (l->var && l->value && !dtype_eq(l->var->dtype, l->value->dtype))
    err(t, e, "let variable '%s' has dtype %s but its value has dtype %s", vname(l->var),
        dtype_str(l->var->dtype), dtype_str(l->value->dtype));
  define(t, l->var, DEF_OTHER);
  visit_expr(t, l->body);
  leave(t, mark);
}

static void visit_list(Tv *t, NodeList l) {
  for (int32_t i = 0; i < l.n; i++)
    if (ir_is_expr(l.v[i])) visit_expr(t, l.v[i]);
}

static void visit_expr(Tv *t, Node *e) {
  if (!e) return;
  if ((uintptr_t)ptrmap_get(&t->memo, e) == t->gen) return; /* checked in this scope */
  ptrmap_put(&t->memo, e, (void *)t->gen);
  switch (e->kind) {
  case NK_VAR:
  case NK_SIZEVAR: use_var(t, e); break;
  case NK_NOT:
    visit_expr(t, IR_AS(IrUnary, e)->a);
    check_bool(t, IR_AS(IrUnary, e)->a, e, "operand of 'not'", false);
    break;
  case NK_CAST: visit_expr(t, IR_AS(IrUnary, e)->a); break;
  case NK_SELECT: {
    IrSelect *s = IR_AS(IrSelect, e);
    visit_expr(t, s->cond);
    visit_expr(t, s->t);
    visit_expr(t, s->f);
    check_bool(t, s->cond, e, "condition of T.Select", false);
    if (s->t && s->f && !dtype_eq(s->t->dtype, s->f->dtype))
      err(t, e, "the two values of T.Select have different dtypes: %s and %s", dtype_str(s->t->dtype),
          dtype_str(s->f->dtype));
    break;
  }
  case NK_BUFFER_LOAD: {
    IrBufferLoad *l = IR_AS(IrBufferLoad, e);
    use_buffer(t, l->buffer, e);
    check_indices(t, l->buffer, l->indices, e);
    visit_expr(t, l->predicate);
    break;
  }
  case NK_RAMP:
    visit_expr(t, IR_AS(IrRamp, e)->base);
    visit_expr(t, IR_AS(IrRamp, e)->stride);
    break;
  case NK_BROADCAST: visit_expr(t, IR_AS(IrBroadcast, e)->value); break;
  case NK_LET: visit_let_expr(t, e); break;
  case NK_CALL: visit_list(t, IR_AS(IrCall, e)->args); break;
  case NK_SHUFFLE:
    visit_list(t, IR_AS(IrShuffle, e)->vectors);
    visit_list(t, IR_AS(IrShuffle, e)->indices);
    break;
  default:
    if (ir_is_binary(e->kind)) visit_binary(t, e);
    break;
  }
}

static void visit_ranges(Tv *t, NodeList l) {
  for (int32_t i = 0; i < l.n; i++)
    if (l.v[i] && l.v[i]->kind == NK_RANGE) {
      visit_expr(t, IR_AS(IrRange, l.v[i])->min);
      visit_expr(t, IR_AS(IrRange, l.v[i])->extent);
    }
}

/* Shape, strides and elem_offset of a buffer: with bind, bare vars not yet
 * in scope are defined here (parameters, match_buffer); the rest must use
 * defined vars. */
static void buffer_exprs(Tv *t, Node *b, bool bind) {
  IrBuffer *B = IR_AS(IrBuffer, b);
  if (bind) {
    for (int32_t i = 0; i < B->shape.n; i++) define_once(t, B->shape.v[i]);
    for (int32_t i = 0; i < B->strides.n; i++) define_once(t, B->strides.v[i]);
    define_once(t, B->elem_offset);
  }
  visit_list(t, B->shape);
  visit_list(t, B->strides);
  visit_expr(t, B->elem_offset);
}

/* ---- statements ------------------------------------------------------------ */

static void visit_stmt(Tv *t, Node *s);

static bool mentions_reduce(Tv *t, Node *e, Node **which);

typedef struct Find {
  PtrMap *set;
  Node *hit;
} Find;

static bool find_cb(Node *n, void *ud) {
  Find *f = ud;
  if (!f->hit && ir_is_tir_var(n) && ptrmap_get(f->set, n)) f->hit = n;
  return !f->hit;
}

static bool mentions_reduce(Tv *t, Node *e, Node **which) {
  Find f = {t->reduce, NULL};
  ir_walk(e, find_cb, &f);
  *which = f.hit;
  return f.hit != NULL;
}

static void visit_store(Tv *t, Node *s) {
  IrBufferStore *st = IR_AS(IrBufferStore, s);
  use_buffer(t, st->buffer, s);
  check_indices(t, st->buffer, st->indices, s);
  visit_expr(t, st->value);
  visit_expr(t, st->predicate);
  if (!st->buffer || st->buffer->kind != NK_BUFFER || !st->value) return;
  int lanes = 1;
  for (int32_t i = 0; i < st->indices.n; i++)
    if (st->indices.v[i] && st->indices.v[i]->dtype.lanes > lanes) lanes = st->indices.v[i]->dtype.lanes;
  DType want = dtype_with_lanes(st->buffer->dtype, st->buffer->dtype.lanes * lanes);
  if (!dtype_eq(st->value->dtype, want))
    err(t, s, "value stored to buffer '%s' has dtype %s but the buffer expects %s", bname(st->buffer),
        dtype_str(st->value->dtype), dtype_str(want));
  Node *rv;
  for (int32_t i = 0; t->reduce && i < st->indices.n; i++)
    if (mentions_reduce(t, st->indices.v[i], &rv)) {
      err(t, s, "block '%s' writes buffer '%s' at an index that uses its reduction iter var '%s'",
          t->block, bname(st->buffer), vname(rv));
      break;
    }
}

static void visit_for(Tv *t, Node *s) {
  IrFor *f = IR_AS(IrFor, s);
  visit_expr(t, f->min);
  visit_expr(t, f->extent);
  if (!f->var || !ir_is_tir_var(f->var)) {
    err(t, s, "a for loop needs a loop variable");
  } else {
    const char *n = vname(f->var);
    if (f->extent && !dtype_is_int(f->extent->dtype) && !dtype_is_uint(f->extent->dtype))
      err(t, s, "extent of loop '%s' must be an integer, got %s", n, dtype_str(f->extent->dtype));
    else if (f->extent && !dtype_eq(f->extent->dtype, f->var->dtype))
      err(t, s, "loop variable '%s' has dtype %s but its extent has dtype %s", n,
          dtype_str(f->var->dtype), dtype_str(f->extent->dtype));
    if (f->min && !dtype_eq(f->min->dtype, f->var->dtype))
      err(t, s, "loop variable '%s' has dtype %s but its min has dtype %s", n, dtype_str(f->var->dtype),
          dtype_str(f->min->dtype));
  }
  int32_t mark = t->stack.len;
  define(t, f->var, DEF_LOOP);
  visit_stmt(t, f->body);
  leave(t, mark);
}

/* A block's alloc_buffers, match_buffers and read/write regions. */
static void block_buffers(Tv *t, Node *b) {
  IrBlock *B = IR_AS(IrBlock, b);
  for (int32_t i = 0; i < B->alloc_buffers.n; i++) {
    Node *buf = B->alloc_buffers.v[i];
    if (!buf || buf->kind != NK_BUFFER) continue;
    buffer_exprs(t, buf, false);
    define_buffer(t, buf);
  }
  for (int32_t i = 0; i < B->match_buffers.n; i++) {
    if (!B->match_buffers.v[i] || B->match_buffers.v[i]->kind != NK_MATCH_BUFFER) continue;
    IrMatchBuffer *m = IR_AS(IrMatchBuffer, B->match_buffers.v[i]);
    if (m->source && m->source->kind == NK_BUFFER_REGION) {
      Span saved = t->span;
      if (B->match_buffers.v[i]->span.file) t->span = B->match_buffers.v[i]->span;
      use_buffer(t, IR_AS(IrBufferRegion, m->source)->buffer, B->match_buffers.v[i]);
      visit_ranges(t, IR_AS(IrBufferRegion, m->source)->region);
      t->span = saved;
    }
    if (!m->buffer || m->buffer->kind != NK_BUFFER) continue;
    buffer_exprs(t, m->buffer, true);
    define_buffer(t, m->buffer);
  }
  NodeList regions[2] = {B->reads, B->writes};
  for (int k = 0; k < 2; k++)
    for (int32_t i = 0; i < regions[k].n; i++) {
      Node *r = regions[k].v[i];
      if (!r || r->kind != NK_BUFFER_REGION) continue;
      use_buffer(t, IR_AS(IrBufferRegion, r)->buffer, r->span.file ? r : b);
      Span saved = t->span; /* report uses at the region (an inferred one: its access) */
      if (r->span.file) t->span = r->span;
      visit_ranges(t, IR_AS(IrBufferRegion, r)->region);
      t->span = saved;
    }
}

static void visit_block(Tv *t, Node *b) {
  IrBlock *B = IR_AS(IrBlock, b);
  int32_t mark = t->stack.len;
  bool opaque = B->iter_vars.n == 0;
  for (int32_t i = 0; i < B->iter_vars.n; i++) {
    Node *iv = B->iter_vars.v[i];
    Node *dom = iv && iv->kind == NK_ITER_VAR ? IR_AS(IrIterVar, iv)->dom : NULL;
    if (dom && dom->kind == NK_RANGE) {
      visit_expr(t, IR_AS(IrRange, dom)->min);
      visit_expr(t, IR_AS(IrRange, dom)->extent);
    }
  }
  const char *saved_block = t->block;
  PtrMap *saved_reduce = t->reduce;
  PtrMap reduce = {0};
  if (!opaque) {
    t->depth++;
    t->block = B->name ? B->name : "?";
    t->reduce = NULL;
  }
  for (int32_t i = 0; i < B->iter_vars.n; i++) {
    IrIterVar *iv = IR_AS(IrIterVar, B->iter_vars.v[i]);
    if (!iv || B->iter_vars.v[i]->kind != NK_ITER_VAR) continue;
    define(t, iv->var, DEF_ITER);
    if (iv->iter_type == ITER_REDUCE && iv->var) ptrmap_put(&reduce, iv->var, iv->var);
  }
  if (B->init && reduce.len) t->reduce = &reduce;
  block_buffers(t, b);
  visit_stmt(t, B->init);
  visit_stmt(t, B->body);
  leave(t, mark);
  if (!opaque) t->depth--;
  t->block = saved_block;
  t->reduce = saved_reduce;
  ptrmap_free(&reduce);
}

static void visit_realize(Tv *t, Node *s) {
  IrBlockRealize *r = IR_AS(IrBlockRealize, s);
  Node *b = r->block;
  if (!b || b->kind != NK_BLOCK) {
    err(t, s, "a block realize needs a block");
    return;
  }
  IrBlock *B = IR_AS(IrBlock, b);
  const char *name = B->name ? B->name : "?";
  visit_list(t, r->iter_values);
  if (r->iter_values.n != B->iter_vars.n) {
    err(t, s, "block '%s' has %d iter var%s but %d binding%s", name, (int)B->iter_vars.n,
        B->iter_vars.n == 1 ? "" : "s", (int)r->iter_values.n, r->iter_values.n == 1 ? "" : "s");
  } else {
    for (int32_t i = 0; i < r->iter_values.n; i++) {
      Node *iv = B->iter_vars.v[i], *v = r->iter_values.v[i];
      Node *var = iv && iv->kind == NK_ITER_VAR ? IR_AS(IrIterVar, iv)->var : NULL;
      if (var && v && !dtype_eq(var->dtype, v->dtype))
        err(t, s, "block '%s' binds iter var '%s' of dtype %s to a value of dtype %s", name, vname(var),
            dtype_str(var->dtype), dtype_str(v->dtype));
    }
  }
  visit_expr(t, r->predicate);
  check_bool(t, r->predicate, s, "predicate of a block", true);
  Span saved = t->span;
  if (b->span.file) t->span = b->span;
  visit_block(t, b);
  t->span = saved;
}

/* Statements that define something for their body. */
static void visit_scoped(Tv *t, Node *s) {
  int32_t mark = t->stack.len;
  switch (s->kind) {
  case NK_LET_STMT: {
    IrLet *l = IR_AS(IrLet, s);
    visit_expr(t, l->value);
    if (l->var && l->value && !dtype_eq(l->var->dtype, l->value->dtype))
      err(t, s, "let variable '%s' has dtype %s but its value has dtype %s", vname(l->var),
          dtype_str(l->var->dtype), dtype_str(l->value->dtype));
    define(t, l->var, DEF_OTHER);
    visit_stmt(t, l->body);
    break;
  }
  case NK_ATTR_STMT: {
    IrAttrStmt *a = IR_AS(IrAttrStmt, s);
    visit_expr(t, a->value);
    if (a->node && a->node->kind == NK_ITER_VAR) /* T.launch_thread */
      define_once(t, IR_AS(IrIterVar, a->node)->var);
    else if (ir_is_expr(a->node))
      visit_expr(t, a->node);
    visit_stmt(t, a->body);
    break;
  }
  case NK_ALLOCATE:
  case NK_ALLOCATE_CONST: {
    IrAllocate *a = IR_AS(IrAllocate, s);
    visit_list(t, a->extents);
    visit_expr(t, a->cond);
    define(t, a->var, DEF_OTHER);
    visit_stmt(t, a->body);
    break;
  }
  case NK_DECL_BUFFER: {
    Node *b = IR_AS(IrDeclBuffer, s)->buffer;
    if (b && b->kind == NK_BUFFER) {
      buffer_exprs(t, b, false);
      define_buffer(t, b);
    }
    visit_stmt(t, IR_AS(IrDeclBuffer, s)->body);
    break;
  }
  case NK_BUFFER_REALIZE: {
    IrBufferRealize *r = IR_AS(IrBufferRealize, s);
    visit_ranges(t, r->bounds);
    visit_expr(t, r->cond);
    define_buffer(t, r->buffer);
    visit_stmt(t, r->body);
    break;
  }
  default: break;
  }
  leave(t, mark);
}

static void visit_stmt(Tv *t, Node *s) {
  if (!s) return;
  Span saved = t->span;
  if (s->span.file) t->span = s->span;
  switch (s->kind) {
  case NK_SEQ: {
    NodeList l = IR_AS(IrArray, s)->items;
    for (int32_t i = 0; i < l.n; i++) visit_stmt(t, l.v[i]);
    break;
  }
  case NK_EVALUATE: visit_expr(t, IR_AS(IrUnary, s)->a); break;
  case NK_BUFFER_STORE: visit_store(t, s); break;
  case NK_FOR: visit_for(t, s); break;
  case NK_BLOCK_REALIZE: visit_realize(t, s); break;
  case NK_BLOCK: visit_block(t, s); break;
  case NK_IF: {
    IrIf *f = IR_AS(IrIf, s);
    visit_expr(t, f->cond);
    check_bool(t, f->cond, s, "condition of an if statement", true);
    visit_stmt(t, f->then_case);
    visit_stmt(t, f->else_case);
    break;
  }
  case NK_WHILE:
    visit_expr(t, IR_AS(IrWhile, s)->cond);
    check_bool(t, IR_AS(IrWhile, s)->cond, s, "condition of a while loop", true);
    visit_stmt(t, IR_AS(IrWhile, s)->body);
    break;
  case NK_ASSERT: {
    IrAssert *a = IR_AS(IrAssert, s);
    visit_expr(t, a->cond);
    check_bool(t, a->cond, s, "condition of an assert", true);
    visit_expr(t, a->message);
    visit_stmt(t, a->body);
    break;
  }
  case NK_LET_STMT:
  case NK_ATTR_STMT:
  case NK_ALLOCATE:
  case NK_ALLOCATE_CONST:
  case NK_DECL_BUFFER:
  case NK_BUFFER_REALIZE: visit_scoped(t, s); break;
  default: err(t, s, "unexpected %s where a TIR statement was expected", ir_kind_name(s->kind)); break;
  }
  t->span = saved;
}

/* ---- the function ---------------------------------------------------------- */

static void visit_params(Tv *t, const IrPrimFunc *f) {
  for (int32_t i = 0; i < f->params.n; i++) {
    Node *p = f->params.v[i];
    if (ir_is_tir_var(p))
      define(t, p, DEF_OTHER);
    else
      err(t, p, "parameter %d of function '%s' is not a variable", (int)i, t->fname);
  }
  /* First bind every bare var of every parameter buffer, then check the
   * composite expressions: `T.Buffer((n * 2,))` may precede `(n,)`. */
  for (int32_t pass = 0; pass < 2; pass++)
    for (int32_t i = 0; i < f->buffer_map.n; i++) {
      Node *pair = f->buffer_map.v[i];
      if (!pair || pair->kind != NK_PAIR) continue;
      Node *pv = IR_AS(IrBinary, pair)->a, *b = IR_AS(IrBinary, pair)->b;
      if (!b || b->kind != NK_BUFFER) continue;
      if (pass == 0) {
        bool is_param = false;
        for (int32_t j = 0; j < f->params.n; j++) is_param |= f->params.v[j] == pv;
        if (!is_param)
          err(t, pair, "the buffer map binds buffer '%s' to '%s', which is not a parameter", bname(b),
              pv && ir_is_tir_var(pv) ? vname(pv) : "?");
        define_buffer(t, b);
        IrBuffer *B = IR_AS(IrBuffer, b);
        for (int32_t k = 0; k < B->shape.n; k++) define_once(t, B->shape.v[k]);
        for (int32_t k = 0; k < B->strides.n; k++) define_once(t, B->strides.v[k]);
        define_once(t, B->elem_offset);
      } else {
        buffer_exprs(t, b, false);
      }
    }
}

int tir_verify_prim_func(const Node *func, const char *name, DiagCtx *diag) {
  int32_t before = diag_errors(diag);
  Tv t;
  memset(&t, 0, sizeof(t));
  t.diag = diag;
  t.fname = name ? name : "<anonymous>";
  t.block = "?";
  t.gen = 1;
  if (!func || func->kind != NK_PRIM_FUNC) {
    diag_error(diag, func ? func->span : span_none(), "'%s' is not a PrimFunc", t.fname);
    return diag_errors(diag) - before;
  }
  const IrPrimFunc *f = IR_AS(IrPrimFunc, func);
  t.span = func->span;
  visit_params(&t, f);
  visit_stmt(&t, f->body);
  ptrmap_free(&t.scope);
  ptrmap_free(&t.ever);
  ptrmap_free(&t.bufs);
  ptrmap_free(&t.memo);
  ptrvec_free(&t.stack);
  return diag_errors(diag) - before;
}
