/*
 * lower_opaque_block.c — LowerOpaqueBlock: blocks disappear.  Each
 * BlockRealize becomes its block's body with
 *   - a non-trivial predicate turned into `if predicate:`;
 *   - every alloc_buffer turned into Allocate(data, dtype, shape) around a
 *     DeclBuffer of the buffer (printed `B = T.decl_buffer(...)`), the first
 *     buffer outermost;
 *   - `pragma_*` annotations turned into AttrStmts (other block annotations
 *     are dropped, as TVM does).
 * Loops: a thread-bound loop becomes AttrStmt(IterVar, "thread_extent")
 * (`T.launch_thread`); a loop of extent 1 without annotations is removed and
 * its var replaced by its min; `pragma_*` loop annotations become AttrStmts
 * on the loop var, the other annotations stay on the For.
 * Before: opaque blocks (ConvertBlocksToOpaque), no match_buffers
 * (LowerMatchBuffer).  After: no Block or BlockRealize.
 */
#include <string.h>

#include "transform.h"

typedef struct Low {
  IrCtx *cx;
  PtrMap unit; /* var of a removed unit loop -> its min */
  DiagCtx *diag;
  const char *fname;
  bool failed;
} Low;

static Node *low(Node *n, void *ud);

static Node *child(Node *n, void *ud) {
  Low *l = ud;
  if (!n) return n;
  if (ir_is_stmt(n)) return low(n, ud);
  return tir_subst(l->cx, n, &l->unit, NULL);
}

static Node *attr(IrCtx *cx, Node *node, const char *key, Node *value, Node *body) {
  Node *a = ir_alloc(cx, NK_ATTR_STMT, span_none());
  IrAttrStmt *A = IR_AS(IrAttrStmt, a);
  A->node = node;
  A->key = intern(key);
  A->value = value;
  A->body = body;
  return ir_finish(cx, a);
}

/* Wrap body in AttrStmts for the pragma_* annotations (first outermost);
 * the others go to *keep (when keep is non-NULL). */
static Node *pragmas(Low *l, NodeList ann, Node *node, Node *body, PtrVec *keep) {
  for (int32_t i = ann.n - 1; i >= 0; i--) {
    IrBinary *p = IR_AS(IrBinary, ann.v[i]);
    const char *key = p->a && p->a->kind == NK_STRING ? IR_AS(IrStr, p->a)->value : "";
    if (!strncmp(key, "pragma_", 7) && ir_is_expr(p->b))
      body = attr(l->cx, node ? node : ir_int(l->cx, DT_INT32, 0), key, tir_subst(l->cx, p->b, &l->unit, NULL), body);
    else if (keep)
      ptrvec_push(keep, ann.v[i]);
  }
  return body;
}

static Node *low_realize(Low *l, Node *n) {
  IrBlockRealize *R = IR_AS(IrBlockRealize, n);
  IrBlock *B = IR_AS(IrBlock, R->block);
  if (R->iter_values.n || B->iter_vars.n || B->match_buffers.n || B->init) {
    diag_error(l->diag, R->block->span,
               "%s: LowerOpaqueBlock: block '%s' is not opaque (run LowerInitBlock, ConvertBlocksToOpaque and "
               "LowerMatchBuffer first)",
               l->fname, B->name);
    l->failed = true;
    return n;
  }
  Node *body = low(B->body, l);
  Node *pred = tir_subst(l->cx, R->predicate, &l->unit, NULL);
  if (pred && !tir_is_const(pred, 1)) {
    Node *s = ir_alloc(l->cx, NK_IF, span_none());
    IR_AS(IrIf, s)->cond = pred;
    IR_AS(IrIf, s)->then_case = body;
    body = ir_finish(l->cx, s);
  }
  for (int32_t i = B->alloc_buffers.n - 1; i >= 0; i--) {
    Node *buf = B->alloc_buffers.v[i];
    Node *d = ir_alloc(l->cx, NK_DECL_BUFFER, buf->span);
    IR_AS(IrDeclBuffer, d)->buffer = buf;
    IR_AS(IrDeclBuffer, d)->body = body;
    Node *a = ir_alloc(l->cx, NK_ALLOCATE, buf->span);
    a->dtype = buf->dtype;
    IrAllocate *A = IR_AS(IrAllocate, a);
    A->var = IR_AS(IrBuffer, buf)->data;
    A->extents = IR_AS(IrBuffer, buf)->shape;
    A->cond = ir_bool(l->cx, true);
    A->body = ir_finish(l->cx, d);
    body = ir_finish(l->cx, a);
  }
  return pragmas(l, B->annotations, NULL, body, NULL);
}

static Node *low_for(Low *l, Node *n) {
  IrFor *F = IR_AS(IrFor, n);
  Node *min = tir_subst(l->cx, F->min, &l->unit, NULL);
  Node *ext = tir_subst(l->cx, F->extent, &l->unit, NULL);
  bool unit = tir_is_const(ext, 1) && !F->annotations.n && F->kind != FOR_THREAD_BINDING;
  if (unit) ptrmap_put(&l->unit, F->var, min);
  Node *body = low(F->body, l);
  if (unit) return body;
  PtrVec keep = {0};
  if (F->kind == FOR_THREAD_BINDING) {
    Node *iv = ir_alloc(l->cx, NK_ITER_VAR, span_none());
    IR_AS(IrIterVar, iv)->dom = ir_range(l->cx, min, ext);
    IR_AS(IrIterVar, iv)->var = F->var;
    IR_AS(IrIterVar, iv)->iter_type = ITER_THREAD;
    const char *tag = F->thread_binding ? IR_AS(IrIterVar, F->thread_binding)->thread_tag : "";
    IR_AS(IrIterVar, iv)->thread_tag = intern(tag ? tag : "");
    iv = ir_finish(l->cx, iv);
    body = attr(l->cx, iv, tag && !strcmp(tag, "vthread") ? "virtual_thread" : "thread_extent", ext, body);
    return pragmas(l, F->annotations, F->var, body, NULL);
  }
  /* keep the non-pragma annotations on the loop, in their order */
  for (int32_t i = 0; i < F->annotations.n; i++) {
    IrBinary *p = IR_AS(IrBinary, F->annotations.v[i]);
    const char *key = p->a && p->a->kind == NK_STRING ? IR_AS(IrStr, p->a)->value : "";
    if (strncmp(key, "pragma_", 7) || !ir_is_expr(p->b)) ptrvec_push(&keep, F->annotations.v[i]);
  }
  Node *f = ir_clone(l->cx, n);
  IR_AS(IrFor, f)->min = min;
  IR_AS(IrFor, f)->extent = ext;
  IR_AS(IrFor, f)->body = body;
  if (keep.len != F->annotations.n) IR_AS(IrFor, f)->annotations = ir_list_from_vec(l->cx, &keep);
  ptrvec_free(&keep);
  f = ir_finish(l->cx, f);
  return pragmas(l, F->annotations, F->var, f, NULL);
}

static Node *low(Node *n, void *ud) {
  Low *l = ud;
  if (!n || !ir_is_stmt(n)) return n;
  if (n->kind == NK_BLOCK_REALIZE) return low_realize(l, n);
  if (n->kind == NK_FOR) return low_for(l, n);
  if (n->kind == NK_BLOCK) { /* a bare block (the parser always realizes them) */
    diag_error(l->diag, n->span, "%s: LowerOpaqueBlock: a block outside a BlockRealize", l->fname);
    l->failed = true;
    return n;
  }
  return ir_mutate_children(l->cx, n, child, ud);
}

Node *tir_lower_opaque_block(TirPassCtx *pc, Node *func) {
  Low l = {pc->cx, {0}, pc->diag, pc->name, false};
  Node *body = low(IR_AS(IrPrimFunc, func)->body, &l);
  ptrmap_free(&l.unit);
  return l.failed ? NULL : tir_func_with_body(pc->cx, func, body);
}
