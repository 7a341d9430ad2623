/*
 * trace_json.c — a trace as MetaSchedule's JSON tuning-record trace, as TVM's
 * Trace::AsJSON writes it and Trace::ApplyJSONToSchedule reads it:
 *
 *   [[["GetBlock", [], ["C", "main"], ["b0"]],
 *     ["GetLoops", ["b0"], [], ["l1", "l2", "l3"]],
 *     ["SamplePerfectTile", ["l1"], [2, 16], ["v4", "v5"]], ...],
 *    [[2, [8, 16]], ...]]
 *
 * Each instruction is [kind, inputs, attrs, outputs].  Inputs: references by
 * their names (named as in the Python form), None as "None", strings quoted
 * inside the JSON string ("\"global\""), numbers and nested lists as
 * themselves.  Attributes: numbers (booleans as 1 / 0), plain strings,
 * lists.  Decisions: [instruction index, decision].  An index map input is
 * written as its Python lambda text (TVM writes its serialized object), and
 * TransformLayout's pad value attribute as its constant's text
 * ("T.float32(0.0)") or null (TVM: a serialized IndexMap or null); a
 * lambda text is read there too.
 */
#include "schedule_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "script/script.h"
#include "support/json.h"

/* ---- writing ------------------------------------------------------------------ */

typedef struct JNames {
  int32_t *id;
  int32_t n, next;
} JNames;

static void put_str(StrBuf *sb, const char *s, bool inner_quotes) {
  sb_putc(sb, '"');
  if (inner_quotes) sb_puts(sb, "\\\"");
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') sb_printf(sb, "\\%c", *p);
    else if (*p < 0x20) sb_printf(sb, "\\u%04x", *p);
    else sb_putc(sb, (char)*p);
  }
  if (inner_quotes) sb_puts(sb, "\\\"");
  sb_putc(sb, '"');
}

static void put_name(StrBuf *sb, const Schedule *s, const JNames *nm, SchRV rv) {
  if (rv < 0 || rv >= nm->n || nm->id[rv] < 0) {
    sb_printf(sb, "\"_rv%d\"", rv);
    return;
  }
  SchRVKind k = s->rvs.data[rv].kind;
  sb_printf(sb, "\"%c%d\"", k == SCH_RV_BLOCK ? 'b' : k == SCH_RV_LOOP ? 'l' : 'v', nm->id[rv]);
}

static void put_float(StrBuf *sb, double f) {
  if (!isfinite(f)) {
    sb_puts(sb, "null");
    return;
  }
  char buf[40];
  snprintf(buf, sizeof buf, "%.17g", f);
  sb_puts(sb, buf);
  if (!strpbrk(buf, ".eE")) sb_puts(sb, ".0");
}

/* is_input: strings get inner quotes, None is "None", references are names. */
static void put_value(StrBuf *sb, const Schedule *s, const JNames *nm, const SchArg *a,
                      bool is_input) {
  switch (a->kind) {
  case SCH_ARG_NONE: sb_puts(sb, is_input ? "\"None\"" : "null"); break;
  case SCH_ARG_RV: put_name(sb, s, nm, a->rv); break;
  case SCH_ARG_INT: case SCH_ARG_BOOL: sb_printf(sb, "%lld", (long long)a->i); break;
  case SCH_ARG_FLOAT: put_float(sb, a->f); break;
  case SCH_ARG_STR: put_str(sb, a->s ? a->s : "", is_input); break;
  case SCH_ARG_LIST:
    sb_putc(sb, '[');
    for (int i = 0; i < a->nitems; i++) {
      if (i) sb_puts(sb, ", ");
      put_value(sb, s, nm, &a->items[i], is_input);
    }
    sb_putc(sb, ']');
    break;
  case SCH_ARG_EXPR: case SCH_ARG_NODE: {
    /* The Python form's text, which the text parser reads back. */
    StrBuf t = {0};
    sch_arg_print_py(s, a, &t);
    put_str(sb, t.data ? t.data : "", false);
    sb_free(&t);
    break;
  }
  }
}

static void put_list(StrBuf *sb, const Schedule *s, const JNames *nm, const SchArg *v, int n,
                     bool is_input) {
  sb_putc(sb, '[');
  for (int i = 0; i < n; i++) {
    if (i) sb_puts(sb, ", ");
    put_value(sb, s, nm, &v[i], is_input);
  }
  sb_putc(sb, ']');
}

static void put_inst(StrBuf *sb, const Schedule *s, JNames *nm, const SchInst *in) {
  sb_putc(sb, '[');
  put_str(sb, in->kind, false);
  sb_puts(sb, ", ");
  put_list(sb, s, nm, in->inputs, in->ninputs, true);
  sb_puts(sb, ", ");
  put_list(sb, s, nm, in->attrs, in->nattrs, false);
  sb_puts(sb, ", [");
  for (int i = 0; i < in->noutputs; i++) {
    SchRV rv = in->outputs[i];
    if (rv >= 0 && rv < nm->n) nm->id[rv] = nm->next;
    nm->next++;
    if (i) sb_puts(sb, ", ");
    put_name(sb, s, nm, rv);
  }
  sb_puts(sb, "]]");
}

char *sch_trace_to_json(const Schedule *s) {
  JNames nm = {calloc((size_t)s->rvs.len + 1, sizeof(int32_t)), s->rvs.len, 0};
  for (int i = 0; i < nm.n; i++) nm.id[i] = -1;
  StrBuf sb = {0};
  sb_puts(&sb, "[[");
  for (int i = 0; i < s->trace.len; i++) {
    if (i) sb_puts(&sb, ", ");
    put_inst(&sb, s, &nm, &s->trace.data[i]);
  }
  sb_puts(&sb, "], [");
  bool first = true;
  for (int i = 0; i < s->trace.len; i++) {
    const SchInst *in = &s->trace.data[i];
    if (in->decision.kind == SCH_ARG_NONE) continue;
    sb_printf(&sb, "%s[%d, ", first ? "" : ", ", i);
    put_value(&sb, s, &nm, &in->decision, false);
    sb_putc(&sb, ']');
    first = false;
  }
  sb_puts(&sb, "]]");
  free(nm.id);
  return sb_take(&sb);
}

/* ---- reading ------------------------------------------------------------------ */

typedef struct JReplay {
  Schedule *s;
  DiagCtx *diag;
  const SourceFile *file;
  StrMap names; /* name -> reference + 1 */
  Arena *arena;
} JReplay;

static int jerr(JReplay *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int jerr(JReplay *r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  Span sp = {r->file, 0, 0};
  diag_vadd(r->diag, DIAG_ERROR, sp, fmt, ap);
  va_end(ap);
  return -1;
}

static bool is_int(double v) { return v == floor(v) && fabs(v) < 9.2e18; }

static int read_value(JReplay *r, const cJSON *j, SchArg *out, bool is_input, int depth);

static int read_string(JReplay *r, const char *str, SchArg *out, bool is_input) {
  size_t n = strlen(str);
  if (!is_input) return *out = sch_arg_str(str), 0;
  if (strcmp(str, "None") == 0) return *out = sch_arg_none(), 0;
  if (n >= 2 && str[0] == '"' && str[n - 1] == '"') {
    *out = sch_arg_str(intern_n(str + 1, n - 2));
    return 0;
  }
  if (strncmp(str, "lambda", 6) == 0) {
    if (!sch_arg_parse_lambda(r->s, str, out)) return jerr(r, "%s", sch_error(r->s));
    return 0;
  }
  if (!strmap_has(&r->names, str)) return jerr(r, "undefined random variable '%s'", str);
  *out = sch_arg_rv((SchRV)(intptr_t)strmap_get(&r->names, str) - 1);
  return 0;
}

static int read_value(JReplay *r, const cJSON *j, SchArg *out, bool is_input, int depth) {
  memset(out, 0, sizeof(*out));
  out->rv = -1;
  if (depth > 32) return jerr(r, "trace value nested too deeply");
  if (cJSON_IsNumber(j)) {
    *out = is_int(j->valuedouble) ? sch_arg_int((int64_t)j->valuedouble) : sch_arg_float(j->valuedouble);
  } else if (cJSON_IsBool(j)) {
    *out = sch_arg_bool(cJSON_IsTrue(j));
  } else if (cJSON_IsNull(j)) {
    *out = sch_arg_none();
  } else if (cJSON_IsString(j)) {
    if (read_string(r, j->valuestring, out, is_input)) return -1;
  } else if (cJSON_IsArray(j)) {
    int n = cJSON_GetArraySize(j), i = 0;
    SchArg *items = n ? arena_alloc(r->arena, sizeof(SchArg) * (size_t)n) : NULL;
    for (const cJSON *e = j->child; e; e = e->next, i++)
      if (read_value(r, e, &items[i], is_input, depth + 1)) return -1;
    *out = sch_arg_list(items, n);
  } else {
    return jerr(r, "unsupported value in a trace instruction");
  }
  if (out->kind != SCH_ARG_RV) out->rv = -1; /* no reference, never reference 0 */
  return 0;
}

/* Attributes that hold an index map or a constant as text (TVM's
 * AttrsFromJSON for these kinds). */
static const struct {
  const char *kind;
  int attr;
} text_attrs[] = {{"TransformLayout", 2}};

static int read_text_attrs(JReplay *r, SchInst *in) {
  for (size_t i = 0; i < sizeof(text_attrs) / sizeof(text_attrs[0]); i++) {
    if (strcmp(text_attrs[i].kind, in->kind) != 0 || text_attrs[i].attr >= in->nattrs) continue;
    SchArg *a = &in->attrs[text_attrs[i].attr];
    if (a->kind == SCH_ARG_STR && a->s && !sch_arg_parse_lambda(r->s, a->s, a)) return jerr(r, "%s", sch_error(r->s));
  }
  return 0;
}

static int read_args(JReplay *r, const cJSON *j, SchArg **out, int32_t *n, bool is_input) {
  SchArg list;
  if (read_value(r, j, &list, is_input, 0)) return -1;
  *out = list.items;
  *n = list.nitems;
  return 0;
}

static int bind_names(JReplay *r, const cJSON *names, const SchRV *outs, int nouts) {
  if (cJSON_GetArraySize(names) != nouts)
    return jerr(r, "%d outputs named, but the instruction returns %d", cJSON_GetArraySize(names),
                nouts);
  int i = 0;
  for (const cJSON *e = names->child; e; e = e->next, i++)
    if (strcmp(e->valuestring, "_") != 0)
      strmap_put(&r->names, e->valuestring, (void *)(intptr_t)(outs[i] + 1));
  return 0;
}

static bool well_formed_inst(const cJSON *e) {
  if (!cJSON_IsArray(e) || cJSON_GetArraySize(e) != 4) return false;
  const cJSON *k = e->child, *in = k->next, *at = in->next, *out = at->next;
  if (!cJSON_IsString(k) || !cJSON_IsArray(in) || !cJSON_IsArray(at) || !cJSON_IsArray(out))
    return false;
  for (const cJSON *o = out->child; o; o = o->next)
    if (!cJSON_IsString(o)) return false;
  return true;
}

static int replay_inst(JReplay *r, int idx, const cJSON *e, const cJSON *decision) {
  if (!well_formed_inst(e))
    return jerr(r, "instruction %d: expected [kind, inputs, attrs, outputs]", idx);
  const cJSON *kj = e->child;
  const SchInstKind *k = sch_inst_kind_lookup(kj->valuestring);
  if (!k || !k->apply) return jerr(r, "instruction %d: unknown instruction kind '%s'", idx, kj->valuestring);
  SchInst in;
  memset(&in, 0, sizeof(in));
  in.kind = k->name;
  if (read_args(r, kj->next, &in.inputs, &in.ninputs, true) ||
      read_args(r, kj->next->next, &in.attrs, &in.nattrs, false) || read_text_attrs(r, &in))
    return -1;
  if (decision && read_value(r, decision, &in.decision, false, 0)) return -1;
  SchRV outs[256];
  int nouts = 0;
  in.noutputs = 256;
  if (sch_inst_check_arity(r->s, k, &in) != 0 || k->apply(r->s, &in, outs, &nouts) != 0)
    return jerr(r, "instruction %d (%s) failed: %s", idx, k->name, sch_error(r->s));
  return bind_names(r, kj->next->next->next, outs, nouts);
}

/* decisions[i]: the decision of instruction i, or NULL. */
static int read_decisions(JReplay *r, const cJSON *arr, const cJSON **decisions, int ninsts) {
  for (const cJSON *d = arr->child; d; d = d->next) {
    if (!cJSON_IsArray(d) || cJSON_GetArraySize(d) != 2 || !cJSON_IsNumber(d->child))
      return jerr(r, "each decision must be [index, decision]");
    double i = d->child->valuedouble;
    if (!is_int(i) || i < 0 || i >= ninsts)
      return jerr(r, "decision index %g is out of range [0, %d)", i, ninsts);
    decisions[(int)i] = d->child->next;
  }
  return 0;
}

int sch_trace_apply_json(Schedule *s, const SourceFile *file, DiagCtx *diag) {
  cJSON *root = json_parse(file, diag);
  if (!root) return -1;
  JReplay r = {s, diag, file, {0}, arena_new()};
  int rc = -1;
  if (!cJSON_IsArray(root) || cJSON_GetArraySize(root) != 2 || !cJSON_IsArray(root->child) ||
      !cJSON_IsArray(root->child->next)) {
    jerr(&r, "a JSON trace is [instructions, decisions]");
  } else {
    const cJSON *insts = root->child;
    int n = cJSON_GetArraySize(insts), i = 0;
    const cJSON **dec = calloc((size_t)n + 1, sizeof(cJSON *));
    rc = read_decisions(&r, root->child->next, dec, n);
    for (const cJSON *e = insts->child; e && rc == 0; e = e->next, i++)
      rc = replay_inst(&r, i, e, dec[i]);
    free(dec);
  }
  strmap_free(&r.names);
  arena_free(r.arena);
  cJSON_Delete(root);
  return rc;
}
