/*
 * te_impl.h — private to te.c (the builders) and te_prim_func.c (the
 * conversion to a PrimFunc): the context, compute stages and reductions.
 */
#ifndef STRATA_TIR_TE_IMPL_H
#define STRATA_TIR_TE_IMPL_H

#include "te.h"

typedef enum TeReduceKind {
  TE_RED_SUM,
  TE_RED_PROD,
  TE_RED_MAX,
  TE_RED_MIN,
  TE_RED_ARGMAX,
  TE_RED_ARGMIN,
} TeReduceKind;

/* A commutative reduction of nval values (argmax: index, value). */
typedef struct TeReduce {
  TeReduceKind kind;
  int nval;
  Node *source[2];
  int naxes;
  TeIterVar **axes;
  bool select_last;
  int id;
} TeReduce;

/* A compute stage: nout bodies over the index vars `axes`. */
struct TeOp {
  const char *name;
  int ndim;
  Node **shape;
  Node **axes; /* the index vars passed to the body function */
  int nout;
  Node **bodies;
  TeTensor **outs;
  TeReduce *reduce; /* NULL: data parallel */
};

struct TeCtx {
  IrCtx *cx;
  PtrVec reduces;     /* TeReduce *, by id */
  PtrMap markers;     /* "te.reduce" marker Call -> TeReduce */
  PtrMap buf2tensor;  /* Buffer -> TeTensor */
  char *err;          /* the first error (owned) */
};

/* Record an error (only the first is kept); returns NULL. */
void *te_fail(TeCtx *te, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The identity of value vi of r, or NULL when its dtype has none. */
Node *te_identity(TeCtx *te, const TeReduce *r, int vi);
/* out[0..nval) = combiner(lhs, rhs): lhs the accumulators, rhs the new values. */
void te_combine(TeCtx *te, const TeReduce *r, Node *const *lhs, Node *const *rhs, Node **out);

#endif
