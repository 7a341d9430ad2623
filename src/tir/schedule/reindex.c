/*
 * reindex.c — reindex (TVM's ReIndex in cache_read_write.cc): give one
 * buffer access of a block a buffer of its own, laid out by the block's
 * iter vars.  The access's indices (all loads/stores of the buffer in the
 * block must use the same ones) name some block iter vars, the "covered"
 * ones; the new buffer `<buf>_reindex` has one dimension per covered iter
 * var, in block order, of that var's extent, and the block accesses it at
 * those vars.  A copy block `<dst>_reindex` (iter vars v0.. over the
 * covered domains, loops ax0..) copies buf[indices] into it before the
 * block (a read) or back after it (a write), at the top level of the
 * scope block, which allocates the new buffer.  The block must sit under a
 * plain chain of loops in its scope.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../arith/arith.h"
#include "../transform/transform.h"
#include "schedule_impl.h"

typedef struct Access {
  const Node *buf;
  NodeList idx;
  bool seen, differ;
} Access;

static bool same_list(NodeList a, NodeList b) {
  if (a.n != b.n) return false;
  for (int32_t i = 0; i < a.n; i++)
    if (a.v[i] != b.v[i]) return false;
  return true;
}

static void note(Access *a, NodeList idx) {
  if (a->seen && !same_list(a->idx, idx)) a->differ = true;
  a->idx = idx, a->seen = true;
}

static bool access_walk(Node *n, void *ud) {
  Access *a = ud;
  if (n->kind == NK_BUFFER_LOAD && IR_AS(IrBufferLoad, n)->buffer == a->buf) note(a, IR_AS(IrBufferLoad, n)->indices);
  if (n->kind == NK_BUFFER_STORE && IR_AS(IrBufferStore, n)->buffer == a->buf) note(a, IR_AS(IrBufferStore, n)->indices);
  return n->kind != NK_BLOCK_REALIZE; /* not into nested blocks */
}

/* Rewrite loads/stores of buf to nbuf[vars]. */
typedef struct Rw {
  IrCtx *cx;
  const Node *buf;
  Node *nbuf;
  Node **vars;
  int n;
} Rw;

static Node *rw(Node *n, void *ud) {
  Rw *r = ud;
  if (!n || ir_is_tir_var(n) || n->kind == NK_BUFFER || n->kind == NK_BLOCK_REALIZE) return n;
  Node *m = ir_mutate_children(r->cx, n, rw, ud);
  if (m->kind == NK_BUFFER_LOAD && IR_AS(IrBufferLoad, m)->buffer == r->buf) return ir_buffer_load(r->cx, r->nbuf, r->vars, r->n);
  if (m->kind == NK_BUFFER_STORE && IR_AS(IrBufferStore, m)->buffer == r->buf) {
    Node *c = ir_clone(r->cx, m);
    IR_AS(IrBufferStore, c)->buffer = r->nbuf;
    IR_AS(IrBufferStore, c)->indices = ir_list(r->cx, r->vars, r->n);
    return ir_finish(r->cx, c);
  }
  return m;
}

static NodeList swap_region(Rw *r, NodeList regs) {
  Node **v = sch_scratch(r->cx, regs.n, sizeof *v);
  int n = 0;
  Node **ones = sch_scratch(r->cx, r->n, sizeof *ones);
  for (int i = 0; i < r->n; i++) ones[i] = ir_int(r->cx, r->vars[i]->dtype, 1);
  for (int32_t i = 0; i < regs.n; i++)
    v[n++] = IR_AS(IrBufferRegion, regs.v[i])->buffer == r->buf ? sch_mk_region(r->cx, r->nbuf, r->vars, ones, r->n)
                                                                 : regs.v[i];
  return ir_list(r->cx, v, n);
}

/* The block rewritten to access nbuf at the covered vars. */
static Node *rewrite_block(Rw *r, Node *br) {
  IrBlock *b = sch_block_of(br);
  Node *nb = ir_clone(r->cx, (Node *)b);
  IrBlock *B = IR_AS(IrBlock, nb);
  B->body = rw(b->body, r);
  B->init = b->init ? rw(b->init, r) : NULL;
  B->reads = swap_region(r, b->reads);
  B->writes = swap_region(r, b->writes);
  Node *nr = ir_clone(r->cx, br);
  IR_AS(IrBlockRealize, nr)->block = ir_finish(r->cx, nb);
  return ir_finish(r->cx, nr);
}

/* The copy stage (TVM's MakeReIndexStage). */
static Node *stage(Schedule *s, IrBlock *b, Node **covered, int nc, Node *const *idx, int nidx, Node *buf, Node *nbuf,
                   bool is_write) {
  IrCtx *cx = s->cx;
  Node **vs = sch_scratch(cx, nc, sizeof *vs), **ivs = sch_scratch(cx, nc, sizeof *ivs);
  Node **ax = sch_scratch(cx, nc, sizeof *ax), **ones = sch_scratch(cx, nc, sizeof *ones);
  Node **tgt = sch_scratch(cx, nidx, sizeof *tgt);
  PtrMap vm = {0};
  int k = 0;
  for (int32_t i = 0; i < b->iter_vars.n; i++) {
    IrIterVar *iv = IR_AS(IrIterVar, b->iter_vars.v[i]);
    if (k >= nc || covered[k] != iv->var) continue;
    char nm[16];
    snprintf(nm, sizeof nm, "v%d", k);
    vs[k] = ir_var(cx, nm, iv->var->dtype);
    snprintf(nm, sizeof nm, "ax%d", k);
    ax[k] = ir_var(cx, nm, iv->var->dtype);
    IrRange *dom = IR_AS(IrRange, iv->dom);
    ivs[k] = sch_mk_iter_var(cx, vs[k], dom->min, dom->extent, ITER_SPATIAL);
    ones[k] = ir_int(cx, vs[k]->dtype, 1);
    ptrmap_put(&vm, iv->var, vs[k++]);
  }
  for (int i = 0; i < nidx; i++) tgt[i] = tir_subst(cx, idx[i], &vm, NULL);
  ptrmap_free(&vm);
  Node *src = is_write ? nbuf : buf, *dst = is_write ? buf : nbuf;
  Node **si = is_write ? vs : tgt, **di = is_write ? tgt : vs;
  int ns = is_write ? nc : nidx, nd = is_write ? nidx : nc;
  Node **onesd = sch_scratch(cx, nidx, sizeof *onesd);
  for (int i = 0; i < nidx; i++) onesd[i] = ir_int(cx, tgt[i]->dtype, 1);
  Node *rd = sch_mk_region(cx, src, si, is_write ? ones : onesd, ns);
  Node *wr = sch_mk_region(cx, dst, di, is_write ? onesd : ones, nd);
  Node *st = ir_alloc(cx, NK_BUFFER_STORE, span_none());
  IR_AS(IrBufferStore, st)->buffer = dst;
  IR_AS(IrBufferStore, st)->value = ir_buffer_load(cx, src, si, ns);
  IR_AS(IrBufferStore, st)->indices = ir_list(cx, di, nd);
  Node *blk = ir_alloc(cx, NK_BLOCK, span_none());
  IrBlock *B = IR_AS(IrBlock, blk);
  B->iter_vars = ir_list(cx, ivs, nc);
  B->reads = ir_list(cx, &rd, 1);
  B->writes = ir_list(cx, &wr, 1);
  char nm[256];
  snprintf(nm, sizeof nm, "%s_reindex", IR_AS(IrBuffer, buf)->name);
  B->name = sch_unique_block_name(s, nm);
  B->body = ir_finish(cx, st);
  Node *body = sch_mk_realize(cx, ax, nc, NULL, ir_finish(cx, blk));
  for (int i = nc - 1; i >= 0; i--) {
    IrRange *dom = IR_AS(IrRange, IR_AS(IrIterVar, ivs[i])->dom);
    body = sch_mk_for(cx, ax[i], dom->min, dom->extent, body);
  }
  return body;
}

/* Index of the top-level statement of the scope holding the block, which
 * must sit under a chain of loops; -1 otherwise. */
static int chain_pos(const SchPath *p, int sd) {
  int d = sd + 2, pos = 0;
  if (d >= p->n) return -1;
  if (p->nodes[d]->kind == NK_SEQ) {
    NodeList l = IR_AS(IrArray, p->nodes[d])->items;
    for (pos = 0; pos < l.n && l.v[pos] != p->nodes[d + 1]; pos++) {}
    d++;
  }
  for (; d < p->n - 1; d++)
    if (p->nodes[d]->kind != NK_FOR) return -1;
  return pos;
}

static int fail(Schedule *s, SchPath *p, int rc) {
  sch_path_free(p);
  return rc;
}

/* The covered block iter vars of idx, in block order (out: room for all of b's). */
static int cover(IrBlock *b, Node *const *idx, int n, Node **out) {
  int k = 0;
  for (int32_t i = 0; i < b->iter_vars.n; i++) {
    Node *v = IR_AS(IrIterVar, b->iter_vars.v[i])->var;
    for (int j = 0; j < n; j++)
      if (sch_expr_uses_var(idx[j], v)) {
        out[k++] = v;
        break;
      }
  }
  return k;
}

int sch_reindex(Schedule *s, SchRV block, int type, int idx, SchRV *out) {
  IrCtx *cx = s->cx;
  SchPath path = {0};
  Node *br = sch_block_lookup(s, block, &path);
  if (!br) return fail(s, &path, -1);
  IrBlock *b = sch_block_of(br);
  NodeList regs = type ? b->writes : b->reads;
  if (type < 0 || type > 1 || idx < 0 || idx >= regs.n)
    return fail(s, &path, sch_fail(s, "reindex: block \"%s\" has %d %s buffer(s); index %d is out of range", b->name,
                                   (int)regs.n, type ? "write" : "read", idx));
  Node *buf = IR_AS(IrBufferRegion, regs.v[idx])->buffer;
  int sd = sch_scope_depth(&path);
  int pos = sd < 0 ? -1 : chain_pos(&path, sd);
  if (pos < 0) return fail(s, &path, sch_fail(s, "reindex: block \"%s\" must be under a chain of loops in its scope", b->name));
  Access a = {buf, {0}, false, false};
  ir_walk(b->body, access_walk, &a);
  if (b->init) ir_walk(b->init, access_walk, &a);
  if (!a.seen || a.differ)
    return fail(s, &path, sch_fail(s, "reindex: buffer %s must be accessed with one set of indices in block \"%s\"",
                                   IR_AS(IrBuffer, buf)->name, b->name));
  int nidx = a.idx.n;
  Node **ix = sch_scratch(cx, nidx, sizeof *ix), **covered = sch_scratch(cx, b->iter_vars.n, sizeof *covered);
  Analyzer *az = arith_new(cx);
  for (int32_t i = 0; i < b->iter_vars.n; i++) {
    IrIterVar *iv = IR_AS(IrIterVar, b->iter_vars.v[i]);
    arith_bind(az, iv->var, IR_AS(IrRange, iv->dom)->min, IR_AS(IrRange, iv->dom)->extent);
  }
  for (int i = 0; i < nidx; i++) ix[i] = arith_simplify(az, a.idx.v[i]);
  arith_free(az);
  int nc = cover(b, ix, nidx, covered);
  Node **shape = sch_scratch(cx, nc, sizeof *shape);
  for (int i = 0; i < nc; i++)
    for (int32_t j = 0; j < b->iter_vars.n; j++)
      if (IR_AS(IrIterVar, b->iter_vars.v[j])->var == covered[i])
        shape[i] = IR_AS(IrRange, IR_AS(IrIterVar, b->iter_vars.v[j])->dom)->extent;
  char nm[256];
  snprintf(nm, sizeof nm, "%s_reindex", IR_AS(IrBuffer, buf)->name);
  Node *nbuf = sch_buffer_with_scope(cx, buf, nm, tir_buffer_scope(buf));
  nbuf = tir_buffer_with_shape(cx, nbuf, ir_list(cx, shape, nc), ir_list_empty());
  Node *st = stage(s, b, covered, nc, ix, nidx, buf, nbuf, type == 1);
  Rw r = {cx, buf, nbuf, covered, nc};
  /* rebuild: the block, then the scope with the stage and the allocation */
  sch_replace(s, &path, path.n - 1, rewrite_block(&r, br));
  sch_path_free(&path);
  Node *br2 = sch_block_lookup(s, block, &path);
  sd = sch_scope_depth(&path);
  Node *scope = path.nodes[sd];
  IrBlock *sb = sch_block_of(scope);
  Node *nsb = ir_clone(cx, (Node *)sb);
  IR_AS(IrBlock, nsb)->body = sch_insert_stmt(cx, sb->body, pos + (type == 1), st);
  PtrVec al = {0};
  for (int32_t i = 0; i < sb->alloc_buffers.n; i++) ptrvec_push(&al, sb->alloc_buffers.v[i]);
  ptrvec_push(&al, nbuf);
  IR_AS(IrBlock, nsb)->alloc_buffers = ir_list_from_vec(cx, &al);
  ptrvec_free(&al);
  Node *nr = ir_clone(cx, scope);
  IR_AS(IrBlockRealize, nr)->block = ir_finish(cx, nsb);
  (void)br2;
  sch_replace(s, &path, sd, ir_finish(cx, nr));
  sch_path_free(&path);
  Node *inner = st;
  while (inner->kind == NK_FOR) inner = IR_AS(IrFor, inner)->body;
  *out = sch_rv_block(s, sch_block_of(inner)->name);
  SchArg in[1] = {sch_arg_rv(block)};
  SchArg at[2] = {sch_arg_int(idx), sch_arg_int(type)};
  return sch_record(s, "ReIndex", in, 1, at, 2, NULL, out, 1);
}

static int apply_reindex(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "b", "ii")) return -1;
  *nouts = 1;
  return sch_reindex(s, in->inputs[0].rv, (int)in->attrs[1].i, (int)in->attrs[0].i, outs);
}

static const char *const reindex_inputs[] = {"block", NULL};
static const char *const reindex_attrs[] = {"buffer_index", "buffer_index_type", NULL};
const SchInstKind sch_kind_reindex = {"ReIndex", "reindex", apply_reindex, reindex_inputs, reindex_attrs};
