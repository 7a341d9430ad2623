/*
 * inline.c — compute_inline (substitute an elementwise stage into every load
 * of its buffer in the scope, removing the stage and its buffer) and
 * reverse_compute_inline (fold an elementwise consumer into the stores of its
 * single producer).  TVM's semantics and conditions (src/tir/schedule/
 * primitive/compute_inline.cc); the instruction kinds ComputeInline and
 * ReverseComputeInline are defined here.  Helpers from compute_util.h;
 * scopes and dependences from analysis.c.
 */
#include <stdlib.h>
#include <string.h>

#include "../../arith/arith.h"
#include "../transform/transform.h"
#include "compute_util.h"

/* ---- compute_inline / reverse_compute_inline -------------------------------------- */

typedef struct Inl {
  IrCtx *cx;
  Node *buf;       /* the inlined buffer */
  Node *drop;      /* the statement removed (the inlined block's subtree) */
  Node *value;     /* compute_inline: the producer's value */
  Node **vars;     /* its index vars, one per buffer dimension */
  int nvars;
  Node *root;      /* the scope root Block (kept as is but for alloc_buffers) */
} Inl;

static Node *subst_at(Inl *in, Node *e, NodeList idx) {
  PtrMap m = {0};
  for (int i = 0; i < in->nvars && i < idx.n; i++) ptrmap_put(&m, in->vars[i], idx.v[i]);
  Node *r = tir_subst(in->cx, e, &m, NULL);
  ptrmap_free(&m);
  return r;
}

/* Replace every load of buf by the producer's value; drop the producer. */
static Node *inline_loads(Node *n, void *ud) {
  Inl *in = ud;
  if (!n || n->kind == NK_BUFFER || ir_cat(n) == CAT_VAR) return n;
  if (n->kind == NK_SEQ) {
    IrArray *a = IR_AS(IrArray, n);
    PtrVec v = {0};
    bool changed = false;
    for (int32_t i = 0; i < a->items.n; i++) {
      Node *c = a->items.v[i] == in->drop ? NULL : inline_loads(a->items.v[i], in);
      changed |= c != a->items.v[i];
      if (c) ptrvec_push(&v, c);
    }
    Node *r = changed ? tir_seq(in->cx, (Node **)v.data, v.len) : n;
    ptrvec_free(&v);
    return r;
  }
  Node *m = ir_mutate_children(in->cx, n, inline_loads, in);
  if (m->kind == NK_BUFFER_LOAD && IR_AS(IrBufferLoad, m)->buffer == in->buf)
    return subst_at(in, in->value, IR_AS(IrBufferLoad, m)->indices);
  if (m != n && m->kind == NK_BLOCK && n != in->root) return sch_block_with_access(in->cx, m);
  return m;
}

typedef struct Refs {
  Node *buf;
  bool found;
} Refs;

static bool find_ref(Node *n, void *ud) {
  Refs *r = ud;
  if ((n->kind == NK_BUFFER_LOAD && IR_AS(IrBufferLoad, n)->buffer == r->buf) ||
      (n->kind == NK_BUFFER_STORE && IR_AS(IrBufferStore, n)->buffer == r->buf) ||
      (n->kind == NK_BUFFER_REGION && IR_AS(IrBufferRegion, n)->buffer == r->buf) ||
      (n->kind == NK_MATCH_BUFFER && IR_AS(IrMatchBuffer, n)->buffer == r->buf))
    r->found = true;
  return !r->found && n->kind != NK_BUFFER;
}

/* Does the statement still refer to buf (the root block's own
 * alloc_buffers aside)? */
static bool refers(Node *stmt, Node *buf) {
  Refs r = {buf, false};
  ir_walk(stmt, find_ref, &r);
  return r.found;
}

/* The root realize with body and without buf among its alloc_buffers. */
static Node *root_without(IrCtx *cx, Node *root, Node *body, Node *buf) {
  IrBlock *b = sch_block_of(root);
  PtrVec keep = {0};
  for (int32_t i = 0; i < b->alloc_buffers.n; i++)
    if (b->alloc_buffers.v[i] != buf) ptrvec_push(&keep, b->alloc_buffers.v[i]);
  Node *nb = ir_clone(cx, (Node *)b);
  IR_AS(IrBlock, nb)->body = body;
  IR_AS(IrBlock, nb)->alloc_buffers = ir_list_from_vec(cx, &keep);
  ptrvec_free(&keep);
  Node *r = ir_clone(cx, root);
  IR_AS(IrBlockRealize, r)->block = ir_finish(cx, nb);
  return ir_finish(cx, r);
}

static bool allocated_in(Node *root, Node *buf) {
  IrBlock *b = sch_block_of(root);
  for (int32_t i = 0; i < b->alloc_buffers.n; i++)
    if (b->alloc_buffers.v[i] == buf) return true;
  return false;
}

typedef struct LoadFind {
  Node *buf;
  PtrVec loads;
} LoadFind;

static bool find_load(Node *n, void *ud) {
  LoadFind *f = ud;
  if (n->kind == NK_BUFFER_LOAD && IR_AS(IrBufferLoad, n)->buffer == f->buf) ptrvec_push(&f->loads, n);
  return true;
}

/* Indices that are distinct iterators of b, one per dimension: their vars. */
static bool distinct_iters(IrBlock *b, NodeList idx, Node **vars) {
  for (int32_t i = 0; i < idx.n; i++) {
    bool ok = false;
    for (int32_t k = 0; k < b->iter_vars.n; k++) ok |= IR_AS(IrIterVar, b->iter_vars.v[k])->var == idx.v[i];
    for (int32_t k = 0; k < i; k++) ok &= idx.v[k] != idx.v[i];
    if (!ok) return false;
    vars[i] = idx.v[i];
  }
  return true;
}

/* TVM's conditions on the inlined producer. */
static int inline_check(Schedule *s, const SchScope *sc, Node *realize, const SchPath *bp, Node **vars) {
  IrBlock *b = sch_block_of(realize);
  const char *name = b->name;
  if (sc->root_depth < 0 || realize == sc->root)
    return sch_fail(s, "compute_inline: block \"%s\" is the root block", name);
  if (sch_block_kind(b) != SCH_BLOCK_COMPLETE)
    return sch_fail(s, "compute_inline: block \"%s\" is not a complete block", name);
  if (b->body->kind != NK_BUFFER_STORE)
    return sch_fail(s, "compute_inline: the body of block \"%s\" is not a single BufferStore", name);
  IrBufferStore *st = IR_AS(IrBufferStore, b->body);
  if (!allocated_in(sc->root, st->buffer))
    return sch_fail(s, "compute_inline: block \"%s\" is an output block (it writes \"%s\")", name,
                    IR_AS(IrBuffer, st->buffer)->name);
  if (!distinct_iters(b, st->indices, vars))
    return sch_fail(s, "compute_inline: the store of block \"%s\" is not indexed by distinct block iterators", name);
  PtrMap ivars = {0}, used = {0};
  for (int32_t i = 0; i < b->iter_vars.n; i++) ptrmap_put(&ivars, IR_AS(IrIterVar, b->iter_vars.v[i])->var, (void *)1);
  for (int32_t i = 0; i < st->indices.n; i++) ptrmap_put(&used, st->indices.v[i], (void *)1);
  bool stray = false;
  for (int32_t i = 0; i < b->iter_vars.n; i++) {
    Node *v = IR_AS(IrIterVar, b->iter_vars.v[i])->var;
    PtrMap one = {0};
    ptrmap_put(&one, v, v);
    if (!ptrmap_has(&used, v) && sch_uses_vars(st->value, &one)) stray = true;
    ptrmap_free(&one);
  }
  ptrmap_free(&ivars);
  ptrmap_free(&used);
  if (stray)
    return sch_fail(s, "compute_inline: the value of block \"%s\" uses an iterator that does not index its store", name);
  if (refers(st->value, st->buffer))
    return sch_fail(s, "compute_inline: block \"%s\" reads the buffer it writes", name);
  if (sch_removal_depth(bp, sc->root_depth + 1) < 0)
    return sch_fail(s, "compute_inline: block \"%s\" cannot be removed from its location", name);
  return 0;
}

int sch_compute_inline(Schedule *s, SchRV brv) {
  SchPath bp = {0};
  Node *realize = sch_block_lookup(s, brv, &bp);
  if (!realize) return sch_path_free(&bp), -1;
  SchScope sc;
  sch_scope_fill(&sc, &bp, bp.n - 1);
  IrBlock *b = sch_block_of(realize);
  Node **vars = sch_scratch(s->cx, b->body->kind == NK_BUFFER_STORE ? IR_AS(IrBufferStore, b->body)->indices.n : 0,
                            sizeof *vars);
  int rc = inline_check(s, &sc, realize, &bp, vars);
  if (!rc) rc = sch_require_stage_pipeline(s, &sc, "compute_inline");
  if (!rc) {
    IrBufferStore *st = IR_AS(IrBufferStore, b->body);
    Inl in = {s->cx, st->buffer, bp.nodes[sch_removal_depth(&bp, sc.root_depth + 1)], st->value, vars,
              st->indices.n, (Node *)sch_block_of(sc.root)};
    Node *body = inline_loads(sch_block_of(sc.root)->body, &in);
    if (refers(body, st->buffer)) {
      rc = sch_fail(s, "compute_inline: buffer \"%s\" of block \"%s\" is accessed opaquely (not by BufferLoad)",
                    IR_AS(IrBuffer, st->buffer)->name, b->name);
    } else {
      SchPath rp = {bp.nodes, sc.root_depth + 1, 0};
      sch_replace(s, &rp, sc.root_depth, root_without(s->cx, sc.root, body, st->buffer));
    }
  }
  sch_scope_free(&sc);
  sch_path_free(&bp);
  if (rc) return -1;
  sch_refresh_rvs(s);
  SchArg inp[] = {sch_arg_rv(brv)};
  return sch_record(s, "ComputeInline", inp, 1, NULL, 0, NULL, NULL, 0);
}

typedef struct Rev {
  IrCtx *cx;
  Node *buf;          /* the buffer between producer and consumer */
  IrBlock *cons;      /* the consumer */
  NodeList lidx;      /* its load indices of buf: distinct iterators */
  int bad;            /* the producer reads buf */
} Rev;

typedef struct LoadRepl {
  IrCtx *cx;
  Node *buf, *value;
} LoadRepl;

static Node *repl_load(Node *n, void *ud) {
  LoadRepl *r = ud;
  if (!n || n->kind == NK_BUFFER || ir_cat(n) == CAT_VAR) return n;
  if (n->kind == NK_BUFFER_LOAD && IR_AS(IrBufferLoad, n)->buffer == r->buf) return r->value;
  return ir_mutate_children(r->cx, n, repl_load, r);
}

/* In the producer: `B[p] = v` becomes the consumer's store at p. */
static Node *rev_store(Node *n, void *ud) {
  Rev *r = ud;
  if (!n || !ir_is_stmt(n)) return n;
  if (n->kind != NK_BUFFER_STORE || IR_AS(IrBufferStore, n)->buffer != r->buf)
    return ir_mutate_children(r->cx, n, rev_store, r);
  IrBufferStore *p = IR_AS(IrBufferStore, n), *c = IR_AS(IrBufferStore, r->cons->body);
  if (refers(p->value, r->buf)) r->bad = 1;
  PtrMap m = {0};
  for (int32_t d = 0; d < r->lidx.n; d++) ptrmap_put(&m, r->lidx.v[d], p->indices.v[d]);
  LoadRepl lr = {r->cx, r->buf, p->value};
  Node *ns = ir_clone(r->cx, n);
  IrBufferStore *N = IR_AS(IrBufferStore, ns);
  N->buffer = c->buffer;
  N->value = repl_load(tir_subst(r->cx, c->value, &m, NULL), &lr);
  Node **idx = xcalloc((size_t)c->indices.n + 1, sizeof(Node *));
  for (int32_t d = 0; d < c->indices.n; d++) idx[d] = tir_subst(r->cx, c->indices.v[d], &m, NULL);
  N->indices = ir_list(r->cx, idx, c->indices.n);
  free(idx);
  ptrmap_free(&m);
  return ir_finish(r->cx, ns);
}

/* The one buffer the consumer reads that a block of the scope writes. */
static Node *single_read(const SchScope *sc, IrBlock *b, int *count) {
  Node *found = NULL;
  *count = 0;
  for (int32_t r = 0; r < b->reads.n; r++) {
    Node *buf = IR_AS(IrBufferRegion, b->reads.v[r])->buffer;
    bool written = false;
    for (int32_t i = 0; i < sc->blocks.len; i++) {
      IrBlock *o = sch_block_of(sc->blocks.data[i]);
      for (int32_t w = 0; o != b && w < o->writes.n; w++) written |= IR_AS(IrBufferRegion, o->writes.v[w])->buffer == buf;
    }
    if (written && buf != found) {
      found = buf;
      (*count)++;
    }
  }
  return found;
}

static bool read_by_other(const SchScope *sc, IrBlock *self, Node *buf) {
  for (int32_t i = 0; i < sc->blocks.len; i++) {
    IrBlock *o = sch_block_of(sc->blocks.data[i]);
    for (int32_t r = 0; o != self && r < o->reads.n; r++)
      if (IR_AS(IrBufferRegion, o->reads.v[r])->buffer == buf && sch_block_kind(o) != 0) return true;
  }
  return false;
}

/* The consumer's loads of buf: one index list, distinct iterators covering
 * every iterator and the whole buffer. */
static int rev_loads(Schedule *s, IrBlock *c, Node *buf, NodeList *out) {
  LoadFind f = {buf, {0}};
  ir_walk(IR_AS(IrBufferStore, c->body)->value, find_load, &f);
  int rc = f.loads.len ? 0 : -1;
  NodeList idx = f.loads.len ? IR_AS(IrBufferLoad, f.loads.data[0])->indices : ir_list_empty();
  for (int32_t i = 1; i < f.loads.len && !rc; i++) {
    NodeList o = IR_AS(IrBufferLoad, f.loads.data[i])->indices;
    for (int32_t d = 0; d < o.n; d++) rc |= o.v[d] != idx.v[d];
  }
  ptrvec_free(&f.loads);
  Node **vars = sch_scratch(s->cx, idx.n, sizeof *vars);
  if (rc || idx.n != c->iter_vars.n || !distinct_iters(c, idx, vars))
    return sch_fail(s, "reverse_compute_inline: block \"%s\" does not load \"%s\" at one index made of all its distinct iterators",
                    c->name, IR_AS(IrBuffer, buf)->name);
  Analyzer *az = arith_new(s->cx);
  for (int32_t d = 0; d < idx.n && !rc; d++)
    for (int32_t k = 0; k < c->iter_vars.n; k++) {
      IrIterVar *iv = IR_AS(IrIterVar, c->iter_vars.v[k]);
      IrRange *dom = IR_AS(IrRange, iv->dom);
      if (iv->var == idx.v[d] && (!arith_can_prove_equal(az, dom->min, ir_int(s->cx, dom->min->dtype, 0)) ||
                                  !arith_can_prove_equal(az, dom->extent, IR_AS(IrBuffer, buf)->shape.v[d])))
        rc = sch_fail(s, "reverse_compute_inline: block \"%s\" does not cover the whole of buffer \"%s\"", c->name,
                      IR_AS(IrBuffer, buf)->name);
    }
  arith_free(az);
  *out = idx;
  return rc;
}

static int rev_check(Schedule *s, const SchScope *sc, Node *realize, const SchPath *bp, Node **buf, Node **prod) {
  IrBlock *c = sch_block_of(realize);
  const char *name = c->name;
  if (sc->root_depth < 0 || realize == sc->root)
    return sch_fail(s, "reverse_compute_inline: block \"%s\" is the root block", name);
  if (sch_block_kind(c) != SCH_BLOCK_COMPLETE)
    return sch_fail(s, "reverse_compute_inline: block \"%s\" is not a complete block", name);
  if (c->body->kind != NK_BUFFER_STORE)
    return sch_fail(s, "reverse_compute_inline: the body of block \"%s\" is not a single BufferStore", name);
  if (!tir_is_const(IR_AS(IrBlockRealize, realize)->predicate, 1))
    return sch_fail(s, "reverse_compute_inline: block \"%s\" has a predicate", name);
  int n;
  *buf = single_read(sc, c, &n);
  if (n != 1)
    return sch_fail(s, "reverse_compute_inline: block \"%s\" must read exactly one buffer written in its scope (it reads %d)",
                    name, n);
  PtrVec prods = {0};
  sch_block_deps(bp, true, &prods);
  *prod = prods.len == 1 ? prods.data[0] : NULL;
  ptrvec_free(&prods);
  if (!*prod) return sch_fail(s, "reverse_compute_inline: block \"%s\" does not have exactly one producer", name);
  if (sch_block_kind(sch_block_of(*prod)) != SCH_BLOCK_COMPLETE)
    return sch_fail(s, "reverse_compute_inline: the producer \"%s\" of block \"%s\" is not a complete block",
                    sch_block_of(*prod)->name, name);
  if (!allocated_in(sc->root, *buf) || read_by_other(sc, c, *buf))
    return sch_fail(s, "reverse_compute_inline: buffer \"%s\" is used outside block \"%s\" and its producer",
                    IR_AS(IrBuffer, *buf)->name, name);
  if (sch_removal_depth(bp, sc->root_depth + 1) < 0)
    return sch_fail(s, "reverse_compute_inline: block \"%s\" cannot be removed from its location", name);
  return 0;
}

int sch_reverse_compute_inline(Schedule *s, SchRV brv) {
  SchPath bp = {0};
  Node *realize = sch_block_lookup(s, brv, &bp);
  if (!realize) return sch_path_free(&bp), -1;
  SchScope sc;
  sch_scope_fill(&sc, &bp, bp.n - 1);
  IrBlock *c = sch_block_of(realize);
  Node *buf = NULL, *prod = NULL;
  Rev r = {s->cx, NULL, c, {0}, 0};
  int rc = rev_check(s, &sc, realize, &bp, &buf, &prod);
  if (!rc) rc = sch_require_stage_pipeline(s, &sc, "reverse_compute_inline");
  if (!rc) rc = rev_loads(s, c, buf, &r.lidx);
  if (!rc) {
    r.buf = buf;
    IrBlock *p = sch_block_of(prod);
    Node *nb = ir_clone(s->cx, (Node *)p);
    IR_AS(IrBlock, nb)->body = rev_store(p->body, &r);
    nb = sch_block_with_access(s->cx, ir_finish(s->cx, nb));
    if (r.bad || refers(IR_AS(IrBlock, nb)->body, buf)) {
      rc = sch_fail(s, "reverse_compute_inline: the producer \"%s\" reads buffer \"%s\" itself", p->name,
                    IR_AS(IrBuffer, buf)->name);
    } else {
      Node *np = ir_clone(s->cx, prod);
      IR_AS(IrBlockRealize, np)->block = nb;
      PtrMap m = {0};
      ptrmap_put(&m, prod, ir_finish(s->cx, np));
      ptrmap_put(&m, bp.nodes[sch_removal_depth(&bp, sc.root_depth + 1)], NULL);
      Node *body = sch_rewrite_stmts(s->cx, sch_block_of(sc.root)->body, &m);
      ptrmap_free(&m);
      SchPath rp = {bp.nodes, sc.root_depth + 1, 0};
      sch_replace(s, &rp, sc.root_depth, root_without(s->cx, sc.root, body, buf));
    }
  }
  sch_scope_free(&sc);
  sch_path_free(&bp);
  if (rc) return -1;
  sch_refresh_rvs(s);
  SchArg inp[] = {sch_arg_rv(brv)};
  return sch_record(s, "ReverseComputeInline", inp, 1, NULL, 0, NULL, NULL, 0);
}

/* ---- instruction kinds -------------------------------------------------------------- */

static int apply_compute_inline(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "b", "")) return -1;
  return sch_compute_inline(s, in->inputs[0].rv);
}
static int apply_reverse_compute_inline(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "b", "")) return -1;
  return sch_reverse_compute_inline(s, in->inputs[0].rv);
}

static const char *const block_input[] = {"block", NULL};
static const char *const no_names[] = {NULL};

const SchInstKind sch_kind_compute_inline = {"ComputeInline", "compute_inline", apply_compute_inline, block_input,
                                             no_names};
const SchInstKind sch_kind_reverse_compute_inline = {"ReverseComputeInline", "reverse_compute_inline",
                                                     apply_reverse_compute_inline, block_input, no_names};
