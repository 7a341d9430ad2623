/*
 * unroll_loop.c — UnrollLoop: replace `T.unroll` loops (and loops the
 * auto-unroll rule picks) by copies of their body, one per iteration, with
 * the loop var replaced by min + i (TVM's tir.transform.UnrollLoop).
 *
 * The rule, with TVM's UnrollLoopConfig defaults (auto_max_step = 0,
 * auto_max_depth = 8, auto_max_extent = 0, explicit_unroll = true,
 * unroll_local_access = false):
 *   - a loop of kind unrolled with a constant extent is always unrolled;
 *   - a serial loop with a constant extent, no serial loop inside it, at most
 *     auto_max_depth unrolled loops inside, and extent x (statements inside)
 *     <= auto_max_step or extent <= auto_max_extent is unrolled too; with the
 *     defaults that leaves only loops of extent 0 and loops whose body has
 *     no store or evaluate (the step count counts BufferStore and Evaluate);
 *   - an extent-0 loop becomes `T.evaluate(0)`.
 * An unrolled loop with an extent that is not constant is an error.  As
 * TVM's ConvertSSA does after this pass, every variable defined inside a
 * copied body (loop vars, let vars, allocations and the buffers over them)
 * is renamed to a fresh variable in each copy, so definitions stay unique.
 * Before: any TIR without blocks.  After: no For of kind unrolled.
 */
#include <stdlib.h>
#include "../../arith/arith.h"
#include "transform.h"

enum { AUTO_MAX_STEP = 0, AUTO_MAX_DEPTH = 8, AUTO_MAX_EXTENT = 0 };

typedef struct Unroll {
  IrCtx *cx;
  Analyzer *az;
  TirPassCtx *pc;
  int step_count, unroll_depth, normal_depth;
  bool error;
} Unroll;

/* ---- copying a body with fresh definitions -------------------------------- */

typedef struct Fresh {
  IrCtx *cx;
  PtrMap vars; /* old var -> new expr (the loop var -> min + i, defs -> fresh vars) */
  PtrMap bufs; /* old buffer -> new buffer */
} Fresh;

static Node *fresh_var(Fresh *f, Node *v) {
  Node *nv = ir_clone(f->cx, v);
  nv = ir_finish(f->cx, nv);
  ptrmap_put(&f->vars, v, nv);
  return nv;
}

static Node *copy(Node *n, void *ud);

static Node *copy_buffer(Fresh *f, Node *b) {
  Node *nb = ptrmap_get(&f->bufs, b);
  if (nb) return nb;
  nb = ir_mutate_children(f->cx, b, copy, f);
  ptrmap_put(&f->bufs, b, nb);
  return nb;
}

static Node *copy(Node *n, void *ud) {
  Fresh *f = ud;
  if (!n) return n;
  if (ir_is_tir_var(n)) {
    Node *r = ptrmap_get(&f->vars, n);
    return r ? r : n;
  }
  if (n->kind == NK_BUFFER) return copy_buffer(f, n);
  if (n->kind == NK_INT || n->kind == NK_FLOAT || n->kind == NK_STRING || n->kind == NK_PTR_TYPE) return n;
  switch (n->kind) {
  case NK_FOR: fresh_var(f, IR_AS(IrFor, n)->var); break;
  case NK_LET_STMT: case NK_LET: fresh_var(f, IR_AS(IrLet, n)->var); break;
  case NK_ALLOCATE: fresh_var(f, IR_AS(IrAllocate, n)->var); break;
  default: break;
  }
  return ir_mutate_children(f->cx, n, copy, f);
}

/* ---- the pass ------------------------------------------------------------- */

static int64_t const_extent(Unroll *u, Node *ext) {
  int64_t v;
  Node *e = arith_simplify(u->az, ext);
  if (ir_is_const_int(e, &v) && v >= 0 && v <= INT32_MAX) return v;
  return -1;
}

static Node *evaluate0(IrCtx *cx) {
  Node *e = ir_alloc(cx, NK_EVALUATE, span_none());
  IR_AS(IrUnary, e)->a = ir_int(cx, DT_INT32, 0);
  return ir_finish(cx, e);
}

static Node *unroll(Unroll *u, Node *n, int64_t ext) {
  IrFor *f = IR_AS(IrFor, n);
  if (ext == 0) return evaluate0(u->cx);
  Node **copies = xmalloc(sizeof(Node *) * (size_t)ext);
  for (int64_t i = 0; i < ext; i++) {
    Fresh fr = {u->cx, {0}, {0}};
    Node *at = arith_simplify(u->az, ir_bin(u->cx, NK_ADD, f->min, ir_int(u->cx, f->var->dtype, i)));
    ptrmap_put(&fr.vars, f->var, at);
    copies[i] = tir_simplify_stmt(u->cx, copy(f->body, &fr));
    ptrmap_free(&fr.vars);
    ptrmap_free(&fr.bufs);
  }
  Node *r = tir_seq(u->cx, copies, (int)ext);
  free(copies);
  return r ? r : evaluate0(u->cx);
}

static Node *visit(Node *n, void *ud);

static Node *visit_for(Unroll *u, Node *n) {
  Node *body = visit(IR_AS(IrFor, n)->body, u);
  if (body != IR_AS(IrFor, n)->body) {
    n = ir_clone(u->cx, n);
    IR_AS(IrFor, n)->body = body;
    n = ir_finish(u->cx, n);
  }
  IrFor *f = IR_AS(IrFor, n);
  int64_t value = const_extent(u, f->extent);
  bool aut = f->kind == FOR_SERIAL && value >= 0 && u->normal_depth == 0 && u->unroll_depth <= AUTO_MAX_DEPTH;
  aut = aut && (value * u->step_count <= AUTO_MAX_STEP || value <= AUTO_MAX_EXTENT);
  if (f->kind == FOR_UNROLLED) {
    if (value < 0) {
      diag_error(u->pc->diag, n->span, "%s: cannot unroll loop '%s': its extent is not a constant", u->pc->name,
                 IR_AS(IrVar, f->var)->name);
      u->error = true;
      return n;
    }
    aut = true;
  }
  if (aut) {
    u->step_count = (int)(u->step_count * value);
    u->unroll_depth += 1;
    return unroll(u, n, value);
  }
  u->normal_depth += 1;
  return n;
}

static Node *visit_seq(Unroll *u, Node *n) {
  /* each element counts from zero; the sequence sums steps, maxes depths */
  int steps = u->step_count, ud = u->unroll_depth, nd = u->normal_depth;
  int sum = 0, maxu = 0, maxn = 0;
  IrArray *a = IR_AS(IrArray, n);
  Node **v = xmalloc(sizeof(Node *) * (size_t)a->items.n);
  bool changed = false;
  for (int32_t i = 0; i < a->items.n; i++) {
    u->step_count = u->unroll_depth = u->normal_depth = 0;
    v[i] = visit(a->items.v[i], u);
    changed |= v[i] != a->items.v[i];
    sum += u->step_count;
    maxu = u->unroll_depth > maxu ? u->unroll_depth : maxu;
    maxn = u->normal_depth > maxn ? u->normal_depth : maxn;
  }
  u->step_count = steps + sum;
  u->unroll_depth = ud > maxu ? ud : maxu;
  u->normal_depth = nd > maxn ? nd : maxn;
  Node *r = changed ? tir_seq(u->cx, v, a->items.n) : n;
  free(v);
  return r;
}

static Node *visit(Node *n, void *ud) {
  Unroll *u = ud;
  if (!n || !ir_is_stmt(n) || u->error) return n;
  switch (n->kind) {
  case NK_FOR: {
    IrFor *f = IR_AS(IrFor, n);
    arith_push(u->az);
    arith_bind(u->az, f->var, f->min, f->extent);
    Node *r = visit_for(u, n);
    arith_pop(u->az);
    return r;
  }
  case NK_SEQ: return visit_seq(u, n);
  case NK_BUFFER_STORE: case NK_EVALUATE: u->step_count++; return n;
  default: return ir_mutate_children(u->cx, n, visit, u);
  }
}

Node *tir_unroll_loop(TirPassCtx *pc, Node *func) {
  Unroll u = {pc->cx, arith_new(pc->cx), pc, 0, 0, 0, false};
  Node *body = visit(IR_AS(IrPrimFunc, func)->body, &u);
  arith_free(u.az);
  if (u.error) return NULL;
  return tir_func_with_body(pc->cx, func, body);
}
