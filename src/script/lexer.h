/*
 * lexer.h — private interface of the Python tokenizer used by pyparse.c.
 * The lexer turns bytes into tokens on demand: INDENT/DEDENT from
 * indentation, NEWLINE at the end of each logical line, names, keywords,
 * numbers, decoded strings and operators.  Lexical errors are reported to
 * the DiagCtx and come back as a TK_ERROR token, so the parser can skip the
 * line without reporting again.  INDENT and DEDENT are always balanced.
 */
#ifndef STRATA_SCRIPT_LEXER_H
#define STRATA_SCRIPT_LEXER_H

#include "../support/support.h"

typedef enum TokKind {
  TK_EOF,
  TK_NEWLINE,
  TK_INDENT,
  TK_DEDENT,
  TK_NAME,    /* text: interned identifier */
  TK_KEYWORD, /* text: interned keyword */
  TK_INT,     /* ival, overflow */
  TK_FLOAT,   /* fval */
  TK_STR,     /* str, str_len (decoded), is_bytes */
  TK_OP,      /* text: interned operator or delimiter */
  TK_ERROR,   /* already reported */
} TokKind;

typedef struct Token {
  TokKind kind;
  Span span;
  const char *text;
  const char *str;
  int32_t str_len;
  bool is_bytes;
  bool overflow;
  int64_t ival;
  double fval;
} Token;

typedef struct Bracket {
  char c;
  uint32_t off;
} Bracket;

typedef struct Lexer {
  Arena *arena;
  const SourceFile *file;
  DiagCtx *diag;
  const char *src;
  size_t len, pos;
  VEC(int32_t) indents;  /* indentation columns; indents.data[0] == 0 */
  VEC(int32_t) altindents; /* the same with tabs as one column (Python's
                              check for inconsistent tabs and spaces) */
  int32_t altcol;          /* alternative column of the current line */
  VEC(Bracket) brackets; /* open ( [ { */
  int32_t pending_dedents;
  bool at_line_start; /* next token starts a logical line */
  bool line_has_tokens; /* a NEWLINE is owed before EOF */
  bool expr_mode;     /* no INDENT/DEDENT (py_parse_expr) */
  bool done;          /* EOF reached and wound down */
  int32_t err_base;   /* diag_errors() when lexing started */
} Lexer;

void lexer_init(Lexer *lx, Arena *arena, const SourceFile *file, DiagCtx *diag,
                bool expr_mode);
void lexer_next(Lexer *lx, Token *out);
void lexer_free(Lexer *lx);
/* Errors reported since lexer_init reached the cap of DiagCtx.max_errors. */
bool lexer_error_cap(const Lexer *lx);
/* A short human description of a token for messages: "NEWLINE", "'+'". */
void token_describe(const Token *t, char *buf, size_t n);

#endif
