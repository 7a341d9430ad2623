/*
 * blockize.c — blockize: turn the loop nest under a loop into a block of
 * its own (TVM's blockize_tensorize.cc, the blockize half).  The loop must
 * hold exactly one block, under loops only.  Each binding of that block is
 * divided into an outer part (over loops above the given loop) and an inner
 * part (over the loops below it): b = outer * c + inner with 0 <= inner < c.
 * The outer block `<name>_o` gets one iter var per nonzero outer part
 * (`<var>o`, domain extent / c) bound to it, and reads/writes the inner
 * block's regions relaxed over the inner loops; the inner block's iter vars
 * range over the inner parts (a binding with no inner part is replaced by
 * its outer var).  A block with `T.init()` keeps no init: the outer block
 * gets one, a block `<name>_init` over the inner loops that the init's
 * spatial iter vars need (TVM's GenerateOuterInit), so tensorize can match
 * the inner reduction (GEMM) as a plain update; when an outer iter is a
 * reduction, the inner block also reads what it writes.
 * sch_blockize_impl is the piece tensorize.c reuses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../arith/arith.h"
#include "../transform/transform.h"
#include "schedule_impl.h"

static bool uses_any(Node *e, const PtrMap *vars) {
  if (!e) return false;
  if (ir_is_tir_var(e)) return ptrmap_has(vars, e);
  if (!ir_is_expr(e) && e->kind != NK_RANGE) return false;
  bool r = false;
  const KindInfo *ki = &ir_kinds[e->kind];
  for (const FieldDesc *f = ki->fields; f->kind != FK_END && !r; f++) {
    if (f->kind == FK_NODE) r = uses_any(*(Node **)((char *)e + f->offset), vars);
    else if (f->kind == FK_LIST) {
      NodeList l = *(NodeList *)((char *)e + f->offset);
      for (int32_t i = 0; i < l.n && !r; i++) r = uses_any(l.v[i], vars);
    }
  }
  return r;
}

/* Divide binding b; *c gets the inner extent (1: no inner part). */
static int divide(Analyzer *az, IrCtx *cx, Node *b, const PtrMap *inner, const PtrMap *zero_inner,
                  const PtrMap *zero_outer, Node **outer, Node **in, int64_t *c) {
  if (!uses_any(b, inner)) return *outer = b, *in = NULL, *c = 1, 0;
  Node *ip = arith_simplify(az, tir_subst(cx, b, zero_outer, NULL));
  Node *op = arith_simplify(az, tir_subst(cx, b, zero_inner, NULL));
  if (!arith_can_prove_equal(az, ir_bin(cx, NK_ADD, op, ip), b)) return -1;
  IntBound ib = arith_const_bound(az, ip);
  if (ib.min != 0 || ib.max == ARITH_POS_INF) return -1;
  *c = ib.max + 1;
  *in = ip;
  if (tir_is_const(op, 0)) return *outer = NULL, 0;
  Node *q = arith_simplify(az, ir_bin(cx, NK_FLOORDIV, op, ir_int(cx, op->dtype, *c)));
  if (!arith_can_prove_equal(az, ir_bin(cx, NK_MUL, q, ir_int(cx, op->dtype, *c)), op)) return -1;
  *outer = q;
  return 0;
}

typedef struct Div {
  VEC(Node *) ovars, ovals, ivs_in, vals_in;
  PtrMap sub; /* old iter var -> expression in new vars */
} Div;

static void div_free(Div *d) {
  VEC_FREE(d->ovars);
  VEC_FREE(d->ovals);
  VEC_FREE(d->ivs_in);
  VEC_FREE(d->vals_in);
  ptrmap_free(&d->sub);
}

/* Build the outer and inner iter vars of the block at realize. */
static int divide_all(Schedule *s, Node *realize, PtrVec *loops, Div *d) {
  IrCtx *cx = s->cx;
  IrBlockRealize *r = IR_AS(IrBlockRealize, realize);
  IrBlock *b = sch_block_of(realize);
  PtrMap inner = {0}, zi = {0};
  Analyzer *az = arith_new(cx);
  for (int32_t i = 0; i < loops->len; i++) {
    IrFor *f = IR_AS(IrFor, loops->data[i]);
    ptrmap_put(&inner, f->var, f->var);
    ptrmap_put(&zi, f->var, ir_int(cx, f->var->dtype, 0));
    arith_bind(az, f->var, f->min, f->extent);
  }
  int rc = 0;
  for (int32_t i = 0; i < b->iter_vars.n && !rc; i++) {
    IrIterVar *iv = IR_AS(IrIterVar, b->iter_vars.v[i]);
    Node *bv = r->iter_values.v[i];
    Node *op, *ip;
    int64_t c;
    /* the other free vars of the binding (outer loops) map to zero */
    PtrMap zout = {0};
    PtrVec stack = {0};
    ptrvec_push(&stack, bv);
    while (stack.len) {
      Node *e = ptrvec_pop(&stack);
      if (ir_is_tir_var(e)) {
        if (!ptrmap_has(&inner, e)) ptrmap_put(&zout, e, ir_int(cx, e->dtype, 0));
        continue;
      }
      if (!ir_is_expr(e)) continue;
      for (const FieldDesc *f = ir_kinds[e->kind].fields; f->kind != FK_END; f++)
        if (f->kind == FK_NODE && *(Node **)((char *)e + f->offset)) ptrvec_push(&stack, *(Node **)((char *)e + f->offset));
    }
    ptrvec_free(&stack);
    rc = divide(az, cx, bv, &inner, &zi, &zout, &op, &ip, &c);
    ptrmap_free(&zout);
    if (rc) {
      sch_fail(s, "blockize: the binding of %s in block \"%s\" cannot be divided into outer and inner loops",
               IR_AS(IrVar, iv->var)->name, b->name);
      break;
    }
    Node *dom_ext = IR_AS(IrRange, iv->dom)->extent;
    DType t = iv->var->dtype;
    Node *ovar = NULL;
    if (op) {
      char nm[128];
      snprintf(nm, sizeof nm, "%so", IR_AS(IrVar, iv->var)->name);
      ovar = ir_var(cx, nm, t);
      Node *oext = c == 1 ? dom_ext : arith_simplify(az, ir_bin(cx, NK_FLOORDIV, dom_ext, ir_int(cx, t, c)));
      VEC_PUSH(d->ovars, sch_mk_iter_var(cx, ovar, ir_int(cx, t, 0), oext, (int)iv->iter_type));
      VEC_PUSH(d->ovals, op);
    }
    if (!ip) {
      ptrmap_put(&d->sub, iv->var, ovar);
      continue;
    }
    Node *nv = ir_var(cx, IR_AS(IrVar, iv->var)->name, t);
    VEC_PUSH(d->ivs_in, sch_mk_iter_var(cx, nv, ir_int(cx, t, 0), ir_int(cx, t, c), (int)iv->iter_type));
    VEC_PUSH(d->vals_in, ip);
    ptrmap_put(&d->sub, iv->var, ovar ? tir_add(cx, tir_mul(cx, ovar, ir_int(cx, t, c)), nv) : nv);
  }
  arith_free(az);
  ptrmap_free(&inner);
  ptrmap_free(&zi);
  return rc ? -1 : 0;
}

/* The loops from `loop` down to the one block below it; NULL if the
 * subtree is not a plain loop nest around one block. */
static Node *single_block(Node *loop, PtrVec *loops) {
  Node *n = loop;
  while (n->kind == NK_FOR) {
    ptrvec_push(loops, n);
    n = IR_AS(IrFor, n)->body;
  }
  return n->kind == NK_BLOCK_REALIZE ? n : NULL;
}

static Node *replace_realize(IrCtx *cx, Node *n, Node *old, Node *neu) {
  if (n == old) return neu;
  Node *f = ir_clone(cx, n);
  IR_AS(IrFor, f)->body = replace_realize(cx, IR_AS(IrFor, n)->body, old, neu);
  return ir_finish(cx, f);
}

static Node *region_list(Schedule *s, NodeList regs, Node *realize, PtrVec *loops) {
  PtrVec v = {0};
  for (int32_t i = 0; i < regs.n; i++)
    ptrvec_push(&v, sch_relax_region(s, regs.v[i], realize, (Node *const *)loops->data, loops->len));
  Node *a = ir_alloc(s->cx, NK_ARRAY, span_none());
  IR_AS(IrArray, a)->items = ir_list_from_vec(s->cx, &v);
  ptrvec_free(&v);
  return ir_finish(s->cx, a);
}

/* ---- blocks with T.init() (TVM's GenerateOuterInit) ---- */

static bool has_reduce(Node *const *ivs, int n) {
  for (int i = 0; i < n; i++)
    if (IR_AS(IrIterVar, ivs[i])->iter_type == ITER_REDUCE) return true;
  return false;
}

/* The inner block of a reduction split across the outer block updates
 * what it writes: its reads gain its writes, first. */
static NodeList writes_then_reads(IrCtx *cx, IrBlock *b) {
  PtrVec v = {0};
  for (int32_t i = 0; i < b->writes.n; i++) ptrvec_push(&v, b->writes.v[i]);
  for (int32_t i = 0; i < b->reads.n; i++) ptrvec_push(&v, b->reads.v[i]);
  NodeList l = ir_list_from_vec(cx, &v);
  ptrvec_free(&v);
  return l;
}

static Node *suffixed(IrCtx *cx, Node *var, const char *suffix) {
  char nm[256];
  snprintf(nm, sizeof nm, "%s%s", IR_AS(IrVar, var)->name, suffix);
  return ir_var(cx, nm, var->dtype);
}

/* The init of the outer block: a block `<name>_init` over the inner iter
 * vars the init uses that are spatial (renamed `<v>_init`), writing what
 * the inner block writes, under copies (`<loop>_init`) of the inner loops
 * its bindings use. */
static Node *outer_init(Schedule *s, Node *init, Node *inner, PtrVec *loops, const char *name) {
  IrCtx *cx = s->cx;
  IrBlockRealize *r = IR_AS(IrBlockRealize, inner);
  IrBlock *ib = sch_block_of(inner);
  PtrMap sub = {0};
  PtrVec ivs = {0}, vals = {0};
  for (int32_t i = 0; i < ib->iter_vars.n; i++) {
    IrIterVar *iv = IR_AS(IrIterVar, ib->iter_vars.v[i]);
    if (iv->iter_type != ITER_SPATIAL || !sch_expr_uses_var(init, iv->var)) continue;
    Node *nv = suffixed(cx, iv->var, "_init");
    ptrmap_put(&sub, iv->var, nv);
    IrRange *dom = IR_AS(IrRange, iv->dom);
    ptrvec_push(&ivs, sch_mk_iter_var(cx, nv, dom->min, dom->extent, ITER_SPATIAL));
    ptrvec_push(&vals, r->iter_values.v[i]);
  }
  Node *blk = ir_alloc(cx, NK_BLOCK, span_none());
  IrBlock *B = IR_AS(IrBlock, blk);
  B->iter_vars = ir_list_from_vec(cx, &ivs);
  B->reads = ir_list_empty();
  B->writes = ib->writes;
  B->name = sch_unique_block_name(s, name);
  B->body = init;
  B->annotations = ir_list_empty();
  Node *stmt = sch_mk_realize(cx, (Node *const *)vals.data, vals.len, r->predicate, ir_finish(cx, blk));
  for (int32_t i = loops->len - 1; i >= 0; i--) {
    Node *f = loops->data[i];
    Node *lv = IR_AS(IrFor, f)->var;
    bool used = false;
    for (int32_t k = 0; k < vals.len && !used; k++) used = sch_expr_uses_var(vals.data[k], lv);
    if (!used) continue;
    Node *nf = ir_clone(cx, f);
    IR_AS(IrFor, nf)->var = suffixed(cx, lv, "_init");
    ptrmap_put(&sub, lv, IR_AS(IrFor, nf)->var);
    IR_AS(IrFor, nf)->body = stmt;
    stmt = ir_finish(cx, nf);
  }
  stmt = tir_subst(cx, stmt, &sub, NULL);
  ptrmap_free(&sub);
  ptrvec_free(&ivs);
  ptrvec_free(&vals);
  return stmt;
}

Node *sch_blockize_impl(Schedule *s, const SchPath *path, bool preserve_unit_iters, Node **inner_realize) {
  IrCtx *cx = s->cx;
  Node *loop = path->nodes[path->n - 1];
  PtrVec loops = {0};
  Node *realize = single_block(loop, &loops);
  if (!realize) {
    ptrvec_free(&loops);
    sch_fail(s, "blockize: the loop %s must contain exactly one block under a chain of loops",
             IR_AS(IrVar, IR_AS(IrFor, loop)->var)->name);
    return NULL;
  }
  IrBlock *b = sch_block_of(realize);
  Div d = {0};
  if (divide_all(s, realize, &loops, &d)) return ptrvec_free(&loops), div_free(&d), NULL;
  Node *nb = tir_subst(cx, (Node *)b, &d.sub, NULL);
  Node *init = IR_AS(IrBlock, nb)->init;
  NodeList reads0 = IR_AS(IrBlock, nb)->reads;
  Node *nbc = ir_clone(cx, nb);
  IR_AS(IrBlock, nbc)->iter_vars = ir_list(cx, d.ivs_in.data, d.ivs_in.len);
  IR_AS(IrBlock, nbc)->init = NULL;
  if (init && has_reduce(d.ovars.data, d.ovars.len)) IR_AS(IrBlock, nbc)->reads = writes_then_reads(cx, IR_AS(IrBlock, nb));
  nb = ir_finish(cx, nbc);
  Node *pred = IR_AS(IrBlockRealize, realize)->predicate;
  Node *inr = sch_mk_realize(cx, d.vals_in.data, d.vals_in.len, pred, nb);
  *inner_realize = inr;
  Node *body = replace_realize(cx, loop, realize, inr);
  Node *ob = ir_alloc(cx, NK_BLOCK, span_none());
  IrBlock *O = IR_AS(IrBlock, ob);
  O->iter_vars = ir_list(cx, d.ovars.data, d.ovars.len);
  O->reads = IR_AS(IrArray, region_list(s, reads0, inr, &loops))->items;
  O->writes = IR_AS(IrArray, region_list(s, IR_AS(IrBlock, nb)->writes, inr, &loops))->items;
  char nm[256];
  snprintf(nm, sizeof nm, "%s_o", b->name);
  O->name = sch_unique_block_name(s, nm);
  O->body = body;
  O->annotations = ir_list_empty();
  char inm[256];
  snprintf(inm, sizeof inm, "%s_init", b->name);
  O->init = init ? outer_init(s, init, inr, &loops, inm) : NULL;
  Node *outer = sch_mk_realize(cx, d.ovals.data, d.ovals.len, NULL, ir_finish(cx, ob));
  ptrvec_free(&loops);
  div_free(&d);
  return outer;
}

int sch_blockize(Schedule *s, SchRV loop, bool preserve_unit_iters, SchRV *out) {
  SchPath path = {0};
  Node *f = sch_loop_lookup(s, loop, &path);
  Node *inner = NULL;
  Node *outer = f ? sch_blockize_impl(s, &path, preserve_unit_iters, &inner) : NULL;
  if (!outer) return sch_path_free(&path), -1;
  sch_replace(s, &path, path.n - 1, outer);
  sch_path_free(&path);
  *out = sch_rv_block(s, sch_block_of(outer)->name);
  SchArg in[1] = {sch_arg_rv(loop)};
  SchArg at[1] = {sch_arg_bool(preserve_unit_iters)};
  return sch_record(s, "Blockize", in, 1, at, 1, NULL, out, 1);
}

static int apply_blockize(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "l", "|B")) return -1;
  *nouts = 1;
  return sch_blockize(s, in->inputs[0].rv, in->nattrs ? in->attrs[0].i != 0 : true, outs);
}

static const char *const blockize_inputs[] = {"target", NULL};
static const char *const blockize_attrs[] = {"preserve_unit_iters", NULL};
const SchInstKind sch_kind_blockize = {"Blockize", "blockize", apply_blockize, blockize_inputs, blockize_attrs};
