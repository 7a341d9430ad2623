/*
 * script_impl.h — what the TVMScript parser and printer halves share.
 *
 * Parsing: script.c reads the file with the Python parser (pyast.h), finds
 * the module class or bare functions, declares every global name first (so
 * functions may refer to each other through `cls.name`), and hands each
 * function to its dialect: from_tir.c (`@T.prim_func`) or from_relax.c
 * (`@R.function`).  Both resolve names through one scope stack (scope.c).
 *
 * Printing: print.c writes the header and module frame and hands each
 * function to print_tir.c or print_relax.c; both share the name table (which
 * gives every variable and buffer a unique printed name) and the PrimExpr
 * printer in print_tir.c.
 */
#ifndef STRATA_SCRIPT_IMPL_H
#define STRATA_SCRIPT_IMPL_H

#include "pyast.h"
#include "script.h"

/* ---- parsing --------------------------------------------------------------- */

/* What a name in scope stands for. */
typedef struct ScopeEntry {
  const char *name; /* interned */
  Node *value;      /* Var, SizeVar, Buffer, relax Var, GlobalVar, ... */
} ScopeEntry;

typedef struct ScriptParser {
  IrCtx *cx;
  DiagCtx *diag;
  const SourceFile *file;
  Arena *ast; /* the Python tree */
  VEC(ScopeEntry) scope;   /* all entries, innermost last */
  VEC(int32_t) frames;     /* scope length at each frame start */
  StrMap globals;          /* global function name -> GlobalVar */
  const char *module_name; /* class name of the module, for `cls = Module` */
  Node *metadata;          /* constants for metadata["relax.expr.Constant"][i]: an
                              ARRAY of TENSOR_DATA, or NULL */
  int depth;               /* conversion recursion depth (bounded) */
} ScriptParser;

enum { SCRIPT_MAX_DEPTH = 400 };

void sp_push(ScriptParser *p);
void sp_pop(ScriptParser *p);
void sp_define(ScriptParser *p, const char *name, Node *value);
/* Innermost value bound to name, or NULL. */
Node *sp_lookup(ScriptParser *p, const char *name);
/* Report an error at a span; always returns NULL for `return sp_err(...)`. */
void *sp_err(ScriptParser *p, Span sp, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Enter/leave one level of recursion; sp_enter reports and returns false past
 * SCRIPT_MAX_DEPTH. */
bool sp_enter(ScriptParser *p, Span sp);
static inline void sp_leave(ScriptParser *p) { p->depth--; }

/* Is e the dotted name `a.b` (b may be NULL to match a bare name `a`)? */
bool py_is_name(const PyExpr *e, const char *a, const char *b);
/* The keyword argument `name` of a call, or NULL. */
PyExpr *py_kwarg(const PyExpr *call, const char *name);

/* from_tir.c */
/* Parse `@T.prim_func def name(...)`; returns a finished PRIM_FUNC or NULL. */
Node *tir_parse_prim_func(ScriptParser *p, const PyStmt *def);
/* A PrimExpr in the current scope (also used for Relax shapes and
 * R.prim_value).  NULL after a diagnostic. */
Node *tir_parse_expr(ScriptParser *p, const PyExpr *e);
/* A dtype written as "float32", T.float32 or a string of a known name. */
bool tir_parse_dtype(ScriptParser *p, const PyExpr *e, DType *out);

/* from_relax.c */
/* Parse `@R.function def name(...)`; returns a finished RX_FUNC or NULL. */
Node *rx_parse_function(ScriptParser *p, const PyStmt *def);
/* The FuncStructInfo a `@R.function` def declares (parameters and return
 * annotation), for calls through its GlobalVar; NULL when it declares no
 * return type or its annotations do not parse (reported later). */
Node *rx_parse_signature(ScriptParser *p, const PyStmt *def);
/* A struct info annotation: R.Tensor(...), R.Tuple(...), R.Shape(...), ... */
Node *rx_parse_sinfo(ScriptParser *p, const PyExpr *e);

/* ---- printing -------------------------------------------------------------- */

typedef struct ScriptPrinter {
  StrBuf *out;
  int indent;        /* current indentation in spaces */
  PtrMap names;      /* Var/Buffer/relax Var -> printed name (interned) */
  StrMap used;       /* printed names taken in the current function */
  const char *module_name; /* "Module" inside an ir_module, else NULL */
} ScriptPrinter;

/* Name a variable or buffer on first definition (adds _1, _2 ... on clash). */
const char *pr_define(ScriptPrinter *pr, const Node *n, const char *want);
/* Printed name of something already defined, or NULL. */
const char *pr_name(ScriptPrinter *pr, const Node *n);
/* TVM frees the names a scope (a loop, a block, a branch, a let, a local
 * function) defined when the scope closes, so siblings may reuse them:
 * pr_scope_save copies the taken names at the scope's start and
 * pr_scope_restore puts them back (consuming the copy) at its end. */
StrMap pr_scope_save(const ScriptPrinter *pr);
void pr_scope_restore(ScriptPrinter *pr, StrMap *saved);
/* Start a function: clear the per-function name table. */
void pr_reset(ScriptPrinter *pr);
void pr_line_start(ScriptPrinter *pr); /* indentation */
/* A Python string literal with escapes. */
void pr_print_str(ScriptPrinter *pr, const char *s);
/* An attribute dict `{"key": value, ...}` from a LIST of PAIR(StringImm, value),
 * and one attribute value: int32 and bool literals bare, strings quoted,
 * ARRAY as a list, MAP as a dict, anything else as a PrimExpr. */
void pr_print_attrs(ScriptPrinter *pr, NodeList attrs);
void pr_print_attr_value(ScriptPrinter *pr, const Node *v);

/* print_tir.c */
void tir_print_prim_func(ScriptPrinter *pr, const Node *f, const char *name, bool in_module);
void tir_print_expr(ScriptPrinter *pr, const Node *e);
/* The Python operator of a binary node kind ("+", "//", "and", ...), or NULL
 * for kinds printed as calls (T.min, T.truncmod, ...). */
const char *tir_py_binop(int kind);
/* Print "float32"-style dtype string literal, with quotes. */
void tir_print_dtype_str(ScriptPrinter *pr, DType t);

/* print_relax.c */
void rx_print_function(ScriptPrinter *pr, const Node *f, const char *name, bool in_module);
void rx_print_sinfo(ScriptPrinter *pr, const Node *si);

#endif
