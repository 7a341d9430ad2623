/*
 * arith_impl.h — private to src/arith: the analyzer's state, the linear
 * sum-of-products form the canonical simplifier works on, and the helpers
 * the pass files share.  Pipeline: rewrite.c (the simplifier driver) sends
 * Add/Sub/Mul to canonical.c, Div/Mod to divmod.c and comparisons to
 * compare.c; they decide rewrites with sum_bound.c (bounds of sums) and
 * bound.c (interval bounds), which read analyzer.c's ranges and facts.
 * const_fold.c folds immediates for all of them.
 */
#ifndef STRATA_ARITH_IMPL_H
#define STRATA_ARITH_IMPL_H

#include "arith.h"

#include <stdlib.h>
#include <string.h>

/* One piece of knowledge about a key: a variable's range (bind) or the
 * constant bound a fact puts on a canonical expression (assume).  Entries
 * form a stack; each key maps to its newest entry, which links to the one it
 * shadows, so a pop restores the older state. */
typedef struct ArEntry {
  const Node *key;
  IntBound b;      /* constant bound from facts (and constant binds) */
  Node *min, *max; /* symbolic inclusive range from arith_bind, or NULL */
  int32_t prev;    /* older entry of the same key, or -1 */
} ArEntry;

struct Analyzer {
  IrCtx *cx;
  VEC(ArEntry) ents;
  PtrMap index;       /* key -> newest entry index + 1 */
  VEC(int32_t) marks; /* entry counts at each arith_push */
  int depth;          /* nesting of contextual simplification */
  int bdepth;         /* nesting of bound computation through symbolic ranges */
};

/* ---- analyzer.c ---- */
const ArEntry *ar_lookup(const Analyzer *az, const Node *key);
/* Intersect the known bound of key with b (a new, scoped entry). */
void ar_refine(Analyzer *az, const Node *key, IntBound b);
/* A total, deterministic order on expressions (variables by name). */
int ar_node_cmp(const Node *a, const Node *b);

/* ---- bound.c ---- */
IntBound ar_dtype_bound(DType t);
IntBound ar_intersect(IntBound a, IntBound b);
int64_t ar_sat_add(int64_t a, int64_t b);
int64_t ar_sat_mul(int64_t a, int64_t b);
int64_t ar_sat_neg(int64_t a);
IntBound ar_bound_add(IntBound a, IntBound b);
IntBound ar_bound_scale(IntBound a, int64_t k);
IntBound ar_bound_mul(IntBound a, IntBound b);

/* ---- const_fold.c ---- */
/* Wrap v to the width of integer dtype t (two's complement / modular). */
int64_t ar_wrap(DType t, int64_t v);
bool ar_fits(DType t, int64_t v);
int64_t ar_floordiv(int64_t a, int64_t b); /* b != 0, no overflow */
int64_t ar_floormod(int64_t a, int64_t b);

/* ---- canonical.c: linear sums of monomials ---- */
typedef struct ArTerm {
  int64_t coef;
  Node *mono; /* a product of atoms, atoms in ar_node_cmp order (Mul chain) */
} ArTerm;

typedef struct ArSum {
  DType dt;
  bool ok; /* false after an overflow or an unsupported shape: do not use */
  int64_t c;
  VEC(ArTerm) t;
} ArSum;

/* Is t a type the canonical form handles (scalar signed integer)? */
bool ar_canon_type(DType t);
void ar_sum_init(ArSum *s, DType dt);
void ar_sum_free(ArSum *s);
/* Decompose an already-simplified expression (atoms taken as they are). */
void ar_sum_from(Analyzer *az, Node *e, ArSum *out);
/* s += k * o */
void ar_sum_addsum(ArSum *s, const ArSum *o, int64_t k);
/* s += k * mono (mono NULL: the constant 1). */
void ar_sum_add_term(ArSum *s, int64_t k, Node *mono);
void ar_sum_add_const(ArSum *s, int64_t v);
/* Sort the terms into canonical order. */
void ar_sum_sort(ArSum *s);
/* s is ok and every constant in it fits its dtype. */
bool ar_sum_fits(const ArSum *s);
/* Build the canonical expression of s. */
Node *ar_sum_emit(Analyzer *az, const ArSum *s);
/* Simplify Add/Sub/Mul e (children not yet simplified); NULL if the
 * canonical form is not available (overflow, unsupported type). */
Node *ar_canon_arith(Analyzer *az, Node *e);

#define MAX_ATOMS 16
/* The atoms of a monomial in order (-1 if more than MAX_ATOMS). */
int ar_mono_atoms(Node *m, Node **out);
/* The monomial of n atoms (NULL for n == 0, the constant 1). */
Node *ar_mono_build(IrCtx *cx, Node **atoms, int n);
/* a / b as monomials if b's atoms are a sub-multiset of a's (*q NULL: 1). */
bool ar_mono_div(IrCtx *cx, Node *a, Node *b, Node **q);
int64_t ar_gcd(int64_t a, int64_t b);
/* a * b without overflow (and not INT64_MIN). */
bool ar_mul_ok(int64_t a, int64_t b, int64_t *r);

/* ---- sum_bound.c ---- */
/* Constant bound of s, using facts, symbolic ranges and min/max relaxation. */
IntBound ar_sum_bound(Analyzer *az, const ArSum *s);

/* ---- divmod.c ---- */
/* Simplify k(a, b) for a division/modulo kind; a, b already simplified. */
Node *ar_canon_divmod(Analyzer *az, NodeKind k, Node *a, Node *b);

/* ---- compare.c ---- */
/* Simplify a comparison k(a, b) of integers; a, b already simplified. */
Node *ar_canon_cmp(Analyzer *az, NodeKind k, Node *a, Node *b);
/* Turn a comparison fact into a bound on a canonical expression; false if
 * cond is not such a comparison. */
bool ar_fact_of(Analyzer *az, Node *cond, const Node **key, IntBound *b);

/* ---- rewrite.c ---- */
/* One bottom-up simplification pass. */
Node *ar_simp(Analyzer *az, Node *e);

#endif
