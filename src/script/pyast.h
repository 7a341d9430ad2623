/*
 * pyast.h — the Python subset that TVMScript is written in, as a small
 * syntax tree.  The lexer and parser (lexer.c, pyparse.c) turn any byte
 * string into a PyModule or diagnostics; the IR builders (from_tir.c,
 * from_relax.c) then give the tree its TVMScript meaning.  Keeping Python
 * syntax apart from IR meaning lets the same parser read schedule traces.
 *
 * Every node carries the span of its source text.  Nodes live in an arena.
 */
#ifndef STRATA_PYAST_H
#define STRATA_PYAST_H

#include "../support/support.h"

typedef enum PyExprKind {
  PY_NAME,      /* id */
  PY_ATTR,      /* value.attr */
  PY_CALL,      /* func(args..., kw=...) */
  PY_SUBSCRIPT, /* value[index]; several indices become a PY_TUPLE index */
  PY_SLICE,     /* lo:hi:step inside a subscript; parts may be NULL */
  PY_TUPLE,     /* (a, b) or a, b */
  PY_LIST,      /* [a, b] */
  PY_DICT,      /* {k: v} */
  PY_INT,       /* integer literal (decimal, hex, octal, binary; '_' allowed) */
  PY_FLOAT,     /* float literal */
  PY_STR,       /* string literal, escapes decoded; adjacent literals joined */
  PY_TRUE,
  PY_FALSE,
  PY_NONE,
  PY_UNARY,     /* op operand: "-", "+", "~", "not" */
  PY_BINARY,    /* lhs op rhs: + - * / // % ** @ & | ^ << >> */
  PY_COMPARE,   /* lhs op rhs: == != < <= > >= in "not in" is "is not" (one op; chains become `and`) */
  PY_BOOLOP,    /* lhs and/or rhs */
  PY_IFEXP,     /* body if cond else orelse */
  PY_LAMBDA,    /* lambda a, b: body */
  PY_STARRED,   /* *value (in calls and tuple targets) */
} PyExprKind;

typedef struct PyExpr PyExpr;
typedef struct PyKeyword {
  const char *name; /* interned */
  PyExpr *value;
  Span span;
} PyKeyword;

struct PyExpr {
  PyExprKind kind;
  Span span;
  const char *op;      /* PY_UNARY/BINARY/COMPARE/BOOLOP: interned operator text */
  const char *name;    /* PY_NAME id, PY_ATTR attribute (interned) */
  const char *str;     /* PY_STR: decoded bytes (NUL-terminated, may contain NUL) */
  int32_t str_len;     /* PY_STR: length in bytes */
  int64_t ival;        /* PY_INT value */
  bool int_overflow;   /* PY_INT literal did not fit int64; then ival is the
                          bit pattern of a value below 2^64, or INT64_MAX */
  double fval;         /* PY_FLOAT value */
  PyExpr *a, *b, *c;   /* operands: ATTR/SUBSCRIPT/CALL value in a; SUBSCRIPT index
                          in b; BINARY/COMPARE/BOOLOP a,b; UNARY a; IFEXP a=body,
                          b=cond, c=orelse; SLICE a:b:c; LAMBDA body in a;
                          STARRED a */
  PyExpr **items;      /* TUPLE/LIST items, CALL positional args, DICT keys,
                          LAMBDA parameter names (PY_NAME) */
  int32_t nitems;
  PyExpr **values;     /* DICT values (nitems of them) */
  PyKeyword *kws;      /* CALL keyword arguments */
  int32_t nkws;
  bool parenthesized;  /* TUPLE written with parentheses */
};

typedef enum PyStmtKind {
  PYS_EXPR,      /* expression statement: value in `value` */
  PYS_ASSIGN,    /* targets = value (target may be a PY_TUPLE); chained a = b = c
                    keeps only one target and is an error in TVMScript anyway */
  PYS_ANNASSIGN, /* target: annotation [= value] */
  PYS_AUGASSIGN, /* target op= value; op is "+", "-", ... */
  PYS_RETURN,    /* return [value] */
  PYS_PASS,
  PYS_IF,        /* if test: body [else: orelse]; elif nests an If in orelse */
  PYS_FOR,       /* for target in iter: body */
  PYS_WHILE,     /* while test: body */
  PYS_WITH,      /* with item [as target]: body (one item) */
  PYS_FUNCDEF,   /* decorators; def name(params) [-> returns]: body */
  PYS_CLASSDEF,  /* decorators; class name[(bases)]: body */
  PYS_ASSERT,    /* assert test[, msg] */
  PYS_BREAK,
  PYS_CONTINUE,
  PYS_IMPORT,    /* import / from ... import: kept only so files that start
                    with real imports parse; the text is ignored */
} PyStmtKind;

typedef struct PyStmt PyStmt;
typedef struct PyParam {
  const char *name; /* interned */
  PyExpr *annotation; /* may be NULL */
  PyExpr *default_value; /* may be NULL */
  Span span;
} PyParam;

typedef struct PyBody {
  PyStmt **stmts;
  int32_t len;
} PyBody;

struct PyStmt {
  PyStmtKind kind;
  Span span;
  PyExpr *target;     /* ASSIGN/ANNASSIGN/AUGASSIGN/FOR/WITH (as-target, may be NULL) */
  PyExpr *value;      /* EXPR/ASSIGN/ANNASSIGN (may be NULL)/AUGASSIGN/RETURN (may be
                         NULL)/ASSERT msg (may be NULL) */
  PyExpr *annotation; /* ANNASSIGN */
  PyExpr *test;       /* IF/WHILE/ASSERT test, FOR iter, WITH item */
  const char *op;     /* AUGASSIGN operator without '=' */
  const char *name;   /* FUNCDEF/CLASSDEF name (interned) */
  PyExpr **decorators;
  int32_t ndecorators;
  PyParam *params;    /* FUNCDEF */
  int32_t nparams;
  PyExpr *returns;    /* FUNCDEF return annotation, may be NULL */
  PyExpr **bases;     /* CLASSDEF */
  int32_t nbases;
  PyBody body;
  PyBody orelse;      /* IF else branch (an elif is one PYS_IF inside) */
};

typedef struct PyModule {
  PyBody body;
  const SourceFile *file;
} PyModule;

/* Parse a whole file.  Always returns a module (possibly partial); check
 * diag_errors(diag) before using it.  Never crashes on any input: nesting
 * deeper than PY_MAX_DEPTH is an error, not a stack overflow. */
enum { PY_MAX_DEPTH = 200 };
PyModule *py_parse_file(Arena *arena, const SourceFile *file, DiagCtx *diag);

/* Parse a single expression (the whole text must be one expression).
 * Returns NULL after reporting a diagnostic. */
PyExpr *py_parse_expr(Arena *arena, const SourceFile *file, DiagCtx *diag);

/* Debug dump of a tree (for tests of the parser itself). */
void py_dump_module(const PyModule *m, StrBuf *out);
void py_dump_expr(const PyExpr *e, StrBuf *out);

#endif
