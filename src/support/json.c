/*
 * json.c — JSON reading and writing over cJSON (see json.h).
 */
#include "json.h"

#include <stdlib.h>
#include <string.h>

cJSON *json_parse(const SourceFile *file, DiagCtx *diag) {
  const char *end = NULL;
  cJSON *j = cJSON_ParseWithLengthOpts(file->text, file->len, &end, 0);
  if (j) {
    /* Only whitespace may follow the value. */
    size_t off = (size_t)(end - file->text);
    while (off < file->len && strchr(" \t\r\n", file->text[off])) off++;
    if (off == file->len) return j;
    cJSON_Delete(j);
    Span sp = {file, (uint32_t)off, (uint32_t)off + 1};
    diag_error(diag, sp, "invalid JSON: unexpected text after the value");
    return NULL;
  }
  const char *at = cJSON_GetErrorPtr();
  size_t off = at && at >= file->text && at <= file->text + file->len ? (size_t)(at - file->text) : 0;
  Span sp = {file, (uint32_t)off, (uint32_t)off + 1};
  diag_error(diag, sp, "invalid JSON");
  return NULL;
}

static const char *severity(DiagLevel lv) {
  return lv == DIAG_ERROR ? "error" : lv == DIAG_WARNING ? "warning" : "note";
}

char *diag_render_json(const DiagCtx *d) {
  cJSON *arr = cJSON_CreateArray();
  for (int32_t i = 0; i < d->items.len; i++) {
    const Diag *g = &d->items.data[i];
    cJSON *o = cJSON_CreateObject();
    const SourceFile *f = g->span.file;
    if (f) {
      int line, col, eline, ecol;
      uint32_t lo = g->span.lo <= f->len ? g->span.lo : (uint32_t)f->len;
      uint32_t hi = g->span.hi >= lo && g->span.hi <= f->len ? g->span.hi : lo;
      source_line_col(f, lo, &line, &col);
      source_line_col(f, hi, &eline, &ecol);
      cJSON_AddStringToObject(o, "file", f->name);
      cJSON_AddNumberToObject(o, "line", line);
      cJSON_AddNumberToObject(o, "column", col);
      cJSON_AddNumberToObject(o, "end_line", eline);
      cJSON_AddNumberToObject(o, "end_column", ecol);
    } else {
      cJSON_AddNullToObject(o, "file");
      cJSON_AddNullToObject(o, "line");
      cJSON_AddNullToObject(o, "column");
      cJSON_AddNullToObject(o, "end_line");
      cJSON_AddNullToObject(o, "end_column");
    }
    cJSON_AddStringToObject(o, "severity", severity(g->level));
    cJSON_AddStringToObject(o, "message", g->message);
    cJSON_AddItemToArray(arr, o);
  }
  char *s = cJSON_PrintUnformatted(arr);
  cJSON_Delete(arr);
  SCHECK(s != NULL);
  /* cJSON allocates with malloc by default; hand back a plain malloc'd copy
   * so callers free it like every other string of ours. */
  char *r = xstrdup(s);
  cJSON_free(s);
  return r;
}
