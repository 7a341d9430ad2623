/*
 * tir_script.h — private to the TIR half of TVMScript: what the expression
 * parser (from_tir.c), the statement parser (from_tir_stmt.c) and the two
 * printer files (print_tir.c, print_tir_stmt.c) share.
 *
 * The one rule both sides must agree on is TVM's operator sugar: the parser
 * folds constants in `a + b` exactly as tvm::add would (TryConstFold), and
 * the printer writes `a + b` only where that folding would leave the node
 * unchanged, `T.Add(a, b)` otherwise.  tir_fold_changes is that rule.
 */
#ifndef STRATA_SCRIPT_TIR_SCRIPT_H
#define STRATA_SCRIPT_TIR_SCRIPT_H

#include "script_impl.h"

/* How a `T.name(...)` intrinsic call gets its result dtype. */
typedef enum TirCallRule {
  TCALL_SAME,        /* the dtype of the first argument */
  TCALL_SAME2,       /* the first argument's, after matching the two operands */
  TCALL_BOOL,        /* bool (with the argument's lanes) */
  TCALL_SECOND,      /* if_then_else: the dtype of the second argument */
  TCALL_DTYPE_FIRST, /* a dtype string is printed first: call_extern("float32", ...) */
  TCALL_DTYPE_LAST,  /* a dtype string is printed last */
  TCALL_INT32,
  TCALL_VOID,
} TirCallRule;

typedef struct TirCallInfo {
  const char *name; /* the script name after `T.`; the op is "tir." name */
  TirCallRule rule;
  int8_t nmin, nmax; /* argument counts (without a printed dtype); -1: any */
} TirCallInfo;

/* The intrinsic named `T.name`, or NULL. */
const TirCallInfo *tir_call_info(const char *name);

/* Would TVM's constant folding (tvm::add and friends) change `a op b`?
 * Also true when the operand dtypes differ (TVM would insert a cast). */
bool tir_fold_changes(int kind, const Node *a, const Node *b);

/* ---- parser internals shared by from_tir.c and from_tir_stmt.c ---- */

/* `a op b` as TVM builds it from Python operators: operand types matched,
 * constants folded.  NULL after a diagnostic. */
Node *tir_binary(ScriptParser *p, Span sp, int kind, Node *a, Node *b);
/* v cast to t, folding constants; v itself when the types agree. */
Node *tir_cast(ScriptParser *p, DType t, Node *v);
/* The extent of [lo, hi): folds constants and `(lo + k) - lo`. */
Node *tir_extent(ScriptParser *p, Span sp, Node *lo, Node *hi);
/* A buffer from `T.Buffer(shape, dtype, ...)`-style arguments starting at
 * positional index `first`; also accepts the subscript form T.Buffer[...]. */
Node *tir_parse_buffer(ScriptParser *p, const PyExpr *call, int first, const char *name);
/* `A[i, 0:4]` as a BUFFER_REGION (scalar index i is Range(i, 1)). */
Node *tir_parse_region(ScriptParser *p, const PyExpr *e);
/* The buffer a name stands for, or NULL (no diagnostic). */
Node *tir_lookup_buffer(ScriptParser *p, const PyExpr *e);
/* A Python literal or T.dtype(...) as an attribute value (int32/bool/str/
 * float/list/dict/PrimExpr). */
Node *tir_parse_attr_value(ScriptParser *p, const PyExpr *e);
/* `{"k": v, ...}` as a LIST of PAIR(StringImm, value). */
bool tir_parse_attr_dict(ScriptParser *p, const PyExpr *e, NodeList *out);
/* A literal integer (possibly negated). */
bool tir_literal_int(const PyExpr *e, int64_t *v);
/* from_tir_access.c: fill in the reads / writes of the blocks in `detect`
 * (Block -> mask, 1: reads, 2: writes; blocks written without T.reads /
 * T.writes) as TVM's parser does; returns the rebuilt function body. */
Node *tir_complete_access(IrCtx *cx, Node *body, PtrMap *detect);
/* A new handle var pointing at dtype in scope (PointerType). */
Node *tir_ptr_var(IrCtx *cx, const char *name, DType elem, const char *scope);

/* ---- printer internals shared by print_tir.c and print_tir_stmt.c ---- */

/* Name for a var: its printed name, defining it (under its own name) if new. */
const char *tir_var_name(ScriptPrinter *pr, const Node *v);
/* Print `n = T.int32()` lines (at the current indentation) for the vars of
 * buf's shape that have no name yet; call before the line declaring buf. */
void tir_buffer_predefine(ScriptPrinter *pr, const Node *buf);
/* `T.<method>(first, shape, dtype, kw=...)` for buffer buf ("Buffer",
 * "alloc_buffer", "match_buffer", "decl_buffer"); first (a param var or a
 * BufferRegion) may be NULL.  An undefined data pointer, stride or offset
 * var is defined inline (`A.data`).  With annot, only `T.Buffer(shape,
 * dtype)`, dtype always printed. */
void tir_print_buffer_call(ScriptPrinter *pr, const Node *buf, const char *method, const Node *first,
                           bool annot);
/* `A[i, 0:4]` for a BufferRegion. */
void tir_print_region(ScriptPrinter *pr, const Node *region);
/* `min + extent` folded as TVM would for printing a range's end. */
void tir_print_end(ScriptPrinter *pr, const Node *min, const Node *extent);
/* The var definition right-hand side: T.int32(), T.handle("float32", "global"). */
void tir_print_var_creation(ScriptPrinter *pr, const Node *v);
/* A type annotation: T.int32, T.handle, T.handle("float32", "global"). */
void tir_print_type(ScriptPrinter *pr, const Node *v);
/* Declare (print `n = T.int32()` lines for) vars in exprs not yet named. */
void tir_declare_free_vars(ScriptPrinter *pr, NodeList exprs);

#endif
