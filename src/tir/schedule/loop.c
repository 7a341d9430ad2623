/*
 * loop.c — the loop primitives: split, fuse, reorder, add_unit_loop,
 * parallel / vectorize / bind / unroll, annotate / unannotate, with TVM's
 * semantics (src/tir/schedule/primitive/loop_transformation.cc,
 * for_kind.cc, annotate.cc) and TVM's instruction kinds.
 *
 * Split and fuse substitute the old loop variables in the body, then
 * re-simplify the bindings of the first-level blocks under the new loops
 * with the arith module (every enclosing loop bound).  Unit-extent loops
 * are dropped from those bindings unless preserve_unit_iters; when they are
 * kept they are bound as [0, 2) so that the simplifier does not substitute
 * them (a sound over-approximation: less may simplify, never wrongly).
 */
#include <stdlib.h>
#include <string.h>

#include "arith/arith.h"
#include "schedule_impl.h"
#include "tir/transform/transform.h"

/* ---- small builders ---------------------------------------------------------- */

static Node *new_for(IrCtx *cx, Node *var, Node *min, Node *extent, Node *body) {
  Node *f = ir_alloc(cx, NK_FOR, span_none());
  IrFor *F = IR_AS(IrFor, f);
  F->var = var, F->min = min, F->extent = extent, F->kind = FOR_SERIAL, F->body = body;
  F->annotations = ir_list_empty();
  return ir_finish(cx, f);
}

static const char *var_name(Node *v) { return IR_AS(IrVar, v)->name; }
static const char *loop_name(Node *loop) { return var_name(IR_AS(IrFor, loop)->var); }

static void bind_loop(IrCtx *cx, Analyzer *az, Node *loop, bool preserve_unit) {
  IrFor *F = IR_AS(IrFor, loop);
  int64_t e;
  bool unit = ir_is_const_int(F->extent, &e) && e == 1;
  arith_bind(az, F->var, F->min, unit && preserve_unit ? ir_int(cx, F->extent->dtype, 2) : F->extent);
}

/* Bind every loop on path[0 .. depth) (the loops enclosing the target). */
static void bind_path_loops(IrCtx *cx, Analyzer *az, const SchPath *path, int depth, bool preserve_unit) {
  for (int d = 0; d < depth; d++)
    if (path->nodes[d]->kind == NK_FOR) bind_loop(cx, az, path->nodes[d], preserve_unit);
}

/* ---- binding simplification and predicates ---------------------------------------- */

typedef struct Simp {
  IrCtx *cx;
  Analyzer *az;
  bool preserve_unit;
  Node *pred; /* predicate to append (append_pred) */
} Simp;

static Node *simplify_stmt(Node *n, void *ud);

/* TVM's IterMapSimplifyBlockBinding: the bindings of the first-level
 * (non-opaque) blocks are re-simplified; opaque blocks are entered. */
static Node *simplify_stmt(Node *n, void *ud) {
  Simp *sp = ud;
  if (!ir_is_stmt(n)) return n;
  if (n->kind == NK_FOR) {
    arith_push(sp->az);
    bind_loop(sp->cx, sp->az, n, sp->preserve_unit);
    Node *r = ir_mutate_children(sp->cx, n, simplify_stmt, sp);
    arith_pop(sp->az);
    return r;
  }
  if (n->kind != NK_BLOCK_REALIZE || IR_AS(IrBlockRealize, n)->iter_values.n == 0)
    return ir_mutate_children(sp->cx, n, simplify_stmt, sp);
  IrBlockRealize *R = IR_AS(IrBlockRealize, n);
  Node **v = arena_alloc(sp->cx->arena, sizeof(Node *) * (size_t)R->iter_values.n);
  bool changed = false;
  for (int32_t i = 0; i < R->iter_values.n; i++) {
    v[i] = arith_simplify(sp->az, R->iter_values.v[i]);
    changed |= v[i] != R->iter_values.v[i];
  }
  if (!changed) return n;
  Node *c = ir_clone(sp->cx, n);
  IR_AS(IrBlockRealize, c)->iter_values.v = v;
  return ir_finish(sp->cx, c);
}

static Node *append_pred(Node *n, void *ud) {
  Simp *sp = ud;
  if (!ir_is_stmt(n)) return n;
  if (n->kind != NK_BLOCK_REALIZE) return ir_mutate_children(sp->cx, n, append_pred, sp);
  Node *c = ir_clone(sp->cx, n);
  Node *old = IR_AS(IrBlockRealize, n)->predicate;
  int64_t t;
  bool is_true = !old || (ir_is_const_int(old, &t) && t);
  IR_AS(IrBlockRealize, c)->predicate = is_true ? sp->pred : ir_bin(sp->cx, NK_AND, old, sp->pred);
  return ir_finish(sp->cx, c);
}

/* Simplify bindings under stmt, which sits at path depth `depth`. */
static Node *resimplify(Schedule *s, const SchPath *path, int depth, Node *stmt, bool preserve_unit) {
  Simp sp = {s->cx, arith_new(s->cx), preserve_unit, NULL};
  bind_path_loops(s->cx, sp.az, path, depth, preserve_unit);
  Node *r = simplify_stmt(stmt, &sp);
  arith_free(sp.az);
  return r;
}

static Node *subst1(IrCtx *cx, Node *n, Node *const *vars, Node *const *vals, int k) {
  PtrMap m = {0};
  for (int i = 0; i < k; i++) ptrmap_put(&m, vars[i], vals[i]);
  Node *r = tir_subst(cx, n, &m, NULL);
  ptrmap_free(&m);
  return r;
}

static bool loop_plain(Schedule *s, const char *prim, Node *loop) {
  IrFor *F = IR_AS(IrFor, loop);
  if (F->annotations.n || F->thread_binding) {
    sch_fail(s, "%s: the primitive can't be applied because the loop \"%s\" has annotation or thread binding",
             prim, loop_name(loop));
    return false;
  }
  int64_t m;
  if (!ir_is_const_int(F->min, &m) || m != 0) {
    sch_fail(s, "%s: the loop \"%s\" does not start with 0, which is not supported", prim, loop_name(loop));
    return false;
  }
  return true;
}

/* ---- split -------------------------------------------------------------------- */

/* Resolve factors into expressions of the loop's dtype (the inferred one
 * included); -1 with the error set. */
static int split_factors(Schedule *s, Analyzer *az, Node *loop, const SchFactor *fs, int n, Node **out) {
  IrFor *F = IR_AS(IrFor, loop);
  DType dt = F->var->dtype;
  int infer = -1;
  Node *prod = ir_int(s->cx, dt, 1);
  for (int i = 0; i < n; i++) {
    int64_t v = fs[i].value;
    if (fs[i].rv >= 0 && sch_rv_int(s, fs[i].rv, &v)) return -1;
    if (fs[i].rv < 0 && (v == 0 || v == -1)) {
      if (infer >= 0) return sch_fail(s, "split: only one factor can be specified as -1 or none");
      infer = i;
      continue;
    }
    if (v <= 0) return sch_fail(s, "split: factor %lld of loop \"%s\" is not positive", (long long)v, loop_name(loop));
    out[i] = ir_int(s->cx, dt, v);
    prod = tir_mul(s->cx, prod, out[i]);
  }
  if (infer >= 0) {
    Node *num = ir_bin(s->cx, NK_SUB, ir_bin(s->cx, NK_ADD, F->extent, prod), ir_int(s->cx, dt, 1));
    out[infer] = arith_simplify(az, ir_bin(s->cx, NK_FLOORDIV, num, prod));
  } else if (!arith_can_prove(az, ir_bin(s->cx, NK_GE, prod, F->extent))) {
    return sch_fail(s, "split: the product of factors is not larger than or equal to the extent of loop \"%s\"",
                    loop_name(loop));
  }
  return 0;
}

static void record_split(Schedule *s, SchRV loop, const SchFactor *fs, int n, bool pui, bool dp,
                         const SchRV *outs) {
  SchArg *in = xcalloc((size_t)n + 1, sizeof(SchArg));
  in[0] = sch_arg_rv(loop);
  for (int i = 0; i < n; i++)
    in[i + 1] = fs[i].rv >= 0 ? sch_arg_rv(fs[i].rv)
                : fs[i].value > 0 ? sch_arg_int(fs[i].value) : sch_arg_none();
  SchArg attrs[] = {sch_arg_bool(pui), sch_arg_bool(dp)};
  sch_record(s, "Split", in, n + 1, attrs, 2, NULL, outs, n);
  free(in);
}

int sch_split(Schedule *s, SchRV loop_rv, const SchFactor *factors, int nfactors,
              bool preserve_unit_iters, bool disable_predication, SchRV *outs) {
  SchPath path = {0};
  Node *loop = sch_loop_lookup(s, loop_rv, &path);
  if (!loop || nfactors < 1 || !loop_plain(s, "split", loop)) {
    if (loop && nfactors < 1) sch_fail(s, "split: needs at least one factor");
    return sch_path_free(&path), -1;
  }
  IrFor *F = IR_AS(IrFor, loop);
  IrCtx *cx = s->cx;
  Analyzer *az = arith_new(cx);
  bind_path_loops(cx, az, &path, path.n - 1, false);
  Node **fac = xcalloc((size_t)nfactors, sizeof(Node *)), **vars = xcalloc((size_t)nfactors, sizeof(Node *));
  int rc = split_factors(s, az, loop, factors, nfactors, fac);
  if (rc == 0) {
    Node *value = NULL;
    char name[256];
    for (int i = 0; i < nfactors; i++) {
      snprintf(name, sizeof name, "%s_%d", loop_name(loop), i);
      vars[i] = ir_var(cx, name, F->var->dtype);
      value = value ? tir_add(cx, tir_mul(cx, value, fac[i]), vars[i]) : vars[i];
      arith_bind(az, vars[i], ir_int(cx, F->var->dtype, 0), fac[i]);
    }
    Node *body = subst1(cx, F->body, &F->var, &value, 1);
    Node *pred = ir_bin(cx, NK_LT, value, F->extent);
    if (!disable_predication && !arith_can_prove(az, pred)) {
      Simp sp = {cx, az, false, pred};
      body = append_pred(body, &sp);
    }
    for (int i = nfactors - 1; i >= 0; i--) body = new_for(cx, vars[i], ir_int(cx, F->var->dtype, 0), fac[i], body);
    body = resimplify(s, &path, path.n - 1, body, preserve_unit_iters);
    sch_replace(s, &path, path.n - 1, body);
    for (int i = 0; i < nfactors; i++) outs[i] = sch_rv_loop(s, vars[i]);
    sch_refresh_rvs(s);
    record_split(s, loop_rv, factors, nfactors, preserve_unit_iters, disable_predication, outs);
  }
  arith_free(az);
  free(fac);
  free(vars);
  sch_path_free(&path);
  return rc;
}

/* ---- fuse --------------------------------------------------------------------- */

/* Check loops[i] is directly and only nested in loops[i-1]. */
static int fuse_check(Schedule *s, Node **loops, SchPath *paths, int n) {
  for (int i = 0; i < n; i++) {
    if (!loop_plain(s, "fuse", loops[i])) return -1;
    if (i == 0) continue;
    SchPath *p = &paths[i];
    Node *parent = NULL;
    for (int d = p->n - 2; d >= 0 && !parent; d--)
      if (p->nodes[d]->kind == NK_FOR || p->nodes[d]->kind == NK_BLOCK) parent = p->nodes[d];
    if (parent != loops[i - 1])
      return sch_fail(s, "fuse: the loops can't be fused because the outer loop \"%s\" is not the parent of the inner loop \"%s\"",
                      loop_name(loops[i - 1]), loop_name(loops[i]));
    if (IR_AS(IrFor, loops[i - 1])->body != loops[i])
      return sch_fail(s, "fuse: the loops can't be fused because the inner loop \"%s\" is not the only child of outer loop \"%s\"",
                      loop_name(loops[i]), loop_name(loops[i - 1]));
  }
  return 0;
}

static Node *fused_var(IrCtx *cx, Node **loops, int n) {
  StrBuf sb = {0};
  sb_puts(&sb, loop_name(loops[0]));
  DType dt = IR_AS(IrFor, loops[0])->var->dtype;
  for (int i = 1; i < n; i++) {
    sb_printf(&sb, "_%s", loop_name(loops[i]));
    DType d2 = IR_AS(IrFor, loops[i])->var->dtype;
    if (d2.bits > dt.bits) dt = d2;
  }
  sb_puts(&sb, "_fused");
  Node *v = ir_var(cx, sb.data, dt);
  sb_free(&sb);
  return v;
}

static Node *as_dtype(IrCtx *cx, Node *e, DType dt) { return dtype_eq(e->dtype, dt) ? e : ir_cast(cx, dt, e); }

int sch_fuse(Schedule *s, const SchRV *loop_rvs, int n, bool preserve_unit_iters, SchRV *out) {
  if (n < 1) return sch_fail(s, "fuse: requires at least 1 loop");
  SchPath *paths = xcalloc((size_t)n, sizeof(SchPath));
  Node **loops = xcalloc((size_t)n, sizeof(Node *)), **vars = xcalloc((size_t)n, sizeof(Node *));
  Node **vals = xcalloc((size_t)n, sizeof(Node *));
  int rc = 0;
  for (int i = 0; i < n && rc == 0; i++)
    if (!(loops[i] = sch_loop_lookup(s, loop_rvs[i], &paths[i]))) rc = -1;
  if (rc == 0) rc = fuse_check(s, loops, paths, n);
  if (rc == 0) {
    IrCtx *cx = s->cx;
    Node *fv = fused_var(cx, loops, n);
    Node *tot = fv, *ext = NULL;
    for (int i = n - 1; i >= 0; i--) {
      Node *e = as_dtype(cx, IR_AS(IrFor, loops[i])->extent, fv->dtype);
      vars[i] = IR_AS(IrFor, loops[i])->var;
      /* the outermost needs no floormod: the fused var is below the product */
      vals[i] = as_dtype(cx, i ? ir_bin(cx, NK_FLOORMOD, tot, e) : tot, vars[i]->dtype);
      tot = ir_bin(cx, NK_FLOORDIV, tot, e);
      ext = ext ? tir_mul(cx, e, ext) : e;
    }
    Analyzer *az = arith_new(cx);
    bind_path_loops(cx, az, &paths[0], paths[0].n - 1, false);
    ext = arith_simplify(az, ext);
    arith_free(az);
    Node *body = subst1(cx, IR_AS(IrFor, loops[n - 1])->body, vars, vals, n);
    body = new_for(cx, fv, ir_int(cx, fv->dtype, 0), ext, body);
    body = resimplify(s, &paths[0], paths[0].n - 1, body, preserve_unit_iters);
    sch_replace(s, &paths[0], paths[0].n - 1, body);
    *out = sch_rv_loop(s, fv);
    sch_refresh_rvs(s);
    SchArg *in = xcalloc((size_t)n, sizeof(SchArg));
    for (int i = 0; i < n; i++) in[i] = sch_arg_rv(loop_rvs[i]);
    SchArg attr = sch_arg_bool(preserve_unit_iters);
    sch_record(s, "Fuse", in, n, &attr, 1, NULL, out, 1);
    free(in);
  }
  for (int i = 0; i < n; i++) sch_path_free(&paths[i]);
  free(paths), free(loops), free(vars), free(vals);
  return rc;
}

/* ---- reorder ------------------------------------------------------------------- */

static int scope_depth(const SchPath *p) {
  for (int d = p->n - 2; d >= 0; d--)
    if (p->nodes[d]->kind == NK_BLOCK_REALIZE) return d;
  return -1;
}

static bool check_block_walk(Node *n, void *ud);

typedef struct ReorderChk {
  Schedule *s;
  SchPath path; /* from the bottom loop's path, extended while walking */
  bool failed;
} ReorderChk;

/* Every block under the bottom loop: iters spatial or reduce, affine. */
static void reorder_check_blocks(ReorderChk *rc, Node *n) {
  if (rc->failed || !ir_is_stmt(n)) return;
  if (rc->path.n == rc->path.cap) {
    rc->path.cap = rc->path.cap * 2 + 16;
    rc->path.nodes = xrealloc(rc->path.nodes, sizeof(Node *) * (size_t)rc->path.cap);
  }
  rc->path.nodes[rc->path.n++] = n;
  if (n->kind == NK_BLOCK_REALIZE && sch_block_of(n)->iter_vars.n) {
    IrBlock *b = sch_block_of(n);
    for (int32_t i = 0; i < b->iter_vars.n && !rc->failed; i++) {
      int64_t t = IR_AS(IrIterVar, b->iter_vars.v[i])->iter_type;
      if (t != ITER_SPATIAL && t != ITER_REDUCE) {
        sch_fail(rc->s, "reorder: the block \"%s\" under the loops to be reordered have block iter type other than data-parallel or reduction", b->name);
        rc->failed = true;
      }
    }
    if (!rc->failed && !sch_path_block_is_affine(&rc->path, rc->path.n - 1)) {
      sch_fail(rc->s, "reorder: the block \"%s\" is required to have an affine binding", b->name);
      rc->failed = true;
    }
  }
  ir_walk(n, check_block_walk, rc);
  rc->path.n--;
}

static bool check_block_walk(Node *n, void *ud) {
  ReorderChk *rc = ud;
  if (n == rc->path.nodes[rc->path.n - 1]) return true; /* the node itself: descend */
  if (ir_is_stmt(n)) reorder_check_blocks(rc, n);
  return false;
}

/* The chain top..bottom (For nodes, outermost first) from the deepest
 * loop's path; -1 with the error set when not a line. */
static int reorder_chain(Schedule *s, Node **loops, SchPath *paths, int n, Node ***chain, int *nchain,
                         int *bottom_idx) {
  int deep = 0;
  for (int i = 1; i < n; i++)
    if (paths[i].n > paths[deep].n) deep = i;
  int root = scope_depth(&paths[deep]);
  Node *root_node = root >= 0 ? paths[deep].nodes[root] : NULL;
  int top = paths[deep].n;
  for (int i = 0; i < n; i++) {
    int r = scope_depth(&paths[i]);
    if ((r >= 0 ? paths[i].nodes[r] : NULL) != root_node)
      return sch_fail(s, "reorder: the loops are not in a line because they are not under the same scope");
    int d = paths[i].n - 1;
    if (d >= paths[deep].n || paths[deep].nodes[d] != loops[i])
      return sch_fail(s, "reorder: the loops are not in a line because there is a non-single-branch stmt in between (loop \"%s\")",
                      loop_name(loops[i]));
    if (d < top) top = d;
  }
  *bottom_idx = deep;
  *nchain = 0;
  *chain = xcalloc((size_t)paths[deep].n, sizeof(Node *));
  for (int d = top; d < paths[deep].n; d++) {
    Node *x = paths[deep].nodes[d];
    if (d > top && IR_AS(IrFor, paths[deep].nodes[d - 1])->body != x)
      return sch_fail(s, "reorder: the loops are not in a line because there is a non-single-branch stmt in between (under loop \"%s\")",
                      loop_name(paths[deep].nodes[d - 1]));
    (*chain)[(*nchain)++] = x;
  }
  return 0;
}

/* Does e use any of the vars? */
static bool uses_any(Node *e, Node *const *vars, int n, Node **which) {
  for (int i = 0; i < n; i++)
    if (sch_expr_uses_var(e, vars[i])) return *which = vars[i], true;
  return false;
}

/* Rebuild the chain bottom-up with the ordered loops in the positions of
 * the reordered ones; NULL with the error set when an outer loop's min or
 * extent would depend on a loop now inside it. */
static Node *reorder_build(Schedule *s, Node **chain, int m, Node **loops, int n) {
  PtrMap in_set = {0};
  for (int i = 0; i < n; i++) ptrmap_put(&in_set, loops[i], (void *)1);
  Node **inside = xcalloc((size_t)m, sizeof(Node *));
  int idx = n, ninside = 0;
  Node *body = IR_AS(IrFor, chain[m - 1])->body, *dep = NULL;
  for (int j = m - 1; j >= 0 && body; j--) {
    Node *copy = ptrmap_has(&in_set, chain[j]) ? loops[--idx] : chain[j];
    IrFor *F = IR_AS(IrFor, copy);
    if (uses_any(F->min, inside, ninside, &dep) || uses_any(F->extent, inside, ninside, &dep)) {
      sch_fail(s, "reorder: outer loop \"%s\"'s `min` or `extent` is dependent on an inner loop \"%s\" in the new order",
               var_name(F->var), var_name(dep));
      body = NULL;
      break;
    }
    Node *nf = ir_clone(s->cx, copy);
    IR_AS(IrFor, nf)->body = body;
    body = ir_finish(s->cx, nf);
    inside[ninside++] = F->var;
  }
  free(inside);
  ptrmap_free(&in_set);
  return body;
}

static int reorder_dup(Schedule *s, const SchRV *rvs, Node **loops, int n) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < i; j++)
      if (loops[i] == loops[j])
        return sch_fail(s, "reorder: loop \"%s\" appears in the input array for multiple times", loop_name(loops[i]));
  (void)rvs;
  return 0;
}

int sch_reorder(Schedule *s, const SchRV *loop_rvs, int n) {
  SchPath *paths = xcalloc((size_t)n + 1, sizeof(SchPath));
  Node **loops = xcalloc((size_t)n + 1, sizeof(Node *)), **chain = NULL;
  int rc = 0, m = 0, deep = 0;
  for (int i = 0; i < n && rc == 0; i++)
    if (!(loops[i] = sch_loop_lookup(s, loop_rvs[i], &paths[i]))) rc = -1;
  if (rc == 0) rc = reorder_dup(s, loop_rvs, loops, n);
  if (rc == 0 && n > 1) rc = reorder_chain(s, loops, paths, n, &chain, &m, &deep);
  if (rc == 0 && n > 1) {
    ReorderChk chk = {s, {0}, false};
    for (int d = 0; d < paths[deep].n - 1; d++) {
      SchPath *p = &chk.path;
      if (p->n == p->cap) {
        p->cap = p->cap * 2 + 16;
        p->nodes = xrealloc(p->nodes, sizeof(Node *) * (size_t)p->cap);
      }
      p->nodes[p->n++] = paths[deep].nodes[d];
    }
    reorder_check_blocks(&chk, chain[m - 1]);
    sch_path_free(&chk.path);
    if (chk.failed) rc = -1;
  }
  if (rc == 0 && n > 1) {
    Node *nest = reorder_build(s, chain, m, loops, n);
    if (!nest) {
      rc = -1;
    } else {
      sch_replace(s, &paths[deep], paths[deep].n - m, nest);
    }
  }
  if (rc == 0) {
    SchArg *in = xcalloc((size_t)n + 1, sizeof(SchArg));
    for (int i = 0; i < n; i++) in[i] = sch_arg_rv(loop_rvs[i]);
    sch_record(s, "Reorder", in, n, NULL, 0, NULL, NULL, 0);
    free(in);
  }
  for (int i = 0; i < n; i++) sch_path_free(&paths[i]);
  free(paths), free(loops), free(chain);
  return rc;
}

/* ---- add_unit_loop ------------------------------------------------------------- */

int sch_add_unit_loop(Schedule *s, SchRV rv, SchRV *out) {
  SchPath path = {0};
  Node *st = sch_stmt_lookup(s, rv, &path);
  if (!st) return sch_path_free(&path), -1;
  if (st->kind == NK_BLOCK_REALIZE && scope_depth(&path) < 0) {
    sch_path_free(&path);
    return sch_fail(s, "add_unit_loop: cannot add loops on top of the root block");
  }
  Node *u = ir_var(s->cx, "u", DT_INT32);
  Node *loop = new_for(s->cx, u, ir_int(s->cx, DT_INT32, 0), ir_int(s->cx, DT_INT32, 1), st);
  sch_replace(s, &path, path.n - 1, loop);
  sch_path_free(&path);
  *out = sch_rv_loop(s, u);
  SchArg in = sch_arg_rv(rv);
  return sch_record(s, "AddUnitLoop", &in, 1, NULL, 0, NULL, out, 1);
}

/* ---- parallel, vectorize, bind, unroll ----------------------------------------------- */

typedef struct ParChk {
  Schedule *s;
  const char *op;    /* "parallel", "vectorize", "bind" */
  Node *var;         /* the loop variable */
  bool cross_thread; /* threadIdx.*: reduce iters allowed */
  SchPath path;
  bool failed;
} ParChk;

static void par_visit(ParChk *pc, Node *n);

static void par_child(Node *n, void *ud) { par_visit(ud, n); }

/* TVM's CheckLoopParallelizableInBlock on every block under the loop. */
static void par_block(ParChk *pc, Node *realize) {
  IrBlockRealize *R = IR_AS(IrBlockRealize, realize);
  IrBlock *b = sch_block_of(realize);
  if (!sch_path_block_is_affine(&pc->path, pc->path.n - 1)) {
    sch_fail(pc->s, "%s: the block \"%s\" is required to have an affine binding", pc->op, b->name);
    pc->failed = true;
    return;
  }
  for (int32_t i = 0; i < b->iter_vars.n && i < R->iter_values.n; i++) {
    IrIterVar *iv = IR_AS(IrIterVar, b->iter_vars.v[i]);
    if (!sch_expr_uses_var(R->iter_values.v[i], pc->var)) continue;
    if (iv->iter_type == ITER_SPATIAL || (iv->iter_type == ITER_REDUCE && pc->cross_thread)) continue;
    const char *what = !strcmp(pc->op, "vectorize") ? "vectorizing a reduction loop"
                       : !strcmp(pc->op, "parallel") ? "parallelizing a reduction loop"
                                                     : "binding a reduction loop to a non-threadIdx axis";
    sch_fail(pc->s, "%s: the \"%s\" cannot be fulfilled with regard to block \"%s\" (%s): its iter \"%s\" "
                    "whose binding contains loop \"%s\" is not a data parallel block iter",
             pc->op, pc->op, b->name, what, var_name(iv->var), var_name(pc->var));
    pc->failed = true;
    return;
  }
}

static void par_visit(ParChk *pc, Node *n) {
  if (pc->failed || !ir_is_stmt(n)) return;
  if (pc->path.n == pc->path.cap) {
    pc->path.cap = pc->path.cap * 2 + 16;
    pc->path.nodes = xrealloc(pc->path.nodes, sizeof(Node *) * (size_t)pc->path.cap);
  }
  pc->path.nodes[pc->path.n++] = n;
  if (n->kind == NK_BLOCK_REALIZE && sch_block_of(n)->iter_vars.n) par_block(pc, n);
  if (!pc->failed) ir_visit_children(n, par_child, pc);
  pc->path.n--;
}

/* TVM's CheckSubtreeCompactDataflow: each child block of the loop is a
 * (local) complete or reduction block. */
static bool compact_dataflow(Schedule *s, const char *op, Node *loop, const SchPath *path) {
  PtrVec blocks = {0};
  sch_collect_child_blocks(loop, &blocks);
  bool ok = true;
  for (int32_t i = 0; i < blocks.len && ok; i++) {
    if (sch_is_complete_block(&blocks, i) || sch_is_reduction_block(&blocks, i, true)) continue;
    sch_fail(s, "%s: the queried subtree root loop \"%s\" does not have compact dataflow, because its child "
                "block \"%s\" is neither a local complete block nor a local reduction block",
             op, loop_name(loop), sch_block_of(blocks.data[i])->name);
    ok = false;
  }
  ptrvec_free(&blocks);
  (void)path;
  return ok;
}

static int parallelize(Schedule *s, SchRV loop_rv, const char *op, ForKind kind, const char *thread) {
  SchPath path = {0};
  Node *loop = sch_loop_lookup(s, loop_rv, &path);
  if (!loop) return sch_path_free(&path), -1;
  ParChk pc = {s, op, IR_AS(IrFor, loop)->var, thread && !strncmp(thread, "threadIdx.", 10), {0}, false};
  if (!compact_dataflow(s, op, loop, &path)) pc.failed = true;
  for (int d = 0; d < path.n - 1 && !pc.failed; d++) {
    SchPath *p = &pc.path;
    if (p->n == p->cap) {
      p->cap = p->cap * 2 + 16;
      p->nodes = xrealloc(p->nodes, sizeof(Node *) * (size_t)p->cap);
    }
    p->nodes[p->n++] = path.nodes[d];
  }
  if (!pc.failed) par_visit(&pc, loop);
  sch_path_free(&pc.path);
  if (pc.failed) return sch_path_free(&path), -1;
  Node *th = NULL;
  if (thread) {
    th = ir_alloc(s->cx, NK_ITER_VAR, span_none());
    IR_AS(IrIterVar, th)->var = ir_var(s->cx, thread, IR_AS(IrFor, loop)->var->dtype);
    IR_AS(IrIterVar, th)->iter_type = ITER_THREAD;
    IR_AS(IrIterVar, th)->thread_tag = intern(thread);
    th = ir_finish(s->cx, th);
  }
  Node *nf = ir_clone(s->cx, loop);
  IR_AS(IrFor, nf)->kind = kind;
  IR_AS(IrFor, nf)->thread_binding = th;
  sch_replace(s, &path, path.n - 1, ir_finish(s->cx, nf));
  sch_path_free(&path);
  return 0;
}

static int record_loop(Schedule *s, const char *kind, SchRV loop, const char *thread) {
  SchArg in = sch_arg_rv(loop), attr = sch_arg_str(thread ? thread : "");
  return sch_record(s, kind, &in, 1, thread ? &attr : NULL, thread ? 1 : 0, NULL, NULL, 0);
}

int sch_parallel(Schedule *s, SchRV loop) {
  if (parallelize(s, loop, "parallel", FOR_PARALLEL, NULL)) return -1;
  return record_loop(s, "Parallel", loop, NULL);
}

int sch_vectorize(Schedule *s, SchRV loop) {
  if (parallelize(s, loop, "vectorize", FOR_VECTORIZED, NULL)) return -1;
  return record_loop(s, "Vectorize", loop, NULL);
}

static bool valid_thread(const char *t) {
  static const char *const ok[] = {"blockIdx.x", "blockIdx.y", "blockIdx.z", "threadIdx.x", "threadIdx.y",
                                   "threadIdx.z", "vthread", "vthread.x", "vthread.y", "vthread.z", NULL};
  for (int i = 0; ok[i]; i++)
    if (!strcmp(ok[i], t)) return true;
  return false;
}

int sch_bind(Schedule *s, SchRV loop, const char *thread_axis) {
  if (!thread_axis || !valid_thread(thread_axis))
    return sch_fail(s, "bind: \"%s\" is not a thread axis (blockIdx.x/y/z, threadIdx.x/y/z, vthread.x/y/z)",
                    thread_axis ? thread_axis : "(null)");
  if (parallelize(s, loop, "bind", FOR_THREAD_BINDING, thread_axis)) return -1;
  return record_loop(s, "Bind", loop, thread_axis);
}

int sch_unroll(Schedule *s, SchRV loop_rv) {
  SchPath path = {0};
  Node *loop = sch_loop_lookup(s, loop_rv, &path);
  if (!loop) return sch_path_free(&path), -1;
  Node *nf = ir_clone(s->cx, loop);
  IR_AS(IrFor, nf)->kind = FOR_UNROLLED;
  IR_AS(IrFor, nf)->thread_binding = NULL;
  sch_replace(s, &path, path.n - 1, ir_finish(s->cx, nf));
  sch_path_free(&path);
  return record_loop(s, "Unroll", loop_rv, NULL);
}

/* ---- annotate, unannotate ------------------------------------------------------- */

/* The annotations list of a For or of a BlockRealize's block. */
static NodeList *ann_of(Node *n) {
  return n->kind == NK_FOR ? &IR_AS(IrFor, n)->annotations : &sch_block_of(n)->annotations;
}

/* A copy of stmt (For or BlockRealize) with the annotation key set to value
 * (NULL: removed). */
static Node *with_ann(IrCtx *cx, Node *st, const char *key, Node *value) {
  NodeList *old = ann_of(st);
  PtrVec items = {0};
  bool replaced = false;
  for (int32_t i = 0; i < old->n; i++) {
    IrBinary *p = IR_AS(IrBinary, old->v[i]);
    if (p->a && p->a->kind == NK_STRING && !strcmp(IR_AS(IrStr, p->a)->value, key)) {
      if (value && !replaced) {
        Node *np = ir_clone(cx, old->v[i]);
        IR_AS(IrBinary, np)->b = value;
        ptrvec_push(&items, ir_finish(cx, np));
        replaced = true;
      }
      continue;
    }
    ptrvec_push(&items, old->v[i]);
  }
  if (value && !replaced) {
    Node *np = ir_alloc(cx, NK_PAIR, span_none());
    IR_AS(IrBinary, np)->a = ir_string(cx, key);
    IR_AS(IrBinary, np)->b = value;
    ptrvec_push(&items, ir_finish(cx, np));
  }
  NodeList l = ir_list_from_vec(cx, &items);
  ptrvec_free(&items);
  if (st->kind == NK_FOR) {
    Node *nf = ir_clone(cx, st);
    IR_AS(IrFor, nf)->annotations = l;
    return ir_finish(cx, nf);
  }
  Node *nb = ir_clone(cx, IR_AS(IrBlockRealize, st)->block);
  IR_AS(IrBlock, nb)->annotations = l;
  Node *nr = ir_clone(cx, st);
  IR_AS(IrBlockRealize, nr)->block = ir_finish(cx, nb);
  return ir_finish(cx, nr);
}

static bool ann_value_ok(Node *v) {
  return v && (v->kind == NK_INT || v->kind == NK_FLOAT || v->kind == NK_STRING || v->kind == NK_ARRAY);
}

/* The trace argument for an annotation value: an array is a list, so it
 * prints as `[1, 2]` and parses back (items freed by the caller). */
static SchArg ann_arg(Node *v) {
  switch (v->kind) {
  case NK_INT: return sch_arg_int(IR_AS(IrIntImm, v)->value);
  case NK_FLOAT: return sch_arg_float(IR_AS(IrFloatImm, v)->value);
  case NK_STRING: return sch_arg_str(IR_AS(IrStr, v)->value);
  case NK_ARRAY: {
    NodeList *l = &IR_AS(IrArray, v)->items;
    SchArg *items = xcalloc((size_t)l->n + 1, sizeof(SchArg));
    for (int32_t i = 0; i < l->n; i++) items[i] = ann_arg(l->v[i]);
    return sch_arg_list(items, l->n);
  }
  default: return sch_arg_expr(v);
  }
}

static void ann_arg_free(SchArg *a) {
  for (int i = 0; a->kind == SCH_ARG_LIST && i < a->nitems; i++) ann_arg_free(&a->items[i]);
  if (a->kind == SCH_ARG_LIST) free(a->items);
}

int sch_annotate(Schedule *s, SchRV rv, const char *key, Node *value) {
  if (!ann_value_ok(value))
    return sch_fail(s, "annotate: the value of \"%s\" must be an integer, float, string or array", key);
  SchPath path = {0};
  Node *st = sch_stmt_lookup(s, rv, &path);
  if (!st) return sch_path_free(&path), -1;
  sch_replace(s, &path, path.n - 1, with_ann(s->cx, st, key, value));
  sch_path_free(&path);
  SchArg in[] = {sch_arg_rv(rv), ann_arg(value)}, attr = sch_arg_str(key);
  int rc = sch_record(s, "Annotate", in, 2, &attr, 1, NULL, NULL, 0);
  ann_arg_free(&in[1]);
  return rc;
}

int sch_unannotate(Schedule *s, SchRV rv, const char *key) {
  SchPath path = {0};
  Node *st = sch_stmt_lookup(s, rv, &path);
  if (!st) return sch_path_free(&path), -1;
  if (!ir_attrs_get(*ann_of(st), key)) {
    sch_path_free(&path);
    return sch_fail(s, "unannotate: there is no annotation \"%s\" on %s \"%s\"", key,
                    st->kind == NK_FOR ? "loop" : "block", st->kind == NK_FOR ? loop_name(st) : sch_block_of(st)->name);
  }
  sch_replace(s, &path, path.n - 1, with_ann(s->cx, st, key, NULL));
  sch_path_free(&path);
  SchArg in = sch_arg_rv(rv), attr = sch_arg_str(key);
  return sch_record(s, "Unannotate", &in, 1, &attr, 1, NULL, NULL, 0);
}

/* ---- instruction kinds ------------------------------------------------------------ */

static int apply_split(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "lf*", "BB")) return -1;
  int n = in->ninputs - 1;
  if (n > in->noutputs) return sch_fail(s, "split: %d factors; a trace step may bind at most %d", n, (int)in->noutputs);
  SchFactor *fs = xcalloc((size_t)n + 1, sizeof(SchFactor));
  for (int i = 0; i < n; i++) {
    const SchArg *a = &in->inputs[i + 1];
    fs[i] = a->kind == SCH_ARG_RV ? SCH_FACTOR_RV(a->rv) : a->kind == SCH_ARG_INT ? SCH_FACTOR(a->i) : SCH_FACTOR_NONE;
  }
  int rc = sch_split(s, in->inputs[0].rv, fs, n, in->attrs[0].i != 0, in->attrs[1].i != 0, outs);
  free(fs);
  *nouts = rc ? 0 : n;
  return rc;
}

static SchRV *input_rvs(const SchInst *in) {
  SchRV *r = xcalloc((size_t)in->ninputs + 1, sizeof(SchRV));
  for (int i = 0; i < in->ninputs; i++) r[i] = in->inputs[i].rv;
  return r;
}

static int apply_fuse(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "l*", "B")) return -1;
  SchRV *r = input_rvs(in);
  int rc = sch_fuse(s, r, in->ninputs, in->attrs[0].i != 0, outs);
  free(r);
  *nouts = rc ? 0 : 1;
  return rc;
}

static int apply_reorder(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "l*", "")) return -1;
  SchRV *r = input_rvs(in);
  int rc = sch_reorder(s, r, in->ninputs);
  free(r);
  return rc;
}

static int apply_add_unit_loop(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "r", "") || sch_add_unit_loop(s, in->inputs[0].rv, outs)) return -1;
  *nouts = 1;
  return 0;
}

static int apply_parallel(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  return sch_inst_check(s, in, "l", "") ? -1 : sch_parallel(s, in->inputs[0].rv);
}

static int apply_vectorize(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  return sch_inst_check(s, in, "l", "") ? -1 : sch_vectorize(s, in->inputs[0].rv);
}

static int apply_unroll(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  return sch_inst_check(s, in, "l", "") ? -1 : sch_unroll(s, in->inputs[0].rv);
}

static int apply_bind(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  return sch_inst_check(s, in, "l", "s") ? -1 : sch_bind(s, in->inputs[0].rv, in->attrs[0].s);
}

/* An annotation value from a trace argument (checked by sch_inst_check 'a'). */
static Node *ann_value(Schedule *s, const SchArg *v) {
  int64_t x = 0;
  switch (v->kind) {
  case SCH_ARG_INT: return ir_int(s->cx, DT_INT32, v->i);
  case SCH_ARG_BOOL: return ir_bool(s->cx, v->i != 0);
  case SCH_ARG_FLOAT: return ir_float(s->cx, DT_FLOAT32, v->f);
  case SCH_ARG_STR: return ir_string(s->cx, v->s);
  case SCH_ARG_RV: return sch_rv_int(s, v->rv, &x) ? NULL : ir_int(s->cx, DT_INT32, x);
  case SCH_ARG_LIST: {
    Node **items = xcalloc((size_t)v->nitems + 1, sizeof(Node *));
    for (int i = 0; i < v->nitems; i++) items[i] = ann_value(s, &v->items[i]);
    Node *a = ir_alloc(s->cx, NK_ARRAY, span_none());
    IR_AS(IrArray, a)->items = ir_list(s->cx, items, v->nitems);
    free(items);
    return ir_finish(s->cx, a);
  }
  default: return v->node;
  }
}

static int apply_annotate(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "ra", "s")) return -1;
  Node *val = ann_value(s, &in->inputs[1]);
  if (!val || sch_annotate(s, in->inputs[0].rv, in->attrs[0].s, val)) return -1;
  if (in->inputs[1].kind == SCH_ARG_RV) /* TVM records the sampled reference, not its value */
    s->trace.data[s->trace.len - 1].inputs[1] = sch_arg_rv(in->inputs[1].rv);
  return 0;
}

static int apply_unannotate(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  return sch_inst_check(s, in, "r", "s") ? -1 : sch_unannotate(s, in->inputs[0].rv, in->attrs[0].s);
}

static const char *const no_names[] = {NULL};
static const char *const split_in[] = {"loop", "factors*", NULL};
static const char *const split_attrs[] = {"preserve_unit_iters", "disable_predication", NULL};
static const char *const loops_in[] = {"*loops", NULL};
static const char *const pui_attr[] = {"preserve_unit_iters", NULL};
static const char *const loop_in[] = {"loop", NULL};
static const char *const bol_in[] = {"block_or_loop", NULL};
static const char *const thread_attr[] = {"thread_axis", NULL};
static const char *const ann_in[] = {"block_or_loop", "ann_val", NULL};
static const char *const ann_attr[] = {"ann_key", NULL};

const SchInstKind sch_kind_split = {"Split", "split", apply_split, split_in, split_attrs};
const SchInstKind sch_kind_fuse = {"Fuse", "fuse", apply_fuse, loops_in, pui_attr};
const SchInstKind sch_kind_reorder = {"Reorder", "reorder", apply_reorder, loops_in, no_names};
const SchInstKind sch_kind_add_unit_loop = {"AddUnitLoop", "add_unit_loop", apply_add_unit_loop, bol_in, no_names};
const SchInstKind sch_kind_parallel = {"Parallel", "parallel", apply_parallel, loop_in, no_names};
const SchInstKind sch_kind_vectorize = {"Vectorize", "vectorize", apply_vectorize, loop_in, no_names};
const SchInstKind sch_kind_unroll = {"Unroll", "unroll", apply_unroll, loop_in, no_names};
const SchInstKind sch_kind_bind = {"Bind", "bind", apply_bind, loop_in, thread_attr};
const SchInstKind sch_kind_annotate = {"Annotate", "annotate", apply_annotate, ann_in, ann_attr};
const SchInstKind sch_kind_unannotate = {"Unannotate", "unannotate", apply_unannotate, bol_in, ann_attr};
