/*
 * compute_util.h — helpers compute.c defines and reduction.c shares:
 * statement rewriting by identity, block kinds, removal plans, new loops
 * and realizes.  Private to src/tir/schedule/ (candidates for analysis.c).
 */
#ifndef STRATA_SCHEDULE_COMPUTE_UTIL_H
#define STRATA_SCHEDULE_COMPUTE_UTIL_H

#include "schedule_impl.h"

/* sch_block_kind results: a complete block (spatial iterators only, no
 * init, writes nothing it reads) or a reduction block (has an init; spatial
 * and reduction iterators); 0 for neither. */
enum { SCH_BLOCK_COMPLETE = 1, SCH_BLOCK_REDUCTION = 2 };
int sch_block_kind(const IrBlock *b);

/* Does e mention a key of vars? */
bool sch_uses_vars(Node *e, const PtrMap *vars);
/* The loop variable's name of a For. */
const char *sch_loop_name(Node *loop);
/* stmt with the statements that are keys of map replaced by their values
 * (NULL: removed from the enclosing SeqStmt). */
Node *sch_rewrite_stmts(IrCtx *cx, Node *stmt, const PtrMap *map);
/* block (a Block) with its reads and writes recomputed from its body. */
Node *sch_block_with_access(IrCtx *cx, Node *block);
Node *sch_realize_new(IrCtx *cx, NodeList values, Node *pred, Node *block);
Node *sch_for_new(IrCtx *cx, Node *var, Node *min, Node *extent, Node *body);
/* The depth in path of the statement to remove so that the block at its end
 * disappears with the loops that hold only it (its parent is a SeqStmt);
 * -1 when there is none below depth top. */
int sch_removal_depth(const SchPath *path, int top);
/* The scope root realize with its block's body replaced. */
Node *sch_scope_with_body(IrCtx *cx, Node *scope, Node *body);

#endif
