/*
 * diag.c — source files, spans and the diagnostic context.  Errors in user
 * input are recorded here and rendered chibicc-style: the location, the
 * message, the source line and a caret under the offending token.
 */
#include "support.h"

#include <stdlib.h>
#include <string.h>

SourceFile *source_new(const char *name, const char *text, size_t len) {
  SourceFile *f = xcalloc(1, sizeof(SourceFile));
  f->name = xstrdup(name);
  f->text = xstrndup(text, len);
  f->len = len;
  int32_t cap = 64;
  f->line_starts = xmalloc(sizeof(uint32_t) * (size_t)cap);
  f->line_starts[f->nlines++] = 0;
  for (size_t i = 0; i < len; i++)
    if (text[i] == '\n') {
      if (f->nlines == cap) {
        cap *= 2;
        f->line_starts = xrealloc(f->line_starts, sizeof(uint32_t) * (size_t)cap);
      }
      f->line_starts[f->nlines++] = (uint32_t)(i + 1);
    }
  return f;
}

void source_free(SourceFile *f) {
  if (!f) return;
  free((char *)f->name);
  free((char *)f->text);
  free(f->line_starts);
  free(f);
}

void source_line_col(const SourceFile *f, uint32_t off, int *line, int *col) {
  int32_t lo = 0, hi = f->nlines - 1;
  while (lo < hi) { /* last line start <= off */
    int32_t mid = (lo + hi + 1) / 2;
    if (f->line_starts[mid] <= off)
      lo = mid;
    else
      hi = mid - 1;
  }
  *line = lo + 1;
  *col = (int)(off - f->line_starts[lo]) + 1;
}

Span span_join(Span a, Span b) {
  if (!a.file) return b;
  if (!b.file || a.file != b.file) return a;
  Span r = {a.file, a.lo < b.lo ? a.lo : b.lo, a.hi > b.hi ? a.hi : b.hi};
  return r;
}

void diag_init(DiagCtx *d) {
  memset(d, 0, sizeof(*d));
  d->max_errors = 50;
}

void diag_free(DiagCtx *d) {
  for (int32_t i = 0; i < d->items.len; i++) free(d->items.data[i].message);
  VEC_FREE(d->items);
  d->nerrors = 0;
}

void diag_vadd(DiagCtx *d, DiagLevel lv, Span sp, const char *fmt, va_list ap) {
  if (lv == DIAG_ERROR) d->nerrors++;
  if (d->items.len >= d->max_errors) return;
  StrBuf sb = {0};
  sb_vprintf(&sb, fmt, ap);
  Diag g = {lv, sp, sb_take(&sb)};
  VEC_PUSH(d->items, g);
}

void diag_error(DiagCtx *d, Span sp, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_vadd(d, DIAG_ERROR, sp, fmt, ap);
  va_end(ap);
}

void diag_note(DiagCtx *d, Span sp, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_vadd(d, DIAG_NOTE, sp, fmt, ap);
  va_end(ap);
}

static const char *level_name(DiagLevel lv) {
  return lv == DIAG_ERROR ? "error" : lv == DIAG_WARNING ? "warning" : "note";
}

static void render_one(const Diag *g, StrBuf *out) {
  const SourceFile *f = g->span.file;
  if (!f) {
    sb_printf(out, "%s: %s\n", level_name(g->level), g->message);
    return;
  }
  int line, col;
  uint32_t off = g->span.lo <= f->len ? g->span.lo : (uint32_t)f->len;
  source_line_col(f, off, &line, &col);
  sb_printf(out, "%s:%d:%d: %s: %s\n", f->name, line, col, level_name(g->level),
            g->message);
  uint32_t ls = f->line_starts[line - 1], le = ls;
  while (le < f->len && f->text[le] != '\n') le++;
  /* Show the line with tabs and control bytes made visible-safe. */
  sb_puts(out, "  ");
  for (uint32_t i = ls; i < le; i++) {
    unsigned char c = (unsigned char)f->text[i];
    sb_putc(out, c == '\t' ? ' ' : (c < 32 || c == 127) ? '?' : (char)c);
  }
  sb_puts(out, "\n  ");
  for (uint32_t i = ls; i < off; i++) sb_putc(out, ' ');
  uint32_t hi = g->span.hi > off ? g->span.hi : off + 1;
  if (hi > le) hi = le > off ? le : off + 1;
  for (uint32_t i = off; i < hi; i++) sb_putc(out, i == off ? '^' : '~');
  sb_putc(out, '\n');
}

void diag_render(const DiagCtx *d, StrBuf *out) {
  for (int32_t i = 0; i < d->items.len; i++) render_one(&d->items.data[i], out);
  if (d->nerrors > d->max_errors)
    sb_printf(out, "... and %d more errors\n", d->nerrors - d->max_errors);
}

void diag_print(const DiagCtx *d, FILE *f) {
  StrBuf sb = {0};
  diag_render(d, &sb);
  if (sb.len) fputs(sb.data, f);
  sb_free(&sb);
}
