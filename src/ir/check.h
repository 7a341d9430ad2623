/*
 * check.h — well-formedness of a whole root: the one entry point the driver
 * (`strata check`), the API and the pass manager's --verify-each call.
 *
 *   DiagCtx d; diag_init(&d);
 *   if (ir_check(root, &d)) diag_print(&d, stderr);
 *
 * It dispatches each function to its dialect's checker: tir_verify_prim_func
 * (tir/verify.c) for PrimFuncs, rx_check_function (relax/well_formed.c, which
 * also runs struct-info inference from relax/struct_info.c) for Relax
 * functions; module-level rules (unique global names) are checked here.
 * The span helpers below are shared by the dialect checkers.
 */
#ifndef STRATA_IR_CHECK_H
#define STRATA_IR_CHECK_H

#include "ir.h"

/* Check root (a MODULE, PRIM_FUNC or RX_FUNC; NULL is accepted and has no
 * errors).  Every problem is reported to diag at the offending node's span
 * (or the nearest enclosing one that has a span).  Returns the number of
 * errors added.  Never aborts on user-produced IR. */
int ir_check(const Node *root, DiagCtx *diag);

/* ---- locating a token inside an enclosing span ------------------------------
 * A variable is one node shared by all its uses, so its own span (if any) is
 * where it was defined; a use is located in the source text of the
 * innermost enclosing node that has a span.  Both helpers scan that text
 * like a Python tokenizer (strings and comments skipped) and fall back to
 * `within` itself when it has no source or nothing matches. */

/* The first identifier token `name` in `within` that is a use: not an
 * attribute (after '.'), not a keyword argument or assignment target
 * (followed by a single '='). */
Span ir_span_find_name(Span within, const char *name);
/* A global function's use, `cls.name` (from `cls`), else a bare `name`. */
Span ir_span_find_global(Span within, const char *name);
/* The value of the last `return` statement in `within` (a function's span):
 * from the expression's first character to the end of its line. */
Span ir_span_return_value(Span within);

#endif
