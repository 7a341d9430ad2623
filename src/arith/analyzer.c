/*
 * analyzer.c — what the analyzer knows: variable ranges (arith_bind), facts
 * (arith_assume) and the scopes that drop them (arith_push/arith_pop); the
 * deterministic expression order the canonical form sorts by; and the
 * provers built on the simplifier and the bounds.
 *
 * Knowledge is a stack of entries keyed by node (a variable, or a canonical
 * expression a fact bounds); the index maps each key to its newest entry.
 */
#include "arith_impl.h"

#include <string.h>

Analyzer *arith_new(IrCtx *cx) {
  Analyzer *az = xcalloc(1, sizeof *az);
  az->cx = cx;
  return az;
}

void arith_free(Analyzer *az) {
  if (!az) return;
  VEC_FREE(az->ents);
  VEC_FREE(az->marks);
  ptrmap_free(&az->index);
  free(az);
}

const ArEntry *ar_lookup(const Analyzer *az, const Node *key) {
  intptr_t i = (intptr_t)ptrmap_get(&az->index, key);
  return i ? &az->ents.data[i - 1] : NULL;
}

static ArEntry *push_entry(Analyzer *az, const Node *key) {
  const ArEntry *old = ar_lookup(az, key);
  ArEntry e = {key, {ARITH_NEG_INF, ARITH_POS_INF}, NULL, NULL, -1};
  if (old) {
    e = *old;
    e.prev = (int32_t)(old - az->ents.data);
  }
  VEC_PUSH(az->ents, e);
  ptrmap_put(&az->index, key, (void *)(intptr_t)az->ents.len);
  return &az->ents.data[az->ents.len - 1];
}

void ar_refine(Analyzer *az, const Node *key, IntBound b) {
  ArEntry *e = push_entry(az, key);
  e->b = ar_intersect(e->b, b);
}

void arith_bind(Analyzer *az, Node *var, Node *min, Node *extent) {
  IrCtx *cx = az->cx;
  if (!ir_is_tir_var(var) || !min || !extent) return;
  if (!dtype_eq(min->dtype, var->dtype)) min = arith_simplify(az, ir_cast(cx, var->dtype, min));
  if (!dtype_eq(extent->dtype, var->dtype)) extent = arith_simplify(az, ir_cast(cx, var->dtype, extent));
  Node *one = ir_int(cx, var->dtype, 1);
  Node *mn = arith_simplify(az, min);
  Node *mx = arith_simplify(az, ir_bin(cx, NK_SUB, ir_bin(cx, NK_ADD, min, extent), one));
  ArEntry *e = push_entry(az, var);
  e->b = (IntBound){ARITH_NEG_INF, ARITH_POS_INF};
  e->min = mn;
  e->max = mx;
}

void arith_push(Analyzer *az) { VEC_PUSH(az->marks, az->ents.len); }

void arith_pop(Analyzer *az) {
  if (az->marks.len == 0) return;
  int32_t mark = az->marks.data[--az->marks.len];
  while (az->ents.len > mark) {
    ArEntry *e = &az->ents.data[--az->ents.len];
    ptrmap_put(&az->index, e->key, (void *)(intptr_t)(e->prev + 1));
  }
}

void arith_assume(Analyzer *az, Node *cond) {
  if (!cond) return;
  Node *c = arith_simplify(az, cond);
  if (c->kind == NK_AND) {
    arith_assume(az, IR_AS(IrBinary, c)->a);
    arith_assume(az, IR_AS(IrBinary, c)->b);
    return;
  }
  const Node *key;
  IntBound b;
  if (ar_fact_of(az, c, &key, &b)) {
    ar_refine(az, key, b);
    return;
  }
  /* Opaque facts: a bool expression known to be 1 (or, under Not, 0). */
  if (c->kind == NK_NOT) {
    ar_refine(az, IR_AS(IrUnary, c)->a, (IntBound){0, 0});
    return;
  }
  if (c->kind != NK_INT) ar_refine(az, c, (IntBound){1, 1});
}

/* ---- deterministic order ------------------------------------------------- */

static int cmp_i64(int64_t a, int64_t b) { return a < b ? -1 : a > b; }

static int cmp_dtype(DType a, DType b) {
  if (a.code != b.code) return cmp_i64(a.code, b.code);
  if (a.bits != b.bits) return cmp_i64(a.bits, b.bits);
  return cmp_i64(a.lanes, b.lanes);
}

static int cmp_str(const char *a, const char *b) {
  if (a == b) return 0;
  if (!a || !b) return a ? 1 : -1;
  return strcmp(a, b);
}

static int cmp_fields(const Node *a, const Node *b) {
  for (const FieldDesc *fd = ir_kinds[a->kind].fields; fd->kind != FK_END; fd++) {
    const char *p = (const char *)a + fd->offset, *q = (const char *)b + fd->offset;
    int c = 0;
    switch (fd->kind) {
    case FK_NODE: c = ar_node_cmp(*(Node *const *)p, *(Node *const *)q); break;
    case FK_LIST: {
      const NodeList *x = (const NodeList *)p, *y = (const NodeList *)q;
      for (int32_t i = 0; !c && i < x->n && i < y->n; i++) c = ar_node_cmp(x->v[i], y->v[i]);
      if (!c) c = cmp_i64(x->n, y->n);
      break;
    }
    case FK_I64: c = cmp_i64(*(const int64_t *)p, *(const int64_t *)q); break;
    case FK_F64: {
      double x = *(const double *)p, y = *(const double *)q;
      c = x < y ? -1 : x > y;
      break;
    }
    case FK_STR: c = cmp_str(*(const char *const *)p, *(const char *const *)q); break;
    case FK_DTYPE: c = cmp_dtype(*(const DType *)p, *(const DType *)q); break;
    default: break;
    }
    if (c) return c;
  }
  return 0;
}

int ar_node_cmp(const Node *a, const Node *b) {
  if (a == b) return 0;
  if (!a || !b) return a ? 1 : -1;
  if (a->kind != b->kind) return cmp_i64(a->kind, b->kind);
  int c = cmp_dtype(a->dtype, b->dtype);
  if (ir_cat(a) == CAT_VAR || a->kind == NK_BUFFER) {
    const char *na = a->kind == NK_BUFFER ? IR_AS(IrBuffer, a)->name : IR_AS(IrVar, a)->name;
    const char *nb = b->kind == NK_BUFFER ? IR_AS(IrBuffer, b)->name : IR_AS(IrVar, b)->name;
    c = c ? c : cmp_str(na, nb);
    /* Same name and type: distinct variables, ordered by address. */
    return c ? c : ((uintptr_t)a < (uintptr_t)b ? -1 : 1);
  }
  if (c) return c;
  return cmp_fields(a, b);
}

/* ---- provers ------------------------------------------------------------- */

bool arith_can_prove(Analyzer *az, Node *cond) {
  if (!cond) return false;
  Node *c = arith_simplify(az, cond);
  int64_t v;
  if (ir_is_const_int(c, &v)) return v != 0;
  const ArEntry *e = ar_lookup(az, c);
  if (e && e->b.min >= 1) return true;
  if (dtype_is_integral(c->dtype) && c->dtype.lanes == 1) {
    IntBound b = arith_const_bound(az, c);
    return b.min >= 1;
  }
  return false;
}

bool arith_can_prove_equal(Analyzer *az, Node *a, Node *b) {
  if (!a || !b) return false;
  if (a == b) return true;
  if (a->dtype.code != b->dtype.code || a->dtype.lanes != b->dtype.lanes) return false;
  if (!dtype_eq(a->dtype, b->dtype)) {
    DType t = a->dtype.bits >= b->dtype.bits ? a->dtype : b->dtype;
    if (!dtype_eq(a->dtype, t)) a = ir_cast(az->cx, t, a);
    if (!dtype_eq(b->dtype, t)) b = ir_cast(az->cx, t, b);
  }
  if (arith_simplify(az, a) == arith_simplify(az, b)) return true;
  if (!dtype_is_integral(a->dtype)) return false;
  return arith_can_prove(az, ir_bin(az->cx, NK_EQ, a, b));
}
