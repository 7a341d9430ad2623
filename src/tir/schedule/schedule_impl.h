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

/* Trace helpers shared by trace.c and trace_json.c: an argument in the
 * Python form (index maps as `lambda i, j: (j, i)`), and such a lambda's
 * text parsed back into an SCH_ARG_NODE (false with the error set). */
void sch_arg_print_py(const Schedule *s, const SchArg *a, StrBuf *out);
bool sch_arg_parse_lambda(Schedule *s, const char *text, SchArg *out);

/* ---- instruction arguments (inst_check.c) ---- */

/* Check in's inputs and attributes against two signatures before an apply
 * function reads them, one letter per argument:
 *   b block ref   l loop ref   r block or loop ref   v expression ref
 *   f split factor (positive int32, expression ref or None)
 *   i int32   B boolean (or the integer 0 / 1)   s string   S string or None
 *   a annotation value (int, float, string, expression ref, or a list of
 *     constants)   K list of block refs (or None)   I list of int32s
 *   F list of numbers
 * A '*' repeats the letter before it for zero or more further arguments; a
 * '|' marks where optional trailing arguments begin.  Returns 0, or -1 with
 * "<py_method>: argument '<name>' must be ..., got ..." (names from the
 * kind's input_names / attr_names). */
int sch_inst_check(Schedule *s, const SchInst *in, const char *inputs, const char *attrs);
/* Only the counts, from the kind's names (the replayers call it before any
 * apply). */
int sch_inst_check_arity(Schedule *s, const SchInstKind *k, const SchInst *in);

/* Random numbers for sampling (deterministic from the seed). */
uint64_t sch_rand(Schedule *s);

/* ---- shared helpers (get.c, analysis.c) ---- */

/* BlockRealizes directly below stmt (not inside other blocks), in program
 * order: for a BlockRealize, those in its block's body; for a For, those in
 * its body; otherwise those in stmt. */
void sch_collect_child_blocks(Node *stmt, PtrVec *out);
/* The For nodes on path above path->nodes[depth], up to (not across) the
 * nearest enclosing block; outermost first into out (at most max written).
 * Returns their count. */
int sch_path_loops(const SchPath *path, int depth, Node **out, int max);

/* ---- analysis (analysis.c) ------------------------------------------------------ */

/* The scope a block lives in: the nearest enclosing block (its "scope
 * root"), every block directly under that root in program order, and the
 * dependences between them, as TVM's BlockScope computes them from the
 * blocks' reads/writes regions: for each block in order, RAW edges from
 * earlier (and same-block excluded) writers of a buffer it reads, WAW edges
 * from writers of a buffer it writes, WAR edges from readers of a buffer
 * it writes.  Edges never go from a block to itself. */
typedef enum SchDepKind { SCH_DEP_RAW, SCH_DEP_WAW, SCH_DEP_WAR } SchDepKind;
typedef struct SchDep {
  int32_t src, dst; /* indices into SchScope.blocks */
  SchDepKind kind;
} SchDep;
typedef struct SchScope {
  Node *root;       /* the scope root BlockRealize; the function body when none */
  int32_t root_depth; /* its index in the path it was filled from; -1: none */
  PtrVec blocks;    /* child BlockRealizes of the root, program order */
  VEC(SchDep) deps; /* in TVM's insertion order */
} SchScope;

/* Fill sc for the block or loop at path->nodes[depth]: its scope root is
 * the nearest BlockRealize strictly above depth. */
void sch_scope_fill(SchScope *sc, const SchPath *path, int depth);
void sch_scope_free(SchScope *sc);
/* Index of a block (by name) in sc->blocks, or -1. */
int sch_scope_index(const SchScope *sc, const Node *realize);
/* Producers (RAW or WAW edges into it) or consumers (RAW or WAW edges out
 * of it) of the block at the end of path, each once, in TVM's order. */
void sch_block_deps(const SchPath *path, bool producers, PtrVec *out);

/* ---- statement builders and buffer helpers (cache.c; used by layout.c,
 * blockize.c and tensorize.c) ---- */

Node *sch_mk_for(IrCtx *cx, Node *var, Node *min, Node *extent, Node *body); /* serial */
Node *sch_mk_iter_var(IrCtx *cx, Node *var, Node *min, Node *extent, int iter_type);
Node *sch_mk_region(IrCtx *cx, Node *buf, Node *const *mins, Node *const *extents, int n);
/* predicate NULL: true. */
Node *sch_mk_realize(IrCtx *cx, Node *const *values, int n, Node *predicate, Node *block);
/* body with stmt inserted before child pos of its SeqStmt (a non-Seq body
 * counts as one child). */
Node *sch_insert_stmt(IrCtx *cx, Node *body, int pos, Node *stmt);
/* A copy of buf named name in storage scope (fresh data var, no strides). */
Node *sch_buffer_with_scope(IrCtx *cx, Node *buf, const char *name, const char *scope);
/* Index in path of the nearest BlockRealize above the target; -1 if none. */
int sch_scope_depth(const SchPath *p);
/* The BufferRegion of buf in a reads/writes list, or NULL. */
Node *sch_region_of(NodeList regions, const Node *buf);
bool sch_region_has(NodeList regions, const Node *buf);
/* The realize of the block named name below stmt (not inside other blocks);
 * the For nodes passed on the way pushed onto loops (may be NULL). */
Node *sch_find_block(Node *stmt, const char *name, PtrVec *loops);
/* The child Blocks (not realizes) of a scope Block, in program order. */
void sch_scope_blocks(Node *scope_block, PtrVec *out);
/* region (a BufferRegion over realize's block iter vars) as seen above
 * the loops relax[0..n): bindings substituted, loop vars relaxed. */
Node *sch_relax_region(Schedule *s, Node *region, Node *realize, Node *const *relax, int nrelax);

/* ---- blockize internals (blockize.c), for tensorize.c ---- */

/* Blockize the subtree rooted at loop (the For at path->nodes[path->n-1]):
 * returns the new outer BlockRealize (not committed) or NULL with the
 * error set.  *inner_realize gets the rewritten inner block realize. */
Node *sch_blockize_impl(Schedule *s, const SchPath *path, bool preserve_unit_iters, Node **inner_realize);

/* Is the binding of realize quasi-affine in the loops (For nodes, the ones
 * between the block and its scope root)?  Accepted: every iter value is a
 * sum of c * v (v a loop variable, c free of loop variables), of
 * floordiv / floormod of such sums by positive constants, and of loop-free
 * terms; a loop used linearly feeds one iter only, and is not also used
 * under a floordiv / floormod (fuse's f // 128, f % 128 may share f).
 * A subset of TVM's DetectIterMap (enough for split / fuse / reorder). */
bool sch_binding_is_affine(Node *realize, Node *const *loops, int n);
/* The same for the BlockRealize at path->nodes[depth], with the loops above
 * it up to its scope root. */
bool sch_path_block_is_affine(const SchPath *path, int depth);
/* TVM's complete block, among the sibling blocks of a scope (or of a
 * subtree, for the "local" variant): all iters spatial, the only writer of
 * what it writes, and reads no buffer it writes. */
bool sch_is_complete_block(const PtrVec *blocks, int idx);
/* TVM's reduction block: has an init, iters spatial or reduce, the only
 * writer of what it writes, an affine binding (pass the result of
 * sch_path_block_is_affine), and no reduce iter indexes what it writes. */
bool sch_is_reduction_block(const PtrVec *blocks, int idx, bool affine);
/* TVM's region cover (BlockInfo::region_cover) for the block
 * sc->blocks[consumer]: for each buffer it reads that one producer of the
 * scope writes (a RAW edge), the producer's written region, relaxed over
 * the loops below the lowest loop the two share, covers the read region
 * relaxed the same way, within the buffer's shape (TVM's
 * ProducerCoversConsumer, proven with arith).  A buffer several producers
 * write is not checked (TVM takes a lower bound of their union). */
bool sch_region_cover(Schedule *s, const SchScope *sc, int consumer);
/* TVM's stage pipeline (BlockInfo::stage_pipeline) for a scope: no
 * write-after-read dependence between its blocks, and region cover for
 * every block. */
bool sch_stage_pipeline(Schedule *s, const SchScope *sc);
/* 0, or -1 with "<prim>: the scope of block "X" is not a stage pipeline: ...". */
int sch_require_stage_pipeline(Schedule *s, const SchScope *sc, const char *prim);
/* Does the block have a reduce iter? */
bool sch_block_has_reduce_iter(Node *realize);
/* Does expression (or any node) e mention var? */
bool sch_expr_uses_var(Node *e, Node *var);

/* Scratch space for n items of size sz, sized from a count taken from user
 * input (buffer ranks, iter vars, loops); zeroed, lives as long as the IR
 * context, so early returns need no free. */
static inline void *sch_scratch(IrCtx *cx, int n, size_t sz) {
  return arena_alloc(cx->arena, sz * (size_t)(n > 0 ? n : 1));
}

#endif
