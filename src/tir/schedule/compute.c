/*
 * compute.c — compute location primitives compute_at and reverse_compute_at:
 * move a block under a loop, regenerating the minimal loop nest that covers
 * what its consumers / producers under that loop need (TVM's semantics,
 * src/tir/schedule/primitive/compute_at.cc); the instruction kinds ComputeAt
 * and ReverseComputeAt are defined here, and the helpers of compute_util.h
 * (shared with inline.c and reduction.c).  compute_inline and
 * reverse_compute_inline live in inline.c.
 *
 * Regions come from the blocks' reads / writes, with iterators replaced by
 * their bindings and the loops between the target loop and the dependent
 * block relaxed to their ranges (arith_symbolic_bound); an iterator's domain
 * is derived from the moved block's own access `B[v + c]`.  When the new
 * domain cannot be proven inside the iterator's declared domain, the block
 * gets a predicate.  Relies on analysis.c (scopes, dependences) and
 * state.c (lookup, replace, record).
 */
#include <stdlib.h>
#include <string.h>

#include "../../arith/arith.h"
#include "../transform/transform.h"
#include "schedule_impl.h"
#include "compute_util.h"
#include "../../script/script.h"
#include "../../script/tir_script.h"

/* ---- small helpers shared with reduction.c (compute_util.h) --------------------- */

typedef struct VarFind {
  const PtrMap *vars;
  bool found;
} VarFind;

static bool var_find(Node *n, void *ud) {
  VarFind *f = ud;
  if (ptrmap_has(f->vars, n)) f->found = true;
  return !f->found;
}

bool sch_uses_vars(Node *e, const PtrMap *vars) {
  VarFind f = {vars, false};
  if (e) ir_walk(e, var_find, &f);
  return f.found;
}

const char *sch_loop_name(Node *loop) { return IR_AS(IrVar, IR_AS(IrFor, loop)->var)->name; }

typedef struct Rewrite {
  IrCtx *cx;
  const PtrMap *map;
} Rewrite;

/* Replace statements by identity (a NULL value removes one from its SeqStmt). */
static Node *rewrite(Node *n, void *ud) {
  Rewrite *r = ud;
  if (!n || !ir_is_stmt(n)) return n;
  if (ptrmap_has(r->map, n)) return ptrmap_get(r->map, n);
  if (n->kind != NK_SEQ) return ir_mutate_children(r->cx, n, rewrite, r);
  IrArray *a = IR_AS(IrArray, n);
  PtrVec v = {0};
  bool changed = false;
  for (int32_t i = 0; i < a->items.n; i++) {
    Node *c = rewrite(a->items.v[i], r);
    changed |= c != a->items.v[i];
    if (c) ptrvec_push(&v, c);
  }
  Node *res = changed ? tir_seq(r->cx, (Node **)v.data, v.len) : n;
  ptrvec_free(&v);
  return res;
}

Node *sch_rewrite_stmts(IrCtx *cx, Node *stmt, const PtrMap *map) {
  Rewrite r = {cx, map};
  return rewrite(stmt, &r);
}

Node *sch_block_with_access(IrCtx *cx, Node *block) {
  PtrMap m = {0};
  ptrmap_put(&m, block, (void *)(intptr_t)3);
  Node *r = tir_complete_access(cx, block, &m);
  ptrmap_free(&m);
  return r;
}

Node *sch_realize_new(IrCtx *cx, NodeList values, Node *pred, Node *block) {
  Node *r = ir_alloc(cx, NK_BLOCK_REALIZE, span_none());
  IrBlockRealize *R = IR_AS(IrBlockRealize, r);
  R->iter_values = values;
  R->predicate = pred ? pred : ir_bool(cx, true);
  R->block = block;
  return ir_finish(cx, r);
}

Node *sch_for_new(IrCtx *cx, Node *var, Node *min, Node *extent, Node *body) {
  Node *f = ir_alloc(cx, NK_FOR, span_none());
  IrFor *F = IR_AS(IrFor, f);
  F->var = var;
  F->min = min;
  F->extent = extent;
  F->kind = FOR_SERIAL;
  F->body = body;
  return ir_finish(cx, f);
}

int sch_removal_depth(const SchPath *path, int top) {
  int d = path->n - 1;
  while (d - 1 > top && path->nodes[d - 1]->kind == NK_FOR) d--;
  return d - 1 > top && path->nodes[d - 1]->kind == NK_SEQ ? d : -1;
}

int sch_block_kind(const IrBlock *b) {
  bool spatial = true;
  for (int32_t i = 0; i < b->iter_vars.n; i++) {
    int64_t t = IR_AS(IrIterVar, b->iter_vars.v[i])->iter_type;
    if (t != ITER_SPATIAL) spatial = false;
    if (t != ITER_SPATIAL && t != ITER_REDUCE) return 0;
  }
  for (int32_t w = 0; w < b->writes.n; w++) {
    Node *buf = IR_AS(IrBufferRegion, b->writes.v[w])->buffer;
    for (int32_t r = 0; r < b->reads.n; r++)
      if (IR_AS(IrBufferRegion, b->reads.v[r])->buffer == buf && !b->init) return 0;
  }
  if (spatial && !b->init) return SCH_BLOCK_COMPLETE;
  return b->init ? SCH_BLOCK_REDUCTION : 0;
}

Node *sch_scope_with_body(IrCtx *cx, Node *scope, Node *body) {
  IrBlock *b = sch_block_of(scope);
  if (b->body == body) return scope;
  Node *nb = ir_clone(cx, (Node *)b);
  IR_AS(IrBlock, nb)->body = body;
  nb = ir_finish(cx, nb);
  Node *r = ir_clone(cx, scope);
  IR_AS(IrBlockRealize, r)->block = nb;
  return ir_finish(cx, r);
}

/* ---- compute_at / reverse_compute_at ---------------------------------------------- */

/* What one call works with. */
typedef struct At {
  Schedule *s;
  IrCtx *cx;
  bool fwd;           /* compute_at (true) or reverse_compute_at */
  const char *prim;   /* "compute_at" / "reverse_compute_at" */
  Node *realize;      /* the block to move */
  IrBlock *block;
  Node *loop;         /* the target For */
  SchScope sc;
  PtrVec deps;        /* realizes whose regions we must cover (consumers / producers) */
  PtrVec others;      /* the other direction (producers / consumers) */
  PtrMap bufs;        /* buffer -> Node ** (2 * ndim: lo, hi per dim), the required region */
  PtrVec owned;
  Analyzer *az;       /* target loop and its ancestors bound */
  PtrVec inner;       /* For stack while walking the loop's body */
} At;

static NodeList provided_list(At *a, IrBlock *b) { return a->fwd ? b->writes : b->reads; }
static NodeList required_list(At *a, IrBlock *b) { return a->fwd ? b->reads : b->writes; }

static bool in_vec(const PtrVec *v, const void *p) {
  for (int32_t i = 0; i < v->len; i++)
    if (v->data[i] == p) return true;
  return false;
}

/* Union one relaxed access of buffer `buf` into the required region. */
static void require(At *a, Node *buf, Node *lo, Node *hi, int dim) {
  int nd = IR_AS(IrBuffer, buf)->shape.n;
  Node **r = ptrmap_get(&a->bufs, buf);
  if (!r) {
    r = xcalloc((size_t)(2 * nd), sizeof(Node *));
    ptrvec_push(&a->owned, r);
    ptrmap_put(&a->bufs, buf, r);
  }
  if (!r[2 * dim]) {
    r[2 * dim] = lo;
    r[2 * dim + 1] = hi;
    return;
  }
  Node *l0 = r[2 * dim], *h0 = r[2 * dim + 1];
  r[2 * dim] = arith_can_prove(a->az, ir_bin(a->cx, NK_LE, l0, lo)) ? l0
               : arith_can_prove(a->az, ir_bin(a->cx, NK_LE, lo, l0)) ? lo
               : arith_simplify(a->az, ir_bin(a->cx, NK_MIN, l0, lo));
  r[2 * dim + 1] = arith_can_prove(a->az, ir_bin(a->cx, NK_GE, h0, hi)) ? h0
                   : arith_can_prove(a->az, ir_bin(a->cx, NK_GE, hi, h0)) ? hi
                   : arith_simplify(a->az, ir_bin(a->cx, NK_MAX, h0, hi));
}

static bool is_provided(At *a, Node *buf) {
  NodeList l = provided_list(a, a->block);
  for (int32_t i = 0; i < l.n; i++)
    if (IR_AS(IrBufferRegion, l.v[i])->buffer == buf) return true;
  return false;
}

/* The regions a dependent block accesses, relaxed over the loops between
 * the target loop and it.  Fails when a bound still mentions an inner loop. */
static int relax_dep(At *a, Node *realize) {
  IrBlockRealize *R = IR_AS(IrBlockRealize, realize);
  IrBlock *b = sch_block_of(realize);
  PtrMap bind = {0}, inner = {0};
  for (int32_t i = 0; i < b->iter_vars.n && i < R->iter_values.n; i++)
    ptrmap_put(&bind, IR_AS(IrIterVar, b->iter_vars.v[i])->var, R->iter_values.v[i]);
  Analyzer *az = arith_new(a->cx);
  for (int32_t i = 0; i < a->inner.len; i++) {
    IrFor *f = a->inner.data[i];
    arith_bind(az, f->var, f->min, f->extent);
    ptrmap_put(&inner, f->var, f->var);
  }
  NodeList l = required_list(a, b);
  int rc = 0;
  for (int32_t i = 0; i < l.n && !rc; i++) {
    IrBufferRegion *br = IR_AS(IrBufferRegion, l.v[i]);
    if (!is_provided(a, br->buffer)) continue;
    for (int32_t d = 0; d < br->region.n; d++) {
      IrRange *rg = IR_AS(IrRange, br->region.v[d]);
      Node *mn = tir_subst(a->cx, rg->min, &bind, NULL);
      Node *mx = tir_subst(a->cx, tir_sub(a->cx, tir_add(a->cx, rg->min, rg->extent), ir_int(a->cx, rg->min->dtype, 1)), &bind, NULL);
      Node *lo, *hi, *t;
      arith_symbolic_bound(az, mn, &lo, &t);
      arith_symbolic_bound(az, mx, &t, &hi);
      if (sch_uses_vars(lo, &inner) || sch_uses_vars(hi, &inner)) {
        rc = -1;
        break;
      }
      require(a, br->buffer, arith_simplify(a->az, lo), arith_simplify(a->az, hi), (int)d);
    }
  }
  arith_free(az);
  ptrmap_free(&bind);
  ptrmap_free(&inner);
  return rc;
}

static int walk_deps(At *a, Node *n) {
  if (!n || !ir_is_stmt(n)) return 0;
  if (n->kind == NK_BLOCK_REALIZE) return in_vec(&a->deps, n) ? relax_dep(a, n) : 0;
  if (n->kind == NK_FOR) {
    ptrvec_push(&a->inner, n);
    int rc = walk_deps(a, IR_AS(IrFor, n)->body);
    a->inner.len--;
    return rc;
  }
  if (n->kind == NK_SEQ) {
    IrArray *s = IR_AS(IrArray, n);
    for (int32_t i = 0; i < s->items.n; i++)
      if (walk_deps(a, s->items.v[i])) return -1;
    return 0;
  }
  int rc = 0;
  if (n->kind == NK_IF) rc = walk_deps(a, IR_AS(IrIf, n)->then_case) || walk_deps(a, IR_AS(IrIf, n)->else_case);
  else if (n->kind == NK_LET_STMT) rc = walk_deps(a, IR_AS(IrLet, n)->body);
  else if (n->kind == NK_ATTR_STMT) rc = walk_deps(a, IR_AS(IrAttrStmt, n)->body);
  return rc ? -1 : 0;
}

/* Match a provided index `v`, `v + c`, `c + v` or `v - c` (c free of the
 * block's iterators): the iterator index and the offset c. */
static int match_index(At *a, Node *e, const PtrMap *ivars, Node **off) {
  if (ptrmap_has(ivars, e)) {
    *off = ir_int(a->cx, e->dtype, 0);
    return (int)(intptr_t)ptrmap_get(ivars, e) - 1;
  }
  if (e->kind != NK_ADD && e->kind != NK_SUB) return -1;
  Node *x = IR_AS(IrBinary, e)->a, *y = IR_AS(IrBinary, e)->b;
  if (e->kind == NK_ADD && ptrmap_has(ivars, y) && !sch_uses_vars(x, ivars)) {
    Node *t = x;
    x = y;
    y = t;
  }
  if (!ptrmap_has(ivars, x) || sch_uses_vars(y, ivars)) return -1;
  *off = e->kind == NK_ADD ? y : ir_bin(a->cx, NK_SUB, ir_int(a->cx, y->dtype, 0), y);
  return (int)(intptr_t)ptrmap_get(ivars, x) - 1;
}

/* Each iterator's new domain [lo[i], hi[i]] (NULL: its whole domain). */
static int iter_domains(At *a, Node **lo, Node **hi) {
  IrBlock *b = a->block;
  PtrMap ivars = {0};
  for (int32_t i = 0; i < b->iter_vars.n; i++)
    ptrmap_put(&ivars, IR_AS(IrIterVar, b->iter_vars.v[i])->var, (void *)(intptr_t)(i + 1));
  NodeList l = provided_list(a, b);
  int rc = 0;
  for (int32_t i = 0; i < l.n && !rc; i++) {
    IrBufferRegion *br = IR_AS(IrBufferRegion, l.v[i]);
    Node **req = ptrmap_get(&a->bufs, br->buffer);
    for (int32_t d = 0; req && d < br->region.n; d++) {
      IrRange *rg = IR_AS(IrRange, br->region.v[d]);
      if (!sch_uses_vars(rg->min, &ivars) && !sch_uses_vars(rg->extent, &ivars)) continue;
      Node *off = NULL;
      int k = tir_is_const(rg->extent, 1) ? match_index(a, rg->min, &ivars, &off) : -1;
      if (k < 0 || !req[2 * d]) {
        StrBuf t = {0};
        script_print_node(rg->min, &t);
        rc = sch_fail(a->s, "%s: cannot derive the domain of block \"%s\" from its access %s[..%s..]",
                      a->prim, b->name, IR_AS(IrBuffer, br->buffer)->name, t.data ? t.data : "");
        sb_free(&t);
        break;
      }
      Node *nl = arith_simplify(a->az, ir_bin(a->cx, NK_SUB, req[2 * d], off));
      Node *nh = arith_simplify(a->az, ir_bin(a->cx, NK_SUB, req[2 * d + 1], off));
      if (lo[k]) {
        nl = arith_simplify(a->az, ir_bin(a->cx, NK_MIN, lo[k], nl));
        nh = arith_simplify(a->az, ir_bin(a->cx, NK_MAX, hi[k], nh));
      }
      lo[k] = nl;
      hi[k] = nh;
    }
  }
  ptrmap_free(&ivars);
  return rc;
}

/* The block under new loops ax0, ax1, ... covering the domains; a predicate
 * keeps it inside its declared domain where that is not proven. */
static Node *make_nest(At *a, Node **lo, Node **hi, bool preserve_unit_loops) {
  IrCtx *cx = a->cx;
  IrBlock *b = a->block;
  int n = b->iter_vars.n;
  Node **vals = xcalloc((size_t)n + 1, sizeof(Node *)), **vars = xcalloc((size_t)n + 1, sizeof(Node *));
  Node **exts = xcalloc((size_t)n + 1, sizeof(Node *));
  Node *pred = NULL;
  int nl = 0;
  for (int i = 0; i < n; i++) {
    IrIterVar *iv = IR_AS(IrIterVar, b->iter_vars.v[i]);
    IrRange *dom = IR_AS(IrRange, iv->dom);
    Node *l = lo[i] ? lo[i] : dom->min;
    Node *ext = lo[i] ? arith_simplify(a->az, ir_bin(cx, NK_ADD, ir_bin(cx, NK_SUB, hi[i], lo[i]),
                                                     ir_int(cx, hi[i]->dtype, 1)))
                      : dom->extent;
    if (preserve_unit_loops || !tir_is_const(ext, 1)) {
      char name[32];
      snprintf(name, sizeof name, "ax%d", nl);
      Node *v = ir_var(cx, name, iv->var->dtype);
      vars[nl] = v;
      exts[nl++] = ext;
      vals[i] = tir_add(cx, l, v);
    } else {
      vals[i] = l;
    }
    if (!lo[i]) continue;
    Node *end = arith_simplify(a->az, ir_bin(cx, NK_ADD, dom->min, dom->extent));
    if (!arith_can_prove(a->az, ir_bin(cx, NK_GE, lo[i], dom->min))) {
      Node *c = ir_bin(cx, NK_LE, dom->min, vals[i]);
      pred = pred ? ir_bin(cx, NK_AND, pred, c) : c;
    }
    if (!arith_can_prove(a->az, ir_bin(cx, NK_LT, hi[i], end))) {
      Node *c = ir_bin(cx, NK_LT, vals[i], end);
      pred = pred ? ir_bin(cx, NK_AND, pred, c) : c;
    }
  }
  Node *body = sch_realize_new(cx, ir_list(cx, vals, n), pred, (Node *)b);
  for (int i = nl - 1; i >= 0; i--) body = sch_for_new(cx, vars[i], ir_int(cx, vars[i]->dtype, 0), exts[i], body);
  free(vals);
  free(vars);
  free(exts);
  return body;
}

/* Does stmt contain one of the realizes in v (directly, not in a block)? */
static bool subtree_has(Node *stmt, const PtrVec *v) {
  PtrVec got = {0};
  sch_collect_child_blocks(stmt, &got);
  if (stmt->kind == NK_BLOCK_REALIZE) ptrvec_push(&got, stmt);
  bool r = false;
  for (int32_t i = 0; i < got.len && !r; i++) r = in_vec(v, got.data[i]);
  ptrvec_free(&got);
  return r;
}

static int count_under(Node *loop, const PtrVec *v) {
  PtrVec got = {0};
  sch_collect_child_blocks(loop, &got);
  int n = 0;
  for (int32_t i = 0; i < got.len; i++) n += in_vec(v, got.data[i]);
  ptrvec_free(&got);
  return n;
}

/* Where under the loop the block goes: after the last producer, before the
 * first consumer (TVM's FindInsertionPoint, with its index convention). */
static int insertion_point(At *a, Node **items, int nitems, int index) {
  PtrVec *prod = a->fwd ? &a->others : &a->deps, *cons = a->fwd ? &a->deps : &a->others;
  const char *loop = sch_loop_name(a->loop);
  int need = a->fwd ? cons->len : prod->len, have = count_under(a->loop, a->fwd ? cons : prod);
  if (have < need)
    return sch_fail(a->s, "%s: loop \"%s\" does not dominate the %s of block \"%s\": %d of %d %s not under the loop",
                    a->prim, loop, a->fwd ? "consumers" : "producers", a->block->name, need - have, need,
                    need - have == 1 ? "is" : "are"), -100;
  int last_p = -1, first_c = nitems;
  for (int i = 0; i < nitems; i++) {
    if (subtree_has(items[i], prod)) last_p = i;
    if (first_c == nitems && subtree_has(items[i], cons)) first_c = i;
  }
  if (last_p >= first_c)
    return sch_fail(a->s, "%s: no position under loop \"%s\" follows every producer and precedes every consumer of block \"%s\"",
                    a->prim, loop, a->block->name), -100;
  if (index == -1) return first_c;
  if (index == -2) return last_p + 1;
  if (index >= last_p + 1 && index <= first_c) return index;
  return sch_fail(a->s, "%s: index %d is out of the valid range (-1, -2, [%d, %d])", a->prim, index, last_p + 1,
                  first_c), -100;
}

/* Checks of TVM's ComputeAtOrReverseComputeAtImpl, steps 1-4. */
static int at_check(At *a, const SchPath *bp, const SchPath *lp) {
  const char *p = a->prim, *name = a->block->name;
  if (a->sc.root_depth < 0 || a->realize == a->sc.root)
    return sch_fail(a->s, "%s: block \"%s\" is the root block", p, name);
  if (lp->n <= a->sc.root_depth || lp->nodes[a->sc.root_depth] != a->sc.root)
    return sch_fail(a->s, "%s: block \"%s\" and loop \"%s\" are not in the same block scope", p, name,
                    sch_loop_name(a->loop));
  for (int d = a->sc.root_depth + 2; d < lp->n - 1; d++)
    if (lp->nodes[d]->kind == NK_BLOCK_REALIZE)
      return sch_fail(a->s, "%s: block \"%s\" and loop \"%s\" are not in the same block scope", p, name,
                      sch_loop_name(a->loop));
  for (int d = 0; d < bp->n; d++)
    if (bp->nodes[d] == a->loop)
      return sch_fail(a->s, "%s: loop \"%s\" is an ancestor of block \"%s\"", p, sch_loop_name(a->loop), name);
  if (!sch_block_kind(a->block))
    return sch_fail(a->s, "%s: block \"%s\" is neither a complete block nor a reduction block", p, name);
  if (a->fwd) {
    IrBlock *root = sch_block_of(a->sc.root);
    for (int32_t w = 0; w < a->block->writes.n; w++) {
      Node *buf = IR_AS(IrBufferRegion, a->block->writes.v[w])->buffer;
      bool local = false;
      for (int32_t k = 0; k < root->alloc_buffers.n; k++) local |= root->alloc_buffers.v[k] == buf;
      if (!local)
        return sch_fail(a->s, "%s: block \"%s\" is an output block (it writes \"%s\")", p, name,
                        IR_AS(IrBuffer, buf)->name);
    }
  }
  if (sch_removal_depth(bp, a->sc.root_depth + 1) < 0)
    return sch_fail(a->s, "%s: block \"%s\" cannot be removed from its location", p, name);
  return 0;
}

static void bind_loops(At *a, const SchPath *lp) {
  for (int d = a->sc.root_depth + 1; d < lp->n; d++)
    if (lp->nodes[d]->kind == NK_FOR) {
      IrFor *f = IR_AS(IrFor, lp->nodes[d]);
      arith_bind(a->az, f->var, f->min, f->extent);
    }
}

/* Steps 5-7: regions, domains, the new nest, the rewrite and the commit. */
static int at_apply(At *a, const SchPath *bp, int index, bool preserve_unit_loops) {
  IrFor *L = IR_AS(IrFor, a->loop);
  Node **items = L->body->kind == NK_SEQ ? IR_AS(IrArray, L->body)->items.v : &L->body;
  int nitems = L->body->kind == NK_SEQ ? IR_AS(IrArray, L->body)->items.n : 1;
  int pos = insertion_point(a, items, nitems, index);
  if (pos == -100) return -1;
  if (walk_deps(a, L->body))
    return sch_fail(a->s, "%s: cannot bound the region the %s of block \"%s\" access under loop \"%s\"", a->prim,
                    a->fwd ? "consumers" : "producers", a->block->name, sch_loop_name(a->loop));
  int n = a->block->iter_vars.n;
  Node **lo = xcalloc((size_t)n + 1, sizeof(Node *)), **hi = xcalloc((size_t)n + 1, sizeof(Node *));
  int rc = iter_domains(a, lo, hi);
  if (!rc) {
    Node *nest = make_nest(a, lo, hi, preserve_unit_loops);
    Node **nitems_v = xcalloc((size_t)nitems + 1, sizeof(Node *));
    for (int i = 0, k = 0; i <= nitems; i++) {
      if (i == pos) nitems_v[k++] = nest;
      if (i < nitems) nitems_v[k++] = items[i];
    }
    Node *nl = ir_clone(a->cx, a->loop);
    IR_AS(IrFor, nl)->body = tir_seq(a->cx, nitems_v, nitems + 1);
    free(nitems_v);
    PtrMap m = {0};
    ptrmap_put(&m, a->loop, ir_finish(a->cx, nl));
    ptrmap_put(&m, bp->nodes[sch_removal_depth(bp, a->sc.root_depth + 1)], NULL);
    Node *root = a->sc.root;
    Node *nb = sch_rewrite_stmts(a->cx, sch_block_of(root)->body, &m);
    ptrmap_free(&m);
    SchPath rp = {bp->nodes, a->sc.root_depth + 1, 0};
    sch_replace(a->s, &rp, a->sc.root_depth, sch_scope_with_body(a->cx, root, nb));
  }
  free(lo);
  free(hi);
  return rc;
}

static int compute_at_impl(Schedule *s, SchRV brv, SchRV lrv, bool preserve_unit_loops, int index, bool fwd) {
  At a = {0};
  a.s = s;
  a.cx = s->cx;
  a.fwd = fwd;
  a.prim = fwd ? "compute_at" : "reverse_compute_at";
  SchPath bp = {0}, lp = {0};
  a.realize = sch_block_lookup(s, brv, &bp);
  a.loop = a.realize ? sch_loop_lookup(s, lrv, &lp) : NULL;
  if (!a.loop) {
    sch_path_free(&bp);
    sch_path_free(&lp);
    return -1;
  }
  a.block = sch_block_of(a.realize);
  sch_scope_fill(&a.sc, &bp, bp.n - 1);
  sch_block_deps(&bp, !fwd, &a.deps);
  sch_block_deps(&bp, fwd, &a.others);
  a.az = arith_new(s->cx);
  int rc = at_check(&a, &bp, &lp);
  if (!rc) rc = sch_require_stage_pipeline(s, &a.sc, a.prim);
  if (!rc) {
    bind_loops(&a, &lp);
    rc = at_apply(&a, &bp, index, preserve_unit_loops);
  }
  arith_free(a.az);
  for (int32_t i = 0; i < a.owned.len; i++) free(a.owned.data[i]);
  ptrvec_free(&a.owned);
  ptrmap_free(&a.bufs);
  ptrvec_free(&a.inner);
  ptrvec_free(&a.deps);
  ptrvec_free(&a.others);
  sch_scope_free(&a.sc);
  sch_path_free(&bp);
  sch_path_free(&lp);
  if (rc) return -1;
  SchArg in[] = {sch_arg_rv(brv), sch_arg_rv(lrv)};
  SchArg at[] = {sch_arg_bool(preserve_unit_loops), sch_arg_int(index)};
  return sch_record(s, fwd ? "ComputeAt" : "ReverseComputeAt", in, 2, at, 2, NULL, NULL, 0);
}

int sch_compute_at(Schedule *s, SchRV block, SchRV loop, bool preserve_unit_loops, int index) {
  return compute_at_impl(s, block, loop, preserve_unit_loops, index, true);
}

int sch_reverse_compute_at(Schedule *s, SchRV block, SchRV loop, bool preserve_unit_loops, int index) {
  return compute_at_impl(s, block, loop, preserve_unit_loops, index, false);
}

/* ---- instruction kinds -------------------------------------------------------------- */

static int apply_at(Schedule *s, const SchInst *in, SchRV *outs, int *nouts, bool fwd) {
  *nouts = 0;
  if (sch_inst_check(s, in, "bl", "Bi")) return -1;
  return compute_at_impl(s, in->inputs[0].rv, in->inputs[1].rv, in->attrs[0].i != 0, (int)in->attrs[1].i, fwd);
}
static int apply_compute_at(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  return apply_at(s, in, outs, nouts, true);
}
static int apply_reverse_compute_at(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  return apply_at(s, in, outs, nouts, false);
}
static const char *const at_inputs[] = {"block", "loop", NULL};
static const char *const at_attrs[] = {"preserve_unit_loops", "index", NULL};

const SchInstKind sch_kind_compute_at = {"ComputeAt", "compute_at", apply_compute_at, at_inputs, at_attrs};
const SchInstKind sch_kind_reverse_compute_at = {"ReverseComputeAt", "reverse_compute_at", apply_reverse_compute_at,
                                                 at_inputs, at_attrs};
