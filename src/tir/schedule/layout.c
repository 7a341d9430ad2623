/*
 * layout.c — transform_layout and pad_einsum (TVM's
 * layout_transformation.cc and pad_einsum.cc semantics).
 *
 * transform_layout rewrites one buffer (a read or write buffer of a block)
 * through an index map `lambda i, j: (...)`: its shape becomes the map's
 * image of the old shape, and every BufferLoad, BufferStore and access
 * region of it in the function is rewritten through the map (alloc_buffers
 * and the function's buffer_map get the new buffer).  The map must be
 * injective on the old shape; it is analysed as a product of per-variable
 * patterns (v, or the pair v // c, v % c, or a row-major fusion of vars
 * into one index), which is how padding and injectivity are decided.  A
 * map whose image is larger than the old shape (v // c, v % c with c not
 * dividing the extent) introduces padding: it needs a pad value, written
 * by a block `<buffer>_pad` (TVM's EpiloguePlan: loops over the new shape,
 * `T.where(<padding predicate>)`) after the last block writing the buffer.
 * For a buffer nobody writes (an input), the caller provides the padding.
 *
 * pad_einsum pads the iteration domain of an einsum-like block (every
 * access a point at block vars or constants, each buffer once) up to
 * multiples of the given factors: padded copies `<buf>_pad` of the
 * buffers indexed by padded vars (inputs zero-filled by an
 * `if_then_else` copy block before, outputs copied back after), the
 * block's iter domains and the loops bound directly to them extended.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../arith/arith.h"
#include "../../script/script.h"
#include "../transform/transform.h"
#include "schedule_impl.h"

/* ---- small helpers ---------------------------------------------------------------- */

static Node *mk_array(IrCtx *cx, Node *const *items, int n) {
  Node *a = ir_alloc(cx, NK_ARRAY, span_none());
  IR_AS(IrArray, a)->items = ir_list(cx, items, n);
  return ir_finish(cx, a);
}

static Node *mk_store(IrCtx *cx, Node *buf, Node *value, Node *const *idx, int n) {
  Node *st = ir_alloc(cx, NK_BUFFER_STORE, span_none());
  IR_AS(IrBufferStore, st)->buffer = buf;
  IR_AS(IrBufferStore, st)->value = value;
  IR_AS(IrBufferStore, st)->indices = ir_list(cx, idx, n);
  return ir_finish(cx, st);
}

static Node *mk_block(Schedule *s, Node *const *ivs, int n, Node *rd, Node *wr, const char *name, Node *body) {
  Node *blk = ir_alloc(s->cx, NK_BLOCK, span_none());
  IrBlock *B = IR_AS(IrBlock, blk);
  B->iter_vars = ir_list(s->cx, ivs, n);
  B->reads = rd ? ir_list(s->cx, &rd, 1) : ir_list_empty();
  B->writes = ir_list(s->cx, &wr, 1);
  B->name = sch_unique_block_name(s, name);
  B->body = body;
  return ir_finish(s->cx, blk);
}

/* body's items (a non-Seq body is one item). */
static NodeList body_items(Node **one, Node *body) {
  if (body && body->kind == NK_SEQ) return IR_AS(IrArray, body)->items;
  *one = body;
  return (NodeList){one, body ? 1 : 0};
}

typedef struct Find {
  const Node *target;
  bool found;
} Find;

static bool find_walk(Node *n, void *ud) {
  Find *f = ud;
  if (n == f->target) f->found = true;
  return !f->found;
}

static bool contains(Node *stmt, const Node *target) {
  Find f = {target, false};
  ir_walk(stmt, find_walk, &f);
  return f.found;
}

/* ---- the index map ------------------------------------------------------------------- */

/* How a map's results use one source var. */
typedef struct VarUse {
  int ident;      /* result index equal to v, or -1 */
  int div, mod;   /* results v // c and v % c, or -1 */
  int64_t c;
  int fused;      /* result index of a row-major fusion using v, or -1 */
} VarUse;

static int src_index(const SchIndexMap *m, const Node *v) {
  for (int i = 0; i < m->nsrc; i++)
    if (m->src_vars[i] == v) return i;
  return -1;
}

/* Fused result: a sum of c_k * v_k of distinct source vars; fills
 * vars/coefs (room for m->nsrc terms) and returns their count, or -1. */
static int affine_terms(const SchIndexMap *m, Node *e, int *vars, int64_t *coefs) {
  int n = 0;
  while (e) {
    Node *term = e, *rest = NULL;
    if (e->kind == NK_ADD) term = IR_AS(IrBinary, e)->b, rest = IR_AS(IrBinary, e)->a;
    int64_t c = 1;
    if (term->kind == NK_MUL && ir_is_const_int(IR_AS(IrBinary, term)->b, &c)) term = IR_AS(IrBinary, term)->a;
    int k = src_index(m, term);
    if (k < 0 || n >= m->nsrc || c <= 0) return -1;
    vars[n] = k, coefs[n++] = c;
    e = rest;
  }
  return n;
}

/* Classify every result; false when some result fits no pattern. */
static bool classify(IrCtx *cx, const SchIndexMap *m, VarUse *use) {
  int *vars = sch_scratch(cx, m->nsrc, sizeof *vars);
  int64_t *coefs = sch_scratch(cx, m->nsrc, sizeof *coefs);
  for (int i = 0; i < m->nsrc; i++) use[i] = (VarUse){-1, -1, -1, 0, -1};
  for (int d = 0; d < m->ndst; d++) {
    Node *e = m->dst[d];
    int k = src_index(m, e);
    int64_t c;
    if (k >= 0 && use[k].ident < 0 && use[k].fused < 0) { use[k].ident = d; continue; }
    if ((e->kind == NK_FLOORDIV || e->kind == NK_FLOORMOD) && ir_is_const_int(IR_AS(IrBinary, e)->b, &c) && c > 0 &&
        (k = src_index(m, IR_AS(IrBinary, e)->a)) >= 0 && (use[k].c == 0 || use[k].c == c)) {
      int *slot = e->kind == NK_FLOORDIV ? &use[k].div : &use[k].mod;
      if (*slot >= 0) return false;
      *slot = d, use[k].c = c;
      continue;
    }
    int n = affine_terms(m, e, vars, coefs);
    if (n < 2) return false;
    for (int t = 0; t < n; t++) {
      if (use[vars[t]].ident >= 0 || use[vars[t]].fused >= 0 || use[vars[t]].c) return false;
      use[vars[t]].fused = d;
    }
  }
  return true;
}

/* Is the fusion at result d row-major over the old shape (each coefficient
 * the product of the extents of the vars after it)? */
static bool fusion_exact(Analyzer *az, IrCtx *cx, const SchIndexMap *m, int d, NodeList shape) {
  int *vars = sch_scratch(cx, m->nsrc, sizeof *vars);
  int64_t *coefs = sch_scratch(cx, m->nsrc, sizeof *coefs);
  int n = affine_terms(m, m->dst[d], vars, coefs);
  /* sort by coefficient, smallest first */
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && coefs[j] < coefs[j - 1]; j--) {
      int64_t tc = coefs[j]; coefs[j] = coefs[j - 1]; coefs[j - 1] = tc;
      int tv = vars[j]; vars[j] = vars[j - 1]; vars[j - 1] = tv;
    }
  Node *stride = ir_int(cx, shape.v[0]->dtype, 1);
  for (int i = 0; i < n; i++) {
    if (!arith_can_prove_equal(az, ir_int(cx, stride->dtype, coefs[i]), stride)) return false;
    stride = arith_simplify(az, ir_bin(cx, NK_MUL, stride, shape.v[vars[i]]));
  }
  return true;
}

/* The extent of e's values (their maximum + 1), NULL unless its minimum
 * is provably >= 0. */
static Node *extent_of(Analyzer *az, IrCtx *cx, const SchIndexMap *m, Node *e) {
  Node *lo, *hi;
  arith_symbolic_bound(az, e, &lo, &hi);
  bool free_of_src = true;
  for (int i = 0; i < m->nsrc; i++) free_of_src = free_of_src && !sch_expr_uses_var(hi, m->src_vars[i]);
  IntBound b = arith_const_bound(az, e);
  if (!free_of_src && b.min >= 0 && b.max != ARITH_POS_INF) return ir_int(cx, e->dtype, b.max + 1);
  if (!free_of_src || !arith_can_prove(az, ir_bin(cx, NK_GE, lo, ir_int(cx, lo->dtype, 0)))) return NULL;
  return arith_simplify(az, ir_bin(cx, NK_ADD, hi, ir_int(cx, hi->dtype, 1)));
}

typedef struct MapInfo {
  Node **shape;   /* new shape (ndst) */
  Node *pad_pred; /* over new-index vars pvars, NULL: no padding */
  Node **pvars;   /* ndst */
} MapInfo;

static void map_text(const SchIndexMap *m, StrBuf *sb) {
  sb_puts(sb, "lambda ");
  for (int i = 0; i < m->nsrc; i++) sb_printf(sb, "%s%s", i ? ", " : "", IR_AS(IrVar, m->src_vars[i])->name);
  sb_puts(sb, ": (");
  for (int i = 0; i < m->ndst; i++) {
    if (i) sb_puts(sb, ", ");
    script_print_node(m->dst[i], sb);
  }
  sb_puts(sb, m->ndst == 1 ? ",)" : ")");
}

/* Fill mi for map applied to buf; -1 with the error set if it is not
 * injective (or cannot be shown so). */
static int analyse_map(Schedule *s, const SchIndexMap *m, Node *buf, MapInfo *mi) {
  IrCtx *cx = s->cx;
  NodeList shape = IR_AS(IrBuffer, buf)->shape;
  VarUse *use = sch_scratch(cx, m->nsrc, sizeof *use);
  mi->shape = sch_scratch(cx, m->ndst, sizeof *mi->shape);
  mi->pvars = sch_scratch(cx, m->ndst, sizeof *mi->pvars);
  Analyzer *az = arith_new(cx);
  for (int i = 0; i < m->nsrc; i++) arith_bind(az, m->src_vars[i], ir_int(cx, shape.v[i]->dtype, 0), shape.v[i]);
  bool ok = classify(cx, m, use);
  for (int i = 0; ok && i < m->nsrc; i++) {
    VarUse *u = &use[i];
    ok = u->ident >= 0 || (u->div >= 0 && u->mod >= 0) || (u->fused >= 0 && fusion_exact(az, cx, m, u->fused, shape));
  }
  int rc = 0;
  for (int d = 0; ok && d < m->ndst && !rc; d++) {
    mi->shape[d] = extent_of(az, cx, m, m->dst[d]);
    if (!mi->shape[d]) rc = -1;
    char nm[16];
    snprintf(nm, sizeof nm, "ax%d", d);
    mi->pvars[d] = ir_var(cx, nm, m->dst[d]->dtype);
  }
  mi->pad_pred = NULL;
  for (int i = 0; ok && !rc && i < m->nsrc; i++) {
    VarUse *u = &use[i];
    if (u->div < 0) continue;
    Node *c = ir_int(cx, shape.v[i]->dtype, u->c);
    if (arith_can_prove(az, ir_bin(cx, NK_EQ, ir_bin(cx, NK_FLOORMOD, shape.v[i], c), ir_int(cx, c->dtype, 0)))) continue;
    Node *inv = ir_bin(cx, NK_ADD, ir_bin(cx, NK_MUL, mi->pvars[u->div], c), mi->pvars[u->mod]);
    Node *p = ir_bin(cx, NK_LE, shape.v[i], inv);
    mi->pad_pred = mi->pad_pred ? ir_bin(cx, NK_OR, mi->pad_pred, p) : p;
  }
  arith_free(az);
  if (ok && !rc) return 0;
  StrBuf t = {0};
  map_text(m, &t);
  sch_fail(s, "transform_layout: the index map %s is not bijective on buffer %s (supported: permutations, "
              "splits v // c, v %% c, row-major fusions)", t.data, IR_AS(IrBuffer, buf)->name);
  sb_free(&t);
  return -1;
}

/* ---- rewriting accesses ------------------------------------------------------------------ */

typedef struct Remap {
  Schedule *s;
  const SchIndexMap *m;
  Node *buf;
  bool bad; /* a match_buffer views buf */
} Remap;

static void map_indices(Remap *r, NodeList idx, Node **out) {
  PtrMap vm = {0};
  for (int i = 0; i < r->m->nsrc; i++) ptrmap_put(&vm, r->m->src_vars[i], idx.v[i]);
  Analyzer *az = arith_new(r->s->cx);
  for (int d = 0; d < r->m->ndst; d++) out[d] = arith_simplify(az, tir_subst(r->s->cx, r->m->dst[d], &vm, NULL));
  arith_free(az);
  ptrmap_free(&vm);
}

/* A region through the map: points map to points, ranges to their bounds. */
static Node *map_region(Remap *r, Node *region) {
  IrCtx *cx = r->s->cx;
  IrBufferRegion *br = IR_AS(IrBufferRegion, region);
  int nd = r->m->ndst, n = br->region.n;
  Node **mins = sch_scratch(cx, nd, sizeof *mins), **exts = sch_scratch(cx, nd, sizeof *exts);
  Node **pts = sch_scratch(cx, n, sizeof *pts);
  Analyzer *az = arith_new(cx);
  for (int i = 0; i < br->region.n; i++) {
    IrRange *rg = IR_AS(IrRange, br->region.v[i]);
    pts[i] = rg->min;
    if (!tir_is_const(rg->extent, 1)) {
      Node *t = ir_var(cx, "t", rg->min->dtype);
      arith_bind(az, t, ir_int(cx, t->dtype, 0), rg->extent);
      pts[i] = ir_bin(cx, NK_ADD, rg->min, t);
    }
  }
  map_indices(r, (NodeList){pts, br->region.n}, mins);
  for (int d = 0; d < r->m->ndst; d++) {
    Node *lo, *hi;
    arith_symbolic_bound(az, mins[d], &lo, &hi);
    mins[d] = lo;
    exts[d] = arith_simplify(az, ir_bin(cx, NK_ADD, ir_bin(cx, NK_SUB, hi, lo), ir_int(cx, hi->dtype, 1)));
  }
  arith_free(az);
  return sch_mk_region(cx, br->buffer, mins, exts, r->m->ndst);
}

static Node *remap(Node *n, void *ud) {
  Remap *r = ud;
  if (!n || ir_is_tir_var(n) || n->kind == NK_BUFFER || n->kind == NK_INT || n->kind == NK_FLOAT) return n;
  if (n->kind == NK_MATCH_BUFFER) {
    Node *src = IR_AS(IrMatchBuffer, n)->source;
    if (src && IR_AS(IrBufferRegion, src)->buffer == r->buf) r->bad = true;
    return n;
  }
  Node *m = ir_mutate_children(r->s->cx, n, remap, ud);
  Node **idx = sch_scratch(r->s->cx, r->m->ndst, sizeof *idx);
  if (m->kind == NK_BUFFER_LOAD && IR_AS(IrBufferLoad, m)->buffer == r->buf) {
    map_indices(r, IR_AS(IrBufferLoad, m)->indices, idx);
    return ir_buffer_load(r->s->cx, r->buf, idx, r->m->ndst);
  }
  if (m->kind == NK_BUFFER_STORE && IR_AS(IrBufferStore, m)->buffer == r->buf) {
    map_indices(r, IR_AS(IrBufferStore, m)->indices, idx);
    Node *c = ir_clone(r->s->cx, m);
    IR_AS(IrBufferStore, c)->indices = ir_list(r->s->cx, idx, r->m->ndst);
    return ir_finish(r->s->cx, c);
  }
  if (m->kind == NK_BUFFER_REGION && IR_AS(IrBufferRegion, m)->buffer == r->buf) return map_region(r, m);
  return m;
}

/* ---- the padding block ------------------------------------------------------------------- */

/* Loops over the new shape writing pad where the padding predicate holds. */
static Node *pad_stage(Schedule *s, Node *nbuf, const MapInfo *mi, int nd, Node *pad) {
  IrCtx *cx = s->cx;
  Node **vs = sch_scratch(cx, nd, sizeof *vs), **ivs = sch_scratch(cx, nd, sizeof *ivs);
  Node **ones = sch_scratch(cx, nd, sizeof *ones);
  PtrMap vm = {0};
  for (int d = 0; d < nd; d++) {
    char nm[16];
    snprintf(nm, sizeof nm, "v%d", d);
    vs[d] = ir_var(cx, nm, mi->pvars[d]->dtype);
    ivs[d] = sch_mk_iter_var(cx, vs[d], ir_int(cx, vs[d]->dtype, 0), mi->shape[d], ITER_SPATIAL);
    ones[d] = ir_int(cx, vs[d]->dtype, 1);
    ptrmap_put(&vm, mi->pvars[d], vs[d]);
  }
  ptrmap_free(&vm);
  char nm[256];
  snprintf(nm, sizeof nm, "%s_pad", IR_AS(IrBuffer, nbuf)->name);
  Node *blk = mk_block(s, ivs, nd, NULL, sch_mk_region(cx, nbuf, vs, ones, nd), nm, mk_store(cx, nbuf, pad, vs, nd));
  Node *body = sch_mk_realize(cx, mi->pvars, nd, mi->pad_pred, blk);
  for (int d = nd - 1; d >= 0; d--) body = sch_mk_for(cx, mi->pvars[d], ir_int(cx, mi->pvars[d]->dtype, 0), mi->shape[d], body);
  return body;
}

typedef struct Writes {
  const Node *buf;
  bool found;
} Writes;

static bool writes_walk(Node *n, void *ud) {
  Writes *w = ud;
  if (n->kind == NK_BLOCK && sch_region_has(IR_AS(IrBlock, n)->writes, w->buf)) w->found = true;
  return !w->found;
}

/* scope_block with stage inserted after the last child statement that
 * writes buf; scope_block itself when none does. */
static Node *insert_after_writer(IrCtx *cx, Node *scope_block, const Node *buf, Node *stage) {
  IrBlock *b = IR_AS(IrBlock, scope_block);
  Node *one;
  NodeList items = body_items(&one, b->body);
  int last = -1;
  for (int32_t i = 0; i < items.n; i++) {
    Writes w = {buf, false};
    ir_walk(items.v[i], writes_walk, &w);
    if (w.found) last = i;
  }
  if (last < 0) return scope_block;
  Node *nb = ir_clone(cx, scope_block);
  IR_AS(IrBlock, nb)->body = sch_insert_stmt(cx, b->body, last + 1, stage);
  return ir_finish(cx, nb);
}

typedef struct SwapBlock {
  IrCtx *cx;
  Node *old, *nw;
} SwapBlock;

static Node *swap_block(Node *n, void *ud) {
  SwapBlock *sw = ud;
  if (n == sw->old) return sw->nw;
  if (!n || !ir_is_stmt(n)) return n;
  return ir_mutate_children(sw->cx, n, swap_block, ud);
}

/* The block whose alloc_buffers hold buf (NULL: a parameter; the root). */
typedef struct Alloc {
  const Node *buf;
  Node *found;
} Alloc;

static bool alloc_walk(Node *n, void *ud) {
  Alloc *a = ud;
  if (n->kind == NK_BLOCK)
    for (int32_t i = 0; i < IR_AS(IrBlock, n)->alloc_buffers.n; i++)
      if (IR_AS(IrBlock, n)->alloc_buffers.v[i] == a->buf) a->found = n;
  return !a->found;
}

/* ---- transform_layout ------------------------------------------------------------------- */

static Node *buffer_of(Schedule *s, const char *prim, IrBlock *b, int type, int idx) {
  NodeList l = type ? b->writes : b->reads;
  if (type < 0 || type > 1 || idx < 0 || idx >= l.n) {
    sch_fail(s, "%s: block \"%s\" has %d %s buffer(s); index %d is out of range", prim, b->name, (int)l.n,
             type ? "write" : "read", idx);
    return NULL;
  }
  return IR_AS(IrBufferRegion, l.v[idx])->buffer;
}

static int check_map(Schedule *s, const SchIndexMap *m, Node *buf, Node *pad) {
  int nd = IR_AS(IrBuffer, buf)->shape.n;
  if (m->nsrc != nd)
    return sch_fail(s, "transform_layout: the index map takes %d index(es) but buffer %s has %d dimension(s)",
                    (int)m->nsrc, IR_AS(IrBuffer, buf)->name, nd);
  if (m->ndst < 1) return sch_fail(s, "transform_layout: the index map must have at least one result");
  if (pad && !dtype_eq(pad->dtype, buf->dtype))
    return sch_fail(s, "transform_layout: the pad value's type does not match buffer %s's element type",
                    IR_AS(IrBuffer, buf)->name);
  if (pad && !ir_is_const_int(pad, NULL) && pad->kind != NK_FLOAT && pad->kind != NK_INT)
    return sch_fail(s, "transform_layout: the pad value must be a constant");
  return 0;
}

static int padding_error(Schedule *s, const SchIndexMap *m, Node *buf, const MapInfo *mi) {
  StrBuf t = {0};
  map_text(m, &t);
  sb_puts(&t, " would introduce padding in buffer ");
  sb_puts(&t, IR_AS(IrBuffer, buf)->name);
  sb_puts(&t, " wherever ");
  script_print_node(mi->pad_pred, &t);
  int rc = sch_fail(s, "transform_layout: the index map %s; a pad_value is required", t.data);
  sb_free(&t);
  return rc;
}

static void record_layout(Schedule *s, SchRV block, int type, int idx, const SchIndexMap *m, Node *pad) {
  Node *arr[2] = {mk_array(s->cx, m->src_vars, m->nsrc), mk_array(s->cx, m->dst, m->ndst)};
  SchArg mapa = {0};
  mapa.kind = SCH_ARG_NODE;
  mapa.node = mk_array(s->cx, arr, 2);
  SchArg in[2] = {sch_arg_rv(block), mapa}; /* TVM's order: pad_value is attribute 2 */
  SchArg at[4] = {sch_arg_int(idx), sch_arg_int(type), pad ? sch_arg_expr(pad) : sch_arg_none(), sch_arg_bool(false)};
  sch_record(s, "TransformLayout", in, 2, at, 4, NULL, NULL, 0);
}

int sch_transform_layout(Schedule *s, SchRV block, int type, int idx, const SchIndexMap *m, Node *pad) {
  IrCtx *cx = s->cx;
  Node *br = sch_block_lookup(s, block, NULL);
  if (!br) return -1;
  Node *buf = buffer_of(s, "transform_layout", sch_block_of(br), type, idx);
  if (!buf || check_map(s, m, buf, pad)) return -1;
  MapInfo mi;
  if (analyse_map(s, m, buf, &mi)) return -1;
  if (mi.pad_pred && !pad) return padding_error(s, m, buf, &mi);
  Node *func = sch_func(s);
  Remap r = {s, m, buf, false};
  Node *body = remap(IR_AS(IrPrimFunc, func)->body, &r);
  if (r.bad)
    return sch_fail(s, "transform_layout: buffer %s is viewed through a match_buffer", IR_AS(IrBuffer, buf)->name);
  Node *nbuf = tir_buffer_with_shape(cx, buf, ir_list(cx, mi.shape, m->ndst), ir_list_empty());
  PtrMap bm = {0};
  ptrmap_put(&bm, buf, nbuf);
  Node *nf = tir_subst(cx, tir_func_with_body(cx, func, body), NULL, &bm);
  ptrmap_free(&bm);
  if (mi.pad_pred) {
    Alloc a = {nbuf, NULL};
    Node *nbody = IR_AS(IrPrimFunc, nf)->body;
    ir_walk(nbody, alloc_walk, &a);
    Node *scope = a.found ? a.found : (nbody->kind == NK_BLOCK_REALIZE ? IR_AS(IrBlockRealize, nbody)->block : NULL);
    if (scope) {
      SwapBlock sw = {cx, scope, insert_after_writer(cx, scope, nbuf, pad_stage(s, nbuf, &mi, m->ndst, pad))};
      nf = tir_func_with_body(cx, nf, swap_block(nbody, &sw));
    }
  }
  sch_set_func(s, nf);
  record_layout(s, block, type, idx, m, pad);
  return 0;
}

/* ---- pad_einsum ---------------------------------------------------------------------------- */

/* Every access a point at vars or constants, each buffer once. */
static bool is_einsum(IrBlock *b) {
  NodeList lists[2] = {b->reads, b->writes};
  for (int l = 0; l < 2; l++)
    for (int32_t i = 0; i < lists[l].n; i++) {
      IrBufferRegion *r = IR_AS(IrBufferRegion, lists[l].v[i]);
      for (int32_t d = 0; d < r->region.n; d++) {
        IrRange *rg = IR_AS(IrRange, r->region.v[d]);
        if (!tir_is_const(rg->extent, 1) || !(ir_is_tir_var(rg->min) || rg->min->kind == NK_INT)) return false;
      }
      for (int k = 0; k <= l; k++)
        for (int32_t j = 0; j < (k == l ? i : lists[k].n); j++)
          if (IR_AS(IrBufferRegion, lists[k].v[j])->buffer == r->buffer) return false;
    }
  return true;
}

typedef struct Pad {
  Schedule *s;
  PtrMap iters;  /* iter var -> padded extent (loop vars too) */
  PtrMap loops;  /* loop var -> padded extent */
  PtrMap bufs;   /* buffer -> padded buffer */
  VEC(Node *) pre, post, allocs;
} Pad;

static bool needs_padding(Pad *p, Node *region) {
  IrBufferRegion *r = IR_AS(IrBufferRegion, region);
  for (int32_t d = 0; d < r->region.n; d++)
    if (ptrmap_has(&p->iters, IR_AS(IrRange, r->region.v[d])->min)) return true;
  return false;
}

/* The copy between buf and its padded version (TVM's MakeCopyBlock). */
static Node *pad_copy(Pad *p, Node *buf, Node *pbuf, bool is_read) {
  IrCtx *cx = p->s->cx;
  NodeList shape = IR_AS(IrBuffer, is_read ? pbuf : buf)->shape, old = IR_AS(IrBuffer, buf)->shape;
  int n = shape.n;
  Node **lv = sch_scratch(cx, n, sizeof *lv), **vs = sch_scratch(cx, n, sizeof *vs);
  Node **ivs = sch_scratch(cx, n, sizeof *ivs), **ones = sch_scratch(cx, n, sizeof *ones), *pred = NULL;
  Analyzer *az = arith_new(cx);
  for (int i = 0; i < n; i++) {
    char nm[16];
    Node *dim = shape.v[i];
    snprintf(nm, sizeof nm, "i%d", i);
    lv[i] = ir_var(cx, nm, dim->dtype);
    snprintf(nm, sizeof nm, "v%d", i);
    vs[i] = ir_var(cx, nm, dim->dtype);
    ivs[i] = sch_mk_iter_var(cx, vs[i], ir_int(cx, dim->dtype, 0), dim, ITER_SPATIAL);
    ones[i] = ir_int(cx, dim->dtype, 1);
    if (is_read && !arith_can_prove_equal(az, old.v[i], IR_AS(IrBuffer, pbuf)->shape.v[i])) {
      Node *c = ir_bin(cx, NK_LT, vs[i], old.v[i]);
      pred = pred ? ir_bin(cx, NK_AND, pred, c) : c;
    }
  }
  arith_free(az);
  Node *src = is_read ? buf : pbuf, *dst = is_read ? pbuf : buf;
  Node *val = ir_buffer_load(cx, src, vs, n);
  if (pred) {
    Node *args[3] = {pred, val, dtype_is_float(val->dtype) ? ir_float(cx, val->dtype, 0) : ir_int(cx, val->dtype, 0)};
    val = ir_call(cx, val->dtype, "tir.if_then_else", args, 3);
  }
  Node *blk = mk_block(p->s, ivs, n, sch_mk_region(cx, src, vs, ones, n), sch_mk_region(cx, dst, vs, ones, n),
                       IR_AS(IrBuffer, pbuf)->name, mk_store(cx, dst, val, vs, n));
  Node *body = sch_mk_realize(cx, lv, n, NULL, blk);
  for (int i = n - 1; i >= 0; i--) body = sch_mk_for(cx, lv[i], ir_int(cx, lv[i]->dtype, 0), shape.v[i], body);
  return body;
}

/* The padded buffer for region (TVM's BufferPadding::FromBufferRegion). */
static void pad_buffer(Pad *p, Node *region, bool is_read) {
  IrCtx *cx = p->s->cx;
  IrBufferRegion *r = IR_AS(IrBufferRegion, region);
  IrBuffer *B = IR_AS(IrBuffer, r->buffer);
  Node **shape = sch_scratch(cx, r->region.n, sizeof *shape);
  for (int32_t d = 0; d < r->region.n; d++) {
    Node *pos = IR_AS(IrRange, r->region.v[d])->min;
    if (pos->kind == NK_INT) shape[d] = ir_int(cx, pos->dtype, 1);
    else if (ptrmap_has(&p->iters, pos)) shape[d] = ptrmap_get(&p->iters, pos);
    else shape[d] = B->shape.v[d];
  }
  char nm[256];
  snprintf(nm, sizeof nm, "%s_pad", B->name);
  Node *pb = sch_buffer_with_scope(cx, r->buffer, nm, tir_buffer_scope(r->buffer));
  pb = tir_buffer_with_shape(cx, pb, ir_list(cx, shape, r->region.n), ir_list_empty());
  ptrmap_put(&p->bufs, r->buffer, pb);
  VEC_PUSH(p->allocs, pb);
  if (is_read) VEC_PUSH(p->pre, pad_copy(p, r->buffer, pb, true));
  else VEC_PUSH(p->post, pad_copy(p, r->buffer, pb, false));
}

/* Iter domains and loop extents extended (TVM's PadEinsumBufferReplacer). */
static Node *extend(Node *n, void *ud) {
  Pad *p = ud;
  if (!n || ir_is_expr(n) || n->kind == NK_BUFFER) return n;
  Node *m = ir_mutate_children(p->s->cx, n, extend, ud);
  if (m->kind == NK_ITER_VAR && ptrmap_has(&p->iters, IR_AS(IrIterVar, m)->var)) {
    Node *c = ir_clone(p->s->cx, m);
    IrRange *dom = IR_AS(IrRange, IR_AS(IrIterVar, m)->dom);
    IR_AS(IrIterVar, c)->dom = ir_range(p->s->cx, dom->min, ptrmap_get(&p->iters, IR_AS(IrIterVar, m)->var));
    return ir_finish(p->s->cx, c);
  }
  if (m->kind == NK_FOR && ptrmap_has(&p->loops, IR_AS(IrFor, m)->var)) {
    Node *c = ir_clone(p->s->cx, m);
    IR_AS(IrFor, c)->extent = ptrmap_get(&p->loops, IR_AS(IrFor, m)->var);
    return ir_finish(p->s->cx, c);
  }
  return m;
}

static void pad_free(Pad *p) {
  ptrmap_free(&p->iters);
  ptrmap_free(&p->loops);
  ptrmap_free(&p->bufs);
  VEC_FREE(p->pre);
  VEC_FREE(p->post);
  VEC_FREE(p->allocs);
}

/* Padded extents of the block's iters; false if none needs padding. */
static bool plan_padding(Pad *p, Node *br, const int64_t *padding) {
  IrCtx *cx = p->s->cx;
  IrBlock *b = sch_block_of(br);
  Analyzer *az = arith_new(cx);
  bool any = false;
  for (int32_t i = 0; i < b->iter_vars.n; i++) {
    IrIterVar *iv = IR_AS(IrIterVar, b->iter_vars.v[i]);
    Node *dom = IR_AS(IrRange, iv->dom)->extent, *c = ir_int(cx, dom->dtype, padding[i]);
    Node *nd = arith_simplify(
        az, ir_bin(cx, NK_MUL, ir_bin(cx, NK_FLOORDIV, ir_bin(cx, NK_ADD, dom, ir_int(cx, dom->dtype, padding[i] - 1)), c), c));
    if (arith_can_prove_equal(az, nd, dom)) continue;
    any = true;
    ptrmap_put(&p->iters, iv->var, nd);
    Node *bv = IR_AS(IrBlockRealize, br)->iter_values.v[i];
    if (ir_is_tir_var(bv)) ptrmap_put(&p->iters, bv, nd), ptrmap_put(&p->loops, bv, nd);
  }
  arith_free(az);
  return any;
}

static void record_pad(Schedule *s, SchRV block, const int64_t *padding, int n) {
  SchArg *items = sch_scratch(s->cx, n, sizeof *items);
  for (int i = 0; i < n; i++) items[i] = sch_arg_int(padding[i]);
  SchArg in[1] = {sch_arg_rv(block)};
  SchArg at[1] = {sch_arg_list(items, n)};
  sch_record(s, "PadEinsum", in, 1, at, 1, NULL, NULL, 0);
}

static int pad_check(Schedule *s, IrBlock *b, const int64_t *padding, int n, int sd) {
  bool ok = n == b->iter_vars.n;
  for (int i = 0; ok && i < n; i++) ok = padding[i] > 0;
  if (!ok)
    return sch_fail(s, "pad_einsum: the padding for block \"%s\" is invalid; it should be a list of %d positive integers",
                    b->name, (int)b->iter_vars.n);
  if (!is_einsum(b)) return sch_fail(s, "pad_einsum: block \"%s\" is not a computation of Einsum pattern", b->name);
  if (sd < 0) return sch_fail(s, "pad_einsum: block \"%s\" has no scope block", b->name);
  return 0;
}

int sch_pad_einsum(Schedule *s, SchRV block, const int64_t *padding, int n) {
  IrCtx *cx = s->cx;
  SchPath path = {0};
  Node *br = sch_block_lookup(s, block, &path);
  if (!br) return sch_path_free(&path), -1;
  IrBlock *b = sch_block_of(br);
  int sd = sch_scope_depth(&path);
  if (pad_check(s, b, padding, n, sd)) return sch_path_free(&path), -1;
  Pad p;
  memset(&p, 0, sizeof p);
  p.s = s;
  plan_padding(&p, br, padding);
  for (int32_t i = 0; i < b->reads.n; i++)
    if (needs_padding(&p, b->reads.v[i])) pad_buffer(&p, b->reads.v[i], true);
  for (int32_t i = 0; i < b->writes.n; i++)
    if (needs_padding(&p, b->writes.v[i])) pad_buffer(&p, b->writes.v[i], false);
  Node *scope_realize = path.nodes[sd];
  IrBlock *sb = sch_block_of(scope_realize);
  Node *one;
  NodeList items = body_items(&one, sb->body);
  PtrVec body = {0};
  for (int32_t i = 0; i < items.n; i++) {
    if (!contains(items.v[i], br)) {
      ptrvec_push(&body, items.v[i]);
      continue;
    }
    for (int32_t k = 0; k < p.pre.len; k++) ptrvec_push(&body, p.pre.data[k]);
    ptrvec_push(&body, extend(tir_subst(cx, items.v[i], NULL, &p.bufs), &p));
    for (int32_t k = 0; k < p.post.len; k++) ptrvec_push(&body, p.post.data[k]);
  }
  Node *nb = ir_clone(cx, (Node *)sb);
  IR_AS(IrBlock, nb)->body = tir_seq(cx, (Node *const *)body.data, body.len);
  PtrVec al = {0};
  for (int32_t i = 0; i < sb->alloc_buffers.n; i++) ptrvec_push(&al, sb->alloc_buffers.v[i]);
  for (int32_t i = 0; i < p.allocs.len; i++) ptrvec_push(&al, p.allocs.data[i]);
  IR_AS(IrBlock, nb)->alloc_buffers = ir_list_from_vec(cx, &al);
  Node *nr = ir_clone(cx, scope_realize);
  IR_AS(IrBlockRealize, nr)->block = ir_finish(cx, nb);
  sch_replace(s, &path, sd, ir_finish(cx, nr));
  ptrvec_free(&al);
  ptrvec_free(&body);
  pad_free(&p);
  sch_path_free(&path);
  record_pad(s, block, padding, n);
  return 0;
}

/* ---- instruction kinds ------------------------------------------------------------------- */

/* An index map recorded as ARRAY[ARRAY(src vars), ARRAY(dst exprs)]. */
static bool decode_map(const SchArg *a, SchIndexMap *m) {
  if (a->kind != SCH_ARG_NODE || !a->node || a->node->kind != NK_ARRAY || IR_AS(IrArray, a->node)->items.n != 2)
    return false;
  Node *src = IR_AS(IrArray, a->node)->items.v[0], *dst = IR_AS(IrArray, a->node)->items.v[1];
  m->src_vars = IR_AS(IrArray, src)->items.v;
  m->nsrc = IR_AS(IrArray, src)->items.n;
  m->dst = IR_AS(IrArray, dst)->items.v;
  m->ndst = IR_AS(IrArray, dst)->items.n;
  return true;
}

/* The pad value attribute: None, a constant, a Python number (converted to
 * the buffer's element type), or an index map whose one result is a constant
 * (TVM records the pad value as an IndexMap). */
static int pad_of(Schedule *s, const SchInst *in, Node **pad) {
  const SchArg *a = &in->attrs[2];
  *pad = NULL;
  if (a->kind == SCH_ARG_NODE && a->node && a->node->kind == NK_ARRAY && IR_AS(IrArray, a->node)->items.n == 2) {
    Node *dst = IR_AS(IrArray, a->node)->items.v[1];
    if (dst && dst->kind == NK_ARRAY && IR_AS(IrArray, dst)->items.n == 1) *pad = IR_AS(IrArray, dst)->items.v[0];
  } else if (a->kind == SCH_ARG_EXPR) {
    *pad = a->node;
  } else if (a->kind == SCH_ARG_INT || a->kind == SCH_ARG_FLOAT) {
    Node *br = sch_block_lookup(s, in->inputs[0].rv, NULL);
    Node *buf = br ? buffer_of(s, "transform_layout", sch_block_of(br), (int)in->attrs[1].i, (int)in->attrs[0].i) : NULL;
    if (!buf) return -1;
    double v = a->kind == SCH_ARG_INT ? (double)a->i : a->f;
    *pad = dtype_is_float(buf->dtype) ? ir_float(s->cx, buf->dtype, v) : ir_int(s->cx, buf->dtype, (int64_t)v);
  } else if (a->kind == SCH_ARG_NONE) {
    return 0;
  }
  if (!*pad || ((*pad)->kind != NK_INT && (*pad)->kind != NK_FLOAT))
    return sch_fail(s, "transform_layout: argument 'pad_value' must be a constant or None");
  return 0;
}

static int apply_transform_layout(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  SchIndexMap m;
  Node *pad;
  *nouts = 0;
  SchInst head = *in; /* the block and the two buffer attributes; the map and pad value are checked below */
  head.ninputs = in->ninputs > 0 ? 1 : 0;
  head.nattrs = in->nattrs > 2 ? 2 : in->nattrs;
  if (sch_inst_check(s, &head, "b", "ii")) return -1;
  if (in->ninputs != 2 || !decode_map(&in->inputs[1], &m))
    return sch_fail(s, "transform_layout: argument 'index_map' must be an index map (lambda i, j: ...)");
  if (in->nattrs != 4) return sch_fail(s, "transform_layout: expects 4 attributes, got %d", (int)in->nattrs);
  if (in->attrs[3].kind != SCH_ARG_BOOL && (in->attrs[3].kind != SCH_ARG_INT || (uint64_t)in->attrs[3].i > 1))
    return sch_fail(s, "transform_layout: argument 'assume_injective_transform' must be a boolean");
  if (pad_of(s, in, &pad)) return -1;
  return sch_transform_layout(s, in->inputs[0].rv, (int)in->attrs[1].i, (int)in->attrs[0].i, &m, pad);
}

static int apply_pad_einsum(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  int n = 0;
  *nouts = 0;
  if (sch_inst_check(s, in, "b", "I")) return -1;
  int64_t *pads = sch_scratch(s->cx, in->attrs[0].nitems, sizeof *pads);
  for (int i = 0; i < in->attrs[0].nitems; i++) pads[n++] = in->attrs[0].items[i].i;
  return sch_pad_einsum(s, in->inputs[0].rv, pads, n);
}

static const char *const tl_inputs[] = {"block", "index_map", NULL};
static const char *const tl_attrs[] = {"buffer_index", "buffer_index_type", "pad_value", "assume_injective_transform",
                                       NULL};
static const char *const pe_inputs[] = {"block", NULL};
static const char *const pe_attrs[] = {"padding", NULL};

const SchInstKind sch_kind_transform_layout = {"TransformLayout", "transform_layout", apply_transform_layout,
                                               tl_inputs, tl_attrs};
const SchInstKind sch_kind_pad_einsum = {"PadEinsum", "pad_einsum", apply_pad_einsum, pe_inputs, pe_attrs};
