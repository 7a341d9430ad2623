/*
 * schedule.c — the public schedule API of include/strata/strata.h: apply a
 * schedule trace (TVM's Python form, or MetaSchedule's JSON trace) to one
 * PrimFunc of a module, replacing the module with the scheduled one.
 */
#include <stdlib.h>
#include <string.h>

#include "api_impl.h"
#include "support/json.h"
#include "tir/schedule/schedule.h"

static char *render(const DiagCtx *d, StrataDiagFormat fmt) {
  if (fmt == STRATA_DIAG_JSON) return diag_render_json(d);
  StrBuf sb = {0};
  diag_render(d, &sb);
  return sb.data ? sb_take(&sb) : xstrdup("error\n");
}

/* JSON when the first non-blank byte opens an array. */
static bool looks_like_json(const char *text, size_t len) {
  for (size_t i = 0; i < len; i++) {
    if (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r') continue;
    return text[i] == '[';
  }
  return false;
}

int strata_apply_trace(StrataModule *m, const char *func, const char *trace_name,
                       const char *trace_text, size_t len, StrataDiagFormat fmt, char **errors) {
  const char *fname = func ? func : "main";
  DiagCtx d;
  diag_init(&d);
  SourceFile *f = source_new(trace_name, trace_text, len);
  bool is_func = m->root->kind == NK_MODULE ? ir_module_lookup(m->root, fname) != NULL
                                             : strcmp(fname, "main") == 0;
  int rc = -1;
  if (!is_func) {
    diag_error(&d, span_none(), "no function '%s' in the module", fname);
  } else {
    Schedule *s = sch_new(m->cx, m->root, fname, 0);
    bool json = looks_like_json(trace_text, len);
    rc = json ? sch_trace_apply_json(s, f, &d) : sch_trace_apply_text(s, f, &d);
    if (rc == 0) m->root = m->root->kind == NK_MODULE ? sch_mod(s) : sch_func(s);
    sch_free(s);
  }
  if (rc && errors) *errors = render(&d, fmt);
  diag_free(&d);
  source_free(f);
  return rc ? 1 : 0;
}
