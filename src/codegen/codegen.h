/*
 * codegen.h — code generation: lowered TIR to target source, and building
 * that source into a loadable library.
 *
 *   StrBuf c = {0};
 *   if (codegen_c_module(lowered_mod, NULL, &c, &diag) == 0)     // C text
 *     codegen_c_build(c.data, "c -O3", "out.so", &err);          // cc -shared
 *
 * Input: a module of PrimFuncs in the lowered form (no blocks, 1-D buffers,
 * For/LetStmt/IfThenElse/AssertStmt/Allocate/DeclBuffer/Evaluate/While,
 * Ramp/Broadcast vector accesses, math Calls) whose entry functions went
 * through MakePackedAPI (attr "strata.packed_api" = True: params self, args,
 * nargs, ret and the "strata.arg_*" / "strata.tensor_*" intrinsics).
 * Output of the C target: one self-contained C file that includes only the
 * C standard headers, declares its own copies of DLTensor, StrataAny and
 * StrataRuntimeApi (layouts identical to include/strata/runtime.h), and
 * exports `strata_lib_init` and `strata_lib_funcs` (plus
 * `strata_lib_signatures`, the text of codegen_c_signature, when given).
 * A PrimFunc without the packed-API attribute is emitted as a plain C
 * function `strata_c_<name>` taking its parameters as C values.
 */
#ifndef STRATA_CODEGEN_H
#define STRATA_CODEGEN_H

#include "../ir/ir.h"

/* C source for a lowered module.  signatures (may be NULL) is embedded as
 * the exported string `strata_lib_signatures`.  Returns the number of errors
 * added to diag (0: out holds the whole file). */
int codegen_c_module(const Node *mod, const char *signatures, StrBuf *out, DiagCtx *diag);

/* The calling signature of a PrimFunc before lowering, as text a driver can
 * read back without the IR: one block per function,
 *   func NAME
 *   param NAME tensor DTYPE DIM; DIM; ...     (dims as TVMScript PrimExprs)
 *   param NAME scalar DTYPE
 * appended to out. */
void codegen_c_signature(const Node *func, const char *name, StrBuf *out);

/* The C compiler flags for a target string: "c" (-O3 -march=native),
 * "c -mcpu=x86-64-v3" (-march=x86-64-v3), "c -O2", "c -mcpu=native -O1".
 * Appends flags (space separated, without -shared/-fPIC) to flags; on an
 * unknown target or option returns -1 with a message in *err (malloc'd). */
int codegen_target_flags(const char *target, StrBuf *flags, char **err);

/* Compile C source into the shared library out_path with the system C
 * compiler ($CC, default cc).  On failure returns -1 and sets *err
 * (malloc'd) to the compiler's message and the path of the generated file,
 * which is kept for inspection. */
int codegen_c_build(const char *c_source, const char *target, const char *out_path, char **err);

#endif
