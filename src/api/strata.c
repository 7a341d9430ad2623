/*
 * strata.c — the public compiler API of include/strata/strata.h over the
 * internal layers (script/ parser and printer, ir/ checks).
 */
#include "strata/strata.h"

#include <stdlib.h>

#include "api_impl.h"
#include "ir/check.h"
#include "script/script.h"
#include "support/json.h"

static char *render(const DiagCtx *d, StrataDiagFormat fmt) {
  if (fmt == STRATA_DIAG_JSON) return diag_render_json(d);
  StrBuf sb = {0};
  diag_render(d, &sb);
  return sb_take(&sb);
}

StrataModule *strata_parse(const char *filename, const char *text, size_t len, char **errors) {
  return strata_parse_fmt(filename, text, len, STRATA_DIAG_TEXT, errors);
}

StrataModule *strata_parse_fmt(const char *filename, const char *text, size_t len,
                               StrataDiagFormat fmt, char **errors) {
  StrataModule *m = xcalloc(1, sizeof(StrataModule));
  m->cx = ir_ctx_new();
  m->file = source_new(filename, text, len);
  DiagCtx d;
  diag_init(&d);
  m->root = script_parse(m->cx, m->file, &d);
  if (!m->root || diag_errors(&d)) {
    if (errors) *errors = render(&d, fmt);
    diag_free(&d);
    strata_module_free(m);
    return NULL;
  }
  diag_free(&d);
  return m;
}

int strata_check(const StrataModule *m, char **errors) {
  return strata_check_fmt(m, STRATA_DIAG_TEXT, errors);
}

int strata_check_fmt(const StrataModule *m, StrataDiagFormat fmt, char **errors) {
  DiagCtx d;
  diag_init(&d);
  int n = ir_check(m->root, &d);
  if (n && errors) *errors = render(&d, fmt);
  diag_free(&d);
  return n;
}

char *strata_print(const StrataModule *m) {
  StrBuf sb = {0};
  script_print(m->root, &sb);
  return sb_take(&sb);
}

void strata_module_free(StrataModule *m) {
  if (!m) return;
  ir_ctx_free(m->cx);
  source_free(m->file);
  free(m);
}

void strata_free(void *p) { free(p); }
