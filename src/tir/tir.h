/*
 * tir.h — TensorIR analyses.  For now: the verifier that says whether a
 * PrimFunc is well formed.
 *
 *   DiagCtx d; diag_init(&d);
 *   int n = tir_verify_prim_func(func, "main", &d);   // errors added to d
 *
 * What the verifier checks (TensorIR's rules, as Apache TVM states them):
 *   - every Var is defined before use: parameters; the data, shape, stride
 *     and elem_offset vars of buffer_map buffers (a bare var in a shape is
 *     defined there, an expression must use defined vars); loop vars, block
 *     iter vars, let vars, allocate vars, thread IterVars of AttrStmts;
 *     match_buffer'd buffers may introduce new shape vars like buffer_map;
 *   - a loop var is used only inside its loop, and not inside a non-opaque
 *     block nested in the loop (only the block's iter_values and predicate
 *     may use it; an opaque block, one with no iter vars, may);
 *   - no var or buffer is defined twice in one function;
 *   - BufferLoad/BufferStore/BufferRegion refer to a buffer in scope (a
 *     parameter buffer, one allocated or matched by an enclosing block, one
 *     declared by an enclosing DeclBuffer/BufferRealize, or an alias whose
 *     data var is in scope), with as many indices as the buffer has
 *     dimensions, integer indices, and (on store) a value of the buffer's
 *     dtype with lanes = buffer lanes x index lanes;
 *   - a BlockRealize binds as many values as its block has iter vars, each of
 *     the iter var's dtype; its predicate is bool;
 *   - in a block with an init statement, no store indexes with one of the
 *     block's reduction iter vars (iter_type ITER_REDUCE = 2; spatial is 0;
 *     see IterType in ir.h);
 *   - loops: min and extent are integers of the loop var's dtype;
 *   - expressions: binary operands of one dtype, And/Or/Not on bool, Select,
 *     If, While and Assert conditions bool, Let/LetStmt var of its value's
 *     dtype.
 * A var use is reported at its name inside the innermost statement with a
 * span (ir_span_find_name in ir/check.h), since a var node is shared by all
 * its uses.
 * Not checked (yet): region bounds, thread binding consistency, storage
 * scopes, SSA across host/device splits.
 */
#ifndef STRATA_TIR_H
#define STRATA_TIR_H

#include "../ir/ir.h"

/* Verify one PrimFunc; name is used in messages (NULL: "<anonymous>").
 * Returns the number of errors added to diag. */
int tir_verify_prim_func(const Node *func, const char *name, DiagCtx *diag);

#endif
