/*
 * strata.h — the Strata compiler library, public API.
 *
 * Strata reads a model as TVMScript (the text form of its IR: Relax graph
 * functions and TensorIR tensor programs in one module), checks it, and
 * prints it back in canonical form.  It grows with every capability.
 *
 *   char *err = NULL;
 *   StrataModule *m = strata_parse("model.py", text, len, &err);
 *   if (!m) { fputs(err, stderr); strata_free(err); return 1; }
 *   if (strata_check(m, &err) != 0) { ... }       // well-formedness
 *   char *text2 = strata_print(m);                 // canonical TVMScript
 *   strata_free(text2);
 *   strata_module_free(m);
 *
 * Error strings are rendered diagnostics: `file:line:col: error: message`,
 * the source line and a caret under the offending token.  No function here
 * exits, aborts or writes to a terminal on bad input.
 */
#ifndef STRATA_STRATA_H
#define STRATA_STRATA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct StrataModule StrataModule;

/* How error strings are rendered: text (`file:line:col: error: ...`, the
 * line, a caret) or a JSON array of {file, line, column, end_line,
 * end_column, severity, message}. */
typedef enum StrataDiagFormat { STRATA_DIAG_TEXT = 0, STRATA_DIAG_JSON = 1 } StrataDiagFormat;

/* Parse TVMScript text.  On failure returns NULL and, if errors is not NULL,
 * sets *errors to the rendered diagnostics (free with strata_free). */
StrataModule *strata_parse(const char *filename, const char *text, size_t len, char **errors);

/* strata_parse with a choice of diagnostic format. */
StrataModule *strata_parse_fmt(const char *filename, const char *text, size_t len,
                               StrataDiagFormat fmt, char **errors);

/* Well-formedness check.  Returns the number of errors (0: well formed); if
 * there are errors and errors is not NULL, *errors gets the diagnostics. */
int strata_check(const StrataModule *m, char **errors);
int strata_check_fmt(const StrataModule *m, StrataDiagFormat fmt, char **errors);

/* Canonical TVMScript of the module (free with strata_free). */
char *strata_print(const StrataModule *m);

/* ---- building: lowering, C code generation, the system C compiler ----
 *
 *   StrataBuildOptions o = {0};                 // target "c", no hooks
 *   if (strata_build(m, &o, "lib.so", &err) != 0) { fputs(err, stderr); ... }
 *   // then strata_lib_load("lib.so", ...) from strata/runtime.h
 */
typedef struct StrataBuildOptions {
  const char *target;      /* "c" (default), "c -mcpu=x86-64-v3", "c -O2" */
  const char *print_after; /* a pass name or "all": print TVMScript after it (stderr) */
  int verify_each;         /* check the IR after every lowering pass */
  int time_passes;         /* print each pass's time (stderr) */
} StrataBuildOptions;

/* Lower every PrimFunc of the module (the default pipeline, ending with
 * MakePackedAPI) and generate one C file.  *c_source is malloc'd (free with
 * strata_free).  Returns 0, or nonzero with *errors set. */
int strata_emit_c(const StrataModule *m, const StrataBuildOptions *opts, char **c_source, char **errors);

/* strata_emit_c, then compile into the shared library out_path.  When the C
 * compiler fails, *errors holds its message and the path of the kept
 * generated file. */
int strata_build(const StrataModule *m, const StrataBuildOptions *opts, const char *out_path,
                 char **errors);

/* The calling signatures of the module's PrimFuncs, as built libraries
 * export them (`strata_lib_signatures`): per function a line `func NAME`,
 * `var NAME DTYPE` for each symbolic shape variable, and one line per
 * parameter, `param NAME tensor DTYPE DIM; DIM; ...` or
 * `param NAME scalar DTYPE` (dims are TVMScript PrimExprs).  Free with
 * strata_free. */
char *strata_signatures(const StrataModule *m);

/* The value of a shape expression (TVMScript text over the variables
 * names[0..n) with values[0..n)): 0 and *out, or -1 with *errors set. */
int strata_eval_shape(const char *expr, int n, const char *const *names, const char *const *dtypes,
                      const long long *values, long long *out, char **errors);

/* Apply a schedule trace to function func (NULL: "main") of m: TVM's Python
 * form (`b0 = sch.get_block(name="C")`, optionally inside `def
 * apply_trace(sch)`) or MetaSchedule's JSON trace (text starting with '[').
 * On success m holds the scheduled module; on failure m is unchanged,
 * *errors names the failing step (trace_name:line) and the reason, and the
 * result is nonzero. */
int strata_apply_trace(StrataModule *m, const char *func, const char *trace_name,
                       const char *trace_text, size_t len, StrataDiagFormat fmt, char **errors);

void strata_module_free(StrataModule *m);
void strata_free(void *p);

#ifdef __cplusplus
}
#endif

#endif
