/*
 * convert_blocks_to_opaque.c — ConvertBlocksToOpaque: every use of a block
 * iter var is replaced by the value its BlockRealize binds, and the iter vars
 * go (blocks become "opaque", their bodies speaking of loop vars directly).
 * Reads, writes, match_buffer sources and nested bindings are rewritten too.
 * Before: no init statements (LowerInitBlock ran).  After: no block has iter
 * vars and no BlockRealize binds values; predicates stay on the realize.
 */
#include "transform.h"

typedef struct Conv {
  IrCtx *cx;
  PtrMap map; /* block iter var -> bound value (in terms of loop vars) */
  DiagCtx *diag;
  const char *fname;
  bool failed;
} Conv;

static Node *conv(Node *n, void *ud);

static Node *child(Node *n, void *ud) {
  Conv *c = ud;
  if (!n) return n;
  if (ir_is_stmt(n)) return conv(n, ud);
  return tir_subst(c->cx, n, &c->map, NULL);
}

static Node *conv_realize(Conv *c, Node *n) {
  IrBlockRealize *R = IR_AS(IrBlockRealize, n);
  IrBlock *B = IR_AS(IrBlock, R->block);
  if (B->init) {
    diag_error(c->diag, R->block->span, "%s: ConvertBlocksToOpaque: block '%s' still has an init (run LowerInitBlock first)",
               c->fname, B->name);
    c->failed = true;
    return n;
  }
  for (int32_t i = 0; i < B->iter_vars.n && i < R->iter_values.n; i++) {
    Node *v = tir_subst(c->cx, R->iter_values.v[i], &c->map, NULL);
    ptrmap_put(&c->map, IR_AS(IrIterVar, B->iter_vars.v[i])->var, v);
  }
  Node *nb = ir_mutate_children(c->cx, R->block, child, c);
  if (B->iter_vars.n) {
    nb = ir_clone(c->cx, nb);
    IR_AS(IrBlock, nb)->iter_vars = ir_list_empty();
    nb = ir_finish(c->cx, nb);
  }
  Node *pred = tir_subst(c->cx, R->predicate, &c->map, NULL);
  if (nb == R->block && pred == R->predicate && !R->iter_values.n) return n;
  Node *nr = ir_clone(c->cx, n);
  IR_AS(IrBlockRealize, nr)->block = nb;
  IR_AS(IrBlockRealize, nr)->predicate = pred;
  IR_AS(IrBlockRealize, nr)->iter_values = ir_list_empty();
  return ir_finish(c->cx, nr);
}

static Node *conv(Node *n, void *ud) {
  Conv *c = ud;
  if (!n || !ir_is_stmt(n)) return n;
  if (n->kind == NK_BLOCK_REALIZE) return conv_realize(c, n);
  return ir_mutate_children(c->cx, n, child, ud);
}

Node *tir_convert_blocks_to_opaque(TirPassCtx *pc, Node *func) {
  Conv c = {pc->cx, {0}, pc->diag, pc->name, false};
  Node *body = conv(IR_AS(IrPrimFunc, func)->body, &c);
  ptrmap_free(&c.map);
  return c.failed ? NULL : tir_func_with_body(pc->cx, func, body);
}
