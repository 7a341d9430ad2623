/*
 * schedule.h — TensorIR schedules: a PrimFunc being transformed by
 * primitives (split, reorder, compute_at, tensorize, ...), the references
 * the primitives hand out, and the trace that records every call.
 *
 * A tutorial:
 *   Schedule *s = sch_new(cx, module, "main", 42);    // seed for sampling
 *   SchRV b, loops[3], parts[2];
 *   int n;
 *   if (sch_get_block(s, "C", NULL, &b) || sch_get_loops(s, b, loops, 3, &n) ||
 *       sch_split(s, loops[0], (SchFactor[]){SCH_FACTOR_NONE, SCH_FACTOR(16)}, 2, true,
 *                 false, parts))
 *     fprintf(stderr, "%s\n", sch_error(s));          // function left unchanged
 *   Node *mod2 = sch_mod(s);                           // the scheduled module
 *   StrBuf t = {0}; sch_trace_print(s, &t);            // b0 = sch.get_block(...)
 *   sch_free(s);
 *
 * References.  A block reference (SchRV of kind SCH_RV_BLOCK) names a block
 * by its name, unique within the function; a loop reference names a loop by
 * its loop variable, which survives rewrites of the nest around it.  A
 * primitive that removes a loop or block invalidates its references; using
 * one is an error, not a crash.  Expression references (SCH_RV_EXPR) hold the
 * integers sampling instructions return, usable wherever a factor goes.
 *
 * Errors.  Every primitive returns 0, or -1 with a message (sch_error) that
 * names the primitive, the block or loop and the violated condition; on
 * failure the function and the trace are exactly as before the call.  A
 * primitive never produces wrong code: when a precondition cannot be proven
 * (arith/arith.h), it refuses.
 *
 * Layout of the implementation (one concern per file, all in
 * src/tir/schedule/): state.c (this object, reference resolution, the
 * path-based replace, the trace log), analysis.c (dependences, affine
 * bindings, region cover, complete/reduction blocks), loop.c (split, fuse,
 * reorder, add_unit_loop, parallel/vectorize/bind/unroll, annotate), cache.c
 * (cache_read, cache_write, set_scope, storage_align), reindex.c, compute.c
 * (compute_at, reverse_compute_at, compute_inline, reverse_compute_inline),
 * reduction.c (decompose_reduction, rfactor), layout.c (transform_layout,
 * pad_einsum), blockize.c (blockize, tensorize), sampling.c, trace.c
 * (printing, parsing, replay), trace_json.c, instructions.c (the instruction
 * kind table), intrin/ (tensor intrinsics).
 */
#ifndef STRATA_SCHEDULE_H
#define STRATA_SCHEDULE_H

#include "../../ir/ir.h"

typedef struct Schedule Schedule;

/* ---- references and arguments --------------------------------------------- */

typedef int32_t SchRV; /* index into the schedule's reference table; -1: none */

typedef enum SchRVKind { SCH_RV_BLOCK, SCH_RV_LOOP, SCH_RV_EXPR } SchRVKind;

/* A split factor: a constant, "infer this one" (None), or an expression
 * reference from a sampling instruction. */
typedef struct SchFactor {
  int64_t value; /* > 0 for a constant */
  SchRV rv;      /* >= 0 for a sampled factor */
} SchFactor;
#define SCH_FACTOR(v) ((SchFactor){(v), -1})
#define SCH_FACTOR_NONE ((SchFactor){0, -1})
#define SCH_FACTOR_RV(r) ((SchFactor){0, (r)})

/* A generic instruction argument or attribute, as traces carry them. */
typedef enum SchArgKind {
  SCH_ARG_NONE, SCH_ARG_RV, SCH_ARG_INT, SCH_ARG_FLOAT, SCH_ARG_BOOL, SCH_ARG_STR,
  SCH_ARG_LIST, /* items */
  SCH_ARG_EXPR, /* a PrimExpr (index map bodies, pad values) */
  SCH_ARG_NODE, /* any other IR node (an IndexMap's function, a PrimFunc) */
} SchArgKind;

typedef struct SchArg SchArg;
struct SchArg {
  SchArgKind kind;
  int64_t i;       /* INT, BOOL */
  double f;        /* FLOAT */
  const char *s;   /* STR (interned) */
  SchRV rv;        /* RV */
  Node *node;      /* EXPR, NODE */
  SchArg *items;   /* LIST (owned by the trace's arena) */
  int32_t nitems;
};

/* ---- lifetime ---------------------------------------------------------------- */

/* A schedule over function `func_name` of module `mod` (a MODULE, or a bare
 * PRIM_FUNC, which is wrapped as "main").  New nodes go into cx. */
Schedule *sch_new(IrCtx *cx, Node *mod, const char *func_name, uint64_t seed);
void sch_free(Schedule *s);
Node *sch_mod(const Schedule *s);  /* the current module */
Node *sch_func(const Schedule *s); /* the current function being scheduled */
const char *sch_error(const Schedule *s);
SchRVKind sch_rv_kind(const Schedule *s, SchRV rv);
/* The integer an expression reference holds (sampling results). */
int sch_rv_int(Schedule *s, SchRV rv, int64_t *out);

/* ---- getters ----------------------------------------------------------------- */

int sch_get_block(Schedule *s, const char *name, const char *func_name, SchRV *out);
/* Loops above a block, outermost first; *n gets their count (at most max
 * are written). */
int sch_get_loops(Schedule *s, SchRV block, SchRV *out, int max, int *n);
/* Child blocks of a block or loop, in program order. */
int sch_get_child_blocks(Schedule *s, SchRV block_or_loop, SchRV *out, int max, int *n);
int sch_get_producers(Schedule *s, SchRV block, SchRV *out, int max, int *n);
int sch_get_consumers(Schedule *s, SchRV block, SchRV *out, int max, int *n);

/* ---- loops (loop.c) ---------------------------------------------------------- */

/* Split a loop into nfactors nested loops; at most one factor may be NONE
 * (inferred).  A non-exact split adds a `T.where` predicate unless
 * disable_predication. */
int sch_split(Schedule *s, SchRV loop, const SchFactor *factors, int nfactors,
              bool preserve_unit_iters, bool disable_predication, SchRV *outs);
int sch_fuse(Schedule *s, const SchRV *loops, int n, bool preserve_unit_iters, SchRV *out);
int sch_reorder(Schedule *s, const SchRV *loops, int n);
/* A new unit loop above a block or loop. */
int sch_add_unit_loop(Schedule *s, SchRV block_or_loop, SchRV *out);
int sch_parallel(Schedule *s, SchRV loop);
int sch_vectorize(Schedule *s, SchRV loop);
int sch_unroll(Schedule *s, SchRV loop);
int sch_bind(Schedule *s, SchRV loop, const char *thread_axis);
/* Annotate a block or loop with key = value (an IntImm, FloatImm, StringImm
 * or ARRAY); unannotate removes it. */
int sch_annotate(Schedule *s, SchRV block_or_loop, const char *key, Node *value);
int sch_unannotate(Schedule *s, SchRV block_or_loop, const char *key);

/* ---- caches and buffers (cache.c) ---------------------------------------------- */

int sch_cache_read(Schedule *s, SchRV block, int read_buffer_index, const char *scope,
                   const SchRV *consumer_blocks, int nconsumers, SchRV *out);
int sch_cache_write(Schedule *s, SchRV block, int write_buffer_index, const char *scope,
                    const SchRV *consumer_blocks, int nconsumers, SchRV *out);
/* buffer_type: 0 read, 1 write (TVM's BufferIndexType).  In reindex.c;
 * recorded as ReIndex, attrs [buffer_index, buffer_index_type]. */
int sch_reindex(Schedule *s, SchRV block, int buffer_type, int buffer_index, SchRV *out);
int sch_set_scope(Schedule *s, SchRV block, int buffer_index, const char *scope);
int sch_storage_align(Schedule *s, SchRV block, int buffer_index, int axis, int factor, int offset);

/* ---- compute location (compute.c) ---------------------------------------------- */

int sch_compute_at(Schedule *s, SchRV block, SchRV loop, bool preserve_unit_loops, int index);
int sch_reverse_compute_at(Schedule *s, SchRV block, SchRV loop, bool preserve_unit_loops, int index);
int sch_compute_inline(Schedule *s, SchRV block);
int sch_reverse_compute_inline(Schedule *s, SchRV block);

/* ---- reductions (reduction.c) -------------------------------------------------- */

int sch_decompose_reduction(Schedule *s, SchRV block, SchRV loop, SchRV *out);
int sch_rfactor(Schedule *s, SchRV loop, int factor_axis, SchRV *out);

/* ---- layout (layout.c) ----------------------------------------------------------- */

/* index_map: a PRIM_FUNC-free description — `nsrc` fresh index vars and the
 * new indices as PrimExprs over them (TVM's IndexMap `lambda i, j: (...)`);
 * pad_value may be NULL (a constant of the buffer's dtype otherwise).
 *
 * In the trace, an index map is one SCH_ARG_NODE argument: an ARRAY node of
 * two items, ARRAY(src vars) then ARRAY(dst expressions); it prints as TVM
 * prints an IndexMap, every result followed by a comma:
 * `lambda i, j: (i // 4, j, i % 4,)`.  TransformLayout records, as TVM does,
 * inputs [block, index_map] and attrs [buffer_index, buffer_index_type
 * (0 read, 1 write), pad_value (NONE, or an index map whose one result is
 * the constant), assume_injective_transform (BOOL)]; it prints as
 * `sch.transform_layout(block=b0, buffer=("write", 0), index_map=lambda ...,
 * pad_value=lambda indices_0, indices_1: (T.float32(0.0),),
 * assume_injective_transform=False)`.  In JSON, index maps and pad values
 * are written as that Python text, where TVM writes its serialized objects:
 * TVM records with TransformLayout do not load here. */
typedef struct SchIndexMap {
  Node **src_vars;
  int32_t nsrc;
  Node **dst;
  int32_t ndst;
} SchIndexMap;
int sch_transform_layout(Schedule *s, SchRV block, int buffer_type, int buffer_index,
                         const SchIndexMap *map, Node *pad_value);
/* Pad the block's iter domains to multiples of padding[i] (one per iter
 * var); recorded as PadEinsum, attrs [padding (LIST of INT)]. */
int sch_pad_einsum(Schedule *s, SchRV block, const int64_t *padding, int n);

/* ---- blockize and tensorize (blockize.c) ----------------------------------------- */

int sch_blockize(Schedule *s, SchRV loop, bool preserve_unit_iters, SchRV *out);
/* Tensorize the block or loop nest with the registered intrinsic `intrin`. */
int sch_tensorize(Schedule *s, SchRV block_or_loop, const char *intrin, bool preserve_unit_iters);

/* ---- sampling (sampling.c; seeded, decisions recorded) --------------------------- */

/* decision: NULL to sample, else the decision to replay (from a trace). */
int sch_sample_perfect_tile(Schedule *s, SchRV loop, int n, int max_innermost_factor,
                            const int64_t *decision, SchRV *outs);
int sch_sample_categorical(Schedule *s, const int64_t *candidates, const double *probs, int n,
                           const int64_t *decision, SchRV *out);
int sch_sample_compute_location(Schedule *s, SchRV block, const int64_t *decision, SchRV *out);

/* ---- traces (trace.c, trace_json.c) ---------------------------------------------- */

/* Print the trace as TVM prints one: `b0 = sch.get_block(name="C", func_name="main")`. */
void sch_trace_print(const Schedule *s, StrBuf *out);
/* The same lines inside `def apply_trace(sch: tir.Schedule) -> None:`, as
 * TVM's str(trace) prints them (indented by two; `pass` when empty). */
void sch_trace_print_func(const Schedule *s, StrBuf *out);
/* Parse a trace in that Python form (keyword or positional arguments) and
 * apply it to s; diagnostics at the offending line on failure. */
int sch_trace_apply_text(Schedule *s, const SourceFile *file, DiagCtx *diag);
/* MetaSchedule's JSON trace: [[insts...], [decisions...]]. */
char *sch_trace_to_json(const Schedule *s);
int sch_trace_apply_json(Schedule *s, const SourceFile *file, DiagCtx *diag);

/* ---- instructions: the table every trace operation goes through ------------------- */

typedef struct SchInst {
  const char *kind; /* TVM's instruction kind name: "GetBlock", "Split", ... */
  SchArg *inputs;
  int32_t ninputs;
  SchArg *attrs;
  int32_t nattrs;
  SchArg decision; /* SCH_ARG_NONE unless a sampling instruction */
  SchRV *outputs;
  int32_t noutputs;
} SchInst;

typedef struct SchInstKind {
  const char *name;      /* "Split" */
  const char *py_method; /* "split" */
  /* Run the instruction on s from generic arguments; outputs written to outs
   * (*nouts of them).  Returns 0 or -1 with sch_error set. */
  int (*apply)(Schedule *s, const SchInst *inst, SchRV *outs, int *nouts);
  /* Keyword names of the inputs and attributes, in order, for printing and
   * parsing the Python form (NULL-terminated); how inputs group into
   * keyword arguments is described by input_groups (e.g. Split: "loop",
   * "factors*" where '*' takes the rest as a list). */
  const char *const *input_names;
  const char *const *attr_names;
} SchInstKind;

/* The table (instructions.c): every primitive above has one entry. */
const SchInstKind *sch_inst_kind_lookup(const char *name);
const SchInstKind *sch_inst_kind_by_method(const char *py_method);

/* Number of recorded instructions and one of them. */
int sch_trace_len(const Schedule *s);
const SchInst *sch_trace_inst(const Schedule *s, int i);

#endif
