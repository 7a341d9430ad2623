/*
 * reduction.c — reduction primitives: decompose_reduction (move a reduction
 * block's init into its own block `<name>_init`, under copies of the loops
 * below the given loop that bind its spatial iterators, placed before that
 * loop) and rfactor (split a sum / product / max / min reduction over one
 * loop into a partial-result block `<name>_rf` writing `<buffer>_rf` and a
 * write-back block keeping the original name).  TVM's semantics
 * (src/tir/schedule/primitive/decompose_reduction.cc, reduction.cc); the
 * instruction kinds DecomposeReduction and RFactor are defined here.
 * Relies on compute_util.h (compute.c) and analysis.c.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../script/tir_script.h"
#include "../transform/transform.h"
#include "compute_util.h"

/* A copy of loop with a fresh variable (name + suffix) and a new body. */
static Node *copy_loop(IrCtx *cx, Node *loop, const char *suffix, PtrMap *vmap, Node *body) {
  IrFor *f = IR_AS(IrFor, loop);
  char name[128];
  snprintf(name, sizeof name, "%s%s", IR_AS(IrVar, f->var)->name, suffix);
  Node *v = ptrmap_get(vmap, f->var);
  if (!v) {
    v = ir_var(cx, name, f->var->dtype);
    ptrmap_put(vmap, f->var, v);
  }
  Node *n = ir_clone(cx, loop);
  IR_AS(IrFor, n)->var = v;
  IR_AS(IrFor, n)->body = body;
  return ir_finish(cx, n);
}

/* A fresh iterator like iv (or over dom, of type t), its var named name. */
static Node *new_iter(IrCtx *cx, Node *iv, Node *dom, const char *name, int64_t t) {
  Node *n = ir_clone(cx, iv);
  IrIterVar *I = IR_AS(IrIterVar, n);
  I->var = ir_var(cx, name ? name : IR_AS(IrVar, I->var)->name, I->var->dtype);
  if (dom) I->dom = dom;
  I->iter_type = t;
  return ir_finish(cx, n);
}

static Node *block_new(IrCtx *cx, Node *like, const char *name, NodeList ivs, Node *body, Node *init) {
  Node *b = ir_clone(cx, like);
  IrBlock *B = IR_AS(IrBlock, b);
  B->name = intern(name);
  B->iter_vars = ivs;
  B->body = body;
  B->init = init;
  B->alloc_buffers = ir_list_empty();
  B->match_buffers = ir_list_empty();
  return sch_block_with_access(cx, ir_finish(cx, b));
}

/* ---- decompose_reduction -------------------------------------------------------- */

static int find_depth(const SchPath *p, Node *n) {
  for (int d = 0; d < p->n; d++)
    if (p->nodes[d] == n) return d;
  return -1;
}

static int dr_check(Schedule *s, IrBlock *b, Node *realize, const SchPath *bp, int ld, Node *loop) {
  if (sch_block_kind(b) != SCH_BLOCK_REDUCTION)
    return sch_fail(s, "decompose_reduction: block \"%s\" is not a reduction block", b->name);
  if (ld < 0)
    return sch_fail(s, "decompose_reduction: loop \"%s\" is not an ancestor of block \"%s\"", sch_loop_name(loop), b->name);
  for (int d = ld + 1; d < bp->n - 1; d++)
    if (bp->nodes[d]->kind == NK_BLOCK_REALIZE)
      return sch_fail(s, "decompose_reduction: loop \"%s\" is not in the scope of block \"%s\"", sch_loop_name(loop), b->name);
  IrBlockRealize *R = IR_AS(IrBlockRealize, realize);
  for (int d = ld - 1; d >= 0 && bp->nodes[d]->kind == NK_FOR; d--) {
    PtrMap one = {0};
    ptrmap_put(&one, IR_AS(IrFor, bp->nodes[d])->var, (void *)1);
    bool bad = false;
    for (int32_t i = 0; i < b->iter_vars.n; i++)
      bad |= IR_AS(IrIterVar, b->iter_vars.v[i])->iter_type != ITER_SPATIAL && sch_uses_vars(R->iter_values.v[i], &one);
    ptrmap_free(&one);
    if (bad)
      return sch_fail(s, "decompose_reduction: loop \"%s\" must be above every loop bound to a reduction iterator of block \"%s\"",
                      sch_loop_name(loop), b->name);
  }
  return 0;
}

/* The init block under copies of the loops (from ld down) its spatial
 * iterators use. */
/* Does the loop's variable occur in the binding of a spatial iterator? */
static bool feeds_spatial(IrBlock *b, IrBlockRealize *R, Node *loop) {
  PtrMap one = {0};
  ptrmap_put(&one, IR_AS(IrFor, loop)->var, (void *)1);
  bool use = false;
  for (int32_t i = 0; i < b->iter_vars.n && !use; i++)
    use = IR_AS(IrIterVar, b->iter_vars.v[i])->iter_type == ITER_SPATIAL && sch_uses_vars(R->iter_values.v[i], &one);
  ptrmap_free(&one);
  return use;
}

static Node *init_nest(Schedule *s, IrBlock *b, Node *realize, const SchPath *bp, int ld, const char *name) {
  IrCtx *cx = s->cx;
  IrBlockRealize *R = IR_AS(IrBlockRealize, realize);
  PtrMap lmap = {0}, bmap = {0};
  PtrVec ivs = {0}, vals = {0}, loops = {0};
  for (int d = ld; d < bp->n - 1; d++) {
    if (bp->nodes[d]->kind != NK_FOR) continue;
    if (feeds_spatial(b, R, bp->nodes[d])) ptrvec_push(&loops, bp->nodes[d]);
  }
  for (int32_t i = 0; i < loops.len; i++) { /* fresh vars named <loop>_init */
    Node *ov = IR_AS(IrFor, loops.data[i])->var;
    char nm[128];
    snprintf(nm, sizeof nm, "%s_init", IR_AS(IrVar, ov)->name);
    ptrmap_put(&lmap, ov, ir_var(cx, nm, ov->dtype));
  }
  for (int32_t i = 0; i < b->iter_vars.n; i++) {
    IrIterVar *iv = IR_AS(IrIterVar, b->iter_vars.v[i]);
    if (iv->iter_type != ITER_SPATIAL) continue;
    Node *niv = new_iter(cx, b->iter_vars.v[i], NULL, NULL, ITER_SPATIAL);
    ptrmap_put(&bmap, iv->var, IR_AS(IrIterVar, niv)->var);
    ptrvec_push(&ivs, niv);
    ptrvec_push(&vals, tir_subst(cx, R->iter_values.v[i], &lmap, NULL));
  }
  Node *blk = block_new(cx, (Node *)b, name, ir_list_from_vec(cx, &ivs), tir_subst(cx, b->init, &bmap, NULL), NULL);
  Node *pred = tir_subst(cx, R->predicate, &lmap, NULL);
  Node *nest = sch_realize_new(cx, ir_list_from_vec(cx, &vals), pred, blk);
  for (int32_t i = loops.len - 1; i >= 0; i--) nest = copy_loop(cx, loops.data[i], "_init", &lmap, nest);
  ptrmap_free(&lmap);
  ptrmap_free(&bmap);
  ptrvec_free(&ivs);
  ptrvec_free(&vals);
  ptrvec_free(&loops);
  return nest;
}

/* Loop vars at depth >= ld in the predicate that the init nest does not copy. */
static bool pred_uses_reduce_loops(IrBlock *b, Node *realize, const SchPath *bp, int ld) {
  IrBlockRealize *R = IR_AS(IrBlockRealize, realize);
  if (tir_is_const(R->predicate, 1)) return false;
  PtrMap red = {0};
  for (int d = ld; d < bp->n - 1; d++) {
    if (bp->nodes[d]->kind != NK_FOR) continue;
    if (!feeds_spatial(b, R, bp->nodes[d])) ptrmap_put(&red, IR_AS(IrFor, bp->nodes[d])->var, (void *)1);
  }
  bool r = sch_uses_vars(R->predicate, &red);
  ptrmap_free(&red);
  return r;
}

int sch_decompose_reduction(Schedule *s, SchRV brv, SchRV lrv, SchRV *out) {
  SchPath bp = {0}, lp = {0};
  Node *realize = sch_block_lookup(s, brv, &bp);
  Node *loop = realize ? sch_loop_lookup(s, lrv, &lp) : NULL;
  int rc = loop ? 0 : -1;
  IrBlock *b = realize ? sch_block_of(realize) : NULL;
  int ld = loop ? find_depth(&bp, loop) : -1;
  if (!rc) rc = dr_check(s, b, realize, &bp, ld, loop);
  if (!rc && pred_uses_reduce_loops(b, realize, &bp, ld))
    rc = sch_fail(s, "decompose_reduction: the predicate of block \"%s\" depends on its reduction loops", b->name);
  const char *name = NULL;
  if (!rc) {
    char base[256];
    snprintf(base, sizeof base, "%s_init", b->name);
    name = sch_unique_block_name(s, base);
    Node *init = init_nest(s, b, realize, &bp, ld, name);
    Node *nb = ir_clone(s->cx, (Node *)b);
    IR_AS(IrBlock, nb)->init = NULL;
    nb = sch_block_with_access(s->cx, ir_finish(s->cx, nb));
    Node *nr = ir_clone(s->cx, realize);
    IR_AS(IrBlockRealize, nr)->block = nb;
    PtrMap m = {0};
    ptrmap_put(&m, realize, ir_finish(s->cx, nr));
    Node *nl = sch_rewrite_stmts(s->cx, loop, &m);
    ptrmap_free(&m);
    Node *pair[2] = {init, nl};
    sch_replace(s, &lp, lp.n - 1, tir_seq(s->cx, pair, 2));
  }
  sch_path_free(&bp);
  sch_path_free(&lp);
  if (rc) return -1;
  *out = sch_rv_block(s, name);
  SchArg in[] = {sch_arg_rv(brv), sch_arg_rv(lrv)};
  return sch_record(s, "DecomposeReduction", in, 2, NULL, 0, NULL, out, 1);
}

/* ---- rfactor ----------------------------------------------------------------------- */

/* The recognized reduction: C[idx] = comb(C[idx], rhs) with init C[idx] = identity. */
typedef struct Reducer {
  NodeKind op; /* NK_ADD, NK_MUL, NK_MAX, NK_MIN */
  Node *buf, *rhs, *ident;
  NodeList idx;
} Reducer;

static bool is_identity(NodeKind op, Node *v) {
  int64_t i;
  double f;
  DType t = v->dtype;
  if (ir_is_const_int(v, &i))
    return op == NK_ADD ? i == 0 : op == NK_MUL ? i == 1 : op == NK_MAX ? i == dtype_int_min(t) : i == dtype_int_max(t);
  if (!ir_is_const_float(v, &f)) return false;
  double big = t.bits == 32 ? (double)FLT_MAX : t.bits == 64 ? DBL_MAX : t.bits == 16 ? 65504.0 : INFINITY;
  if (op == NK_ADD) return f == 0;
  if (op == NK_MUL) return f == 1;
  return op == NK_MAX ? (f == -big || f == -INFINITY) : (f == big || f == INFINITY);
}

static bool same_idx(NodeList a, NodeList b) {
  if (a.n != b.n) return false;
  for (int32_t i = 0; i < a.n; i++)
    if (a.v[i] != b.v[i]) return false;
  return true;
}

typedef struct BufFind {
  Node *buf;
  bool found;
} BufFind;

static bool buf_find(Node *n, void *ud) {
  BufFind *f = ud;
  if (n->kind == NK_BUFFER_LOAD && IR_AS(IrBufferLoad, n)->buffer == f->buf) f->found = true;
  return !f->found;
}

static bool loads_buf(Node *e, Node *buf) {
  BufFind f = {buf, false};
  ir_walk(e, buf_find, &f);
  return f.found;
}

static bool match_reducer(IrBlock *b, Reducer *r) {
  if (!b->init || b->init->kind != NK_BUFFER_STORE || b->body->kind != NK_BUFFER_STORE) return false;
  IrBufferStore *st = IR_AS(IrBufferStore, b->body), *in = IR_AS(IrBufferStore, b->init);
  Node *v = st->value;
  if (in->buffer != st->buffer || !same_idx(in->indices, st->indices)) return false;
  if (v->kind != NK_ADD && v->kind != NK_MUL && v->kind != NK_MAX && v->kind != NK_MIN) return false;
  Node *x = IR_AS(IrBinary, v)->a, *y = IR_AS(IrBinary, v)->b;
  bool xs = x->kind == NK_BUFFER_LOAD && IR_AS(IrBufferLoad, x)->buffer == st->buffer &&
            same_idx(IR_AS(IrBufferLoad, x)->indices, st->indices);
  if (!xs) {
    Node *t = x;
    x = y;
    y = t;
    xs = x->kind == NK_BUFFER_LOAD && IR_AS(IrBufferLoad, x)->buffer == st->buffer &&
         same_idx(IR_AS(IrBufferLoad, x)->indices, st->indices);
  }
  bool rhs_clean = !loads_buf(y, st->buffer);
  r->op = (NodeKind)v->kind;
  r->buf = st->buffer;
  r->rhs = y;
  r->ident = in->value;
  r->idx = st->indices;
  return xs && rhs_clean && is_identity(r->op, in->value);
}

static Node *store(IrCtx *cx, Node *buf, Node *const *idx, int n, Node *value) {
  Node *s = ir_alloc(cx, NK_BUFFER_STORE, span_none());
  IrBufferStore *S = IR_AS(IrBufferStore, s);
  S->buffer = buf;
  S->indices = ir_list(cx, idx, n);
  S->value = value;
  return ir_finish(cx, s);
}

/* store buf[idx] = comb(buf[idx], rhs) and the init store. */
static void reduction_stores(IrCtx *cx, const Reducer *r, Node *buf, Node **idx, int n, Node *rhs, Node **body,
                             Node **init) {
  Node *cur = ir_buffer_load(cx, buf, idx, n);
  *body = store(cx, buf, idx, n, ir_bin(cx, r->op, cur, rhs));
  *init = store(cx, buf, idx, n, r->ident);
}

typedef struct Rf {
  Schedule *s;
  IrCtx *cx;
  Node *loop, *realize;
  IrBlock *block;
  Reducer red;
  Node **nest; /* the For chain from the top loop down, outermost first */
  int nnest;
  int axis;
  Node *rf_buf;
} Rf;

static int rf_check(Rf *f, const SchPath *lp) {
  Schedule *s = f->s;
  PtrVec blocks = {0};
  sch_collect_child_blocks(f->loop, &blocks);
  f->realize = blocks.len == 1 ? blocks.data[0] : NULL;
  ptrvec_free(&blocks);
  if (!f->realize) return sch_fail(s, "rfactor: loop \"%s\" must have exactly one child block", sch_loop_name(f->loop));
  f->block = sch_block_of(f->realize);
  IrBlock *b = f->block;
  if (sch_block_kind(b) != SCH_BLOCK_REDUCTION || !match_reducer(b, &f->red))
    return sch_fail(s, "rfactor: block \"%s\" is not a sum, product, max or min reduction with its identity as init", b->name);
  if (!tir_is_const(IR_AS(IrBlockRealize, f->realize)->predicate, 1))
    return sch_fail(s, "rfactor: block \"%s\" has a predicate", b->name);
  /* The nest: loops of lp above the loop, up to the block scope, then the chain below. */
  int top = lp->n - 1;
  while (top - 1 >= 0 && lp->nodes[top - 1]->kind == NK_FOR) top--;
  f->nest = xcalloc(64, sizeof(Node *));
  for (int d = top; d < lp->n; d++) f->nest[f->nnest++] = lp->nodes[d];
  Node *n = IR_AS(IrFor, f->loop)->body;
  while (n->kind == NK_FOR && f->nnest < 63) {
    f->nest[f->nnest++] = n;
    n = IR_AS(IrFor, n)->body;
  }
  if (n != f->realize || top == 0 || lp->nodes[top - 1]->kind == NK_BLOCK_REALIZE)
    return sch_fail(s, "rfactor: the loops above block \"%s\" are not a perfect nest", b->name);
  PtrMap one = {0};
  ptrmap_put(&one, IR_AS(IrFor, f->loop)->var, (void *)1);
  bool in_red = false, in_sp = false;
  for (int32_t i = 0; i < b->iter_vars.n; i++) {
    bool u = sch_uses_vars(IR_AS(IrBlockRealize, f->realize)->iter_values.v[i], &one);
    if (IR_AS(IrIterVar, b->iter_vars.v[i])->iter_type == ITER_SPATIAL) in_sp |= u;
    else in_red |= u;
  }
  ptrmap_free(&one);
  if (in_sp || !in_red)
    return sch_fail(s, "rfactor: loop \"%s\" must be bound to reduction iterators of block \"%s\" only",
                    sch_loop_name(f->loop), b->name);
  int nd = IR_AS(IrBuffer, f->red.buf)->shape.n;
  if (f->axis < -(nd + 1) || f->axis > nd)
    return sch_fail(s, "rfactor: factor_axis %d is out of range [%d, %d]", f->axis, -(nd + 1), nd);
  if (f->axis < 0) f->axis += nd + 1;
  return 0;
}

static Node *rf_buffer(Rf *f) {
  IrBuffer *B = IR_AS(IrBuffer, f->red.buf);
  Node **shape = xcalloc((size_t)B->shape.n + 2, sizeof(Node *));
  for (int32_t i = 0, k = 0; i <= B->shape.n; i++) {
    if (i == f->axis) shape[k++] = IR_AS(IrFor, f->loop)->extent;
    if (i < B->shape.n) shape[k++] = B->shape.v[i];
  }
  char name[256];
  snprintf(name, sizeof name, "%s_rf", B->name);
  Node *nb = ir_clone(f->cx, f->red.buf);
  IrBuffer *N = IR_AS(IrBuffer, nb);
  N->name = intern(name);
  N->shape = ir_list(f->cx, shape, B->shape.n + 1);
  N->strides = ir_list_empty();
  N->elem_offset = NULL;
  N->data = tir_ptr_var(f->cx, name, f->red.buf->dtype, tir_buffer_scope(f->red.buf));
  N->elem_offset = ir_int(f->cx, shape[0]->dtype, 0);
  N->axis_separators = ir_list_empty();
  N->align = 64;
  N->offset_factor = 1;
  N->buffer_type = 0;
  free(shape);
  return ir_finish(f->cx, nb);
}

static void insert_axis(Node **out, NodeList idx, int axis, Node *v) {
  for (int32_t i = 0, k = 0; i <= idx.n; i++) {
    if (i == axis) out[k++] = v;
    if (i < idx.n) out[k++] = idx.v[i];
  }
}

static Node *make_iter(IrCtx *cx, const char *name, Node *loop, int64_t type) {
  IrFor *L = IR_AS(IrFor, loop);
  Node *iv = ir_alloc(cx, NK_ITER_VAR, span_none());
  IrIterVar *I = IR_AS(IrIterVar, iv);
  I->dom = ir_range(cx, L->min, L->extent);
  I->var = ir_var(cx, name, L->var->dtype);
  I->iter_type = type;
  I->thread_tag = intern("");
  return ir_finish(cx, iv);
}

static const char *vname(Node *loop) {
  static char buf[4][128];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "v%s", sch_loop_name(loop));
  return buf[k];
}

/* The partial-result block in the original nest. */
static Node *rf_block(Rf *f, const char *name) {
  IrCtx *cx = f->cx;
  IrBlock *b = f->block;
  IrBlockRealize *R = IR_AS(IrBlockRealize, f->realize);
  PtrMap l2rf = {0}, vmap = {0}, one = {0};
  PtrVec ivs = {0}, vals = {0};
  Node *add = make_iter(cx, vname(f->loop), f->loop, ITER_SPATIAL);
  ptrmap_put(&l2rf, IR_AS(IrFor, f->loop)->var, IR_AS(IrIterVar, add)->var);
  ptrvec_push(&ivs, add);
  ptrvec_push(&vals, IR_AS(IrFor, f->loop)->var);
  ptrmap_put(&one, IR_AS(IrFor, f->loop)->var, (void *)1);
  for (int32_t i = 0; i < b->iter_vars.n; i++) {
    IrIterVar *iv = IR_AS(IrIterVar, b->iter_vars.v[i]);
    Node *bind = R->iter_values.v[i];
    if (iv->iter_type == ITER_SPATIAL || !sch_uses_vars(bind, &one)) {
      ptrvec_push(&ivs, b->iter_vars.v[i]);
      ptrvec_push(&vals, bind);
      continue;
    }
    for (int k = 0; k < f->nnest; k++) {
      Node *lv = IR_AS(IrFor, f->nest[k])->var;
      PtrMap o = {0};
      ptrmap_put(&o, lv, (void *)1);
      if (sch_uses_vars(bind, &o) && !ptrmap_has(&l2rf, lv)) {
        Node *niv = make_iter(cx, vname(f->nest[k]), f->nest[k], ITER_REDUCE);
        ptrmap_put(&l2rf, lv, IR_AS(IrIterVar, niv)->var);
        ptrvec_push(&ivs, niv);
        ptrvec_push(&vals, lv);
      }
      ptrmap_free(&o);
    }
    ptrmap_put(&vmap, iv->var, tir_subst(cx, bind, &l2rf, NULL));
  }
  int n = f->red.idx.n + 1;
  Node **idx = sch_scratch(cx, n, sizeof *idx);
  Node **sub_idx = sch_scratch(cx, f->red.idx.n, sizeof *sub_idx);
  for (int32_t d = 0; d < f->red.idx.n; d++) sub_idx[d] = tir_subst(cx, f->red.idx.v[d], &vmap, NULL);
  insert_axis(idx, ir_list(cx, sub_idx, f->red.idx.n), f->axis, IR_AS(IrIterVar, add)->var);
  Node *body, *init;
  reduction_stores(cx, &f->red, f->rf_buf, idx, n, tir_subst(cx, f->red.rhs, &vmap, NULL), &body, &init);
  Node *blk = block_new(cx, (Node *)b, name, ir_list_from_vec(cx, &ivs), body, init);
  Node *r = sch_realize_new(cx, ir_list_from_vec(cx, &vals), NULL, blk);
  ptrmap_free(&l2rf);
  ptrmap_free(&vmap);
  ptrmap_free(&one);
  ptrvec_free(&ivs);
  ptrvec_free(&vals);
  return r;
}

/* The write-back block under copies of the loops it needs. */
static Node *wb_nest(Rf *f) {
  IrCtx *cx = f->cx;
  IrBlock *b = f->block;
  IrBlockRealize *R = IR_AS(IrBlockRealize, f->realize);
  PtrMap lmap = {0}, bmap = {0}, need = {0};
  PtrVec ivs = {0}, vals = {0}, loops = {0};
  ptrmap_put(&need, IR_AS(IrFor, f->loop)->var, (void *)1);
  for (int k = 0; k < f->nnest; k++) {
    PtrMap o = {0};
    ptrmap_put(&o, IR_AS(IrFor, f->nest[k])->var, (void *)1);
    bool use = f->nest[k] == f->loop;
    for (int32_t i = 0; i < b->iter_vars.n; i++)
      use |= IR_AS(IrIterVar, b->iter_vars.v[i])->iter_type == ITER_SPATIAL && sch_uses_vars(R->iter_values.v[i], &o);
    ptrmap_free(&o);
    if (!use) continue;
    Node *ov = IR_AS(IrFor, f->nest[k])->var;
    ptrmap_put(&lmap, ov, ir_var(cx, IR_AS(IrVar, ov)->name, ov->dtype));
    ptrvec_push(&loops, f->nest[k]);
  }
  for (int32_t i = 0; i < b->iter_vars.n; i++) {
    IrIterVar *iv = IR_AS(IrIterVar, b->iter_vars.v[i]);
    if (iv->iter_type != ITER_SPATIAL) continue;
    Node *niv = new_iter(cx, b->iter_vars.v[i], NULL, NULL, ITER_SPATIAL);
    ptrmap_put(&bmap, iv->var, IR_AS(IrIterVar, niv)->var);
    ptrvec_push(&ivs, niv);
    ptrvec_push(&vals, tir_subst(cx, R->iter_values.v[i], &lmap, NULL));
  }
  Node *rv = make_iter(cx, vname(f->loop), f->loop, ITER_REDUCE);
  ptrvec_push(&ivs, rv);
  ptrvec_push(&vals, ptrmap_get(&lmap, IR_AS(IrFor, f->loop)->var));
  int n = f->red.idx.n;
  Node **idx = sch_scratch(cx, n, sizeof *idx), **ridx = sch_scratch(cx, n + 1, sizeof *ridx);
  for (int d = 0; d < n; d++) idx[d] = tir_subst(cx, f->red.idx.v[d], &bmap, NULL);
  insert_axis(ridx, ir_list(cx, idx, n), f->axis, IR_AS(IrIterVar, rv)->var);
  Node *body, *init;
  reduction_stores(cx, &f->red, f->red.buf, idx, n, ir_buffer_load(cx, f->rf_buf, ridx, n + 1), &body, &init);
  Node *blk = block_new(cx, (Node *)b, b->name, ir_list_from_vec(cx, &ivs), body, init);
  Node *nest = sch_realize_new(cx, ir_list_from_vec(cx, &vals), NULL, blk);
  for (int32_t i = loops.len - 1; i >= 0; i--) nest = copy_loop(cx, loops.data[i], "", &lmap, nest);
  ptrmap_free(&lmap);
  ptrmap_free(&bmap);
  ptrmap_free(&need);
  ptrvec_free(&ivs);
  ptrvec_free(&vals);
  ptrvec_free(&loops);
  return nest;
}

static Node *root_with_alloc(IrCtx *cx, Node *root, Node *body, Node *buf) {
  IrBlock *b = sch_block_of(root);
  Node **v = xcalloc((size_t)b->alloc_buffers.n + 1, sizeof(Node *));
  for (int32_t i = 0; i < b->alloc_buffers.n; i++) v[i] = b->alloc_buffers.v[i];
  v[b->alloc_buffers.n] = buf;
  Node *nb = ir_clone(cx, (Node *)b);
  IR_AS(IrBlock, nb)->body = body;
  IR_AS(IrBlock, nb)->alloc_buffers = ir_list(cx, v, b->alloc_buffers.n + 1);
  free(v);
  Node *r = ir_clone(cx, root);
  IR_AS(IrBlockRealize, r)->block = ir_finish(cx, nb);
  return ir_finish(cx, r);
}

int sch_rfactor(Schedule *s, SchRV lrv, int factor_axis, SchRV *out) {
  SchPath lp = {0};
  Rf f = {0};
  f.s = s;
  f.cx = s->cx;
  f.axis = factor_axis;
  f.loop = sch_loop_lookup(s, lrv, &lp);
  int rc = f.loop ? rf_check(&f, &lp) : -1;
  if (!rc) { /* TVM requires the scope to be a stage pipeline */
    SchScope sc;
    sch_scope_fill(&sc, &lp, lp.n - 1);
    rc = sch_require_stage_pipeline(s, &sc, "rfactor");
    sch_scope_free(&sc);
  }
  const char *name = NULL;
  if (!rc) {
    int rd = -1;
    for (int d = lp.n - 1; d >= 0 && rd < 0; d--)
      if (lp.nodes[d]->kind == NK_BLOCK_REALIZE) rd = d;
    if (rd < 0) rc = sch_fail(s, "rfactor: loop \"%s\" is not inside a block", sch_loop_name(f.loop));
    else {
      char base[256];
      snprintf(base, sizeof base, "%s_rf", f.block->name);
      name = sch_unique_block_name(s, base);
      f.rf_buf = rf_buffer(&f);
      PtrMap m = {0};
      ptrmap_put(&m, f.realize, rf_block(&f, name));
      Node *pair[2] = {sch_rewrite_stmts(s->cx, f.nest[0], &m), wb_nest(&f)};
      ptrmap_free(&m);
      PtrMap top = {0};
      ptrmap_put(&top, f.nest[0], tir_seq(s->cx, pair, 2));
      Node *root = lp.nodes[rd];
      Node *body = sch_rewrite_stmts(s->cx, sch_block_of(root)->body, &top);
      ptrmap_free(&top);
      sch_replace(s, &lp, rd, root_with_alloc(s->cx, root, body, f.rf_buf));
    }
  }
  free(f.nest);
  sch_path_free(&lp);
  if (rc) return -1;
  *out = sch_rv_block(s, name);
  SchArg in[] = {sch_arg_rv(lrv)};
  SchArg at[] = {sch_arg_int(factor_axis)};
  return sch_record(s, "RFactor", in, 1, at, 1, NULL, out, 1);
}

/* ---- instruction kinds -------------------------------------------------------------- */

static int apply_decompose_reduction(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "bl", "")) return -1;
  int rc = sch_decompose_reduction(s, in->inputs[0].rv, in->inputs[1].rv, outs);
  if (!rc) *nouts = 1;
  return rc;
}

static int apply_rfactor(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "l", "i")) return -1;
  int rc = sch_rfactor(s, in->inputs[0].rv, (int)in->attrs[0].i, outs);
  if (!rc) *nouts = 1;
  return rc;
}

static const char *const dr_inputs[] = {"block", "loop", NULL};
static const char *const rf_inputs[] = {"loop", NULL};
static const char *const rf_attrs[] = {"factor_axis", NULL};
static const char *const no_names[] = {NULL};

const SchInstKind sch_kind_decompose_reduction = {"DecomposeReduction", "decompose_reduction",
                                                  apply_decompose_reduction, dr_inputs, no_names};
const SchInstKind sch_kind_rfactor = {"RFactor", "rfactor", apply_rfactor, rf_inputs, rf_attrs};
