/*
 * cache.c — primitives that add a buffer and a copy stage, or change how a
 * buffer is stored: cache_read, cache_write, reindex, set_scope and
 * storage_align (TVM's cache_read_write.cc, set_scope.cc,
 * storage_align.cc semantics).
 *
 * A cache stage is one block copying a region of the old buffer to the new
 * one (or back), under loops over that region, inserted in the scope block
 * (the nearest block enclosing the target) at the place TVM's
 * CacheLocDetector chooses: below the lowest loop where the writer comes
 * before the first reader, else at the start (cache_read of an input) or
 * end (cache_write without readers) of the scope.  The region copied is the
 * writer's write region with the loops between that place and the writer
 * relaxed (arith_symbolic_bound).  The new buffer is allocated in the scope
 * block.  Also home to the small statement builders the other primitives of
 * this folder share (sch_mk_*, declared in schedule_impl.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../arith/arith.h"
#include "../transform/transform.h"
#include "schedule_impl.h"

/* ---- builders ------------------------------------------------------------------ */

Node *sch_mk_for(IrCtx *cx, Node *var, Node *min, Node *extent, Node *body) {
  Node *f = ir_alloc(cx, NK_FOR, span_none());
  IrFor *F = IR_AS(IrFor, f);
  F->var = var, F->min = min, F->extent = extent, F->kind = FOR_SERIAL, F->body = body;
  F->annotations = ir_list_empty();
  return ir_finish(cx, f);
}

Node *sch_mk_iter_var(IrCtx *cx, Node *var, Node *min, Node *extent, int iter_type) {
  Node *iv = ir_alloc(cx, NK_ITER_VAR, span_none());
  IR_AS(IrIterVar, iv)->dom = ir_range(cx, min, extent);
  IR_AS(IrIterVar, iv)->var = var;
  IR_AS(IrIterVar, iv)->iter_type = iter_type;
  IR_AS(IrIterVar, iv)->thread_tag = intern("");
  return ir_finish(cx, iv);
}

Node *sch_mk_region(IrCtx *cx, Node *buf, Node *const *mins, Node *const *extents, int n) {
  Node **rs = sch_scratch(cx, n, sizeof *rs);
  for (int i = 0; i < n; i++) rs[i] = ir_range(cx, mins[i], extents[i]);
  Node *r = ir_alloc(cx, NK_BUFFER_REGION, span_none());
  IR_AS(IrBufferRegion, r)->buffer = buf;
  IR_AS(IrBufferRegion, r)->region = ir_list(cx, rs, n);
  return ir_finish(cx, r);
}

Node *sch_mk_realize(IrCtx *cx, Node *const *values, int n, Node *predicate, Node *block) {
  Node *r = ir_alloc(cx, NK_BLOCK_REALIZE, span_none());
  IR_AS(IrBlockRealize, r)->iter_values = ir_list(cx, values, n);
  IR_AS(IrBlockRealize, r)->predicate = predicate ? predicate : ir_bool(cx, true);
  IR_AS(IrBlockRealize, r)->block = block;
  return ir_finish(cx, r);
}

Node *sch_insert_stmt(IrCtx *cx, Node *body, int pos, Node *stmt) {
  Node *items[2] = {body, stmt};
  if (!body) return stmt;
  if (body->kind != NK_SEQ) {
    if (pos == 0) items[0] = stmt, items[1] = body;
    return tir_seq(cx, items, 2);
  }
  NodeList l = IR_AS(IrArray, body)->items;
  Node **v = xmalloc(sizeof(Node *) * (size_t)(l.n + 1));
  if (pos > l.n) pos = l.n;
  if (pos < 0) pos = 0;
  memcpy(v, l.v, sizeof(Node *) * (size_t)pos);
  v[pos] = stmt;
  memcpy(v + pos + 1, l.v + pos, sizeof(Node *) * (size_t)(l.n - pos));
  Node *r = tir_seq(cx, v, l.n + 1);
  free(v);
  return r;
}

Node *sch_buffer_with_scope(IrCtx *cx, Node *buf, const char *name, const char *scope) {
  IrBuffer *ob = IR_AS(IrBuffer, buf);
  Node *pt = ir_alloc(cx, NK_PTR_TYPE, span_none());
  pt->dtype = dtype_is_bool(buf->dtype) ? DT_INT8 : buf->dtype;
  IR_AS(IrStr, pt)->value = intern(scope);
  Node *data = ir_var(cx, name, DT_HANDLE);
  IR_AS(IrVar, data)->type_anno = ir_finish(cx, pt);
  Node *nb = ir_clone(cx, buf);
  IrBuffer *B = IR_AS(IrBuffer, nb);
  B->name = intern(name), B->data = data, B->scope = intern(scope);
  B->strides = ir_list_empty();
  if (!ob->elem_offset || !ir_is_const_int(ob->elem_offset, NULL))
    B->elem_offset = ir_int(cx, ob->shape.n ? ob->shape.v[0]->dtype : DT_INT32, 0);
  return ir_finish(cx, nb);
}

int sch_scope_depth(const SchPath *p) {
  for (int d = p->n - 2; d >= 0; d--)
    if (p->nodes[d]->kind == NK_BLOCK_REALIZE) return d;
  return -1;
}

bool sch_region_has(NodeList regions, const Node *buf) {
  for (int32_t i = 0; i < regions.n; i++)
    if (IR_AS(IrBufferRegion, regions.v[i])->buffer == buf) return true;
  return false;
}

Node *sch_region_of(NodeList regions, const Node *buf) {
  for (int32_t i = 0; i < regions.n; i++)
    if (IR_AS(IrBufferRegion, regions.v[i])->buffer == buf) return regions.v[i];
  return NULL;
}

/* The realize of the block named name below n (not entering other blocks),
 * with the loops on the way pushed onto loops. */
Node *sch_find_block(Node *n, const char *name, PtrVec *loops) {
  if (!n) return NULL;
  switch (n->kind) {
  case NK_BLOCK_REALIZE: return sch_block_of(n)->name == name ? n : NULL;
  case NK_FOR: {
    if (loops) ptrvec_push(loops, n);
    Node *r = sch_find_block(IR_AS(IrFor, n)->body, name, loops);
    if (!r && loops) ptrvec_pop(loops);
    return r;
  }
  case NK_SEQ: {
    NodeList l = IR_AS(IrArray, n)->items;
    for (int32_t i = 0; i < l.n; i++) {
      Node *r = sch_find_block(l.v[i], name, loops);
      if (r) return r;
    }
    return NULL;
  }
  case NK_IF: {
    Node *r = sch_find_block(IR_AS(IrIf, n)->then_case, name, loops);
    return r ? r : sch_find_block(IR_AS(IrIf, n)->else_case, name, loops);
  }
  case NK_LET_STMT: return sch_find_block(IR_AS(IrLet, n)->body, name, loops);
  case NK_ATTR_STMT: return sch_find_block(IR_AS(IrAttrStmt, n)->body, name, loops);
  default: return NULL;
  }
}

/* The child blocks of a scope (not entering them), in program order. */
static void child_blocks(Node *n, PtrVec *out) {
  if (!n) return;
  switch (n->kind) {
  case NK_BLOCK_REALIZE: ptrvec_push(out, sch_block_of(n)); return;
  case NK_FOR: child_blocks(IR_AS(IrFor, n)->body, out); return;
  case NK_SEQ:
    for (int32_t i = 0; i < IR_AS(IrArray, n)->items.n; i++) child_blocks(IR_AS(IrArray, n)->items.v[i], out);
    return;
  case NK_IF:
    child_blocks(IR_AS(IrIf, n)->then_case, out);
    child_blocks(IR_AS(IrIf, n)->else_case, out);
    return;
  case NK_LET_STMT: child_blocks(IR_AS(IrLet, n)->body, out); return;
  case NK_ATTR_STMT: child_blocks(IR_AS(IrAttrStmt, n)->body, out); return;
  default: return;
  }
}

void sch_scope_blocks(Node *scope_block, PtrVec *out) {
  child_blocks(IR_AS(IrBlock, scope_block)->body, out);
}

/* Region of buffer access `region` (in the block's iter vars) seen from
 * above the loops in `relax` (For nodes): iter vars replaced by bindings,
 * the loops' vars relaxed to their ranges. */
Node *sch_relax_region(Schedule *s, Node *region, Node *realize, Node *const *relax, int nrelax) {
  IrCtx *cx = s->cx;
  IrBlockRealize *r = IR_AS(IrBlockRealize, realize);
  IrBlock *b = sch_block_of(realize);
  PtrMap vm = {0};
  for (int32_t i = 0; i < b->iter_vars.n; i++)
    ptrmap_put(&vm, IR_AS(IrIterVar, b->iter_vars.v[i])->var, r->iter_values.v[i]);
  Analyzer *az = arith_new(cx);
  for (int i = 0; i < nrelax; i++) {
    IrFor *f = IR_AS(IrFor, relax[i]);
    arith_bind(az, f->var, f->min, f->extent);
  }
  IrBufferRegion *br = IR_AS(IrBufferRegion, region);
  int n = br->region.n;
  Node **mins = sch_scratch(cx, n, sizeof *mins), **exts = sch_scratch(cx, n, sizeof *exts);
  for (int d = 0; d < n; d++) {
    IrRange *rg = IR_AS(IrRange, br->region.v[d]);
    Node *lo = tir_subst(cx, rg->min, &vm, NULL);
    Node *last = tir_subst(cx, tir_sub(cx, tir_add(cx, rg->min, rg->extent), ir_int(cx, rg->extent->dtype, 1)), &vm, NULL);
    Node *l0, *h0, *l1, *h1;
    arith_symbolic_bound(az, lo, &l0, &h0);
    arith_symbolic_bound(az, last, &l1, &h1);
    mins[d] = l0;
    exts[d] = arith_simplify(az, ir_bin(cx, NK_ADD, ir_bin(cx, NK_SUB, h1, l0), ir_int(cx, h1->dtype, 1)));
  }
  arith_free(az);
  ptrmap_free(&vm);
  return sch_mk_region(cx, br->buffer, mins, exts, n);
}

/* A copy block `dst[v] = src[v]` named name under loops over region
 * (region of the buffer whose shape the block vars range over). */
static Node *copy_stage(Schedule *s, Node *region, Node *src, Node *dst, const char *name) {
  IrCtx *cx = s->cx;
  IrBufferRegion *rg = IR_AS(IrBufferRegion, region);
  IrBuffer *shape_buf = IR_AS(IrBuffer, rg->buffer);
  int n = rg->region.n;
  Node **ax = sch_scratch(cx, n, sizeof *ax), **vals = sch_scratch(cx, n, sizeof *vals);
  Node **vs = sch_scratch(cx, n, sizeof *vs), **ivs = sch_scratch(cx, n, sizeof *ivs);
  Node **ones = sch_scratch(cx, n, sizeof *ones);
  char nm[32];
  for (int i = 0; i < n; i++) {
    IrRange *r = IR_AS(IrRange, rg->region.v[i]);
    snprintf(nm, sizeof nm, "ax%d", i);
    ax[i] = ir_var(cx, nm, r->extent->dtype);
    vals[i] = tir_add(cx, r->min, ax[i]);
    Node *dim = shape_buf->shape.v[i];
    snprintf(nm, sizeof nm, "v%d", i);
    vs[i] = ir_var(cx, nm, dim->dtype);
    ivs[i] = sch_mk_iter_var(cx, vs[i], ir_int(cx, dim->dtype, 0), dim, ITER_SPATIAL);
    ones[i] = ir_int(cx, dim->dtype, 1);
  }
  Node *st = ir_alloc(cx, NK_BUFFER_STORE, span_none());
  IR_AS(IrBufferStore, st)->buffer = dst;
  IR_AS(IrBufferStore, st)->value = ir_buffer_load(cx, src, vs, n);
  IR_AS(IrBufferStore, st)->indices = ir_list(cx, vs, n);
  Node *blk = ir_alloc(cx, NK_BLOCK, span_none());
  IrBlock *B = IR_AS(IrBlock, blk);
  B->iter_vars = ir_list(cx, ivs, n);
  Node *rd = sch_mk_region(cx, src, vs, ones, n), *wr = sch_mk_region(cx, dst, vs, ones, n);
  B->reads = ir_list(cx, &rd, 1);
  B->writes = ir_list(cx, &wr, 1);
  B->name = sch_unique_block_name(s, name);
  B->body = ir_finish(cx, st);
  Node *body = sch_mk_realize(cx, vals, n, NULL, ir_finish(cx, blk));
  for (int i = n - 1; i >= 0; i--)
    body = sch_mk_for(cx, ax[i], ir_int(cx, ax[i]->dtype, 0), IR_AS(IrRange, rg->region.v[i])->extent, body);
  return body;
}

/* ---- where a stage goes (TVM's CacheLocDetector) ---------------------------------- */

typedef struct Loc {
  const Node *writer;    /* Block */
  PtrVec *related;       /* Blocks */
  bool vb, vr;
  Node *loc;             /* For, or NULL for the scope block */
  int pos;
} Loc;

static bool is_related(Loc *d, const Node *b) {
  for (int32_t i = 0; i < d->related->len; i++)
    if (d->related->data[i] == b) return true;
  return false;
}

static void detect(Loc *d, Node *n) {
  if (!n) return;
  switch (n->kind) {
  case NK_SEQ: {
    bool prev = d->vb;
    d->vb = false;
    NodeList l = IR_AS(IrArray, n)->items;
    for (int32_t i = 0; i < l.n && d->pos == -1; i++) {
      detect(d, l.v[i]);
      if (d->vb && d->vr && d->pos == -1) {
        d->pos = i;
        break;
      }
      if (d->vr) break;
    }
    d->vb = d->vb || prev;
    return;
  }
  case NK_BLOCK_REALIZE: {
    IrBlock *b = sch_block_of(n);
    if ((Node *)b == d->writer) d->vb = true;
    else if (is_related(d, (Node *)b)) d->vr = true;
    return;
  }
  case NK_FOR:
    detect(d, IR_AS(IrFor, n)->body);
    if (d->vb && d->vr && !d->loc && d->pos != -1) d->loc = n;
    return;
  case NK_IF: detect(d, IR_AS(IrIf, n)->then_case); detect(d, IR_AS(IrIf, n)->else_case); return;
  case NK_LET_STMT: detect(d, IR_AS(IrLet, n)->body); return;
  case NK_ATTR_STMT: detect(d, IR_AS(IrAttrStmt, n)->body); return;
  default: return;
  }
}

/* Fill *loc (a For or NULL: the scope) and *pos. */
static void find_loc(Node *scope_block, const Node *writer, PtrVec *related, bool at_end, Node **loc, int *pos) {
  Node *body = IR_AS(IrBlock, scope_block)->body;
  Loc d = {writer, related, false, false, NULL, -1};
  if (related->len) detect(&d, body);
  if (related->len && d.vb && d.vr && (d.loc || d.pos != -1)) {
    *loc = d.loc;
    *pos = d.pos == -1 ? 1 : d.pos;
    return;
  }
  *loc = NULL;
  *pos = at_end ? (body && body->kind == NK_SEQ ? IR_AS(IrArray, body)->items.n : 1) : 0;
}

/* ---- the rewrite ----------------------------------------------------------------- */

typedef struct Rw {
  IrCtx *cx;
  PtrMap bufs;        /* old buffer -> new */
  PtrVec *targets;    /* Blocks whose accesses switch buffers */
  Node *loc;          /* For to insert into (NULL: scope) */
  int pos;
  Node *stage;
} Rw;

static Node *rw(Node *n, void *ud) {
  Rw *w = ud;
  if (!n || !ir_is_stmt(n)) return n;
  if (n->kind == NK_BLOCK_REALIZE) {
    for (int32_t i = 0; i < w->targets->len; i++)
      if (w->targets->data[i] == (void *)sch_block_of(n)) return tir_subst(w->cx, n, NULL, &w->bufs);
  }
  Node *m = ir_mutate_children(w->cx, n, rw, ud);
  if (n == w->loc) {
    Node *f = ir_clone(w->cx, m);
    IR_AS(IrFor, f)->body = sch_insert_stmt(w->cx, IR_AS(IrFor, m)->body, w->pos, w->stage);
    m = ir_finish(w->cx, f);
  }
  return m;
}

/* Rewrite the scope at path->nodes[sd]: switch buffers in targets, insert
 * stage, allocate newbuf; commit. */
static void rewrite_scope(Schedule *s, SchPath *path, int sd, Rw *w, Node *newbuf) {
  Node *realize = path->nodes[sd];
  IrBlock *sb = sch_block_of(realize);
  Node *body = rw(sb->body, w);
  if (!w->loc) body = sch_insert_stmt(s->cx, body, w->pos, w->stage);
  Node *nb = ir_clone(s->cx, (Node *)sb);
  IrBlock *B = IR_AS(IrBlock, nb);
  B->body = body;
  if (newbuf) {
    Node **v = xmalloc(sizeof(Node *) * (size_t)(sb->alloc_buffers.n + 1));
    if (sb->alloc_buffers.n) memcpy(v, sb->alloc_buffers.v, sizeof(Node *) * (size_t)sb->alloc_buffers.n);
    v[sb->alloc_buffers.n] = newbuf;
    B->alloc_buffers = ir_list(s->cx, v, sb->alloc_buffers.n + 1);
    free(v);
  }
  Node *nr = ir_clone(s->cx, realize);
  IR_AS(IrBlockRealize, nr)->block = ir_finish(s->cx, nb);
  sch_replace(s, path, sd, ir_finish(s->cx, nr));
}

/* Blocks named by consumer references; -1 on an invalid one. */
static int consumer_list(Schedule *s, const SchRV *cons, int n, PtrVec *out) {
  for (int i = 0; i < n; i++) {
    Node *r = sch_block_lookup(s, cons[i], NULL);
    if (!r) return -1;
    ptrvec_push(out, sch_block_of(r));
  }
  return 0;
}

static bool in_vec(const PtrVec *v, const void *p) {
  for (int32_t i = 0; i < v->len; i++)
    if (v->data[i] == p) return true;
  return false;
}

static void record_cache(Schedule *s, const char *kind, SchRV block, const SchRV *cons, int ncons, int idx,
                         const char *scope, SchRV out) {
  SchArg *items = sch_scratch(s->cx, ncons, sizeof *items);
  for (int i = 0; i < ncons; i++) items[i] = sch_arg_rv(cons[i]);
  SchArg in[2] = {sch_arg_rv(block), sch_arg_list(items, ncons)};
  SchArg at[2] = {sch_arg_int(idx), sch_arg_str(scope)};
  sch_record(s, kind, in, 2, at, 2, NULL, &out, 1);
}

/* ---- cache_read ----------------------------------------------------------------- */

/* The only writer of buf among blocks (NULL if none); -1 if several. */
static int only_writer(PtrVec *blocks, const Node *buf, Node **out) {
  *out = NULL;
  int n = 0;
  for (int32_t i = 0; i < blocks->len; i++)
    if (sch_region_has(IR_AS(IrBlock, blocks->data[i])->writes, buf)) *out = blocks->data[i], n++;
  return n > 1 ? -1 : 0;
}

static int cache_read_fail(Schedule *s, SchPath *p, PtrVec *a, PtrVec *b, int rc) {
  sch_path_free(p);
  ptrvec_free(a);
  ptrvec_free(b);
  return rc;
}

/* What cache_read and cache_write begin with: the block, its idx-th read
 * (or write) buffer, the scope block around it (depth *sd in path), the
 * consumers named in cons (into targets), every block of the scope (into
 * blocks) and the buffer's only writer (NULL: none in the scope).  0, or
 * the error recorded and -1; the caller frees path, blocks and targets. */
typedef struct CacheSite {
  IrBlock *b;
  int sd;
  Node *buf, *scope_block, *writer;
} CacheSite;

static int cache_site(Schedule *s, bool write, SchRV block, int idx, const SchRV *cons, int ncons, SchPath *path,
                      PtrVec *blocks, PtrVec *targets, CacheSite *cs) {
  const char *prim = write ? "cache_write" : "cache_read";
  Node *br = sch_block_lookup(s, block, path);
  if (!br) return -1;
  IrBlock *b = cs->b = sch_block_of(br);
  NodeList rw = write ? b->writes : b->reads;
  if (idx < 0 || idx >= rw.n)
    return sch_fail(s, "%s: block \"%s\" has %d %s buffer(s); index %d is out of range", prim, b->name, (int)rw.n,
                    write ? "write" : "read", idx);
  cs->sd = sch_scope_depth(path);
  if (cs->sd < 0) return sch_fail(s, "%s: block \"%s\" has no scope block", prim, b->name);
  if (consumer_list(s, cons, ncons, targets)) return -1;
  cs->buf = IR_AS(IrBufferRegion, rw.v[idx])->buffer;
  cs->scope_block = (Node *)sch_block_of(path->nodes[cs->sd]);
  sch_scope_blocks(cs->scope_block, blocks);
  if (only_writer(blocks, cs->buf, &cs->writer))
    return sch_fail(s, "%s: buffer %s is written by more than one block", prim, IR_AS(IrBuffer, cs->buf)->name);
  return 0;
}

/* What cache_read and cache_write end with: a copy stage over region
 * between buf and its new scope copy (read: buf into the copy; write: the
 * copy into buf), placed at loc/pos; targets switched to the copy; the
 * stage's block returned in *out and the step recorded. */
static void cache_stage(Schedule *s, bool write, SchPath *path, int sd, PtrVec *targets, Node *loc, int pos,
                        Node *region, Node *buf, const char *scope, SchRV block, const SchRV *cons, int ncons,
                        int idx, SchRV *out) {
  char nm[256];
  snprintf(nm, sizeof nm, "%s_%s", IR_AS(IrBuffer, buf)->name, scope);
  Node *nbuf = sch_buffer_with_scope(s->cx, buf, nm, scope);
  Node *stage = write ? copy_stage(s, region, nbuf, buf, nm) : copy_stage(s, region, buf, nbuf, nm);
  Rw w = {s->cx, {0}, targets, loc, pos, stage};
  ptrmap_put(&w.bufs, buf, nbuf);
  rewrite_scope(s, path, sd, &w, nbuf);
  ptrmap_free(&w.bufs);
  Node *inner = stage;
  while (inner->kind == NK_FOR) inner = IR_AS(IrFor, inner)->body;
  *out = sch_rv_block(s, sch_block_of(inner)->name);
  record_cache(s, write ? "CacheWrite" : "CacheRead", block, cons, ncons, idx, scope, *out);
}

int sch_cache_read(Schedule *s, SchRV block, int idx, const char *scope, const SchRV *cons, int ncons,
                   SchRV *out) {
  SchPath path = {0};
  PtrVec blocks = {0}, targets = {0};
  CacheSite cs;
  if (cache_site(s, false, block, idx, cons, ncons, &path, &blocks, &targets, &cs))
    return cache_read_fail(s, &path, &blocks, &targets, -1);
  Node *buf = cs.buf, *scope_block = cs.scope_block, *writer = cs.writer;
  if (!ncons)
    for (int32_t i = 0; i < blocks.len; i++) {
      IrBlock *c = blocks.data[i];
      if ((Node *)c != writer && sch_region_has(c->reads, buf)) ptrvec_push(&targets, c);
    }
  Node *loc = NULL, *region;
  int pos = 0;
  if (writer) {
    find_loc(scope_block, writer, &targets, true, &loc, &pos);
    PtrVec loops = {0};
    Node *wr = sch_find_block(IR_AS(IrBlock, scope_block)->body, IR_AS(IrBlock, writer)->name, &loops);
    int from = 0;
    for (int32_t i = 0; loc && i < loops.len; i++)
      if (loops.data[i] == loc) from = i + 1;
    region = sch_relax_region(s, sch_region_of(IR_AS(IrBlock, writer)->writes, buf), wr,
                              (Node *const *)loops.data + from, loops.len - from);
    ptrvec_free(&loops);
  } else {
    Node *r = sch_region_of(IR_AS(IrBlock, scope_block)->reads, buf);
    IrBuffer *B = IR_AS(IrBuffer, buf);
    Node **mins = sch_scratch(s->cx, B->shape.n, sizeof *mins), **exts = sch_scratch(s->cx, B->shape.n, sizeof *exts);
    for (int32_t d = 0; d < B->shape.n; d++) mins[d] = ir_int(s->cx, B->shape.v[d]->dtype, 0), exts[d] = B->shape.v[d];
    region = r ? r : sch_mk_region(s->cx, buf, mins, exts, B->shape.n);
  }
  cache_stage(s, false, &path, cs.sd, &targets, loc, pos, region, buf, scope, block, cons, ncons, idx, out);
  return cache_read_fail(s, &path, &blocks, &targets, 0);
}

/* ---- cache_write ---------------------------------------------------------------- */

int sch_cache_write(Schedule *s, SchRV block, int idx, const char *scope, const SchRV *cons, int ncons,
                    SchRV *out) {
  SchPath path = {0};
  PtrVec blocks = {0}, targets = {0}, related = {0};
  CacheSite cs;
  if (cache_site(s, true, block, idx, cons, ncons, &path, &blocks, &targets, &cs))
    return cache_read_fail(s, &path, &blocks, &targets, -1);
  IrBlock *b = cs.b;
  Node *scope_block = cs.scope_block;
  for (int32_t i = 0; i < blocks.len; i++) {
    IrBlock *c = blocks.data[i];
    if (c != b && sch_region_has(c->reads, cs.buf) && !in_vec(&targets, c)) ptrvec_push(&related, c);
  }
  ptrvec_push(&targets, b);
  Node *loc = NULL;
  int pos = 0;
  find_loc(scope_block, (Node *)b, &related, true, &loc, &pos);
  ptrvec_free(&related);
  PtrVec loops = {0};
  Node *wr = sch_find_block(IR_AS(IrBlock, scope_block)->body, b->name, &loops);
  int from = 0;
  for (int32_t i = 0; loc && i < loops.len; i++)
    if (loops.data[i] == loc) from = i + 1;
  Node *region = sch_relax_region(s, b->writes.v[idx], wr, (Node *const *)loops.data + from, loops.len - from);
  ptrvec_free(&loops);
  cache_stage(s, true, &path, cs.sd, &targets, loc, pos, region, cs.buf, scope, block, cons, ncons, idx, out);
  return cache_read_fail(s, &path, &blocks, &targets, 0);
}

/* ---- set_scope ------------------------------------------------------------------ */

/* The write buffer idx of the block at path's end, checked to be allocated
 * by a block (not a parameter); NULL with the error set. */
static Node *alloc_write_buffer(Schedule *s, const char *prim, IrBlock *b, int idx) {
  if (idx < 0 || idx >= b->writes.n) {
    sch_fail(s, "%s: block \"%s\" has %d write buffer(s); index %d is out of range", prim, b->name,
             (int)b->writes.n, idx);
    return NULL;
  }
  Node *buf = IR_AS(IrBufferRegion, b->writes.v[idx])->buffer;
  IrPrimFunc *f = IR_AS(IrPrimFunc, sch_func(s));
  for (int32_t i = 0; i < f->buffer_map.n; i++)
    if (IR_AS(IrBinary, f->buffer_map.v[i])->b == buf) {
      sch_fail(s, "%s: buffer %s is a function parameter, not allocated by a block", prim,
               IR_AS(IrBuffer, buf)->name);
      return NULL;
    }
  return buf;
}

int sch_set_scope(Schedule *s, SchRV block, int idx, const char *scope) {
  Node *br = sch_block_lookup(s, block, NULL);
  if (!br) return -1;
  Node *buf = alloc_write_buffer(s, "set_scope", sch_block_of(br), idx);
  if (!buf) return -1;
  Node *nbuf = sch_buffer_with_scope(s->cx, buf, IR_AS(IrBuffer, buf)->name, scope);
  PtrMap m = {0};
  ptrmap_put(&m, buf, nbuf);
  Node *f = sch_func(s);
  sch_set_func(s, tir_func_with_body(s->cx, f, tir_subst(s->cx, IR_AS(IrPrimFunc, f)->body, NULL, &m)));
  ptrmap_free(&m);
  SchArg in[1] = {sch_arg_rv(block)};
  SchArg at[2] = {sch_arg_int(idx), sch_arg_str(scope)};
  return sch_record(s, "SetScope", in, 1, at, 2, NULL, NULL, 0);
}

/* ---- storage_align -------------------------------------------------------------- */

static Node *int_array(IrCtx *cx, const int64_t *v, int n) {
  Node *items[4];
  for (int i = 0; i < n; i++) items[i] = ir_int(cx, DT_INT32, v[i]);
  Node *a = ir_alloc(cx, NK_ARRAY, span_none());
  IR_AS(IrArray, a)->items = ir_list(cx, items, n);
  return ir_finish(cx, a);
}

/* The "buffer_dim_align" annotation value with [idx, axis, factor, offset]
 * added (replacing an entry for the same buffer and axis). */
static Node *dim_align_value(IrCtx *cx, Node *old, const int64_t q[4]) {
  PtrVec v = {0};
  if (old && old->kind == NK_ARRAY)
    for (int32_t i = 0; i < IR_AS(IrArray, old)->items.n; i++) {
      Node *e = IR_AS(IrArray, old)->items.v[i];
      int64_t a = -1, b = -1;
      if (e->kind == NK_ARRAY && IR_AS(IrArray, e)->items.n == 4)
        ir_is_const_int(IR_AS(IrArray, e)->items.v[0], &a), ir_is_const_int(IR_AS(IrArray, e)->items.v[1], &b);
      if (a != q[0] || b != q[1]) ptrvec_push(&v, e);
    }
  ptrvec_push(&v, int_array(cx, q, 4));
  Node *a = ir_alloc(cx, NK_ARRAY, span_none());
  IR_AS(IrArray, a)->items = ir_list_from_vec(cx, &v);
  ptrvec_free(&v);
  return ir_finish(cx, a);
}

/* annotations with key set to value. */
NodeList sch_annotations_set(IrCtx *cx, NodeList ann, const char *key, Node *value) {
  PtrVec v = {0};
  bool done = false;
  Node *kp = ir_string(cx, key);
  for (int32_t i = 0; i < ann.n; i++) {
    Node *p = ann.v[i];
    if (p->kind == NK_PAIR && IR_AS(IrBinary, p)->a == kp) {
      Node *np = ir_clone(cx, p);
      IR_AS(IrBinary, np)->b = value;
      ptrvec_push(&v, ir_finish(cx, np));
      done = true;
    } else {
      ptrvec_push(&v, p);
    }
  }
  if (!done) {
    Node *np = ir_alloc(cx, NK_PAIR, span_none());
    IR_AS(IrBinary, np)->a = kp, IR_AS(IrBinary, np)->b = value;
    ptrvec_push(&v, ir_finish(cx, np));
  }
  NodeList r = ir_list_from_vec(cx, &v);
  ptrvec_free(&v);
  return r;
}

int sch_storage_align(Schedule *s, SchRV block, int idx, int axis, int factor, int offset) {
  SchPath path = {0};
  Node *br = sch_block_lookup(s, block, &path);
  if (!br) return sch_path_free(&path), -1;
  IrBlock *b = sch_block_of(br);
  Node *buf = alloc_write_buffer(s, "storage_align", b, idx);
  int ndim = buf ? IR_AS(IrBuffer, buf)->shape.n : 0;
  if (buf && (axis < -ndim || axis >= ndim)) {
    sch_fail(s, "storage_align: axis %d is out of range for buffer %s of %d dimension(s)", axis,
             IR_AS(IrBuffer, buf)->name, ndim);
    buf = NULL;
  } else if (buf && factor <= 0) {
    sch_fail(s, "storage_align: factor must be positive, got %d", factor);
    buf = NULL;
  } else if (buf && (offset < 0 || offset >= factor)) {
    sch_fail(s, "storage_align: offset %d must be in [0, factor) = [0, %d)", offset, factor);
    buf = NULL;
  }
  if (!buf) return sch_path_free(&path), -1;
  if (axis < 0) axis += ndim;
  int64_t q[4] = {idx, axis, factor, offset};
  Node *nb = ir_clone(s->cx, (Node *)b);
  IR_AS(IrBlock, nb)->annotations = sch_annotations_set(
      s->cx, b->annotations, "buffer_dim_align", dim_align_value(s->cx, ir_attrs_get(b->annotations, "buffer_dim_align"), q));
  Node *nr = ir_clone(s->cx, br);
  IR_AS(IrBlockRealize, nr)->block = ir_finish(s->cx, nb);
  sch_replace(s, &path, path.n - 1, ir_finish(s->cx, nr));
  sch_path_free(&path);
  SchArg in[1] = {sch_arg_rv(block)};
  SchArg at[4] = {sch_arg_int(idx), sch_arg_int(axis), sch_arg_int(factor), sch_arg_int(offset)};
  return sch_record(s, "StorageAlign", in, 1, at, 4, NULL, NULL, 0);
}

/* ---- instruction kinds ------------------------------------------------------------ */

static int apply_cache(Schedule *s, const SchInst *in, SchRV *outs, int *nouts, bool read) {
  int n = 0;
  *nouts = 0;
  if (sch_inst_check(s, in, "bK", "is")) return -1;
  SchRV *cons = sch_scratch(s->cx, in->inputs[1].kind == SCH_ARG_LIST ? in->inputs[1].nitems : 0, sizeof *cons);
  for (int i = 0; in->inputs[1].kind == SCH_ARG_LIST && i < in->inputs[1].nitems; i++)
    cons[n++] = in->inputs[1].items[i].rv;
  if ((read ? sch_cache_read : sch_cache_write)(s, in->inputs[0].rv, (int)in->attrs[0].i, in->attrs[1].s, cons, n,
                                                outs))
    return -1;
  *nouts = 1;
  return 0;
}
static int apply_cache_read(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  return apply_cache(s, in, outs, nouts, true);
}
static int apply_cache_write(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  return apply_cache(s, in, outs, nouts, false);
}
static int apply_set_scope(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "b", "is")) return -1;
  return sch_set_scope(s, in->inputs[0].rv, (int)in->attrs[0].i, in->attrs[1].s);
}
static int apply_storage_align(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "b", "iiii")) return -1;
  return sch_storage_align(s, in->inputs[0].rv, (int)in->attrs[0].i, (int)in->attrs[1].i, (int)in->attrs[2].i,
                           (int)in->attrs[3].i);
}

static const char *const cache_inputs[] = {"block", "consumer_blocks", NULL};
static const char *const cache_read_attrs[] = {"read_buffer_index", "storage_scope", NULL};
static const char *const cache_write_attrs[] = {"write_buffer_index", "storage_scope", NULL};
static const char *const block_only[] = {"block", NULL};
static const char *const set_scope_attrs[] = {"buffer_index", "storage_scope", NULL};
static const char *const storage_align_attrs[] = {"buffer_index", "axis", "factor", "offset", NULL};

const SchInstKind sch_kind_cache_read = {"CacheRead", "cache_read", apply_cache_read, cache_inputs, cache_read_attrs};
const SchInstKind sch_kind_cache_write = {"CacheWrite", "cache_write", apply_cache_write, cache_inputs,
                                          cache_write_attrs};
const SchInstKind sch_kind_set_scope = {"SetScope", "set_scope", apply_set_scope, block_only, set_scope_attrs};
const SchInstKind sch_kind_storage_align = {"StorageAlign", "storage_align", apply_storage_align, block_only,
                                            storage_align_attrs};
