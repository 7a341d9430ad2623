/*
 * node.c — the table-driven core of the IR: allocation and interning, the
 * child visitor and mutator, structural equality and hashing, deep copy and
 * the debug dump.  Everything here is driven by nodes.def; nothing is
 * written per node kind except where identity matters (variables, buffers,
 * global names).
 */
#include "ir.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ---- the kind table -------------------------------------------------------- */

#define FIELD(S, T, name) {FK_##T, (uint16_t)offsetof(S, name), #name},
#define STRUCT(S, fields) static const FieldDesc S##_fields[] = {fields{FK_END, 0, NULL}};
#include "nodes.def"

const KindInfo ir_kinds[NK_COUNT] = {
#define KIND(K, S, CAT, NAME) [NK_##K] = {NAME, CAT_##CAT, sizeof(S), S##_fields},
#include "nodes.def"
};

#define FIELD_PTR(n, fd) ((char *)(n) + (fd)->offset)

/* Nodes with identity (variables, buffers): compared by a bijection rather
 * than by value, never rebuilt by substitution. */
static bool has_identity(const Node *n) { return ir_cat(n) == CAT_VAR || n->kind == NK_BUFFER; }

/* ---- context and interning ----------------------------------------------- */

IrCtx *ir_ctx_new(void) {
  IrCtx *cx = xcalloc(1, sizeof(IrCtx));
  cx->arena = arena_new();
  return cx;
}

SourceFile *ir_ctx_own_source(IrCtx *cx, SourceFile *f) {
  ptrvec_push(&cx->sources, f);
  return f;
}

void ir_ctx_free(IrCtx *cx) {
  if (!cx) return;
  for (int32_t i = 0; i < cx->sources.len; i++) source_free(cx->sources.data[i]);
  ptrvec_free(&cx->sources);
  arena_free(cx->arena);
  free(cx->itab);
  free(cx);
}

Node *ir_alloc(IrCtx *cx, NodeKind k, Span sp) {
  SCHECK(k >= 0 && k < NK_COUNT);
  Node *n = arena_alloc(cx->arena, ir_kinds[k].size);
  n->kind = (uint16_t)k;
  n->span = sp;
  return n;
}

Node *ir_clone(IrCtx *cx, const Node *n) {
  Node *c = arena_alloc(cx->arena, ir_kinds[n->kind].size);
  memcpy(c, n, ir_kinds[n->kind].size);
  c->finished = 0;
  c->hash = 0;
  return c;
}

static uint64_t shallow_hash(const Node *n) {
  uint64_t h = hash_mix(n->kind, ((uint64_t)n->dtype.code << 24) | ((uint64_t)n->dtype.bits << 16) |
                                     n->dtype.lanes);
  for (const FieldDesc *fd = ir_kinds[n->kind].fields; fd->kind != FK_END; fd++) {
    const char *p = FIELD_PTR(n, fd);
    switch (fd->kind) {
    case FK_NODE: h = hash_mix(h, (uint64_t)(uintptr_t) * (Node *const *)p); break;
    case FK_LIST: {
      const NodeList *l = (const NodeList *)p;
      h = hash_mix(h, (uint64_t)l->n);
      for (int32_t i = 0; i < l->n; i++) h = hash_mix(h, (uint64_t)(uintptr_t)l->v[i]);
      break;
    }
    case FK_I64: h = hash_mix(h, (uint64_t) * (const int64_t *)p); break;
    case FK_F64: {
      uint64_t bits;
      memcpy(&bits, p, 8);
      h = hash_mix(h, bits);
      break;
    }
    case FK_STR: h = hash_mix(h, (uint64_t)(uintptr_t) * (const char *const *)p); break;
    case FK_DTYPE: {
      const DType *t = (const DType *)p;
      h = hash_mix(h, ((uint64_t)t->code << 24) | ((uint64_t)t->bits << 16) | t->lanes);
      break;
    }
    case FK_BLOB: {
      const Blob *b = (const Blob *)p;
      h = hash_mix(h, hash_bytes(b->data, (size_t)b->size));
      break;
    }
    }
  }
  return h;
}

static bool shallow_equal(const Node *a, const Node *b) {
  if (a->kind != b->kind || !dtype_eq(a->dtype, b->dtype)) return false;
  for (const FieldDesc *fd = ir_kinds[a->kind].fields; fd->kind != FK_END; fd++) {
    const char *p = FIELD_PTR(a, fd), *q = FIELD_PTR(b, fd);
    switch (fd->kind) {
    case FK_NODE:
    case FK_STR:
      if (memcmp(p, q, sizeof(void *)) != 0) return false;
      break;
    case FK_LIST: {
      const NodeList *x = (const NodeList *)p, *y = (const NodeList *)q;
      if (x->n != y->n) return false;
      for (int32_t i = 0; i < x->n; i++)
        if (x->v[i] != y->v[i]) return false;
      break;
    }
    case FK_I64:
    case FK_F64:
      if (memcmp(p, q, 8) != 0) return false;
      break;
    case FK_DTYPE:
      if (!dtype_eq(*(const DType *)p, *(const DType *)q)) return false;
      break;
    case FK_BLOB: {
      const Blob *x = (const Blob *)p, *y = (const Blob *)q;
      if (x->size != y->size || memcmp(x->data, y->data, (size_t)x->size) != 0) return false;
      break;
    }
    }
  }
  return true;
}

static void itab_grow(IrCtx *cx) {
  int32_t ncap = cx->icap ? cx->icap * 2 : 1024;
  Node **nt = xcalloc((size_t)ncap, sizeof(Node *));
  for (int32_t i = 0; i < cx->icap; i++) {
    Node *n = cx->itab[i];
    if (!n) continue;
    uint32_t j = n->hash & (uint32_t)(ncap - 1);
    while (nt[j]) j = (j + 1) & (uint32_t)(ncap - 1);
    nt[j] = n;
  }
  free(cx->itab);
  cx->itab = nt;
  cx->icap = ncap;
}

Node *ir_finish(IrCtx *cx, Node *n) {
  if (n->finished) return n;
  n->finished = 1;
  if (ir_kinds[n->kind].cat != CAT_EXPR) return n;
  n->hash = (uint32_t)shallow_hash(n);
  if ((cx->ilen + 1) * 2 > cx->icap) itab_grow(cx);
  uint32_t mask = (uint32_t)cx->icap - 1, j = n->hash & mask;
  for (; cx->itab[j]; j = (j + 1) & mask) {
    Node *o = cx->itab[j];
    if (o->hash == n->hash && shallow_equal(o, n)) return o;
  }
  cx->itab[j] = n;
  cx->ilen++;
  return n;
}

NodeList ir_list(IrCtx *cx, Node *const *items, int32_t n) {
  NodeList l = {NULL, n};
  if (n > 0) {
    l.v = arena_alloc(cx->arena, sizeof(Node *) * (size_t)n);
    memcpy(l.v, items, sizeof(Node *) * (size_t)n);
  }
  return l;
}

NodeList ir_list_from_vec(IrCtx *cx, const PtrVec *v) {
  return ir_list(cx, (Node *const *)v->data, v->len);
}

Blob ir_blob(IrCtx *cx, const void *data, int64_t size) {
  Blob b = {NULL, size};
  if (size > 0) {
    uint8_t *p = arena_alloc(cx->arena, (size_t)size);
    memcpy(p, data, (size_t)size);
    b.data = p;
  }
  return b;
}

/* ---- traversal ------------------------------------------------------------ */

void ir_visit_children(Node *n, IrChildFn f, void *ud) {
  if (!n) return;
  for (const FieldDesc *fd = ir_kinds[n->kind].fields; fd->kind != FK_END; fd++) {
    char *p = FIELD_PTR(n, fd);
    if (fd->kind == FK_NODE) {
      if (*(Node **)p) f(*(Node **)p, ud);
    } else if (fd->kind == FK_LIST) {
      NodeList *l = (NodeList *)p;
      for (int32_t i = 0; i < l->n; i++)
        if (l->v[i]) f(l->v[i], ud);
    }
  }
  if (ir_is_rx_var(n) && n->sinfo) f(n->sinfo, ud);
}

Node *ir_mutate_children(IrCtx *cx, Node *n, IrMutateFn f, void *ud) {
  if (!n) return NULL;
  Node *c = NULL; /* the copy, made on the first change */
  for (const FieldDesc *fd = ir_kinds[n->kind].fields; fd->kind != FK_END; fd++) {
    if (fd->kind == FK_NODE) {
      Node *old = *(Node **)FIELD_PTR(n, fd);
      if (!old) continue;
      Node *nw = f(old, ud);
      if (nw == old) continue;
      if (!c) c = ir_clone(cx, n);
      *(Node **)FIELD_PTR(c, fd) = nw;
    } else if (fd->kind == FK_LIST) {
      NodeList *l = (NodeList *)FIELD_PTR(n, fd);
      Node **nv = NULL;
      for (int32_t i = 0; i < l->n; i++) {
        Node *nw = l->v[i] ? f(l->v[i], ud) : NULL;
        if (nw != l->v[i] && !nv) {
          nv = arena_alloc(cx->arena, sizeof(Node *) * (size_t)l->n);
          memcpy(nv, l->v, sizeof(Node *) * (size_t)i);
        }
        if (nv) nv[i] = nw;
      }
      if (nv) {
        if (!c) c = ir_clone(cx, n);
        ((NodeList *)FIELD_PTR(c, fd))->v = nv;
      }
    }
  }
  if (ir_is_rx_var(n) && n->sinfo) {
    Node *nw = f(n->sinfo, ud);
    if (nw != n->sinfo) {
      if (!c) c = ir_clone(cx, n);
      c->sinfo = nw;
    }
  }
  return c ? ir_finish(cx, c) : n;
}

typedef struct SubstCtx {
  IrCtx *cx;
  const PtrMap *map;
  PtrMap memo;
} SubstCtx;

static Node *subst_rec(Node *n, void *ud) {
  SubstCtx *s = ud;
  if (!n) return n;
  if (ptrmap_has(s->map, n)) return ptrmap_get(s->map, n);
  if (has_identity(n) || n->kind == NK_GLOBAL_VAR) return n;
  if (ptrmap_has(&s->memo, n)) return ptrmap_get(&s->memo, n);
  Node *r = ir_mutate_children(s->cx, n, subst_rec, s);
  ptrmap_put(&s->memo, n, r);
  return r;
}

Node *ir_subst(IrCtx *cx, Node *n, const PtrMap *map) {
  if (!n || !map || !map->len) return n;
  SubstCtx s = {cx, map, {0}};
  Node *r = subst_rec(n, &s);
  ptrmap_free(&s.memo);
  return r;
}

typedef struct WalkCtx {
  PtrMap seen;
  IrWalkFn f;
  void *ud;
} WalkCtx;

static void walk_rec(Node *n, void *ud) {
  WalkCtx *w = ud;
  if (ptrmap_has(&w->seen, n)) return;
  ptrmap_put(&w->seen, n, n);
  if (w->f(n, w->ud)) ir_visit_children(n, walk_rec, w);
}

void ir_walk(Node *n, IrWalkFn f, void *ud) {
  if (!n) return;
  WalkCtx w = {{0}, f, ud};
  walk_rec(n, &w);
  ptrmap_free(&w.seen);
}

/* ---- structural equality -------------------------------------------------- */

typedef struct EqCtx {
  PtrMap a2b, b2a; /* the bijection of variables and buffers met so far */
  StrBuf *why;
} EqCtx;


static bool eq_node(EqCtx *e, const Node *a, const Node *b);

static bool differ(EqCtx *e, const Node *a, const char *what) {
  if (e->why && !e->why->len) sb_printf(e->why, "%s differs in %s", ir_kind_name(a->kind), what);
  return false;
}

static bool eq_fields(EqCtx *e, const Node *a, const Node *b) {
  for (const FieldDesc *fd = ir_kinds[a->kind].fields; fd->kind != FK_END; fd++) {
    const char *p = FIELD_PTR(a, fd), *q = FIELD_PTR(b, fd);
    switch (fd->kind) {
    case FK_NODE:
      if (!eq_node(e, *(Node *const *)p, *(Node *const *)q)) return differ(e, a, fd->name);
      break;
    case FK_LIST: {
      const NodeList *x = (const NodeList *)p, *y = (const NodeList *)q;
      if (x->n != y->n) return differ(e, a, fd->name);
      for (int32_t i = 0; i < x->n; i++)
        if (!eq_node(e, x->v[i], y->v[i])) return differ(e, a, fd->name);
      break;
    }
    case FK_F64: {
      double x = *(const double *)p, y = *(const double *)q;
      if (!(x == y || (isnan(x) && isnan(y))) || signbit(x) != signbit(y))
        return differ(e, a, fd->name);
      break;
    }
    default:
      break;
    }
  }
  /* The remaining scalar fields compare as in interning. */
  for (const FieldDesc *fd = ir_kinds[a->kind].fields; fd->kind != FK_END; fd++) {
    const char *p = FIELD_PTR(a, fd), *q = FIELD_PTR(b, fd);
    bool same = true;
    if (fd->kind == FK_I64)
      same = *(const int64_t *)p == *(const int64_t *)q;
    else if (fd->kind == FK_STR)
      same = *(const char *const *)p == *(const char *const *)q ||
             (has_identity(a) && !strcmp(fd->name, "name")); /* names of bound things are free */
    else if (fd->kind == FK_DTYPE)
      same = dtype_eq(*(const DType *)p, *(const DType *)q);
    else if (fd->kind == FK_BLOB) {
      const Blob *x = (const Blob *)p, *y = (const Blob *)q;
      same = x->size == y->size && (x->size == 0 || !memcmp(x->data, y->data, (size_t)x->size));
    }
    if (!same) return differ(e, a, fd->name);
  }
  return true;
}

static bool eq_node(EqCtx *e, const Node *a, const Node *b) {
  if (!a || !b) {
    if (a != b && e->why && !e->why->len)
      sb_printf(e->why, "%s is missing on one side", a ? ir_kind_name(a->kind) : ir_kind_name(b->kind));
    return a == b;
  }
  if (a->kind != b->kind) {
    if (e->why && !e->why->len)
      sb_printf(e->why, "%s vs %s", ir_kind_name(a->kind), ir_kind_name(b->kind));
    return false;
  }
  if (!dtype_eq(a->dtype, b->dtype)) return differ(e, a, "dtype");
  if (a->kind == NK_GLOBAL_VAR) {
    if (IR_AS(IrVar, a)->name != IR_AS(IrVar, b)->name) return differ(e, a, "name");
    return true;
  }
  if (has_identity(a)) {
    if (ptrmap_has(&e->a2b, a)) {
      if (ptrmap_get(&e->a2b, a) == b) return true;
      return differ(e, a, "binding (a variable maps to two different ones)");
    }
    if (ptrmap_has(&e->b2a, b)) return differ(e, a, "binding (two variables map to one)");
    /* Map first so recursive references (a buffer's own data var) resolve. */
    ptrmap_put(&e->a2b, a, (void *)b);
    ptrmap_put(&e->b2a, b, (void *)a);
    if (!eq_fields(e, a, b)) return false;
    if (ir_is_rx_var(a) && !eq_node(e, a->sinfo, b->sinfo)) return differ(e, a, "struct info");
    return true;
  }
  return eq_fields(e, a, b);
}

bool ir_struct_equal_explain(const Node *a, const Node *b, StrBuf *why) {
  EqCtx e = {{0}, {0}, why};
  bool r = eq_node(&e, a, b);
  ptrmap_free(&e.a2b);
  ptrmap_free(&e.b2a);
  return r;
}

bool ir_struct_equal(const Node *a, const Node *b) { return ir_struct_equal_explain(a, b, NULL); }

/* ---- structural hash ------------------------------------------------------ */

typedef struct HashCtx {
  PtrMap ids; /* identity node -> 1 + order of first appearance */
  uint64_t next;
} HashCtx;

static uint64_t hash_node(HashCtx *h, const Node *n) {
  if (!n) return 0x51ed27;
  uint64_t r = hash_mix(n->kind + 1, ((uint64_t)n->dtype.code << 24) |
                                          ((uint64_t)n->dtype.bits << 16) | n->dtype.lanes);
  if (n->kind == NK_GLOBAL_VAR) return hash_mix(r, hash_bytes(IR_AS(IrVar, n)->name, strlen(IR_AS(IrVar, n)->name)));
  if (has_identity(n)) {
    uintptr_t id = (uintptr_t)ptrmap_get(&h->ids, n);
    if (id) return hash_mix(r, id);
    ptrmap_put(&h->ids, n, (void *)(uintptr_t)(++h->next));
    r = hash_mix(r, h->next);
  }
  for (const FieldDesc *fd = ir_kinds[n->kind].fields; fd->kind != FK_END; fd++) {
    const char *p = FIELD_PTR(n, fd);
    switch (fd->kind) {
    case FK_NODE: r = hash_mix(r, hash_node(h, *(Node *const *)p)); break;
    case FK_LIST: {
      const NodeList *l = (const NodeList *)p;
      r = hash_mix(r, (uint64_t)l->n);
      for (int32_t i = 0; i < l->n; i++) r = hash_mix(r, hash_node(h, l->v[i]));
      break;
    }
    case FK_I64: r = hash_mix(r, (uint64_t) * (const int64_t *)p); break;
    case FK_F64: {
      double d = *(const double *)p;
      uint64_t bits;
      if (isnan(d)) d = NAN;
      memcpy(&bits, &d, 8);
      r = hash_mix(r, bits);
      break;
    }
    case FK_STR:
      if (!(has_identity(n) && !strcmp(fd->name, "name"))) {
        const char *s = *(const char *const *)p;
        r = hash_mix(r, s ? hash_bytes(s, strlen(s)) : 7);
      }
      break;
    case FK_DTYPE: {
      const DType *t = (const DType *)p;
      r = hash_mix(r, ((uint64_t)t->code << 24) | ((uint64_t)t->bits << 16) | t->lanes);
      break;
    }
    case FK_BLOB: {
      const Blob *b = (const Blob *)p;
      r = hash_mix(r, hash_bytes(b->data, (size_t)b->size));
      break;
    }
    }
  }
  if (ir_is_rx_var(n)) r = hash_mix(r, hash_node(h, n->sinfo));
  return r;
}

uint64_t ir_struct_hash(const Node *n) {
  HashCtx h = {{0}, 0};
  uint64_t r = hash_node(&h, n);
  ptrmap_free(&h.ids);
  return r;
}

/* ---- deep copy ------------------------------------------------------------ */

typedef struct CopyCtx {
  IrCtx *dst;
  PtrMap memo;
} CopyCtx;

static Node *copy_node(CopyCtx *c, const Node *n) {
  if (!n) return NULL;
  Node *m = ptrmap_get(&c->memo, n);
  if (m) return m;
  Node *r = arena_alloc(c->dst->arena, ir_kinds[n->kind].size);
  memcpy(r, n, ir_kinds[n->kind].size);
  r->finished = 0;
  r->sinfo = NULL;
  /* Register before copying children: a buffer's fields may refer back. */
  ptrmap_put(&c->memo, n, r);
  for (const FieldDesc *fd = ir_kinds[n->kind].fields; fd->kind != FK_END; fd++) {
    char *p = FIELD_PTR(r, fd);
    if (fd->kind == FK_NODE) {
      *(Node **)p = copy_node(c, *(Node **)p);
    } else if (fd->kind == FK_LIST) {
      NodeList *l = (NodeList *)p;
      if (l->n) {
        Node **v = arena_alloc(c->dst->arena, sizeof(Node *) * (size_t)l->n);
        for (int32_t i = 0; i < l->n; i++) v[i] = copy_node(c, l->v[i]);
        l->v = v;
      }
    } else if (fd->kind == FK_BLOB) {
      Blob *b = (Blob *)p;
      *b = ir_blob(c->dst, b->data, b->size);
    }
  }
  r->sinfo = copy_node(c, n->sinfo);
  Node *f = ir_finish(c->dst, r);
  if (f != r) ptrmap_put(&c->memo, n, f);
  return f;
}

Node *ir_copy(IrCtx *dst, const Node *n) {
  CopyCtx c = {dst, {0}};
  Node *r = copy_node(&c, n);
  ptrmap_free(&c.memo);
  return r;
}

/* ---- dump ----------------------------------------------------------------- */

static void dump_rec(const Node *n, StrBuf *out, PtrMap *named) {
  if (!n) {
    sb_puts(out, "null");
    return;
  }
  if (has_identity(n) || n->kind == NK_GLOBAL_VAR) {
    const char *name = n->kind == NK_BUFFER ? IR_AS(IrBuffer, n)->name : IR_AS(IrVar, n)->name;
    sb_printf(out, "%%%s", name ? name : "?");
    if (ptrmap_has(named, n) || n->kind == NK_GLOBAL_VAR) return;
    ptrmap_put(named, n, (void *)n);
    if (n->kind != NK_BUFFER) {
      sb_printf(out, ":%s", dtype_str(n->dtype));
      return;
    }
  }
  sb_printf(out, "(%s", ir_kind_name(n->kind));
  if (!dtype_is_void(n->dtype) || ir_cat(n) == CAT_EXPR) sb_printf(out, ":%s", dtype_str(n->dtype));
  for (const FieldDesc *fd = ir_kinds[n->kind].fields; fd->kind != FK_END; fd++) {
    const char *p = FIELD_PTR(n, fd);
    sb_printf(out, " %s=", fd->name);
    switch (fd->kind) {
    case FK_NODE: dump_rec(*(Node *const *)p, out, named); break;
    case FK_LIST: {
      const NodeList *l = (const NodeList *)p;
      sb_putc(out, '[');
      for (int32_t i = 0; i < l->n; i++) {
        if (i) sb_putc(out, ' ');
        dump_rec(l->v[i], out, named);
      }
      sb_putc(out, ']');
      break;
    }
    case FK_I64: sb_printf(out, "%lld", (long long)*(const int64_t *)p); break;
    case FK_F64: sb_printf(out, "%.17g", *(const double *)p); break;
    case FK_STR: {
      const char *s = *(const char *const *)p;
      sb_printf(out, "\"%s\"", s ? s : "");
      break;
    }
    case FK_DTYPE: sb_puts(out, dtype_str(*(const DType *)p)); break;
    case FK_BLOB: sb_printf(out, "<%lld bytes>", (long long)((const Blob *)p)->size); break;
    }
  }
  if (n->sinfo && ir_cat(n) == CAT_RX) {
    sb_puts(out, " :: ");
    dump_rec(n->sinfo, out, named);
  }
  sb_putc(out, ')');
}

void ir_dump(const Node *n, StrBuf *out) {
  PtrMap named = {0};
  dump_rec(n, out, &named);
  ptrmap_free(&named);
}

/* ---- module helpers -------------------------------------------------------- */

Node *ir_module_new(IrCtx *cx) { return ir_finish(cx, ir_alloc(cx, NK_MODULE, span_none())); }

Node *ir_module_lookup(const Node *mod, const char *name) {
  const IrModule *m = IR_AS(IrModule, mod);
  for (int32_t i = 0; i < m->funcs.n; i++) {
    IrBinary *p = IR_AS(IrBinary, m->funcs.v[i]);
    if (!strcmp(IR_AS(IrVar, p->a)->name, name)) return p->b;
  }
  return NULL;
}

Node *ir_attrs_get(NodeList attrs, const char *key) {
  for (int32_t i = 0; i < attrs.n; i++) {
    IrBinary *p = IR_AS(IrBinary, attrs.v[i]);
    if (p->a && p->a->kind == NK_STRING && !strcmp(IR_AS(IrStr, p->a)->value, key)) return p->b;
  }
  return NULL;
}
