/*
 * storage_rewrite.c — StorageRewrite: temporaries whose lifetimes do not
 * overlap share one allocation (TVM's tir.transform.StorageRewrite, in a
 * simpler and conservative form).
 *
 * Each statement sequence is planned on its own ("a chain": the statements
 * of a SeqStmt together with the Allocate and DeclBuffer statements that
 * wrap them).  The chain is cut into units (every statement that is not a
 * SeqStmt, an eligible Allocate or a DeclBuffer of one); units run one after
 * the other, so an allocation is live from the first unit that mentions its
 * data var to the last.  Allocations are then packed greedily, in order of
 * first use, into storage slots: an allocation may take a slot whose
 * previous users are all dead before it starts, when element dtype and
 * storage scope are the same; the slot grows to the largest size.  The
 * shared slot is allocated once at the head of the chain, the buffers of
 * the later users are re-declared over it (DeclBuffer with the slot's data
 * var).  Units are planned recursively first (loop bodies are chains too).
 *
 * Eligible allocations: constant extents, condition true, no annotations,
 * scope "global" or "local", and a data var never bound to another name by
 * a Let/LetStmt (an alias would hide uses).  Others stay where they are.
 * A chain where nothing is shared is left exactly as it was.
 * Before: lowered TIR (no blocks; Allocate + DeclBuffer).  After: the same,
 * with fewer Allocate statements.
 */
#include <stdlib.h>
#include <string.h>

#include "transform.h"

typedef struct Alloc {
  Node *node;   /* the Allocate */
  Node *var;
  int64_t size; /* elements */
  int first, last;
  int slot;
  PtrVec decls; /* buffers declared over var in the chain */
} Alloc;

typedef struct Slot {
  Node *var; /* the first user's var */
  DType dtype;
  const char *scope;
  int64_t size;
  int last;
  int nusers;
} Slot;

typedef struct Chain {
  PtrVec units;
  PtrMap done; /* unit statement -> its rewritten form */
  VEC(Alloc) allocs;
  PtrMap index; /* var -> 1 + index in allocs */
} Chain;

typedef struct Rw {
  IrCtx *cx;
  PtrMap aliased; /* vars bound by a Let somewhere */
} Rw;

static Node *rewrite(Rw *rw, Node *s);

static const char *var_scope(const Node *v) {
  const Node *t = IR_AS(IrVar, v)->type_anno;
  const char *s = t && t->kind == NK_PTR_TYPE ? IR_AS(IrStr, t)->value : NULL;
  return s && *s ? s : "global";
}

static bool eligible(Rw *rw, const Node *n, int64_t *size) {
  const IrAllocate *a = IR_AS(IrAllocate, n);
  if (n->kind != NK_ALLOCATE || a->annotations.n || a->data || ptrmap_has(&rw->aliased, a->var)) return false;
  if (a->cond && !tir_is_const(a->cond, 1)) return false;
  const char *sc = var_scope(a->var);
  if (strcmp(sc, "global") && strcmp(sc, "local")) return false;
  int64_t total = 1, e;
  for (int32_t i = 0; i < a->extents.n; i++) {
    if (!ir_is_const_int(a->extents.v[i], &e) || e < 0 || (e && total > INT64_MAX / e)) return false;
    total *= e;
  }
  *size = total;
  return true;
}

typedef struct Touch {
  Chain *c;
  int unit;
} Touch;

static bool touch(Node *n, void *ud) {
  Touch *t = ud;
  if (!ir_is_tir_var(n)) return true;
  intptr_t k = (intptr_t)ptrmap_get(&t->c->index, n);
  if (k) {
    Alloc *a = &t->c->allocs.data[k - 1];
    if (a->first < 0) a->first = t->unit;
    a->last = t->unit;
  }
  return true;
}

static void flatten(Rw *rw, Chain *c, Node *s) {
  int64_t size;
  if (s->kind == NK_SEQ) {
    const IrArray *a = IR_AS(IrArray, s);
    for (int32_t i = 0; i < a->items.n; i++) flatten(rw, c, a->items.v[i]);
    return;
  }
  if (s->kind == NK_ALLOCATE && eligible(rw, s, &size)) {
    Alloc a = {s, IR_AS(IrAllocate, s)->var, size, -1, -1, -1, {0}};
    VEC_PUSH(c->allocs, a);
    ptrmap_put(&c->index, a.var, (void *)(intptr_t)c->allocs.len);
    flatten(rw, c, IR_AS(IrAllocate, s)->body);
    return;
  }
  if (s->kind == NK_DECL_BUFFER) {
    Node *b = IR_AS(IrDeclBuffer, s)->buffer;
    intptr_t k = (intptr_t)ptrmap_get(&c->index, IR_AS(IrBuffer, b)->data);
    if (k) {
      ptrvec_push(&c->allocs.data[k - 1].decls, b);
      flatten(rw, c, IR_AS(IrDeclBuffer, s)->body);
      return;
    }
  }
  Node *r = rewrite(rw, s);
  ptrmap_put(&c->done, s, r);
  ptrvec_push(&c->units, r);
}

/* The chain as it was, with its units replaced by their rewritten forms. */
static Node *rebuild(Rw *rw, Chain *c, Node *s) {
  Node *r = ptrmap_get(&c->done, s);
  if (r) return r;
  if (s->kind == NK_SEQ) {
    const IrArray *a = IR_AS(IrArray, s);
    Node **v = xmalloc(sizeof(Node *) * (size_t)a->items.n);
    bool changed = false;
    for (int32_t i = 0; i < a->items.n; i++) changed |= (v[i] = rebuild(rw, c, a->items.v[i])) != a->items.v[i];
    r = changed ? tir_seq(rw->cx, v, a->items.n) : s;
    free(v);
    return r;
  }
  Node **body = s->kind == NK_ALLOCATE ? &IR_AS(IrAllocate, s)->body : &IR_AS(IrDeclBuffer, s)->body;
  Node *nb = rebuild(rw, c, *body);
  if (nb == *body) return s;
  r = ir_clone(rw->cx, s);
  if (s->kind == NK_ALLOCATE)
    IR_AS(IrAllocate, r)->body = nb;
  else
    IR_AS(IrDeclBuffer, r)->body = nb;
  return ir_finish(rw->cx, r);
}

/* Greedy packing; returns the number of slots. */
static int pack(Chain *c, Slot *slots) {
  int nslots = 0;
  int n = c->allocs.len;
  int *order = xmalloc(sizeof(int) * (size_t)n);
  for (int i = 0; i < n; i++) order[i] = i;
  for (int i = 1; i < n; i++) /* by first use, stable; unused ones last */
    for (int j = i; j > 0; j--) {
      Alloc *x = &c->allocs.data[order[j - 1]], *y = &c->allocs.data[order[j]];
      int fx = x->first < 0 ? 1 << 30 : x->first, fy = y->first < 0 ? 1 << 30 : y->first;
      if (fx <= fy) break;
      int t = order[j];
      order[j] = order[j - 1], order[j - 1] = t;
    }
  for (int i = 0; i < n; i++) {
    Alloc *a = &c->allocs.data[order[i]];
    DType dt = a->node->dtype;
    const char *sc = var_scope(a->var);
    for (int s = 0; s < nslots && a->first >= 0; s++)
      if (slots[s].last < a->first && dtype_eq(slots[s].dtype, dt) && !strcmp(slots[s].scope, sc)) {
        a->slot = s;
        break;
      }
    if (a->slot < 0) {
      Slot sl = {a->var, dt, sc, 0, -1, 0};
      a->slot = nslots;
      slots[nslots++] = sl;
    }
    Slot *sl = &slots[a->slot];
    if (a->size > sl->size) sl->size = a->size;
    if (a->last > sl->last) sl->last = a->last;
    sl->nusers++;
  }
  free(order);
  return nslots;
}

static Node *wrap_decl(IrCtx *cx, Node *buf, Node *body) {
  Node *d = ir_alloc(cx, NK_DECL_BUFFER, span_none());
  IR_AS(IrDeclBuffer, d)->buffer = buf, IR_AS(IrDeclBuffer, d)->body = body;
  return ir_finish(cx, d);
}

typedef struct Rebase {
  IrCtx *cx;
  PtrMap *vars, *bufs;
} Rebase;

/* Buffers over a moved data var (declared or bare aliases) move with it. */
static bool rebase(Node *n, void *ud) {
  Rebase *r = ud;
  if (n->kind != NK_BUFFER) return true;
  Node *nv = ptrmap_get(r->vars, IR_AS(IrBuffer, n)->data);
  if (nv && !ptrmap_has(r->bufs, n)) {
    Node *nb = ir_clone(r->cx, n);
    IR_AS(IrBuffer, nb)->data = nv;
    ptrmap_put(r->bufs, n, ir_finish(r->cx, nb));
  }
  return false;
}

static Node *emit(Rw *rw, Chain *c, Slot *slots, int nslots) {
  PtrMap vars = {0}, bufs = {0};
  Rebase rb = {rw->cx, &vars, &bufs};
  for (int i = 0; i < c->allocs.len; i++) {
    Alloc *a = &c->allocs.data[i];
    Node *sv = slots[a->slot].var;
    if (sv == a->var) continue;
    ptrmap_put(&vars, a->var, sv);
    for (int32_t k = 0; k < a->decls.len; k++) {
      Node *nb = ir_clone(rw->cx, a->decls.data[k]);
      IR_AS(IrBuffer, nb)->data = sv;
      ptrmap_put(&bufs, a->decls.data[k], ir_finish(rw->cx, nb));
    }
  }
  for (int u = 0; u < c->units.len; u++) ir_walk(c->units.data[u], rebase, &rb);
  Node *body = tir_seq(rw->cx, (Node **)c->units.data, c->units.len);
  if (!body) {
    body = ir_alloc(rw->cx, NK_EVALUATE, span_none());
    IR_AS(IrUnary, body)->a = ir_int(rw->cx, DT_INT32, 0);
    body = ir_finish(rw->cx, body);
  }
  body = tir_subst(rw->cx, body, &vars, &bufs);
  for (int i = c->allocs.len - 1; i >= 0; i--) {
    Alloc *a = &c->allocs.data[i];
    for (int32_t k = a->decls.len - 1; k >= 0; k--) {
      Node *b = ptrmap_get(&bufs, a->decls.data[k]);
      body = wrap_decl(rw->cx, b ? b : a->decls.data[k], body);
    }
  }
  for (int s = nslots - 1; s >= 0; s--) {
    Node *al = NULL;
    for (int i = 0; i < c->allocs.len && !al; i++)
      if (c->allocs.data[i].var == slots[s].var) al = c->allocs.data[i].node;
    Node *n = ir_clone(rw->cx, al);
    Node *ext = ir_int(rw->cx, IR_AS(IrAllocate, al)->extents.n ? IR_AS(IrAllocate, al)->extents.v[0]->dtype : DT_INT32,
                       slots[s].size);
    if (slots[s].nusers > 1 || IR_AS(IrAllocate, al)->extents.n != 1) IR_AS(IrAllocate, n)->extents = ir_list(rw->cx, &ext, 1);
    IR_AS(IrAllocate, n)->body = body;
    body = ir_finish(rw->cx, n);
  }
  ptrmap_free(&vars);
  ptrmap_free(&bufs);
  return body;
}

/* Rebuild s with its chain planned. */
static Node *plan_chain(Rw *rw, Node *s) {
  Chain c = {{0}, {0}, {0}, {0}};
  flatten(rw, &c, s);
  for (int u = 0; u < c.units.len; u++) {
    Touch t = {&c, u};
    ir_walk(c.units.data[u], touch, &t);
  }
  Slot *slots = xmalloc(sizeof(Slot) * (size_t)(c.allocs.len + 1));
  int nslots = pack(&c, slots);
  Node *r;
  if (nslots == c.allocs.len)
    r = rebuild(rw, &c, s); /* nothing shared: keep the chain's shape */
  else
    r = emit(rw, &c, slots, nslots);
  free(slots);
  for (int i = 0; i < c.allocs.len; i++) ptrvec_free(&c.allocs.data[i].decls);
  VEC_FREE(c.allocs);
  ptrvec_free(&c.units);
  ptrmap_free(&c.index);
  ptrmap_free(&c.done);
  return r;
}

static Node *child(Node *n, void *ud) { return n && ir_is_stmt(n) ? rewrite(ud, n) : n; }

/* Chain heads: a SeqStmt or an eligible Allocate. */
static Node *rewrite(Rw *rw, Node *s) {
  int64_t size;
  if (!s) return s;
  if (s->kind == NK_SEQ || (s->kind == NK_ALLOCATE && eligible(rw, s, &size))) return plan_chain(rw, s);
  return ir_mutate_children(rw->cx, s, child, rw);
}

static bool note_var(Node *n, void *ud) {
  if (ir_is_tir_var(n)) ptrmap_put(ud, n, (void *)1);
  return true;
}

/* Any var in a Let value may be aliased by the let var. */
static bool note_alias(Node *n, void *ud) {
  if (n->kind == NK_LET_STMT || n->kind == NK_LET) ir_walk(IR_AS(IrLet, n)->value, note_var, ud);
  return true;
}

Node *tir_storage_rewrite(TirPassCtx *pc, Node *func) {
  Rw rw = {pc->cx, {0}};
  ir_walk(func, note_alias, &rw.aliased);
  Node *body = rewrite(&rw, IR_AS(IrPrimFunc, func)->body);
  ptrmap_free(&rw.aliased);
  return tir_func_with_body(pc->cx, func, body);
}
