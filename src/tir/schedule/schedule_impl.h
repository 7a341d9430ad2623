/*
 * schedule_impl.h — what the schedule primitives share: the Schedule object,
 * reference resolution, path-based replacement, errors and trace recording.
 * Private to src/tir/schedule/.
 *
 * How a primitive is written (see loop.c for examples):
 *   int sch_parallel(Schedule *s, SchRV loop) {
 *     SchPath path = {0};
 *     Node *f = sch_loop_lookup(s, loop, &path);        // the For, and its path
 *     if (!f) return -1;                                 // error already set
 *     ... check preconditions; on violation:
 *         { sch_path_free(&path); return sch_fail(s, "parallel: ..."); }
 *     Node *nf = ... new For ...;
 *     sch_replace(s, &path, path.n - 1, nf);             // rebuild ancestors, commit
 *     sch_path_free(&path);
 *     SchArg in[] = {sch_arg_rv(loop)};
 *     return sch_record(s, "Parallel", in, 1, NULL, 0, NULL, NULL, 0);
 *   }
 * Nothing is committed before every check has passed, so a failing primitive
 * leaves the module and the trace unchanged.
 */
#ifndef STRATA_SCHEDULE_IMPL_H
#define STRATA_SCHEDULE_IMPL_H

#include "schedule.h"

typedef struct SchRVEntry {
  SchRVKind kind;
  bool valid;             /* false once the block or loop is gone */
  const char *block_name; /* BLOCK: interned */
  Node *loop_var;         /* LOOP: the For's loop variable */
  int64_t value;          /* EXPR */
} SchRVEntry;

struct Schedule {
  IrCtx *cx;
  Node *mod;              /* current module (MODULE node) */
  const char *func_name;  /* interned */
  StrBuf err;
  VEC(SchRVEntry) rvs;
  VEC(SchInst) trace;
  Arena *arena;           /* trace argument storage */
  uint64_t rng;           /* sampling state (splitmix64) */
};

/* The statements from the function body down to a target, root first:
 * nodes[0] is the function body, nodes[n-1] the target. */
typedef struct SchPath {
  Node **nodes;
  int32_t n, cap;
} SchPath;

void sch_path_free(SchPath *p);

/* Set the error message (prefix it with the primitive's name) and return -1. */
int sch_fail(Schedule *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Resolve references.  Return the BlockRealize / For and fill path (may be
 * NULL); NULL with the error set when the reference is invalid, of the wrong
 * kind, or its target no longer exists. */
Node *sch_block_lookup(Schedule *s, SchRV rv, SchPath *path);
Node *sch_loop_lookup(Schedule *s, SchRV rv, SchPath *path);
/* Block or loop, whichever the reference is. */
Node *sch_stmt_lookup(Schedule *s, SchRV rv, SchPath *path);
/* The Block inside a BlockRealize. */
static inline IrBlock *sch_block_of(Node *realize) {
  return IR_AS(IrBlock, IR_AS(IrBlockRealize, realize)->block);
}

/* Replace path->nodes[depth] by stmt (NULL removes it from its SeqStmt),
 * rebuild every ancestor and commit the new function into s->mod. */
void sch_replace(Schedule *s, const SchPath *path, int depth, Node *stmt);
/* Commit a whole new function body / function. */
void sch_set_func(Schedule *s, Node *func);

/* New references. */
SchRV sch_rv_block(Schedule *s, const char *block_name);
SchRV sch_rv_loop(Schedule *s, Node *loop_var);
SchRV sch_rv_expr(Schedule *s, int64_t value);
/* Mark references to loops whose variable no longer occurs, and blocks whose
 * name no longer occurs, as invalid (after a primitive removed some). */
void sch_refresh_rvs(Schedule *s);
/* A block name not yet used in the function: base, base_1, base_2 ... */
const char *sch_unique_block_name(Schedule *s, const char *base);

/* Trace recording: copies the arguments into the schedule's arena. */
int sch_record(Schedule *s, const char *kind, const SchArg *inputs, int nin, const SchArg *attrs,
               int nattr, const SchArg *decision, const SchRV *outs, int nout);
static inline SchArg sch_arg_rv(SchRV rv) { SchArg a = {0}; a.kind = SCH_ARG_RV; a.rv = rv; return a; }
static inline SchArg sch_arg_int(int64_t v) { SchArg a = {0}; a.kind = SCH_ARG_INT; a.i = v; return a; }
static inline SchArg sch_arg_bool(bool v) { SchArg a = {0}; a.kind = SCH_ARG_BOOL; a.i = v; return a; }
static inline SchArg sch_arg_float(double v) { SchArg a = {0}; a.kind = SCH_ARG_FLOAT; a.f = v; return a; }
static inline SchArg sch_arg_str(const char *v) { SchArg a = {0}; a.kind = SCH_ARG_STR; a.s = intern(v); return a; }
static inline SchArg sch_arg_none(void) { SchArg a = {0}; a.kind = SCH_ARG_NONE; return a; }
static inline SchArg sch_arg_expr(Node *e) { SchArg a = {0}; a.kind = SCH_ARG_EXPR; a.node = e; return a; }
static inline SchArg sch_arg_list(SchArg *items, int n) {
  SchArg a = {0};
  a.kind = SCH_ARG_LIST;
  a.items = items;
  a.nitems = n;
  return a;
}

/* Random numbers for sampling (deterministic from the seed). */
uint64_t sch_rand(Schedule *s);

#endif
