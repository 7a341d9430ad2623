/*
 * pyparse.h — private to the Python parser (pyparse.c for expressions,
 * pystmt.c for statements): the parser state, token access, and error
 * reporting with panic-mode recovery.
 */
#ifndef STRATA_SCRIPT_PYPARSE_H
#define STRATA_SCRIPT_PYPARSE_H

#include <string.h>

#include "lexer.h"
#include "pyast.h"

enum { LOOKAHEAD = 3 };

/* Arena-backed growing array of pointers: nothing to free on error paths. */
typedef struct List {
  void **data;
  int32_t len, cap;
} List;

typedef struct Parser {
  Arena *arena;
  const SourceFile *file;
  DiagCtx *diag;
  Lexer lx;
  Token la[LOOKAHEAD];
  int nla;
  int64_t ntok;     /* tokens consumed, to check progress */
  uint32_t prev_hi; /* end of the last consumed token */
  int depth;        /* expression nesting */
  int block_depth;  /* statement nesting */
  bool panic;       /* an error was reported; unwinding to the next NEWLINE */
} Parser;

typedef enum ListMode { ITEM_TEST, ITEM_STAR_TEST, ITEM_EXPR } ListMode;

/* ---- Tokens and errors ----------------------------------------------------- */

static inline void push(Parser *p, List *l, void *x) {
  if (l->len == l->cap) {
    int32_t cap = l->cap ? l->cap * 2 : 4;
    void **d = arena_alloc(p->arena, sizeof(void *) * (size_t)cap);
    if (l->len) memcpy(d, l->data, sizeof(void *) * (size_t)l->len);
    l->data = d;
    l->cap = cap;
  }
  l->data[l->len++] = x;
}

static inline Token *peek(Parser *p, int k) {
  while (p->nla <= k) lexer_next(&p->lx, &p->la[p->nla++]);
  return &p->la[k];
}
static inline Token *tok(Parser *p) { return peek(p, 0); }
static inline TokKind kind(Parser *p) { return tok(p)->kind; }
static inline uint32_t lo_of(Parser *p) { return tok(p)->span.lo; }

static inline void advance(Parser *p) {
  Token *t = tok(p);
  if (t->kind == TK_EOF) return;
  if (t->kind != TK_NEWLINE && t->kind != TK_INDENT && t->kind != TK_DEDENT)
    p->prev_hi = t->span.hi; /* spans end at the last real token */
  p->ntok++;
  memmove(p->la, p->la + 1, sizeof(Token) * (size_t)(p->nla - 1));
  p->nla--;
}

static inline bool at_op(Parser *p, const char *op) {
  Token *t = tok(p);
  return t->kind == TK_OP && strcmp(t->text, op) == 0;
}
static inline bool at_kw(Parser *p, const char *kw) {
  Token *t = tok(p);
  return t->kind == TK_KEYWORD && strcmp(t->text, kw) == 0;
}
static inline bool accept_op(Parser *p, const char *op) {
  if (!at_op(p, op)) return false;
  advance(p);
  return true;
}
static inline bool accept_kw(Parser *p, const char *kw) {
  if (!at_kw(p, kw)) return false;
  advance(p);
  return true;
}

static inline Span span_from(Parser *p, uint32_t lo) {
  Span s = {p->file, lo, p->prev_hi > lo ? p->prev_hi : lo};
  return s;
}

/* Report at `sp` and enter panic mode; silent if already panicking or if
 * the lexer reported this token already. */
static inline void *vfail_at(Parser *p, Span sp, const char *fmt, va_list ap) {
  if (!p->panic && kind(p) != TK_ERROR) diag_vadd(p->diag, DIAG_ERROR, sp, fmt, ap);
  p->panic = true;
  return NULL;
}
static inline void *fail_at(Parser *p, Span sp, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline void *fail_at(Parser *p, Span sp, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfail_at(p, sp, fmt, ap);
  va_end(ap);
  return NULL;
}
static inline void *fail(Parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void *fail(Parser *p, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfail_at(p, tok(p)->span, fmt, ap);
  va_end(ap);
  return NULL;
}

/* "expected WHAT CTX, found TOKEN" at the current token. */
static inline void *expected(Parser *p, const char *what, const char *ctx) {
  char found[80];
  token_describe(tok(p), found, sizeof(found));
  return fail(p, "expected %s%s%s, found %s", what, *ctx ? " " : "", ctx, found);
}

/* An error that needs no recovery: the parse goes on normally. */
static inline void report(Parser *p, Span sp, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline void report(Parser *p, Span sp, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (!p->panic) diag_vadd(p->diag, DIAG_ERROR, sp, fmt, ap);
  va_end(ap);
}

static inline bool enter(Parser *p) {
  if (p->depth >= PY_MAX_DEPTH) {
    fail(p, "expression nested too deeply (more than %d levels)", PY_MAX_DEPTH);
    return false;
  }
  p->depth++;
  return true;
}

/* From pyparse.c. */
PyExpr *pyp_test(Parser *p);
PyExpr *pyp_testlist(Parser *p, ListMode mode);
bool pyp_starts_expr(Parser *p);
bool pyp_args(Parser *p, List *args, List *kws, const char *ctx);

#endif
