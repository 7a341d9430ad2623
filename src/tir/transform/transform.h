/*
 * transform.h — the TIR lowering passes, their registry and the pipeline
 * runner.  Scheduled TIR (blocks, multi-dimensional buffers) goes in; flat
 * loops over 1-D buffers come out, ready for code generation.
 *
 * A tutorial in six lines:
 *   DiagCtx d; diag_init(&d);
 *   TirPipelineOpts o = {0};                       // no hooks
 *   o.verify_each = true;                          // ir_check after each pass
 *   Node *low = tir_pipeline_run(cx, mod, tir_pipeline_default, -1, &o, &d);
 *   if (!low) diag_print(&d, stderr);             // a pass or a check failed
 *   const TirPass *p = tir_pass_lookup("FlattenBuffer");  // one pass by name
 *
 * A pass works on one PrimFunc at a time: TirPassFn gets the function (and
 * its global name, for messages) and returns the rewritten function, the
 * input itself when nothing changed, or NULL after adding an error to the
 * diagnostics (never aborting on user IR).  tir_pass_apply runs a pass over
 * every PrimFunc of a module (other functions are kept as they are).
 *
 * The pipeline (tir_pipeline_default) and what each stage leaves behind:
 *   LowerInitBlock                           no block has an init statement
 *   PlanAndUpdateBufferAllocationLocation    each alloc_buffer sits at the
 *                                            lowest common ancestor of its uses
 *   ConvertBlocksToOpaque                    no block has iter vars
 *   CompactBufferAllocation                  alloc_buffers shrunk to the
 *                                            region they are accessed in
 *   LowerMatchBuffer                         no match_buffer
 *   LowerOpaqueBlock                         no blocks: Allocate + DeclBuffer,
 *                                            IfThenElse for predicates,
 *                                            AttrStmt for thread bindings
 *   FlattenBuffer                            every buffer access 1-D
 *   (then Simplify, VectorizeLoop, UnrollLoop, StorageRewrite, LowerIntrin,
 *    MakePackedAPI: see their files)
 */
#ifndef STRATA_TIR_TRANSFORM_H
#define STRATA_TIR_TRANSFORM_H

#include <stdio.h>

#include "../../ir/ir.h"

/* What a pass gets besides the function. */
typedef struct TirPassCtx {
  IrCtx *cx;          /* where new nodes go */
  const char *name;   /* the function's global name ("main" for a bare one) */
  DiagCtx *diag;      /* errors go here; the pass then returns NULL */
} TirPassCtx;

/* PrimFunc -> PrimFunc.  Returns func itself when nothing changes, NULL on
 * error (with a diagnostic). */
typedef Node *(*TirPassFn)(TirPassCtx *pc, Node *func);

typedef struct TirPass {
  const char *name;  /* TVM's name: "FlattenBuffer" */
  TirPassFn fn;
  const char *desc;  /* one line: what it leaves behind */
} TirPass;

/* The registry (registry.c): every pass, in pipeline order. */
extern const TirPass tir_passes[];
extern const int tir_npasses;
/* The pass registered under name, or NULL. */
const TirPass *tir_pass_lookup(const char *name);

/* The default lowering pipeline: pass names, NULL-terminated. */
extern const char *const tir_pipeline_default[];

/* Run one pass on root (a MODULE: every PrimFunc in it; or a PRIM_FUNC).
 * Returns the new root (root itself if unchanged), NULL on error. */
Node *tir_pass_apply(IrCtx *cx, const TirPass *p, Node *root, DiagCtx *diag);

/* Hooks for the driver. */
typedef struct TirPipelineOpts {
  const char *print_after; /* a pass name, "all", or NULL: print TVMScript after it */
  bool verify_each;        /* ir_check after every pass; stop on the first error */
  bool time;               /* print each pass's wall time */
  FILE *out;               /* where prints and times go (NULL: stderr) */
} TirPipelineOpts;

/* Run the passes names[0..n) (n < 0: up to a NULL entry) in order on root.
 * An unknown name is an error.  Returns the lowered root, NULL on error. */
Node *tir_pipeline_run(IrCtx *cx, Node *root, const char *const *names, int n,
                       const TirPipelineOpts *opts, DiagCtx *diag);

/* ---- the passes (one file each) ------------------------------------------ */
Node *tir_lower_init_block(TirPassCtx *pc, Node *func);
Node *tir_plan_alloc_location(TirPassCtx *pc, Node *func);
Node *tir_convert_blocks_to_opaque(TirPassCtx *pc, Node *func);
Node *tir_compact_buffer_alloc(TirPassCtx *pc, Node *func);
Node *tir_lower_match_buffer(TirPassCtx *pc, Node *func);
Node *tir_lower_opaque_block(TirPassCtx *pc, Node *func);
Node *tir_flatten_buffer(TirPassCtx *pc, Node *func);
Node *tir_simplify(TirPassCtx *pc, Node *func);
Node *tir_vectorize_loop(TirPassCtx *pc, Node *func);
Node *tir_unroll_loop(TirPassCtx *pc, Node *func);
Node *tir_storage_rewrite(TirPassCtx *pc, Node *func);
Node *tir_lower_intrin(TirPassCtx *pc, Node *func);
Node *tir_make_packed_api(TirPassCtx *pc, Node *func);
/* Simplify's statement rewriter on one statement, knowing nothing of its
 * context (used after substituting constants into copies of a body). */
Node *tir_simplify_stmt(IrCtx *cx, Node *stmt);
/* (other passes: add their prototypes here, and a line in registry.c) */

/* ---- helpers shared by the passes (util.c) -------------------------------- */

/* Rewrite n (expression, statement, region...) replacing variables by the
 * expressions in vars (Var -> expr) and buffers by the buffers in bufs
 * (Buffer -> Buffer); either map may be NULL.  Buffers themselves are not
 * rebuilt (a buffer's shape is its own), except through bufs.  Returns n when
 * nothing changes. */
Node *tir_subst(IrCtx *cx, Node *n, const PtrMap *vars, const PtrMap *bufs);
/* A SeqStmt of the non-NULL statements (flattening nested SeqStmts), the
 * statement itself when there is one, NULL when none. */
Node *tir_seq(IrCtx *cx, Node *const *stmts, int n);
/* A function like func with body replaced (func if body is the same). */
Node *tir_func_with_body(IrCtx *cx, Node *func, Node *body);
/* A copy of buffer b with a new name suffix/shape/etc.: clone then finish. */
Node *tir_buffer_with_shape(IrCtx *cx, Node *b, NodeList shape, NodeList strides);
/* The storage scope of a buffer ("global" when none). */
const char *tir_buffer_scope(const Node *b);
/* a + b, a - b, a * b folding integer constants (0 and 1 identities too). */
Node *tir_add(IrCtx *cx, Node *a, Node *b);
Node *tir_sub(IrCtx *cx, Node *a, Node *b);
Node *tir_mul(IrCtx *cx, Node *a, Node *b);
/* Is e the integer (or bool) constant v? */
bool tir_is_const(const Node *e, int64_t v);

#endif
