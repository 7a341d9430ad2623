/*
 * lower_init_block.c — LowerInitBlock: a block's `T.init()` statement runs
 * on the first iteration of its reduction: it becomes
 *   if vk == k_min and ...:  init
 *   body
 * over the block's reduction iter vars (with no reduction iter var the init
 * simply runs first), as TVM's LowerInitBlock does.
 * Before: any TIR.  After: no block has an init statement; nothing else
 * changes.
 */
#include "transform.h"

static Node *lower(Node *n, void *ud) {
  IrCtx *cx = ud;
  if (!n || !ir_is_stmt(n)) return n;
  Node *r = ir_mutate_children(cx, n, lower, ud);
  if (r->kind != NK_BLOCK || !IR_AS(IrBlock, r)->init) return r;
  IrBlock *B = IR_AS(IrBlock, r);
  Node *cond = NULL;
  for (int32_t i = 0; i < B->iter_vars.n; i++) {
    IrIterVar *iv = IR_AS(IrIterVar, B->iter_vars.v[i]);
    if (iv->iter_type != ITER_REDUCE) continue;
    Node *eq = ir_bin(cx, NK_EQ, iv->var, IR_AS(IrRange, iv->dom)->min);
    cond = cond ? ir_bin(cx, NK_AND, cond, eq) : eq;
  }
  Node *init = B->init;
  if (cond) {
    Node *s = ir_alloc(cx, NK_IF, init->span);
    IR_AS(IrIf, s)->cond = cond;
    IR_AS(IrIf, s)->then_case = init;
    init = ir_finish(cx, s);
  }
  Node *stmts[2] = {init, B->body};
  Node *nb = ir_clone(cx, r);
  IR_AS(IrBlock, nb)->init = NULL;
  IR_AS(IrBlock, nb)->body = tir_seq(cx, stmts, 2);
  return ir_finish(cx, nb);
}

Node *tir_lower_init_block(TirPassCtx *pc, Node *func) {
  return tir_func_with_body(pc->cx, func, lower(IR_AS(IrPrimFunc, func)->body, pc->cx));
}
