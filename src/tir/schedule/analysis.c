/*
 * analysis.c — what schedule primitives ask about the function before
 * changing it: block scopes and the dependences between their blocks
 * (TVM's BlockScope), affine bindings, complete and reduction blocks,
 * region cover and stage pipelines.  Pure queries: nothing here changes the
 * schedule.  Contracts are in schedule_impl.h.
 */
#include <stdlib.h>
#include <string.h>

#include "../../arith/arith.h"
#include "../transform/transform.h"
#include "schedule_impl.h"

/* ---- scopes and dependences ----------------------------------------------------- */

void sch_scope_fill(SchScope *sc, const SchPath *path, int depth) {
  memset(sc, 0, sizeof *sc);
  sc->root_depth = -1;
  for (int d = depth - 1; d >= 0; d--) {
    if (path->nodes[d]->kind == NK_BLOCK_REALIZE) {
      sc->root_depth = d;
      break;
    }
  }
  sc->root = sc->root_depth >= 0 ? path->nodes[sc->root_depth] : path->nodes[0];
  if (sc->root_depth >= 0)
    sch_collect_child_blocks(sc->root, &sc->blocks);
  else
    sch_collect_child_blocks(path->nodes[0], &sc->blocks);
  /* Buffer -> indices of the blocks so far that read / write it. */
  PtrMap readers = {0}, writers = {0};
  PtrVec owned = {0};
  for (int32_t i = 0; i < sc->blocks.len; i++) {
    IrBlock *b = sch_block_of(sc->blocks.data[i]);
    NodeList *lists[2] = {&b->reads, &b->writes};
    PtrMap *maps[2] = {&readers, &writers};
    for (int k = 0; k < 2; k++) {
      for (int32_t r = 0; r < lists[k]->n; r++) {
        Node *buf = IR_AS(IrBufferRegion, lists[k]->v[r])->buffer;
        PtrVec *v = ptrmap_get(maps[k], buf);
        if (!v) {
          v = xcalloc(1, sizeof *v);
          ptrvec_push(&owned, v);
          ptrmap_put(maps[k], buf, v);
        }
        if (!v->len || (int32_t)(intptr_t)v->data[v->len - 1] != i) ptrvec_push(v, (void *)(intptr_t)i);
      }
    }
    /* RAW over reads, WAW over writes, WAR over writes. */
    struct { NodeList *l; PtrMap *from; SchDepKind kind; } steps[3] = {
        {&b->reads, &writers, SCH_DEP_RAW}, {&b->writes, &writers, SCH_DEP_WAW},
        {&b->writes, &readers, SCH_DEP_WAR}};
    for (int st = 0; st < 3; st++) {
      for (int32_t r = 0; r < steps[st].l->n; r++) {
        PtrVec *v = ptrmap_get(steps[st].from, IR_AS(IrBufferRegion, steps[st].l->v[r])->buffer);
        for (int32_t k = 0; v && k < v->len; k++) {
          int32_t src = (int32_t)(intptr_t)v->data[k];
          if (src == i) continue;
          SchDep dep = {src, i, steps[st].kind};
          VEC_PUSH(sc->deps, dep);
        }
      }
    }
  }
  for (int32_t i = 0; i < owned.len; i++) {
    ptrvec_free(owned.data[i]);
    free(owned.data[i]);
  }
  ptrvec_free(&owned);
  ptrmap_free(&readers);
  ptrmap_free(&writers);
}

void sch_scope_free(SchScope *sc) {
  ptrvec_free(&sc->blocks);
  VEC_FREE(sc->deps);
}

int sch_scope_index(const SchScope *sc, const Node *realize) {
  const char *name = sch_block_of((Node *)realize)->name;
  for (int32_t i = 0; i < sc->blocks.len; i++)
    if (sch_block_of(sc->blocks.data[i])->name == name ||
        !strcmp(sch_block_of(sc->blocks.data[i])->name, name))
      return i;
  return -1;
}

void sch_block_deps(const SchPath *path, bool producers, PtrVec *out) {
  SchScope sc;
  sch_scope_fill(&sc, path, path->n - 1);
  int self = sch_scope_index(&sc, path->nodes[path->n - 1]);
  char *seen = xcalloc((size_t)sc.blocks.len + 1, 1);
  for (int32_t e = 0; self >= 0 && e < sc.deps.len; e++) {
    SchDep d = sc.deps.data[e];
    if (d.kind == SCH_DEP_WAR) continue;
    int32_t other = producers ? d.src : d.dst;
    if ((producers ? d.dst : d.src) != self || seen[other]) continue;
    seen[other] = 1;
    ptrvec_push(out, sc.blocks.data[other]);
  }
  free(seen);
  sch_scope_free(&sc);
}

/* ---- affine bindings ----------------------------------------------------------- */

/* How each loop var is used across one block's bindings. */
typedef struct AffineUse {
  PtrMap loops;  /* loop var -> index + 1 */
  int32_t *owner; /* per loop: binding index using it linearly, -1 none */
  char *in_div;   /* per loop: used under floordiv/floormod */
  bool ok;
} AffineUse;

static bool uses_loop(AffineUse *u, Node *e);

static bool uses_loop_walk(Node *n, void *ud) {
  bool *hit = ((void **)ud)[1];
  AffineUse *u = ((void **)ud)[0];
  if (ir_is_tir_var(n) && ptrmap_has(&u->loops, n)) *hit = true;
  return !*hit;
}

static bool uses_loop(AffineUse *u, Node *e) {
  bool hit = false;
  void *ud[2] = {u, &hit};
  ir_walk(e, uses_loop_walk, ud);
  return hit;
}

/* e must be a sum of terms c * v (v a loop var, c free of loop vars),
 * floordiv / floormod of such sums by constants, and loop-free terms. */
static void affine_term(AffineUse *u, Node *e, int32_t binding, bool under_div) {
  if (!u->ok || !uses_loop(u, e)) return;
  IrBinary *B = IR_AS(IrBinary, e);
  int64_t c;
  switch (e->kind) {
  case NK_VAR:
  case NK_SIZEVAR: {
    int32_t k = (int32_t)(intptr_t)ptrmap_get(&u->loops, e) - 1;
    if (under_div) {
      u->in_div[k] = 1;
    } else if (u->owner[k] >= 0 && u->owner[k] != binding) {
      u->ok = false; /* one loop feeding two iters linearly */
    } else {
      u->owner[k] = binding;
    }
    return;
  }
  case NK_ADD:
  case NK_SUB:
    affine_term(u, B->a, binding, under_div);
    affine_term(u, B->b, binding, under_div);
    return;
  case NK_MUL:
    if (uses_loop(u, B->a) && uses_loop(u, B->b)) u->ok = false;
    affine_term(u, B->a, binding, under_div);
    affine_term(u, B->b, binding, under_div);
    return;
  case NK_FLOORDIV:
  case NK_FLOORMOD:
    if (!ir_is_const_int(B->b, &c) || c <= 0) u->ok = false;
    affine_term(u, B->a, binding, true);
    return;
  case NK_CAST:
    affine_term(u, IR_AS(IrUnary, e)->a, binding, under_div);
    return;
  default:
    u->ok = false;
  }
}

bool sch_binding_is_affine(Node *realize, Node *const *loops, int n) {
  IrBlockRealize *R = IR_AS(IrBlockRealize, realize);
  AffineUse u = {{0}, xcalloc((size_t)n + 1, sizeof(int32_t)), xcalloc((size_t)n + 1, 1), true};
  for (int i = 0; i < n; i++) {
    ptrmap_put(&u.loops, IR_AS(IrFor, loops[i])->var, (void *)(intptr_t)(i + 1));
    u.owner[i] = -1;
  }
  for (int32_t i = 0; i < R->iter_values.n; i++) affine_term(&u, R->iter_values.v[i], i, false);
  for (int i = 0; i < n; i++)
    if (u.owner[i] >= 0 && u.in_div[i]) u.ok = false; /* used both whole and split */
  bool ok = u.ok;
  ptrmap_free(&u.loops);
  free(u.owner);
  free(u.in_div);
  return ok;
}

bool sch_path_block_is_affine(const SchPath *path, int depth) {
  Node *realize = path->nodes[depth];
  int n = sch_path_loops(path, depth, NULL, 0);
  Node **loops = xcalloc((size_t)n + 1, sizeof(Node *));
  sch_path_loops(path, depth, loops, n);
  bool ok = sch_binding_is_affine(realize, loops, n);
  free(loops);
  return ok;
}

/* ---- complete and reduction blocks ------------------------------------------------ */

static bool all_iters(IrBlock *b, bool allow_reduce) {
  for (int32_t i = 0; i < b->iter_vars.n; i++) {
    int64_t t = IR_AS(IrIterVar, b->iter_vars.v[i])->iter_type;
    if (t != ITER_SPATIAL && !(allow_reduce && t == ITER_REDUCE)) return false;
  }
  return true;
}

/* The only writer of each buffer it writes, among blocks. */
static bool dominant(const PtrVec *blocks, int idx) {
  IrBlock *b = sch_block_of(blocks->data[idx]);
  for (int32_t w = 0; w < b->writes.n; w++) {
    Node *buf = IR_AS(IrBufferRegion, b->writes.v[w])->buffer;
    for (int32_t j = 0; j < blocks->len; j++) {
      if (j == idx) continue;
      IrBlock *o = sch_block_of(blocks->data[j]);
      for (int32_t k = 0; k < o->writes.n; k++)
        if (IR_AS(IrBufferRegion, o->writes.v[k])->buffer == buf) return false;
    }
  }
  return true;
}

bool sch_is_complete_block(const PtrVec *blocks, int idx) {
  IrBlock *b = sch_block_of(blocks->data[idx]);
  if (!all_iters(b, false) || !dominant(blocks, idx)) return false;
  for (int32_t r = 0; r < b->reads.n; r++)
    for (int32_t w = 0; w < b->writes.n; w++)
      if (IR_AS(IrBufferRegion, b->reads.v[r])->buffer == IR_AS(IrBufferRegion, b->writes.v[w])->buffer)
        return false;
  return true;
}

static bool walk_uses_var(Node *n, void *ud) {
  void **p = ud;
  if (n == p[0]) p[1] = n;
  return !p[1];
}

bool sch_expr_uses_var(Node *e, Node *var) {
  void *p[2] = {var, NULL};
  if (e) ir_walk(e, walk_uses_var, p);
  return p[1] != NULL;
}

bool sch_is_reduction_block(const PtrVec *blocks, int idx, bool affine) {
  IrBlock *b = sch_block_of(blocks->data[idx]);
  if (!b->init || !all_iters(b, true) || !dominant(blocks, idx) || !affine) return false;
  for (int32_t i = 0; i < b->iter_vars.n; i++) {
    IrIterVar *iv = IR_AS(IrIterVar, b->iter_vars.v[i]);
    if (iv->iter_type != ITER_REDUCE) continue;
    for (int32_t w = 0; w < b->writes.n; w++)
      if (sch_expr_uses_var(b->writes.v[w], iv->var)) return false;
  }
  return true;
}

bool sch_block_has_reduce_iter(Node *realize) {
  IrBlock *b = sch_block_of(realize);
  for (int32_t i = 0; i < b->iter_vars.n; i++)
    if (IR_AS(IrIterVar, b->iter_vars.v[i])->iter_type == ITER_REDUCE) return true;
  return false;
}

/* ---- region cover and stage pipeline ------------------------------------------------ */

/* The For nodes from the scope root down to block (outermost first). */
static void scope_loops(const SchScope *sc, Node *realize, PtrVec *loops) {
  Node *body = sc->root_depth >= 0 ? sch_block_of(sc->root)->body : sc->root;
  if (body == realize) return;
  sch_find_block(body, sch_block_of(realize)->name, loops);
}

/* Can a <= b be proven (either side's dtype)? */
static bool prove_le(Analyzer *az, IrCtx *cx, Node *a, Node *b) {
  Node *d = tir_sub(cx, a, b);
  return arith_can_prove(az, ir_bin(cx, NK_LE, d, ir_int(cx, d->dtype, 0)));
}

/* Does the producer's written region P cover the consumed region C, within
 * the buffer's shape (TVM's ProducerCoversConsumer): per dimension
 * max(P.min, 0) <= max(C.min, 0) and min(C.end, shape) <= min(P.end, shape)? */
static bool covers(Analyzer *az, IrCtx *cx, Node *produced, Node *consumed) {
  IrBufferRegion *p = IR_AS(IrBufferRegion, produced), *c = IR_AS(IrBufferRegion, consumed);
  IrBuffer *buf = IR_AS(IrBuffer, p->buffer);
  if (p->region.n != c->region.n) return false;
  for (int32_t d = 0; d < p->region.n; d++) {
    IrRange *pr = IR_AS(IrRange, p->region.v[d]), *cr = IR_AS(IrRange, c->region.v[d]);
    Node *pend = tir_add(cx, pr->min, pr->extent), *cend = tir_add(cx, cr->min, cr->extent);
    Node *zero = ir_int(cx, pr->min->dtype, 0);
    bool lo = prove_le(az, cx, pr->min, cr->min) || prove_le(az, cx, pr->min, zero);
    bool hi = prove_le(az, cx, cend, pend) ||
              (d < buf->shape.n && prove_le(az, cx, buf->shape.v[d], pend));
    if (!lo || !hi) return false;
  }
  return true;
}

/* The one block among sc->blocks (other than consumer) that writes buf and
 * has a RAW edge into consumer; -1 none, -2 several. */
static int sole_producer(const SchScope *sc, int consumer, const Node *buf) {
  int found = -1;
  for (int32_t i = 0; i < sc->deps.len; i++) {
    SchDep dp = sc->deps.data[i];
    if (dp.dst != consumer || dp.kind != SCH_DEP_RAW) continue;
    if (!sch_region_of(sch_block_of(sc->blocks.data[dp.src])->writes, buf)) continue;
    if (found >= 0 && found != dp.src) return -2;
    found = dp.src;
  }
  return found;
}

/* Does one read region of the consumer hold the cover property? */
static bool read_covered(Schedule *s, const SchScope *sc, int consumer, Node *read) {
  Node *buf = IR_AS(IrBufferRegion, read)->buffer;
  int p = sole_producer(sc, consumer, buf);
  if (p < 0) return true; /* no producer, or several (see the contract) */
  Node *prod = sc->blocks.data[p], *cons = sc->blocks.data[consumer];
  PtrVec pl = {0}, cl = {0};
  scope_loops(sc, prod, &pl);
  scope_loops(sc, cons, &cl);
  int lca = 0;
  while (lca < pl.len && lca < cl.len && pl.data[lca] == cl.data[lca]) lca++;
  Node *pr = sch_relax_region(s, sch_region_of(sch_block_of(prod)->writes, buf), prod,
                              (Node *const *)pl.data + lca, pl.len - lca);
  Node *cr = sch_relax_region(s, read, cons, (Node *const *)cl.data + lca, cl.len - lca);
  Analyzer *az = arith_new(s->cx);
  for (int i = 0; i < lca; i++) {
    IrFor *f = IR_AS(IrFor, pl.data[i]);
    arith_bind(az, f->var, f->min, f->extent);
  }
  bool ok = covers(az, s->cx, pr, cr);
  arith_free(az);
  ptrvec_free(&pl);
  ptrvec_free(&cl);
  return ok;
}

bool sch_region_cover(Schedule *s, const SchScope *sc, int consumer) {
  IrBlock *b = sch_block_of(sc->blocks.data[consumer]);
  for (int32_t r = 0; r < b->reads.n; r++)
    if (!read_covered(s, sc, consumer, b->reads.v[r])) return false;
  return true;
}

bool sch_stage_pipeline(Schedule *s, const SchScope *sc) {
  for (int32_t i = 0; i < sc->deps.len; i++)
    if (sc->deps.data[i].kind == SCH_DEP_WAR) return false;
  for (int32_t i = 0; i < sc->blocks.len; i++)
    if (!sch_region_cover(s, sc, i)) return false;
  return true;
}

int sch_require_stage_pipeline(Schedule *s, const SchScope *sc, const char *prim) {
  if (sch_stage_pipeline(s, sc)) return 0;
  const char *root = sc->root_depth >= 0 ? sch_block_of(sc->root)->name : "root";
  for (int32_t i = 0; i < sc->deps.len; i++)
    if (sc->deps.data[i].kind == SCH_DEP_WAR)
      return sch_fail(s, "%s: the scope of block \"%s\" is not a stage pipeline: block \"%s\" writes a buffer "
                      "block \"%s\" reads before it", prim, root,
                      sch_block_of(sc->blocks.data[sc->deps.data[i].dst])->name,
                      sch_block_of(sc->blocks.data[sc->deps.data[i].src])->name);
  for (int32_t i = 0; i < sc->blocks.len; i++)
    if (!sch_region_cover(s, sc, i))
      return sch_fail(s, "%s: the scope of block \"%s\" is not a stage pipeline: what block \"%s\" reads is not "
                      "covered by what its producers write", prim, root, sch_block_of(sc->blocks.data[i])->name);
  return sch_fail(s, "%s: the scope of block \"%s\" is not a stage pipeline", prim, root);
}
