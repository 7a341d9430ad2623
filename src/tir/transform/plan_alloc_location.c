/*
 * plan_alloc_location.c — PlanAndUpdateBufferAllocationLocation: every
 * alloc_buffer moves to the lowest common ancestor (a block or a loop) of
 * the places it is accessed, as TVM's pass does:
 *   - accesses are BufferLoad/BufferStore, match_buffer sources (at the
 *     matching block) and bare uses of the buffer's data var; a block's
 *     T.reads/T.writes do not count;
 *   - a buffer whose LCA is a block joins that block's alloc_buffers; one
 *     whose LCA is a loop is allocated by a new opaque block (name "") that
 *     wraps the loop's body, its reads/writes computed like the parser's;
 *   - an unused buffer stays where it was declared;
 *   - each block's reads/writes lose the regions of buffers now allocated
 *     in or below it.
 * Buffers keep their declaration order at their new home.
 * Before: no init statements (LowerInitBlock).  After: the same program with
 * alloc_buffers at their LCAs.
 */
#include <stdlib.h>

#include "../../script/tir_script.h"
#include "transform.h"

typedef struct Scope {
  Node *stmt; /* a Block or For of the input */
  struct Scope *parent;
  int depth;
} Scope;

typedef struct Plan {
  IrCtx *cx;
  PtrVec scopes;  /* Scope *, owned */
  PtrVec order;   /* alloc buffers in declaration order */
  PtrMap lca;     /* buffer -> Scope * (absent: not accessed) */
  PtrMap home;    /* buffer -> Scope * of its declaring block */
  PtrMap data;    /* data var -> alloc buffer */
  PtrMap visible; /* buffers allocated by strict ancestors (during rewrite) */
  DiagCtx *diag;
  const char *fname;
  bool failed;
} Plan;

static Scope *scope_new(Plan *p, Node *stmt, Scope *parent) {
  Scope *s = xcalloc(1, sizeof *s);
  s->stmt = stmt;
  s->parent = parent;
  s->depth = parent ? parent->depth + 1 : 0;
  ptrvec_push(&p->scopes, s);
  return s;
}

static Scope *scope_lca(Scope *a, Scope *b) {
  if (!a) return b;
  while (a->depth > b->depth) a = a->parent;
  while (b->depth > a->depth) b = b->parent;
  while (a != b) a = a->parent, b = b->parent;
  return a;
}

static void touch(Plan *p, Node *buf, Scope *at) {
  if (!ptrmap_has(&p->home, buf) || !at) return;
  ptrmap_put(&p->lca, buf, scope_lca(ptrmap_get(&p->lca, buf), at));
}

typedef struct Walk {
  Plan *p;
  Scope *cur;
} Walk;

static void detect(Node *n, Plan *p, Scope *cur);

static void detect_child(Node *c, void *ud) {
  Walk *w = ud;
  detect(c, w->p, w->cur);
}

static void detect(Node *n, Plan *p, Scope *cur) {
  if (!n) return;
  switch (n->kind) {
  case NK_BUFFER: case NK_BUFFER_REGION: return; /* T.reads/T.writes are not accesses */
  case NK_VAR: {
    Node *b = ptrmap_get(&p->data, n);
    if (b) touch(p, b, cur);
    return;
  }
  case NK_BUFFER_LOAD: touch(p, IR_AS(IrBufferLoad, n)->buffer, cur); break;
  case NK_BUFFER_STORE: touch(p, IR_AS(IrBufferStore, n)->buffer, cur); break;
  case NK_FOR: cur = scope_new(p, n, cur); break;
  case NK_BLOCK: {
    IrBlock *B = IR_AS(IrBlock, n);
    if (B->init) {
      diag_error(p->diag, n->span, "%s: PlanAndUpdateBufferAllocationLocation: block '%s' still has an init "
                 "(run LowerInitBlock first)", p->fname, B->name);
      p->failed = true;
    }
    cur = scope_new(p, n, cur);
    for (int32_t i = 0; i < B->alloc_buffers.n; i++) {
      Node *b = B->alloc_buffers.v[i];
      if (ptrmap_has(&p->home, b)) continue;
      ptrvec_push(&p->order, b);
      ptrmap_put(&p->home, b, cur);
      ptrmap_put(&p->data, IR_AS(IrBuffer, b)->data, b);
    }
    for (int32_t i = 0; i < B->match_buffers.n; i++) {
      Node *src = IR_AS(IrMatchBuffer, B->match_buffers.v[i])->source;
      touch(p, IR_AS(IrBufferRegion, src)->buffer, cur);
      detect(src, p, cur);
    }
    detect(B->init, p, cur);
    detect(B->body, p, cur);
    return;
  }
  default: break;
  }
  if (ir_cat(n) == CAT_VAR || n->kind == NK_INT || n->kind == NK_FLOAT || n->kind == NK_STRING) return;
  Walk w = {p, cur};
  ir_visit_children(n, detect_child, &w);
}

/* The buffers planned at the input statement s, in declaration order. */
static void planned_at(Plan *p, Node *s, PtrVec *out) {
  for (int32_t i = 0; i < p->order.len; i++) {
    Node *b = p->order.data[i];
    Scope *at = ptrmap_get(&p->lca, b);
    if (!at) at = ptrmap_get(&p->home, b);
    if (at->stmt == s) ptrvec_push(out, b);
  }
}

/* Drop the regions of alloc buffers that are not visible here. */
static NodeList keep_visible(Plan *p, NodeList regions) {
  PtrVec v = {0};
  for (int32_t i = 0; i < regions.n; i++) {
    Node *b = IR_AS(IrBufferRegion, regions.v[i])->buffer;
    if (!ptrmap_has(&p->home, b) || ptrmap_get(&p->visible, b)) ptrvec_push(&v, regions.v[i]);
  }
  NodeList r = v.len == regions.n ? regions : ir_list_from_vec(p->cx, &v);
  ptrvec_free(&v);
  return r;
}

static Node *rewrite(Node *n, void *ud);

static void set_visible(Plan *p, PtrVec *bufs, bool on) {
  for (int32_t i = 0; i < bufs->len; i++) ptrmap_put(&p->visible, bufs->data[i], on ? bufs->data[i] : NULL);
}

static Node *rewrite_block(Plan *p, Node *n) {
  IrBlock *B = IR_AS(IrBlock, n);
  PtrVec here = {0};
  planned_at(p, n, &here);
  set_visible(p, &here, true);
  Node *init = rewrite(B->init, p);
  Node *body = rewrite(B->body, p);
  set_visible(p, &here, false); /* the block's own buffers leave its regions */
  NodeList reads = keep_visible(p, B->reads), writes = keep_visible(p, B->writes);
  NodeList alloc = ir_list_from_vec(p->cx, &here);
  bool same_alloc = alloc.n == B->alloc_buffers.n;
  for (int32_t i = 0; same_alloc && i < alloc.n; i++) same_alloc = alloc.v[i] == B->alloc_buffers.v[i];
  ptrvec_free(&here);
  if (init == B->init && body == B->body && reads.v == B->reads.v && writes.v == B->writes.v && same_alloc) return n;
  Node *c = ir_clone(p->cx, n);
  IrBlock *C = IR_AS(IrBlock, c);
  C->init = init;
  C->body = body;
  C->reads = reads;
  C->writes = writes;
  C->alloc_buffers = same_alloc ? B->alloc_buffers : alloc;
  return ir_finish(p->cx, c);
}

/* A new opaque block allocating bufs around body, its reads and writes
 * detected as the parser does. */
static Node *inject(Plan *p, Node *body, PtrVec *bufs) {
  Node *b = ir_alloc(p->cx, NK_BLOCK, span_none());
  IrBlock *B = IR_AS(IrBlock, b);
  B->name = intern("");
  B->body = body;
  B->alloc_buffers = ir_list_from_vec(p->cx, bufs);
  b = ir_finish(p->cx, b);
  Node *r = ir_alloc(p->cx, NK_BLOCK_REALIZE, span_none());
  IR_AS(IrBlockRealize, r)->block = b;
  IR_AS(IrBlockRealize, r)->predicate = ir_bool(p->cx, true);
  r = ir_finish(p->cx, r);
  /* not the root: tir_complete_access never fills a bare realize in */
  Node *seq = ir_alloc(p->cx, NK_SEQ, span_none());
  IR_AS(IrArray, seq)->items = ir_list(p->cx, &r, 1);
  seq = ir_finish(p->cx, seq);
  PtrMap want = {0};
  ptrmap_put(&want, b, (void *)(intptr_t)3);
  Node *done = tir_complete_access(p->cx, seq, &want);
  ptrmap_free(&want);
  return IR_AS(IrArray, done)->items.v[0];
}

static Node *rewrite(Node *n, void *ud) {
  Plan *p = ud;
  if (!n || !ir_is_stmt(n)) return n;
  if (n->kind == NK_BLOCK) return rewrite_block(p, n);
  if (n->kind != NK_FOR) return ir_mutate_children(p->cx, n, rewrite, ud);
  PtrVec here = {0};
  planned_at(p, n, &here);
  set_visible(p, &here, true);
  Node *r = ir_mutate_children(p->cx, n, rewrite, ud);
  set_visible(p, &here, false);
  if (here.len) {
    Node *c = ir_clone(p->cx, r);
    IR_AS(IrFor, c)->body = inject(p, IR_AS(IrFor, r)->body, &here);
    r = ir_finish(p->cx, c);
  }
  ptrvec_free(&here);
  return r;
}

Node *tir_plan_alloc_location(TirPassCtx *pc, Node *func) {
  Plan p = {.cx = pc->cx, .diag = pc->diag, .fname = pc->name};
  const IrPrimFunc *F = IR_AS(IrPrimFunc, func);
  detect(F->body, &p, NULL);
  Node *body = p.failed || !p.order.len ? F->body : rewrite(F->body, &p);
  for (int32_t i = 0; i < p.scopes.len; i++) free(p.scopes.data[i]);
  ptrvec_free(&p.scopes);
  ptrvec_free(&p.order);
  ptrmap_free(&p.lca);
  ptrmap_free(&p.home);
  ptrmap_free(&p.data);
  ptrmap_free(&p.visible);
  return p.failed ? NULL : tir_func_with_body(pc->cx, func, body);
}
