/*
 * te_prim_func.c — te_create_prim_func: a TE computation as a PrimFunc of
 * blocks, following Apache TVM's CreatePrimFunc (src/te/operation/
 * create_primfunc.cc) and then ScriptComplete for the root block and the
 * block reads/writes.
 *
 * Steps: order the compute stages by a post-DFS over the tensors each one
 * reads, starting from the arguments (TVM's PostDFSOrder over its read
 * graph); turn each stage into a loop nest over its spatial then reduce axes
 * with one block inside (or one block per output for a multi-output data
 * parallel stage); put the non-argument stage outputs in the root block's
 * alloc_buffers; fill reads/writes as the TVMScript parser does
 * (tir_complete_access from script/from_tir_access.c, the same rules as
 * TVM's BlockReadWriteDetector).
 * Before: te.c's invariant (each op classified, its outputs' buffers made).
 * After: a PrimFunc that ir_check accepts when every symbolic shape var of
 * an intermediate also appears in some argument's shape.
 * Not supported (error): reduce-axis domains that depend on other axes (TVM
 * builds nested blocks for those), te.extern stages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../arith/arith.h"
#include "../script/tir_script.h"
#include "te_impl.h"

typedef struct Gen {
  TeCtx *te;
  IrCtx *cx;
  Analyzer *az;
  TeTensor *const *args;
  int nargs;
  PtrVec order;     /* TeOp *, post-DFS */
  PtrMap visited;   /* TeOp * or placeholder TeTensor * -> 1 */
  StrMap names;     /* block names taken */
  PtrVec root_alloc; /* Buffer * */
  PtrMap detect;    /* Block -> mask 3 (fill reads and writes) */
} Gen;

/* ---- small builders ------------------------------------------------------------ */

static Node *stmt_seq(IrCtx *cx, Node *const *s, int n) {
  if (n == 1) return s[0];
  Node *q = ir_alloc(cx, NK_SEQ, span_none());
  IR_AS(IrArray, q)->items = ir_list(cx, s, n);
  return ir_finish(cx, q);
}

static Node *store(IrCtx *cx, Node *buf, Node *value, NodeList idx) {
  Node *s = ir_alloc(cx, NK_BUFFER_STORE, span_none());
  IrBufferStore *S = IR_AS(IrBufferStore, s);
  S->buffer = buf, S->value = value, S->indices = idx;
  return ir_finish(cx, s);
}

static Node *iter_var(IrCtx *cx, Node *var, Node *min, Node *extent, IterType it) {
  Node *iv = ir_alloc(cx, NK_ITER_VAR, span_none());
  IrIterVar *I = IR_AS(IrIterVar, iv);
  I->dom = ir_range(cx, min, extent);
  I->var = var;
  I->iter_type = it;
  I->thread_tag = intern("");
  return ir_finish(cx, iv);
}

static Node *pair(IrCtx *cx, Node *a, Node *b) {
  Node *p = ir_alloc(cx, NK_PAIR, span_none());
  IR_AS(IrBinary, p)->a = a, IR_AS(IrBinary, p)->b = b;
  return ir_finish(cx, p);
}

/* TVM's UniqueNameSupply::FreshName: name, else name_1, name_2, ... */
static const char *fresh_name(Gen *g, const char *name) {
  char buf[600];
  snprintf(buf, sizeof buf, "%s", name);
  for (int k = 1; strmap_has(&g->names, buf); k++) snprintf(buf, sizeof buf, "%s_%d", name, k);
  strmap_put(&g->names, buf, (void *)1);
  return intern(buf);
}

/* ---- ordering the stages ------------------------------------------------------- */

static bool is_arg(Gen *g, const TeTensor *t) {
  for (int i = 0; i < g->nargs; i++)
    if (g->args[i] == t) return true;
  return false;
}

typedef struct Reads {
  Gen *g;
  PtrMap seen;
  PtrVec tensors; /* in post order of first read */
} Reads;

static void reads_post(Node *n, void *ud) {
  Reads *r = ud;
  if (!n || ptrmap_has(&r->seen, n)) return;
  ptrmap_put(&r->seen, n, (void *)1);
  ir_visit_children(n, reads_post, ud);
  if (n->kind != NK_BUFFER_LOAD) return;
  TeTensor *t = ptrmap_get(&r->g->te->buf2tensor, IR_AS(IrBufferLoad, n)->buffer);
  if (!t) return;
  for (int32_t i = 0; i < r->tensors.len; i++)
    if (r->tensors.data[i] == t) return;
  ptrvec_push(&r->tensors, t);
}

static bool visit_tensor(Gen *g, TeTensor *t);

static bool visit_op(Gen *g, TeOp *op) {
  if (ptrmap_has(&g->visited, op)) return true;
  ptrmap_put(&g->visited, op, (void *)1);
  Reads r = {g, {0}, {0}};
  if (op->reduce)
    for (int i = 0; i < op->reduce->nval; i++) reads_post(op->reduce->source[i], &r);
  else
    for (int i = 0; i < op->nout; i++) reads_post(op->bodies[i], &r);
  bool ok = true;
  for (int32_t i = 0; ok && i < r.tensors.len; i++) ok = visit_tensor(g, r.tensors.data[i]);
  ptrvec_free(&r.tensors);
  ptrmap_free(&r.seen);
  if (ok) ptrvec_push(&g->order, op);
  return ok;
}

static bool visit_tensor(Gen *g, TeTensor *t) {
  if (t->op) return visit_op(g, t->op);
  if (!is_arg(g, t))
    return te_fail(g->te, "create_prim_func: placeholder '%s' is read but is not a function argument", t->name),
           false;
  return true;
}

/* ---- one compute stage --------------------------------------------------------- */

typedef struct Axis {
  Node *orig;     /* the TE var */
  Node *min, *extent;
  IterType type;
  Node *loop, *bvar;
} Axis;

typedef struct DepCheck {
  Axis *axes;
  int n;
  bool dep;
} DepCheck;

static bool find_axis(Node *n, void *ud) {
  DepCheck *d = ud;
  for (int i = 0; i < d->n; i++)
    if (d->axes[i].orig == n) d->dep = true;
  return !d->dep;
}

static DType index_type(const Axis *a) {
  int bits = a->min->dtype.bits > a->extent->dtype.bits ? a->min->dtype.bits : a->extent->dtype.bits;
  return DT_MAKE(DT_CODE_INT, bits, 1);
}

static char *prefixed(const char *p, const char *name) {
  StrBuf sb = {0};
  sb_printf(&sb, "%s%s", p, name);
  return sb_take(&sb);
}

/* The axes of op (spatial, then reduce) with their loop and block vars. */
static Axis *make_axes(Gen *g, TeOp *op, int *nax) {
  int nr = op->reduce ? op->reduce->naxes : 0, n = op->ndim + nr;
  Axis *ax = xcalloc((size_t)(n ? n : 1), sizeof *ax);
  for (int i = 0; i < op->ndim; i++) {
    ax[i].orig = op->axes[i];
    ax[i].min = ir_int(g->cx, op->shape[i]->dtype, 0);
    ax[i].extent = op->shape[i];
    ax[i].type = ITER_SPATIAL;
  }
  for (int i = 0; i < nr; i++) {
    TeIterVar *iv = op->reduce->axes[i];
    ax[op->ndim + i] = (Axis){iv->var, iv->min, iv->extent, ITER_REDUCE, NULL, NULL};
  }
  DepCheck d = {ax, n, false};
  for (int i = 0; i < n && !d.dep; i++) {
    ir_walk(ax[i].min, find_axis, &d);
    ir_walk(ax[i].extent, find_axis, &d);
  }
  if (d.dep) {
    free(ax);
    return te_fail(g->te, "create_prim_func: compute '%s' has an axis whose range depends on another axis (nested "
                          "iteration domains are not supported)", op->name);
  }
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < i; j++)
      if (ax[j].orig == ax[i].orig) {
        te_fail(g->te, "create_prim_func: compute '%s' uses axis '%s' twice", op->name,
                IR_AS(IrVar, ax[i].orig)->name);
        free(ax);
        return NULL;
      }
    DType it = index_type(&ax[i]);
    const char *nm = IR_AS(IrVar, ax[i].orig)->name;
    char *bn = prefixed("v_", nm);
    ax[i].loop = ir_var(g->cx, nm, it);
    ax[i].bvar = ir_var(g->cx, bn, it);
    free(bn);
    ax[i].min = arith_simplify(g->az, ax[i].min);
    ax[i].extent = arith_simplify(g->az, ax[i].extent);
  }
  *nax = n;
  return ax;
}

typedef struct Leaf {
  NodeList ivars, values, indices;
  PtrMap remap; /* TE axis var -> block var */
} Leaf;

/* Block iter vars, bindings and store indices; fresh block vars when renew
 * (the later blocks of a multi-output stage, for SSA). */
static void make_leaf(Gen *g, Axis *ax, int n, bool renew, Leaf *lf) {
  Node *iv[n + 1], *val[n + 1], *idx[n + 1];
  int ni = 0;
  for (int i = 0; i < n; i++) {
    Node *bv = renew ? ir_var(g->cx, IR_AS(IrVar, ax[i].bvar)->name, ax[i].bvar->dtype) : ax[i].bvar;
    iv[i] = iter_var(g->cx, bv, ax[i].min, ax[i].extent, ax[i].type);
    val[i] = ax[i].loop;
    if (ax[i].type == ITER_SPATIAL) idx[ni++] = bv;
    ptrmap_put(&lf->remap, ax[i].orig, bv);
  }
  if (n == 0) { /* a 0-dim stage still gets one block var */
    iv[0] = iter_var(g->cx, ir_var(g->cx, "vi", DT_INT32), ir_int(g->cx, DT_INT32, 0), ir_int(g->cx, DT_INT32, 1),
                     ITER_SPATIAL);
    val[0] = ir_int(g->cx, DT_INT32, 0);
  }
  lf->ivars = ir_list(g->cx, iv, n ? n : 1);
  lf->values = ir_list(g->cx, val, n ? n : 1);
  lf->indices = ir_list(g->cx, idx, ni);
}

static Node *realize(Gen *g, Leaf *lf, const char *name, Node *body, Node *init) {
  Node *b = ir_alloc(g->cx, NK_BLOCK, span_none());
  IrBlock *B = IR_AS(IrBlock, b);
  B->iter_vars = lf->ivars;
  B->name = name;
  B->body = body;
  B->init = init;
  b = ir_finish(g->cx, b);
  ptrmap_put(&g->detect, b, (void *)3);
  Node *r = ir_alloc(g->cx, NK_BLOCK_REALIZE, span_none());
  IrBlockRealize *R = IR_AS(IrBlockRealize, r);
  R->iter_values = lf->values;
  R->predicate = ir_bool(g->cx, true);
  R->block = b;
  return ir_finish(g->cx, r);
}

/* The init and body statements of a reduction block. */
static void reduce_stmts(Gen *g, TeOp *op, Leaf *lf, Node **init, Node **body) {
  TeReduce *r = op->reduce;
  int nv = r->nval;
  Node *inits[2], *lhs[2], *rhs[2], *comb[2], *stores[2];
  for (int i = 0; i < nv; i++) {
    Node *buf = op->outs[i]->buffer;
    inits[i] = store(g->cx, buf, te_identity(g->te, r, i), lf->indices);
    lhs[i] = ir_buffer_load(g->cx, buf, lf->indices.v, lf->indices.n);
    rhs[i] = arith_simplify(g->az, ir_subst(g->cx, r->source[i], &lf->remap));
  }
  *init = stmt_seq(g->cx, inits, nv);
  te_combine(g->te, r, lhs, rhs, comb);
  if (nv == 1) {
    *body = store(g->cx, op->outs[0]->buffer, comb[0], lf->indices);
    return;
  }
  Node *tmp[2];
  for (int i = 0; i < nv; i++) {
    char *nm = prefixed("v_", op->outs[i]->name);
    tmp[i] = ir_var(g->cx, nm, comb[i]->dtype);
    free(nm);
    stores[i] = store(g->cx, op->outs[i]->buffer, tmp[i], lf->indices);
  }
  Node *s = stmt_seq(g->cx, stores, nv);
  for (int i = nv - 1; i >= 0; i--) {
    Node *l = ir_alloc(g->cx, NK_LET_STMT, span_none());
    IR_AS(IrLet, l)->var = tmp[i], IR_AS(IrLet, l)->value = comb[i], IR_AS(IrLet, l)->body = s;
    s = ir_finish(g->cx, l);
  }
  *body = s;
}

static Node *stage(Gen *g, TeOp *op) {
  int n = 0;
  Axis *ax = make_axes(g, op, &n);
  if (!ax) return NULL;
  for (int i = 0; i < op->nout; i++)
    if (!is_arg(g, op->outs[i])) ptrvec_push(&g->root_alloc, op->outs[i]->buffer);
  Node *blocks[op->nout];
  int nb = 0;
  if (op->reduce) {
    Leaf lf = {0};
    make_leaf(g, ax, n, false, &lf);
    Node *init, *body;
    reduce_stmts(g, op, &lf, &init, &body);
    blocks[nb++] = realize(g, &lf, fresh_name(g, op->name), body, init);
    ptrmap_free(&lf.remap);
  } else {
    for (int i = 0; i < op->nout; i++) {
      Leaf lf = {0};
      make_leaf(g, ax, n, i > 0, &lf);
      Node *v = arith_simplify(g->az, ir_subst(g->cx, op->bodies[i], &lf.remap));
      Node *body = store(g->cx, op->outs[i]->buffer, v, lf.indices);
      blocks[nb++] = realize(g, &lf, fresh_name(g, op->outs[i]->block_name), body, NULL);
      ptrmap_free(&lf.remap);
    }
  }
  Node *s = stmt_seq(g->cx, blocks, nb);
  for (int i = n - 1; i >= 0; i--) {
    Node *f = ir_alloc(g->cx, NK_FOR, span_none());
    IrFor *F = IR_AS(IrFor, f);
    F->var = ax[i].loop, F->min = ax[i].min, F->extent = ax[i].extent, F->kind = FOR_SERIAL, F->body = s;
    s = ir_finish(g->cx, f);
  }
  free(ax);
  return s;
}

/* ---- the function ------------------------------------------------------------------ */

/* The root block realize holding every stage, reads/writes filled in. */
static Node *root_body(Gen *g) {
  IrCtx *cx = g->cx;
  PtrVec stmts = {0};
  bool ok = true;
  for (int32_t i = 0; ok && i < g->order.len; i++) {
    Node *s = stage(g, g->order.data[i]);
    if ((ok = s != NULL)) ptrvec_push(&stmts, s);
  }
  if (ok && !stmts.len) ok = te_fail(g->te, "create_prim_func: the arguments contain no compute stage") != NULL;
  Node *root = NULL;
  if (ok) {
    Node *blk = ir_alloc(cx, NK_BLOCK, span_none());
    IR_AS(IrBlock, blk)->name = intern("root");
    IR_AS(IrBlock, blk)->body = stmt_seq(cx, (Node **)stmts.data, stmts.len);
    IR_AS(IrBlock, blk)->alloc_buffers = ir_list_from_vec(cx, &g->root_alloc);
    root = ir_alloc(cx, NK_BLOCK_REALIZE, span_none());
    IR_AS(IrBlockRealize, root)->predicate = ir_bool(cx, true);
    IR_AS(IrBlockRealize, root)->block = ir_finish(cx, blk);
    root = tir_complete_access(cx, ir_finish(cx, root), &g->detect);
  }
  ptrvec_free(&stmts);
  return root;
}

static Node *build(Gen *g, Node *const *extra, int nvars) {
  IrCtx *cx = g->cx;
  Node *body = root_body(g);
  if (!body) return NULL;
  Node *params[g->nargs + nvars + 1], *bmap[g->nargs + 1];
  for (int i = 0; i < g->nargs; i++) {
    char *nm = prefixed("var_", g->args[i]->name);
    params[i] = ir_var(cx, nm, DT_HANDLE);
    free(nm);
    bmap[i] = pair(cx, params[i], g->args[i]->buffer);
  }
  for (int i = 0; i < nvars; i++) params[g->nargs + i] = extra[i];
  Node *attrs[2] = {pair(cx, ir_string(cx, "global_symbol"), ir_string(cx, "main")),
                    pair(cx, ir_string(cx, "tir.noalias"), ir_bool(cx, true))};
  Node *fn = ir_alloc(cx, NK_PRIM_FUNC, span_none());
  IrPrimFunc *F = IR_AS(IrPrimFunc, fn);
  F->params = ir_list(cx, params, g->nargs + nvars);
  F->buffer_map = ir_list(cx, bmap, g->nargs);
  F->body = body;
  F->attrs = ir_list(cx, attrs, 2);
  return ir_finish(cx, fn);
}

static bool check_args(TeCtx *te, TeTensor *const *args, int nargs, Node *const *extra, int nvars) {
  if (nargs < 1 || !args) return te_fail(te, "create_prim_func: no arguments"), false;
  for (int i = 0; i < nargs; i++) {
    if (!args[i]) return te_fail(te, "create_prim_func: argument %d is missing", i), false;
    for (int j = 0; j < i; j++)
      if (args[j] == args[i])
        return te_fail(te, "create_prim_func: tensor '%s' is passed twice", args[i]->name), false;
  }
  for (int i = 0; i < nvars; i++)
    if (!extra || !ir_is_tir_var(extra[i]))
      return te_fail(te, "create_prim_func: extra parameter %d is not a TIR var", i), false;
  return true;
}

Node *te_create_prim_func_vars(TeCtx *te, TeTensor *const *args, int nargs, Node *const *extra_vars, int nvars) {
  if (te->err || !check_args(te, args, nargs, extra_vars, nvars)) return NULL;
  Gen g = {0};
  g.te = te;
  g.cx = te->cx;
  g.args = args;
  g.nargs = nargs;
  g.az = arith_new(te->cx);
  bool ok = true;
  for (int i = 0; ok && i < nargs; i++) ok = visit_tensor(&g, args[i]);
  Node *fn = ok ? build(&g, extra_vars, nvars) : NULL;
  arith_free(g.az);
  ptrvec_free(&g.order);
  ptrvec_free(&g.root_alloc);
  ptrmap_free(&g.visited);
  ptrmap_free(&g.detect);
  strmap_free(&g.names);
  return fn;
}

Node *te_create_prim_func(TeCtx *te, TeTensor *const *args, int nargs) {
  return te_create_prim_func_vars(te, args, nargs, NULL, 0);
}
