/*
 * json.h — JSON through cJSON: reading with positioned diagnostics, and
 * diagnostics written as JSON for editors and scripts.
 */
#ifndef STRATA_JSON_H
#define STRATA_JSON_H

#include <cjson/cJSON.h>

#include "support.h"

/* Parse JSON text.  On failure returns NULL and reports `file:line:col:
 * error: invalid JSON` at the offending byte.  Nesting deeper than cJSON's
 * limit (1000) is a parse error, not a stack overflow.  Free with
 * cJSON_Delete. */
cJSON *json_parse(const SourceFile *file, DiagCtx *diag);

/* The diagnostics as a JSON array, one object per diagnostic:
 * {"file", "line", "column", "end_line", "end_column", "severity", "message"}
 * (positions 1-based; file, line and column null for diagnostics without a
 * location).  Caller frees. */
char *diag_render_json(const DiagCtx *d);

#endif
