/*
 * support.h — the ground every other layer stands on: arenas, growable
 * vectors, hash maps, string interning, string builders and diagnostics with
 * spans.  Nothing here knows about IR.
 *
 * Memory model: IR nodes live in an Arena and are never freed one by one; the
 * whole arena goes at once.  Vectors, maps and string builders own heap
 * memory and have an explicit *_free.
 */
#ifndef STRATA_SUPPORT_H
#define STRATA_SUPPORT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Internal invariant check: for bugs only, never for user input. */
#define SCHECK(cond)                                                          \
  do {                                                                        \
    if (!(cond)) support_check_fail(__FILE__, __LINE__, #cond);               \
  } while (0)
_Noreturn void support_check_fail(const char *file, int line, const char *what);

/* Allocation that cannot fail: out of memory is not user input, it aborts. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* ---- Arena --------------------------------------------------------------- */

typedef struct ArenaChunk ArenaChunk;
typedef struct Arena {
  ArenaChunk *head;
  size_t used;  /* bytes used in head */
  size_t total; /* bytes handed out in all chunks */
} Arena;

Arena *arena_new(void);
void arena_free(Arena *a);
/* Zeroed, 16-byte aligned memory living as long as the arena. */
void *arena_alloc(Arena *a, size_t n);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);

/* ---- Growable vector of pointers (the common case) ------------------------ */

typedef struct PtrVec {
  void **data;
  int32_t len, cap;
} PtrVec;

void ptrvec_push(PtrVec *v, void *p);
void *ptrvec_pop(PtrVec *v);
void ptrvec_free(PtrVec *v);

/* Generic growable vector: VEC_PUSH(v, x) on `struct { T *data; int32_t len, cap; }`. */
#define VEC(T)                                                                \
  struct {                                                                    \
    T *data;                                                                  \
    int32_t len, cap;                                                         \
  }
#define VEC_PUSH(v, x)                                                        \
  do {                                                                        \
    if ((v).len == (v).cap) {                                                 \
      (v).cap = (v).cap ? (v).cap * 2 : 8;                                    \
      (v).data = xrealloc((v).data, (size_t)(v).cap * sizeof(*(v).data));     \
    }                                                                         \
    (v).data[(v).len++] = (x);                                                \
  } while (0)
#define VEC_FREE(v)                                                           \
  do {                                                                        \
    free((v).data);                                                           \
    (v).data = NULL;                                                          \
    (v).len = (v).cap = 0;                                                    \
  } while (0)

/* ---- Hash map: pointer or string keys to pointer values ------------------- */

/* Open addressing; keys compared by pointer (PtrMap) or by string (StrMap). */
typedef struct PtrMap {
  const void **keys;
  void **vals;
  int32_t len, cap;
} PtrMap;

void *ptrmap_get(const PtrMap *m, const void *key);
bool ptrmap_has(const PtrMap *m, const void *key);
void ptrmap_put(PtrMap *m, const void *key, void *val);
void ptrmap_free(PtrMap *m);

typedef struct StrMap {
  char **keys; /* owned copies */
  void **vals;
  int32_t len, cap;
} StrMap;

void *strmap_get(const StrMap *m, const char *key);
bool strmap_has(const StrMap *m, const char *key);
void strmap_put(StrMap *m, const char *key, void *val);
void strmap_free(StrMap *m);

uint64_t hash_bytes(const void *p, size_t n);
uint64_t hash_mix(uint64_t h, uint64_t v);

/* ---- String interning ----------------------------------------------------- */

/* Interned strings are compared by pointer and live as long as the process:
 * there are few distinct names and they are shared across modules. */
const char *intern(const char *s);
const char *intern_n(const char *s, size_t n);

/* ---- String builder ------------------------------------------------------- */

typedef struct StrBuf {
  char *data;
  size_t len, cap;
} StrBuf;

void sb_putc(StrBuf *sb, char c);
void sb_puts(StrBuf *sb, const char *s);
void sb_putn(StrBuf *sb, const char *s, size_t n);
void sb_printf(StrBuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sb_vprintf(StrBuf *sb, const char *fmt, va_list ap);
void sb_indent(StrBuf *sb, int n);
/* Returns the (NUL-terminated) contents and resets the builder; caller frees. */
char *sb_take(StrBuf *sb);
void sb_free(StrBuf *sb);

/* Read a whole file; NULL (with errno set) on failure.  *len gets the size. */
char *read_file(const char *path, size_t *len);
/* Write atomically: to a temporary beside `path`, then rename.  0 or -1. */
int write_file_atomic(const char *path, const char *data, size_t len);

/* ---- Sources, spans and diagnostics --------------------------------------- */

typedef struct SourceFile {
  const char *name; /* as the user named it */
  const char *text;
  size_t len;
  uint32_t *line_starts; /* byte offset of each line */
  int32_t nlines;
} SourceFile;

/* A span is a byte range in one source file; file may be NULL (synthesized). */
typedef struct Span {
  const SourceFile *file;
  uint32_t lo, hi;
} Span;

static inline Span span_none(void) {
  Span s = {NULL, 0, 0};
  return s;
}
Span span_join(Span a, Span b);

SourceFile *source_new(const char *name, const char *text, size_t len);
void source_free(SourceFile *f);
/* 1-based line and column of a byte offset. */
void source_line_col(const SourceFile *f, uint32_t off, int *line, int *col);

typedef enum DiagLevel { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } DiagLevel;

typedef struct Diag {
  DiagLevel level;
  Span span;
  char *message;
} Diag;

/* A diagnostic context accumulates messages; callers check diag_errors(). */
typedef struct DiagCtx {
  VEC(Diag) items;
  int32_t nerrors;
  int32_t max_errors; /* stop recording after this many (default 50) */
} DiagCtx;

void diag_init(DiagCtx *d);
void diag_free(DiagCtx *d);
void diag_error(DiagCtx *d, Span sp, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_note(DiagCtx *d, Span sp, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_vadd(DiagCtx *d, DiagLevel lv, Span sp, const char *fmt, va_list ap);
static inline int32_t diag_errors(const DiagCtx *d) { return d->nerrors; }
/* Render all diagnostics: `file:line:col: error: msg`, the line, a caret. */
void diag_render(const DiagCtx *d, StrBuf *out);
void diag_print(const DiagCtx *d, FILE *f);

#endif
