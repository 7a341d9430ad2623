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
 */
#ifndef STRATA_IR_CHECK_H
#define STRATA_IR_CHECK_H

#include "ir.h"

/* Check root (a MODULE, PRIM_FUNC or RX_FUNC; NULL is accepted and has no
 * errors).  Every problem is reported to diag at the offending node's span
 * (or the nearest enclosing one that has a span).  Returns the number of
 * errors added.  Never aborts on user-produced IR. */
int ir_check(const Node *root, DiagCtx *diag);

#endif
