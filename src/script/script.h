/*
 * script.h — TVMScript, the text form of the IR: parse a file into a module
 * (or a bare function) and print any of them back in one canonical form.
 *
 *   DiagCtx d; diag_init(&d);
 *   SourceFile *f = source_new("m.py", text, len);
 *   IrCtx *cx = ir_ctx_new();
 *   Node *root = script_parse(cx, f, &d);   // NULL or partial if diag_errors(&d)
 *   StrBuf out = {0}; script_print(root, &out);
 *
 * The printed form is what Apache TVM prints: `print(parse(print(m)))` is
 * byte-identical and `parse(print(m))` is structurally equal to m.
 */
#ifndef STRATA_SCRIPT_H
#define STRATA_SCRIPT_H

#include "../ir/ir.h"

/* Parse a TVMScript file.  The root is a MODULE (an `@I.ir_module` class), a
 * PRIM_FUNC (a bare `@T.prim_func`) or an RX_FUNC (a bare `@R.function`).
 * Returns NULL when diagnostics were recorded (never crashes on any input). */
Node *script_parse(IrCtx *cx, const SourceFile *file, DiagCtx *diag);

/* Parse one PrimExpr, with the free names given (name -> Var node) in vars;
 * used by tests and by tools that take expressions on the command line. */
Node *script_parse_primexpr(IrCtx *cx, const SourceFile *file, StrMap *vars, DiagCtx *diag);

/* Print a root (module, PrimFunc or Relax function) as canonical TVMScript. */
void script_print(const Node *root, StrBuf *out);
/* Print one PrimExpr or struct info as a TVMScript fragment (other nodes as
 * the debug dump). */
void script_print_node(const Node *n, StrBuf *out);

#endif
