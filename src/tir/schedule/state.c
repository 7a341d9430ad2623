/*
 * state.c — the Schedule object: its lifetime, the reference table (block
 * references by name, loop references by loop variable), reference lookup
 * with the path from the function body down to the target, the path-based
 * replace that rebuilds the ancestors and commits the new function into the
 * module, the trace log and the sampling random generator.
 *
 * Paths hold every statement node on the way (For, SeqStmt, BlockRealize,
 * Block, IfThenElse, LetStmt, AttrStmt, ...): lookup walks the statement
 * children of each node generically, so any statement kind is crossed.
 * Replacing rebuilds each ancestor with ir_mutate_children, swapping the one
 * child by pointer; nodes are immutable, so the old function is untouched.
 */
#include <stdlib.h>
#include <string.h>

#include "schedule_impl.h"

/* ---- lifetime -------------------------------------------------------------- */

static Node *wrap_module(IrCtx *cx, Node *func) {
  Node *gv = ir_alloc(cx, NK_GLOBAL_VAR, span_none());
  IR_AS(IrVar, gv)->name = intern("main");
  gv = ir_finish(cx, gv);
  Node *pair = ir_alloc(cx, NK_PAIR, span_none());
  IR_AS(IrBinary, pair)->a = gv;
  IR_AS(IrBinary, pair)->b = func;
  pair = ir_finish(cx, pair);
  Node *m = ir_alloc(cx, NK_MODULE, span_none());
  IR_AS(IrModule, m)->funcs = ir_list(cx, &pair, 1);
  return ir_finish(cx, m);
}

Schedule *sch_new(IrCtx *cx, Node *mod, const char *func_name, uint64_t seed) {
  if (!mod || (mod->kind != NK_MODULE && mod->kind != NK_PRIM_FUNC)) return NULL;
  Schedule *s = xcalloc(1, sizeof *s);
  s->cx = cx;
  s->mod = mod->kind == NK_PRIM_FUNC ? wrap_module(cx, mod) : mod;
  s->func_name = intern(func_name ? func_name : "main");
  s->arena = arena_new();
  s->rng = seed;
  Node *f = ir_module_lookup(s->mod, s->func_name);
  if (!f || f->kind != NK_PRIM_FUNC) {
    sch_fail(s, "schedule: module has no PrimFunc named '%s'", s->func_name);
  }
  return s;
}

void sch_free(Schedule *s) {
  if (!s) return;
  VEC_FREE(s->rvs);
  VEC_FREE(s->trace);
  arena_free(s->arena);
  sb_free(&s->err);
  free(s);
}

Node *sch_mod(const Schedule *s) { return s->mod; }

Node *sch_func(const Schedule *s) { return ir_module_lookup(s->mod, s->func_name); }

const char *sch_error(const Schedule *s) { return s->err.data ? s->err.data : ""; }

int sch_fail(Schedule *s, const char *fmt, ...) {
  s->err.len = 0;
  if (s->err.data) s->err.data[0] = 0;
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(&s->err, fmt, ap);
  va_end(ap);
  return -1;
}

uint64_t sch_rand(Schedule *s) {
  uint64_t z = (s->rng += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

/* ---- references -------------------------------------------------------------- */

static SchRV push_rv(Schedule *s, SchRVEntry e) {
  e.valid = true;
  VEC_PUSH(s->rvs, e);
  return s->rvs.len - 1;
}

SchRV sch_rv_block(Schedule *s, const char *block_name) {
  SchRVEntry e = {0};
  e.kind = SCH_RV_BLOCK;
  e.block_name = intern(block_name);
  return push_rv(s, e);
}

SchRV sch_rv_loop(Schedule *s, Node *loop_var) {
  SchRVEntry e = {0};
  e.kind = SCH_RV_LOOP;
  e.loop_var = loop_var;
  return push_rv(s, e);
}

SchRV sch_rv_expr(Schedule *s, int64_t value) {
  SchRVEntry e = {0};
  e.kind = SCH_RV_EXPR;
  e.value = value;
  return push_rv(s, e);
}

SchRVKind sch_rv_kind(const Schedule *s, SchRV rv) {
  if (rv < 0 || rv >= s->rvs.len) return (SchRVKind)-1;
  return s->rvs.data[rv].kind;
}

int sch_rv_int(Schedule *s, SchRV rv, int64_t *out) {
  if (rv < 0 || rv >= s->rvs.len || s->rvs.data[rv].kind != SCH_RV_EXPR)
    return sch_fail(s, "reference %d is not an expression reference", rv);
  *out = s->rvs.data[rv].value;
  return 0;
}

/* ---- paths ------------------------------------------------------------------ */

void sch_path_free(SchPath *p) {
  free(p->nodes);
  p->nodes = NULL;
  p->n = p->cap = 0;
}

static void path_push(SchPath *p, Node *n) {
  if (p->n == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 16;
    p->nodes = xrealloc(p->nodes, sizeof(Node *) * (size_t)p->cap);
  }
  p->nodes[p->n++] = n;
}

/* What a search looks for: a BlockRealize by block name, or a For by var. */
typedef struct Finder {
  const char *name;
  const Node *var;
  SchPath *path;
  bool found;
} Finder;

static bool matches(const Finder *fd, const Node *n) {
  if (fd->name && n->kind == NK_BLOCK_REALIZE) {
    const char *bn = sch_block_of((Node *)n)->name;
    return bn && !strcmp(bn, fd->name);
  }
  return fd->var && n->kind == NK_FOR && IR_AS(IrFor, n)->var == fd->var;
}

static void find_child(Node *child, void *ud);

/* Depth-first search over statements; the path is left holding the
 * route to the target when found. */
static void find_in(Finder *fd, Node *n) {
  if (fd->found || !ir_is_stmt(n)) return;
  path_push(fd->path, n);
  if (matches(fd, n)) {
    fd->found = true;
    return;
  }
  ir_visit_children(n, find_child, fd);
  if (!fd->found) fd->path->n--;
}

static void find_child(Node *child, void *ud) { find_in(ud, child); }

static Node *find(Schedule *s, const char *name, const Node *var, SchPath *path) {
  SchPath local = {0};
  Finder fd = {name, var, path ? path : &local, false};
  fd.path->n = 0;
  Node *f = sch_func(s);
  if (f && f->kind == NK_PRIM_FUNC) find_in(&fd, IR_AS(IrPrimFunc, f)->body);
  Node *r = fd.found ? fd.path->nodes[fd.path->n - 1] : NULL;
  sch_path_free(&local);
  return r;
}

static SchRVEntry *entry(Schedule *s, SchRV rv) {
  if (rv < 0 || rv >= s->rvs.len) {
    sch_fail(s, "invalid reference %d", rv);
    return NULL;
  }
  return &s->rvs.data[rv];
}

Node *sch_block_lookup(Schedule *s, SchRV rv, SchPath *path) {
  SchRVEntry *e = entry(s, rv);
  if (!e) return NULL;
  if (e->kind != SCH_RV_BLOCK) {
    sch_fail(s, "reference %d is not a block reference", rv);
    return NULL;
  }
  Node *r = e->valid ? find(s, e->block_name, NULL, path) : NULL;
  if (!r) {
    e->valid = false;
    sch_fail(s, "stale reference: block \"%s\" no longer exists in the function", e->block_name);
  }
  return r;
}

Node *sch_loop_lookup(Schedule *s, SchRV rv, SchPath *path) {
  SchRVEntry *e = entry(s, rv);
  if (!e) return NULL;
  if (e->kind != SCH_RV_LOOP) {
    sch_fail(s, "reference %d is not a loop reference", rv);
    return NULL;
  }
  Node *r = e->valid ? find(s, NULL, e->loop_var, path) : NULL;
  if (!r) {
    e->valid = false;
    sch_fail(s, "stale reference: loop \"%s\" no longer exists in the function",
             IR_AS(IrVar, e->loop_var)->name);
  }
  return r;
}

Node *sch_stmt_lookup(Schedule *s, SchRV rv, SchPath *path) {
  SchRVEntry *e = entry(s, rv);
  if (!e) return NULL;
  if (e->kind == SCH_RV_BLOCK) return sch_block_lookup(s, rv, path);
  if (e->kind == SCH_RV_LOOP) return sch_loop_lookup(s, rv, path);
  sch_fail(s, "reference %d is not a block or loop reference", rv);
  return NULL;
}

/* ---- replacement -------------------------------------------------------------- */

typedef struct Swap {
  Node *old, *nw;
} Swap;

static Node *swap_child(Node *child, void *ud) {
  Swap *sw = ud;
  return child == sw->old ? sw->nw : child;
}

/* The SeqStmt parent with `old` replaced by `nw` (spliced when nw is itself a
 * SeqStmt, dropped when NULL); a one-item result is the item itself. */
static Node *rebuild_seq(IrCtx *cx, Node *seq, Node *old, Node *nw) {
  IrArray *a = IR_AS(IrArray, seq);
  PtrVec items = {0};
  for (int32_t i = 0; i < a->items.n; i++) {
    Node *c = a->items.v[i];
    if (c != old) {
      ptrvec_push(&items, c);
    } else if (nw && nw->kind == NK_SEQ) {
      IrArray *b = IR_AS(IrArray, nw);
      for (int32_t k = 0; k < b->items.n; k++) ptrvec_push(&items, b->items.v[k]);
    } else if (nw) {
      ptrvec_push(&items, nw);
    }
  }
  Node *r;
  if (items.len == 1) {
    r = items.data[0];
  } else if (items.len == 0) {
    r = NULL;
  } else {
    r = ir_clone(cx, seq);
    IR_AS(IrArray, r)->items = ir_list_from_vec(cx, &items);
    r = ir_finish(cx, r);
  }
  ptrvec_free(&items);
  return r;
}

static Node *empty_stmt(IrCtx *cx) {
  Node *e = ir_alloc(cx, NK_EVALUATE, span_none());
  IR_AS(IrUnary, e)->a = ir_int(cx, DT_INT32, 0);
  return ir_finish(cx, e);
}

void sch_replace(Schedule *s, const SchPath *path, int depth, Node *stmt) {
  SCHECK(depth >= 0 && depth < path->n);
  Node *old = path->nodes[depth], *nw = stmt;
  for (int d = depth - 1; d >= 0; d--) {
    Node *parent = path->nodes[d];
    Node *np;
    if (parent->kind == NK_SEQ) {
      np = rebuild_seq(s->cx, parent, old, nw);
    } else {
      Swap sw = {old, nw ? nw : empty_stmt(s->cx)};
      np = ir_mutate_children(s->cx, parent, swap_child, &sw);
    }
    old = parent;
    nw = np;
  }
  Node *f = ir_clone(s->cx, sch_func(s));
  IR_AS(IrPrimFunc, f)->body = nw ? nw : empty_stmt(s->cx);
  sch_set_func(s, ir_finish(s->cx, f));
}

void sch_set_func(Schedule *s, Node *func) {
  IrModule *m = IR_AS(IrModule, s->mod);
  Node **v = arena_alloc(s->cx->arena, sizeof(Node *) * (size_t)m->funcs.n);
  for (int32_t i = 0; i < m->funcs.n; i++) {
    IrBinary *p = IR_AS(IrBinary, m->funcs.v[i]);
    v[i] = m->funcs.v[i];
    if (strcmp(IR_AS(IrVar, p->a)->name, s->func_name) != 0) continue;
    Node *np = ir_clone(s->cx, m->funcs.v[i]);
    IR_AS(IrBinary, np)->b = func;
    v[i] = ir_finish(s->cx, np);
  }
  Node *nm = ir_clone(s->cx, s->mod);
  IR_AS(IrModule, nm)->funcs.v = v;
  s->mod = ir_finish(s->cx, nm);
}

/* ---- names in the function ------------------------------------------------------ */

typedef struct Names {
  PtrMap blocks; /* interned block name -> 1 */
  PtrMap loops;  /* loop var -> 1 */
} Names;

static bool collect_names(Node *n, void *ud) {
  Names *nm = ud;
  if (n->kind == NK_BLOCK && IR_AS(IrBlock, n)->name)
    ptrmap_put(&nm->blocks, intern(IR_AS(IrBlock, n)->name), (void *)1);
  if (n->kind == NK_FOR) ptrmap_put(&nm->loops, IR_AS(IrFor, n)->var, (void *)1);
  return ir_is_stmt(n) || n->kind == NK_PRIM_FUNC;
}

static void fill_names(Schedule *s, Names *nm) {
  Node *f = sch_func(s);
  if (f) ir_walk(f, collect_names, nm);
}

void sch_refresh_rvs(Schedule *s) {
  Names nm = {0};
  fill_names(s, &nm);
  for (int32_t i = 0; i < s->rvs.len; i++) {
    SchRVEntry *e = &s->rvs.data[i];
    if (e->kind == SCH_RV_BLOCK && !ptrmap_has(&nm.blocks, e->block_name)) e->valid = false;
    if (e->kind == SCH_RV_LOOP && !ptrmap_has(&nm.loops, e->loop_var)) e->valid = false;
  }
  ptrmap_free(&nm.blocks);
  ptrmap_free(&nm.loops);
}

const char *sch_unique_block_name(Schedule *s, const char *base) {
  Names nm = {0};
  fill_names(s, &nm);
  const char *r = intern(base);
  char buf[512];
  for (int k = 1; ptrmap_has(&nm.blocks, r); k++) {
    snprintf(buf, sizeof buf, "%s_%d", base, k);
    r = intern(buf);
  }
  ptrmap_free(&nm.blocks);
  ptrmap_free(&nm.loops);
  return r;
}

/* ---- trace log ----------------------------------------------------------------- */

static void copy_args(Arena *a, SchArg *dst, const SchArg *src, int n) {
  for (int i = 0; i < n; i++) {
    dst[i] = src[i];
    if (src[i].kind == SCH_ARG_LIST && src[i].nitems > 0) {
      dst[i].items = arena_alloc(a, sizeof(SchArg) * (size_t)src[i].nitems);
      copy_args(a, dst[i].items, src[i].items, src[i].nitems);
    } else if (src[i].kind == SCH_ARG_LIST) {
      dst[i].items = NULL;
    }
    if (src[i].kind == SCH_ARG_STR && src[i].s) dst[i].s = intern(src[i].s);
  }
}

int sch_record(Schedule *s, const char *kind, const SchArg *inputs, int nin, const SchArg *attrs,
               int nattr, const SchArg *decision, const SchRV *outs, int nout) {
  SchInst in = {0};
  in.kind = intern(kind);
  in.ninputs = nin;
  in.nattrs = nattr;
  in.noutputs = nout;
  if (nin) in.inputs = arena_alloc(s->arena, sizeof(SchArg) * (size_t)nin);
  if (nattr) in.attrs = arena_alloc(s->arena, sizeof(SchArg) * (size_t)nattr);
  if (nout) in.outputs = arena_alloc(s->arena, sizeof(SchRV) * (size_t)nout);
  copy_args(s->arena, in.inputs, inputs, nin);
  copy_args(s->arena, in.attrs, attrs, nattr);
  if (decision) copy_args(s->arena, &in.decision, decision, 1);
  if (nout) memcpy(in.outputs, outs, sizeof(SchRV) * (size_t)nout);
  VEC_PUSH(s->trace, in);
  return 0;
}

int sch_trace_len(const Schedule *s) { return s->trace.len; }

const SchInst *sch_trace_inst(const Schedule *s, int i) {
  return i >= 0 && i < s->trace.len ? &s->trace.data[i] : NULL;
}
