/*
 * print_tir_stmt.c — TIR statements and PrimFuncs as TVM v0.23 prints them.
 *
 * The signature shows a buffer parameter as `A: T.Buffer(shape, dtype)`
 * when it is a plain buffer (no strides, no symbolic shape, defaults
 * elsewhere), else as `a: T.handle` plus `A = T.match_buffer(a, ...)`.
 * Loops print as `range`, `T.grid` for perfect serial nests, or T.parallel
 * & co.; blocks with `T.axis.remap` where every axis is bound to an
 * enclosing loop variable with the same domain.  A scoped statement (let,
 * assert, attr, allocate, decl_buffer, realize) that is the last of its
 * body prints concisely, its body following at the same indentation.  The
 * implicit root block prints as the comment `# with T.block("root"):`.
 */
#include <stdlib.h>
#include <string.h>

#include "tir_script.h"

typedef struct FPr {
  ScriptPrinter *pr;
  PtrMap loops;    /* loop var -> For, for T.axis.remap */
  PtrMap bound;    /* vars defined by the IR itself (loops, lets, blocks, ...) */
  PtrMap declared; /* buffers declared by the IR (params, blocks, decl_buffer) */
  PtrMap after;    /* binder var -> PtrVec of undeclared buffers on it */
  PtrVec top_bufs; /* undeclared buffers declared at function level */
} FPr;

static void print_body(FPr *f, const Node *s);
static void print_stmt(FPr *f, const Node *s, bool concise);
static void print_stmt_in(FPr *f, const Node *s, bool concise);

static StrBuf *out(FPr *f) { return f->pr->out; }
static void line(FPr *f) { pr_line_start(f->pr); }
static void expr(FPr *f, const Node *e) { tir_print_expr(f->pr, e); }

/* Print `X = T.Buffer(...)` for buffers the IR uses without declaring. */
static void declare_buffers(FPr *f, PtrVec *bufs) {
  for (int32_t i = 0; bufs && i < bufs->len; i++) {
    const Node *b = bufs->data[i];
    const char *n = pr_define(f->pr, b, IR_AS(IrBuffer, b)->name);
    tir_buffer_predefine(f->pr, b);
    line(f);
    sb_printf(out(f), "%s = ", n);
    tir_print_buffer_call(f->pr, b, "Buffer", NULL, false);
    sb_putc(out(f), '\n');
  }
}

/* A nested body, one level deeper. */
static void indented(FPr *f, const Node *s, const Node *binder) {
  f->pr->indent += 4;
  if (binder) declare_buffers(f, ptrmap_get(&f->after, binder));
  print_body(f, s);
  f->pr->indent -= 4;
}

/* The body of a scoped statement: concise (same level) or a `with` frame. */
static void scoped_body(FPr *f, const Node *s, bool concise, const Node *binder) {
  if (concise) {
    sb_putc(out(f), '\n');
    if (binder) declare_buffers(f, ptrmap_get(&f->after, binder));
    print_body(f, s);
  } else {
    sb_puts(out(f), ":\n");
    indented(f, s, binder);
  }
}

/* ---- loops ------------------------------------------------------------------------ */

static bool uses_any(const Node *e, const Node *const *vars, int n);

typedef struct UseCtx {
  const Node *const *vars;
  int n;
  bool found;
} UseCtx;

static bool find_use(Node *x, void *ud) {
  UseCtx *u = ud;
  for (int i = 0; i < u->n; i++)
    if (x == u->vars[i]) u->found = true;
  return !u->found;
}

static bool uses_any(const Node *e, const Node *const *vars, int n) {
  UseCtx u = {vars, n, false};
  ir_walk((Node *)e, find_use, &u);
  return u.found;
}

static bool plain_serial(const Node *l) {
  const IrFor *F = IR_AS(IrFor, l);
  int64_t m;
  return F->kind == FOR_SERIAL && ir_is_const_int(F->min, &m) && m == 0 && !F->annotations.n;
}

static void print_for(FPr *f, const Node *s) {
  const Node *grid[64];
  int n = 0;
  for (const Node *l = s; l && l->kind == NK_FOR && n < 64; l = IR_AS(IrFor, l)->body) {
    if (!plain_serial(l)) break;
    const Node *vars[64];
    for (int i = 0; i < n; i++) vars[i] = IR_AS(IrFor, grid[i])->var;
    if (uses_any(IR_AS(IrFor, l)->extent, vars, n)) break;
    grid[n++] = l;
  }
  line(f);
  if (n > 1) {
    sb_puts(out(f), "for ");
    for (int i = 0; i < n; i++) {
      const IrFor *F = IR_AS(IrFor, grid[i]);
      ptrmap_put(&f->loops, F->var, (void *)grid[i]);
      sb_printf(out(f), "%s%s", i ? ", " : "", tir_var_name(f->pr, F->var));
    }
    sb_puts(out(f), " in T.grid(");
    for (int i = 0; i < n; i++) {
      if (i) sb_puts(out(f), ", ");
      expr(f, IR_AS(IrFor, grid[i])->extent);
    }
    sb_puts(out(f), "):\n");
    indented(f, IR_AS(IrFor, grid[n - 1])->body, NULL);
    return;
  }
  const IrFor *F = IR_AS(IrFor, s);
  ptrmap_put(&f->loops, F->var, (void *)s);
  static const char *kinds[] = {"T.serial", "T.parallel", "T.vectorized", "T.unroll", "T.thread_binding"};
  const char *k = F->kind == FOR_SERIAL && !F->annotations.n ? "range" : kinds[F->kind];
  sb_printf(out(f), "for %s in %s(", tir_var_name(f->pr, F->var), k);
  int64_t m;
  if (ir_is_const_int(F->min, &m) && m == 0) {
    expr(f, F->extent);
  } else {
    expr(f, F->min);
    sb_puts(out(f), ", ");
    tir_print_end(f->pr, F->min, F->extent);
  }
  if (F->kind == FOR_THREAD_BINDING && F->thread_binding) {
    sb_puts(out(f), ", thread=");
    pr_print_str(f->pr, IR_AS(IrIterVar, F->thread_binding)->thread_tag);
  }
  if (F->annotations.n) {
    sb_puts(out(f), ", annotations=");
    pr_print_attrs(f->pr, F->annotations);
  }
  sb_puts(out(f), "):\n");
  indented(f, F->body, NULL);
}

/* ---- blocks ----------------------------------------------------------------------- */

static bool remappable(FPr *f, const Node *iv, const Node *value) {
  const IrIterVar *I = IR_AS(IrIterVar, iv);
  if (I->iter_type != ITER_SPATIAL && I->iter_type != ITER_REDUCE) return false;
  const Node *l = ptrmap_get(&f->loops, value);
  if (!l || !I->dom) return false;
  return IR_AS(IrRange, I->dom)->min == IR_AS(IrFor, l)->min &&
         IR_AS(IrRange, I->dom)->extent == IR_AS(IrFor, l)->extent;
}

static void print_axis(FPr *f, const Node *iv, const Node *value) {
  static const char *kinds[] = {"spatial", "thread", "reduce", "scan", "opaque"};
  const IrIterVar *I = IR_AS(IrIterVar, iv);
  const IrRange *d = IR_AS(IrRange, I->dom);
  line(f);
  sb_printf(out(f), "%s = T.axis.%s(", tir_var_name(f->pr, I->var), kinds[I->iter_type]);
  int64_t m;
  if (ir_is_const_int(d->min, &m) && m == 0) {
    expr(f, d->extent);
  } else {
    sb_putc(out(f), '(');
    expr(f, d->min);
    sb_puts(out(f), ", ");
    tir_print_end(f->pr, d->min, d->extent);
    sb_putc(out(f), ')');
  }
  sb_puts(out(f), ", ");
  expr(f, value);
  sb_puts(out(f), ")\n");
}

static void print_remap(FPr *f, const IrBlock *B, const IrBlockRealize *R, const int *idx, int n) {
  if (n == 1) {
    print_axis(f, B->iter_vars.v[idx[0]], R->iter_values.v[idx[0]]);
    return;
  }
  line(f);
  for (int i = 0; i < n; i++)
    sb_printf(out(f), "%s%s", i ? ", " : "", tir_var_name(f->pr, IR_AS(IrIterVar, B->iter_vars.v[idx[i]])->var));
  sb_puts(out(f), " = T.axis.remap(\"");
  for (int i = 0; i < n; i++)
    sb_putc(out(f), IR_AS(IrIterVar, B->iter_vars.v[idx[i]])->iter_type == ITER_SPATIAL ? 'S' : 'R');
  sb_puts(out(f), "\", [");
  for (int i = 0; i < n; i++) {
    if (i) sb_puts(out(f), ", ");
    expr(f, R->iter_values.v[idx[i]]);
  }
  sb_puts(out(f), "])\n");
}

static void print_axes(FPr *f, const IrBlock *B, const IrBlockRealize *R) {
  int n = B->iter_vars.n, run[n > 0 ? n : 1], nrun = 0;
  for (int i = 0; i < n; i++) {
    if (remappable(f, B->iter_vars.v[i], R->iter_values.v[i])) {
      run[nrun++] = i;
      continue;
    }
    if (nrun) print_remap(f, B, R, run, nrun);
    nrun = 0;
    print_axis(f, B->iter_vars.v[i], R->iter_values.v[i]);
  }
  if (nrun) print_remap(f, B, R, run, nrun);
}

static void print_regions(FPr *f, const char *what, NodeList rs) {
  line(f);
  sb_printf(out(f), "T.%s(", what);
  for (int32_t i = 0; i < rs.n; i++) {
    if (i) sb_puts(out(f), ", ");
    tir_print_region(f->pr, rs.v[i]);
  }
  sb_puts(out(f), ")\n");
}

static void alloc_line(FPr *f, const Node *buf, const char *method, const Node *first) {
  const char *n = pr_define(f->pr, buf, IR_AS(IrBuffer, buf)->name);
  tir_buffer_predefine(f->pr, buf);
  line(f);
  sb_printf(out(f), "%s = ", n);
  tir_print_buffer_call(f->pr, buf, method, first, false);
  sb_putc(out(f), '\n');
}

static void print_block(FPr *f, const Node *s) {
  const IrBlockRealize *R = IR_AS(IrBlockRealize, s);
  const IrBlock *B = IR_AS(IrBlock, R->block);
  line(f);
  sb_puts(out(f), "with T.block(");
  pr_print_str(f->pr, B->name);
  sb_puts(out(f), "):\n");
  f->pr->indent += 4;
  print_axes(f, B, R);
  int64_t one;
  if (!(ir_is_const_int(R->predicate, &one) && one == 1)) {
    line(f);
    sb_puts(out(f), "T.where(");
    expr(f, R->predicate);
    sb_puts(out(f), ")\n");
  }
  print_regions(f, "reads", B->reads);
  print_regions(f, "writes", B->writes);
  if (B->annotations.n) {
    line(f);
    sb_puts(out(f), "T.block_attr(");
    pr_print_attrs(f->pr, B->annotations);
    sb_puts(out(f), ")\n");
  }
  for (int32_t i = 0; i < B->alloc_buffers.n; i++) alloc_line(f, B->alloc_buffers.v[i], "alloc_buffer", NULL);
  for (int32_t i = 0; i < B->match_buffers.n; i++) {
    const IrMatchBuffer *m = IR_AS(IrMatchBuffer, B->match_buffers.v[i]);
    alloc_line(f, m->buffer, "match_buffer", m->source);
  }
  if (B->init) {
    line(f);
    sb_puts(out(f), "with T.init():\n");
    indented(f, B->init, NULL);
  }
  print_body(f, B->body);
  f->pr->indent -= 4;
}

/* ---- scoped statements ---------------------------------------------------------------- */

static void print_let(FPr *f, const Node *s, bool concise) {
  const IrLet *L = IR_AS(IrLet, s);
  const char *n = tir_var_name(f->pr, L->var);
  line(f);
  if (concise) {
    sb_printf(out(f), "%s: ", n);
    tir_print_type(f->pr, L->var);
    sb_puts(out(f), " = ");
    expr(f, L->value);
  } else {
    sb_puts(out(f), "with T.LetStmt(");
    expr(f, L->value);
    const Node *ty = IR_AS(IrVar, L->var)->type_anno;
    if (ty && ty->kind == NK_PTR_TYPE) {
      sb_puts(out(f), ", ");
      tir_print_type(f->pr, L->var);
    }
    sb_printf(out(f), ") as %s", n);
  }
  scoped_body(f, L->body, concise, L->var);
}

static void print_assert(FPr *f, const Node *s, bool concise) {
  const IrAssert *A = IR_AS(IrAssert, s);
  line(f);
  sb_puts(out(f), concise ? "assert " : "with T.Assert(");
  expr(f, A->cond);
  sb_puts(out(f), ", ");
  expr(f, A->message);
  if (!concise) sb_putc(out(f), ')');
  scoped_body(f, A->body, concise, NULL);
}

/* A thread launch (an IterVar node): `x = T.launch_thread("tag", extent)`
 * defining x, or `T.launch_thread(x, extent)` when x already has a name. */
static void print_launch(FPr *f, const IrAttrStmt *A, bool concise) {
  const IrIterVar *I = IR_AS(IrIterVar, A->node);
  const char *n = pr_name(f->pr, I->var);
  line(f);
  if (!n && concise) sb_printf(out(f), "%s = ", tir_var_name(f->pr, I->var));
  else if (!concise) sb_puts(out(f), "with ");
  sb_puts(out(f), "T.launch_thread(");
  if (n) sb_puts(out(f), n);
  else pr_print_str(f->pr, I->thread_tag);
  sb_puts(out(f), ", ");
  expr(f, A->value);
  sb_putc(out(f), ')');
  if (!n && !concise) sb_printf(out(f), " as %s", tir_var_name(f->pr, I->var));
  scoped_body(f, A->body, concise, NULL);
}

static void print_attr(FPr *f, const Node *s, bool concise) {
  const IrAttrStmt *A = IR_AS(IrAttrStmt, s);
  if (A->node && A->node->kind == NK_ITER_VAR &&
      (!strcmp(A->key, "thread_extent") || !strcmp(A->key, "virtual_thread"))) {
    print_launch(f, A, concise);
    return;
  }
  line(f);
  sb_puts(out(f), concise ? "T.attr(" : "with T.attr(");
  if (A->node && A->node->kind == NK_BUFFER) {
    const char *n = pr_name(f->pr, A->node);
    sb_puts(out(f), n ? n : IR_AS(IrBuffer, A->node)->name);
  } else if (A->node && ir_is_expr(A->node)) {
    expr(f, A->node);
  } else {
    sb_puts(out(f), "None");
  }
  sb_puts(out(f), ", ");
  pr_print_str(f->pr, A->key);
  sb_puts(out(f), ", ");
  expr(f, A->value);
  sb_putc(out(f), ')');
  scoped_body(f, A->body, concise, NULL);
}

static void print_decl_buffer(FPr *f, const Node *s, bool concise) {
  const IrDeclBuffer *D = IR_AS(IrDeclBuffer, s);
  const Node *b = D->buffer;
  const char *n = pr_define(f->pr, b, IR_AS(IrBuffer, b)->name);
  tir_buffer_predefine(f->pr, b);
  line(f);
  if (concise) sb_printf(out(f), "%s = ", n);
  else sb_puts(out(f), "with ");
  tir_print_buffer_call(f->pr, b, "decl_buffer", NULL, false);
  if (!concise) sb_printf(out(f), " as %s", n);
  scoped_body(f, D->body, concise, IR_AS(IrBuffer, b)->data);
}

/* Allocate + DeclBuffer of the same pointer and shape: one T.decl_buffer. */
static bool alloc_decl_pattern(const Node *s) {
  const IrAllocate *A = IR_AS(IrAllocate, s);
  if (!A->body || A->body->kind != NK_DECL_BUFFER) return false;
  const Node *b = IR_AS(IrDeclBuffer, A->body)->buffer;
  const IrBuffer *B = IR_AS(IrBuffer, b);
  int64_t one;
  if (B->data != A->var || !dtype_eq(b->dtype, s->dtype) || !ir_is_const_int(A->cond, &one) || one != 1 ||
      A->annotations.n || A->extents.n != B->shape.n)
    return false;
  for (int32_t i = 0; i < A->extents.n; i++)
    if (A->extents.v[i] != B->shape.v[i]) return false;
  return true;
}

static void print_allocate(FPr *f, const Node *s, bool concise) {
  const IrAllocate *A = IR_AS(IrAllocate, s);
  if (alloc_decl_pattern(s)) {
    print_decl_buffer(f, A->body, concise);
    return;
  }
  const char *n = tir_var_name(f->pr, A->var);
  line(f);
  if (concise) sb_printf(out(f), "%s = ", n);
  else sb_puts(out(f), "with ");
  sb_puts(out(f), "T.allocate([");
  for (int32_t i = 0; i < A->extents.n; i++) {
    if (i) sb_puts(out(f), ", ");
    expr(f, A->extents.v[i]);
  }
  sb_puts(out(f), "], ");
  tir_print_dtype_str(f->pr, s->dtype);
  const Node *ty = IR_AS(IrVar, A->var)->type_anno;
  sb_puts(out(f), ", ");
  pr_print_str(f->pr, ty && ty->kind == NK_PTR_TYPE ? IR_AS(IrStr, ty)->value : "global");
  int64_t one;
  if (!(ir_is_const_int(A->cond, &one) && one == 1)) {
    sb_puts(out(f), ", ");
    expr(f, A->cond);
  }
  if (A->annotations.n) {
    sb_puts(out(f), ", annotations=");
    pr_print_attrs(f->pr, A->annotations);
  }
  sb_putc(out(f), ')');
  if (!concise) sb_printf(out(f), " as %s", n);
  scoped_body(f, A->body, concise, A->var);
}

static void print_realize(FPr *f, const Node *s, bool concise) {
  const IrBufferRealize *R = IR_AS(IrBufferRealize, s);
  const char *n = pr_name(f->pr, R->buffer);
  line(f);
  sb_printf(out(f), "%sT.realize(%s[", concise ? "" : "with ", n ? n : IR_AS(IrBuffer, R->buffer)->name);
  for (int32_t i = 0; i < R->bounds.n; i++) {
    const IrRange *r = IR_AS(IrRange, R->bounds.v[i]);
    if (i) sb_puts(out(f), ", ");
    expr(f, r->min);
    sb_putc(out(f), ':');
    tir_print_end(f->pr, r->min, r->extent);
  }
  sb_putc(out(f), ']');
  int64_t one;
  if (!(ir_is_const_int(R->cond, &one) && one == 1)) {
    sb_puts(out(f), ", condition=");
    expr(f, R->cond);
  }
  sb_putc(out(f), ')');
  scoped_body(f, R->body, concise, NULL);
}

/* ---- plain statements ------------------------------------------------------------------ */

static void print_store(FPr *f, const Node *s) {
  const IrBufferStore *S = IR_AS(IrBufferStore, s);
  /* The target prints as a load of the same indices. */
  Node load = {0};
  IrBufferLoad l = {load, S->buffer, S->indices, NULL};
  l.hdr.kind = NK_BUFFER_LOAD;
  l.hdr.dtype = S->buffer->dtype;
  line(f);
  if (S->predicate) { /* A.vstore([indices], value, predicate=mask) */
    sb_printf(out(f), "%s.vstore([", pr_name(f->pr, S->buffer) ? pr_name(f->pr, S->buffer) : IR_AS(IrBuffer, S->buffer)->name);
    for (int32_t i = 0; i < S->indices.n; i++) {
      if (i) sb_puts(out(f), ", ");
      expr(f, S->indices.v[i]);
    }
    sb_puts(out(f), "], ");
    expr(f, S->value);
    sb_puts(out(f), ", predicate=");
    expr(f, S->predicate);
    sb_puts(out(f), ")\n");
    return;
  }
  expr(f, &l.hdr);
  sb_puts(out(f), " = ");
  expr(f, S->value);
  sb_putc(out(f), '\n');
}

static void print_if(FPr *f, const Node *s) {
  const IrIf *I = IR_AS(IrIf, s);
  line(f);
  sb_puts(out(f), "if ");
  expr(f, I->cond);
  sb_puts(out(f), ":\n");
  StrMap saved = pr_scope_save(f->pr);
  indented(f, I->then_case, NULL);
  pr_scope_restore(f->pr, &saved);
  if (I->else_case) {
    line(f);
    sb_puts(out(f), "else:\n");
    saved = pr_scope_save(f->pr);
    indented(f, I->else_case, NULL);
    pr_scope_restore(f->pr, &saved);
  }
}

/* Statements that open a TVM frame: the names they define are freed at
 * their end (pr_scope_save), so a sibling loop prints `i` again. */
static bool opens_frame(int kind) {
  switch (kind) {
  case NK_FOR: case NK_BLOCK_REALIZE: case NK_WHILE: case NK_LET_STMT: case NK_ASSERT:
  case NK_ATTR_STMT: case NK_ALLOCATE: case NK_DECL_BUFFER: case NK_BUFFER_REALIZE: return true;
  default: return false;
  }
}

static void print_stmt(FPr *f, const Node *s, bool concise) {
  if (opens_frame(s->kind)) {
    StrMap saved = pr_scope_save(f->pr);
    print_stmt_in(f, s, concise);
    pr_scope_restore(f->pr, &saved);
  } else {
    print_stmt_in(f, s, concise);
  }
}

static void print_stmt_in(FPr *f, const Node *s, bool concise) {
  switch (s->kind) {
  case NK_EVALUATE: {
    const Node *v = IR_AS(IrUnary, s)->a;
    line(f);
    if (v->kind == NK_CALL && !strcmp(IR_AS(IrCall, v)->op, "tir.ret") && IR_AS(IrCall, v)->args.n == 1) {
      sb_puts(out(f), "return ");
      expr(f, IR_AS(IrCall, v)->args.v[0]);
    } else if (v->kind == NK_CALL) {
      expr(f, v);
    } else {
      sb_puts(out(f), "T.evaluate(");
      expr(f, v);
      sb_putc(out(f), ')');
    }
    sb_putc(out(f), '\n');
    break;
  }
  case NK_BUFFER_STORE: print_store(f, s); break;
  case NK_FOR: print_for(f, s); break;
  case NK_BLOCK_REALIZE: print_block(f, s); break;
  case NK_IF: print_if(f, s); break;
  case NK_WHILE:
    line(f);
    sb_puts(out(f), "while ");
    expr(f, IR_AS(IrWhile, s)->cond);
    sb_puts(out(f), ":\n");
    indented(f, IR_AS(IrWhile, s)->body, NULL);
    break;
  case NK_LET_STMT: print_let(f, s, concise); break;
  case NK_ASSERT: print_assert(f, s, concise); break;
  case NK_ATTR_STMT: print_attr(f, s, concise); break;
  case NK_ALLOCATE: print_allocate(f, s, concise); break;
  case NK_DECL_BUFFER: print_decl_buffer(f, s, concise); break;
  case NK_BUFFER_REALIZE: print_realize(f, s, concise); break;
  case NK_SEQ: print_body(f, s); break;
  default:
    line(f);
    sb_printf(out(f), "# unsupported statement %s\n", ir_kind_name(s->kind));
    break;
  }
}

static void print_body(FPr *f, const Node *s) {
  if (s->kind != NK_SEQ) {
    print_stmt(f, s, true);
    return;
  }
  NodeList l = IR_AS(IrArray, s)->items;
  for (int32_t i = 0; i < l.n; i++) print_stmt(f, l.v[i], i == l.n - 1);
  if (!l.n) {
    line(f);
    sb_puts(out(f), "pass\n");
  }
}

/* ---- the function ------------------------------------------------------------------------ */

static void bind_buffer(FPr *f, const Node *b) {
  const IrBuffer *B = IR_AS(IrBuffer, b);
  ptrmap_put(&f->declared, b, (void *)b);
  ptrmap_put(&f->bound, B->data, (void *)1);
  if (ir_is_tir_var(B->elem_offset)) ptrmap_put(&f->bound, B->elem_offset, (void *)1);
  for (int32_t i = 0; i < B->strides.n; i++)
    if (ir_is_tir_var(B->strides.v[i])) ptrmap_put(&f->bound, B->strides.v[i], (void *)1);
}

/* Pass 1: what the IR itself defines. */
static bool find_binders(Node *n, void *ud) {
  FPr *f = ud;
  switch (n->kind) {
  case NK_FOR: ptrmap_put(&f->bound, IR_AS(IrFor, n)->var, (void *)1); break;
  /* A Let expression's var is not a binder TVM knows: it prints as a free
   * var, `x = T.int32()` before its use. */
  case NK_LET_STMT: ptrmap_put(&f->bound, IR_AS(IrLet, n)->var, (void *)n); break;
  case NK_ITER_VAR: ptrmap_put(&f->bound, IR_AS(IrIterVar, n)->var, (void *)1); break;
  case NK_ALLOCATE:
  case NK_ALLOCATE_CONST: ptrmap_put(&f->bound, IR_AS(IrAllocate, n)->var, (void *)n); break;
  case NK_DECL_BUFFER: bind_buffer(f, IR_AS(IrDeclBuffer, n)->buffer); break;
  case NK_MATCH_BUFFER: bind_buffer(f, IR_AS(IrMatchBuffer, n)->buffer); break;
  case NK_BLOCK: {
    NodeList a = IR_AS(IrBlock, n)->alloc_buffers;
    for (int32_t i = 0; i < a.n; i++) bind_buffer(f, a.v[i]);
    break;
  }
  default: break;
  }
  return n->kind != NK_BUFFER;
}

/* Pass 2: buffers used but never declared; they print as `X = T.Buffer(...)`
 * at function level, or right after the statement defining their pointer. */
static bool find_undeclared(Node *n, void *ud) {
  FPr *f = ud;
  if (n->kind != NK_BUFFER) return true;
  if (ptrmap_has(&f->declared, n)) return false;
  ptrmap_put(&f->declared, n, (void *)n);
  const Node *data = IR_AS(IrBuffer, n)->data;
  Node *binder = ptrmap_get(&f->bound, data);
  if (binder && binder != (void *)1) {
    PtrVec *v = ptrmap_get(&f->after, data);
    if (!v) {
      v = xcalloc(1, sizeof *v);
      ptrmap_put(&f->after, data, v);
    }
    ptrvec_push(v, n);
  } else {
    ptrvec_push(&f->top_bufs, n);
    bind_buffer(f, n);
  }
  return false;
}

typedef struct Free {
  FPr *f;
  PtrMap skip; /* shape vars of root allocations: defined at their line */
  PtrVec vars;
} Free;

static bool find_free(Node *n, void *ud) {
  Free *fr = ud;
  if (ir_is_tir_var(n) && !ptrmap_has(&fr->f->bound, n) && !pr_name(fr->f->pr, n) && !ptrmap_has(&fr->skip, n)) {
    ptrmap_put(&fr->f->bound, n, (void *)1);
    ptrvec_push(&fr->vars, n);
  }
  return true;
}

static bool has_realize(Node *n, void *ud) {
  if (n->kind == NK_BLOCK_REALIZE) *(bool *)ud = true;
  return !*(bool *)ud && ir_is_stmt(n);
}

static const Node *implicit_root(const Node *body) {
  if (body->kind != NK_BLOCK_REALIZE) return NULL;
  const IrBlockRealize *R = IR_AS(IrBlockRealize, body);
  const IrBlock *B = IR_AS(IrBlock, R->block);
  int64_t one;
  if (R->iter_values.n || !ir_is_const_int(R->predicate, &one) || one != 1) return NULL;
  if (B->annotations.n || B->match_buffers.n || B->reads.n || B->writes.n || B->init || B->iter_vars.n ||
      strcmp(B->name, "root"))
    return NULL;
  const Node *in = B->body;
  bool ok = B->alloc_buffers.n > 0;
  if (in->kind == NK_BLOCK_REALIZE) ok = ok || IR_AS(IrBlock, IR_AS(IrBlockRealize, in)->block)->iter_vars.n > 0;
  else if (!ok) ir_walk((Node *)in, has_realize, &ok);
  return ok ? R->block : NULL;
}

/* Does anything but the signature use param v (CountVarOccurrence == 2)? */
static bool param_used(const IrPrimFunc *F, const Node *v) {
  if (uses_any(F->body, &v, 1)) return true;
  for (int32_t i = 0; i < F->buffer_map.n; i++)
    if (uses_any(IR_AS(IrBinary, F->buffer_map.v[i])->b, &v, 1)) return true;
  return false;
}

static bool has_var(Node *n, void *ud) {
  if (ir_is_tir_var(n)) *(bool *)ud = true;
  return !*(bool *)ud;
}

/* TVM's IsSimpleBuffer: printable as a `T.Buffer(shape, dtype)` annotation. */
static bool simple_buffer(const Node *b) {
  const IrBuffer *B = IR_AS(IrBuffer, b);
  bool vars = false;
  for (int32_t i = 0; i < B->shape.n; i++) ir_walk(B->shape.v[i], has_var, &vars);
  int64_t off;
  return !vars && !B->strides.n && ir_is_const_int(B->elem_offset, &off) && off == 0 &&
         !strcmp(B->scope, "global") && B->align == 64 && B->offset_factor == 1 && B->buffer_type == 0 &&
         !B->axis_separators.n;
}

static const Node *param_buffer(const IrPrimFunc *F, const Node *v) {
  for (int32_t i = 0; i < F->buffer_map.n; i++)
    if (IR_AS(IrBinary, F->buffer_map.v[i])->a == v) return IR_AS(IrBinary, F->buffer_map.v[i])->b;
  return NULL;
}

static bool inline_param(const IrPrimFunc *F, const Node *v) {
  const Node *b = param_buffer(F, v);
  if (!b || param_used(F, v) || !simple_buffer(b)) return false;
  for (int32_t i = 0; i < F->buffer_map.n; i++) {
    const Node *o = IR_AS(IrBinary, F->buffer_map.v[i])->b;
    if (o != b && IR_AS(IrBuffer, o)->data == IR_AS(IrBuffer, b)->data) return false;
  }
  return true;
}

static void print_signature(FPr *f, const IrPrimFunc *F, const char *name, bool *inlined) {
  ScriptPrinter *pr = f->pr;
  line(f);
  sb_puts(pr->out, ir_attrs_get(F->attrs, "global_symbol") ? "@T.prim_func\n" : "@T.prim_func(private=True)\n");
  line(f);
  sb_printf(pr->out, "def %s(", name);
  for (int32_t i = 0; i < F->params.n; i++) {
    const Node *v = F->params.v[i];
    if (i) sb_puts(pr->out, ", ");
    if ((inlined[i] = inline_param(F, v))) {
      const Node *b = param_buffer(F, v);
      sb_printf(pr->out, "%s: ", pr_define(pr, b, IR_AS(IrBuffer, b)->name));
      tir_print_buffer_call(pr, b, "Buffer", NULL, true);
    } else {
      sb_printf(pr->out, "%s: ", tir_var_name(pr, v));
      tir_print_type(pr, v);
    }
  }
  sb_putc(pr->out, ')');
  if (F->ret_type && F->ret_type->kind == NK_PRIM_TYPE)
    sb_printf(pr->out, " -> T.%s", dtype_is_handle(F->ret_type->dtype) ? "handle" : dtype_str(F->ret_type->dtype));
  sb_puts(pr->out, ":\n");
}

static void print_func_attrs(FPr *f, const IrPrimFunc *F, const char *name) {
  Node *items[F->attrs.n > 0 ? F->attrs.n : 1];
  int32_t n = 0;
  const Node *gs = ir_attrs_get(F->attrs, "global_symbol");
  bool drop = gs && gs->kind == NK_STRING && !strcmp(IR_AS(IrStr, gs)->value, name);
  for (int32_t i = 0; i < F->attrs.n; i++) {
    const Node *k = IR_AS(IrBinary, F->attrs.v[i])->a;
    if (drop && k->kind == NK_STRING && !strcmp(IR_AS(IrStr, k)->value, "global_symbol")) continue;
    items[n++] = F->attrs.v[i];
  }
  if (!n) return;
  NodeList l = {items, n};
  line(f);
  sb_puts(out(f), "T.func_attr(");
  pr_print_attrs(f->pr, l);
  sb_puts(out(f), ")\n");
}

static void declare_free(FPr *f, const IrPrimFunc *F, const Node *root) {
  Free fr = {f, {0}, {0}};
  if (root) {
    NodeList a = IR_AS(IrBlock, root)->alloc_buffers;
    for (int32_t i = 0; i < a.n; i++) {
      NodeList sh = IR_AS(IrBuffer, a.v[i])->shape;
      for (int32_t j = 0; j < sh.n; j++)
        if (ir_is_tir_var(sh.v[j])) ptrmap_put(&fr.skip, sh.v[j], (void *)1);
    }
  }
  ir_walk(F->body, find_free, &fr);
  if (fr.vars.len) {
    NodeList l = {(Node **)fr.vars.data, fr.vars.len};
    tir_declare_free_vars(f->pr, l);
  }
  ptrvec_free(&fr.vars);
  ptrmap_free(&fr.skip);
}

static void fpr_free(FPr *f) {
  ptrmap_free(&f->loops);
  ptrmap_free(&f->bound);
  ptrmap_free(&f->declared);
  for (int32_t i = 0; i < f->after.cap; i++)
    if (f->after.keys[i]) {
      ptrvec_free(f->after.vals[i]);
      free(f->after.vals[i]);
    }
  ptrmap_free(&f->after);
  ptrvec_free(&f->top_bufs);
}

void tir_print_prim_func(ScriptPrinter *pr, const Node *fn, const char *name, bool in_module) {
  const IrPrimFunc *F = IR_AS(IrPrimFunc, fn);
  FPr f = {0};
  f.pr = pr;
  for (int32_t i = 0; i < F->params.n; i++) ptrmap_put(&f.bound, F->params.v[i], (void *)1);
  for (int32_t i = 0; i < F->buffer_map.n; i++) bind_buffer(&f, IR_AS(IrBinary, F->buffer_map.v[i])->b);
  ir_walk(F->body, find_binders, &f);
  ir_walk(F->body, find_undeclared, &f);
  bool inlined[F->params.n > 0 ? F->params.n : 1];
  print_signature(&f, F, name, inlined);
  pr->indent += 4;
  print_func_attrs(&f, F, name);
  for (int32_t i = 0; i < F->params.n; i++) {
    const Node *b = param_buffer(F, F->params.v[i]);
    if (b && !inlined[i]) alloc_line(&f, b, "match_buffer", F->params.v[i]);
  }
  const Node *root = implicit_root(F->body);
  declare_free(&f, F, root);
  declare_buffers(&f, &f.top_bufs);
  if (root) {
    line(&f);
    sb_puts(pr->out, "# with T.block(\"root\"):\n");
    NodeList a = IR_AS(IrBlock, root)->alloc_buffers;
    for (int32_t i = 0; i < a.n; i++) alloc_line(&f, a.v[i], "alloc_buffer", NULL);
    print_body(&f, IR_AS(IrBlock, root)->body);
  } else {
    print_body(&f, F->body);
  }
  pr->indent -= 4;
  fpr_free(&f);
}
