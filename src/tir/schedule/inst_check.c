/*
 * inst_check.c — checking an instruction's arguments before its kind's apply
 * reads them.  A trace is user input: its calls may carry a string where a
 * reference belongs, too few attributes, or an integer too large for the
 * primitive's int.  Every apply function (the sch_kind_* entries) states
 * the shape it expects as two short signatures and calls sch_inst_check
 * first; the message names the Python method and the argument, as
 *     split: argument 'factors[1]' must be a positive integer, an expression reference or None, got a string
 * The replayers (trace.c, trace_json.c) also check the counts against the
 * kind's names (sch_inst_check_arity) before any apply runs.
 */
#include "schedule_impl.h"

#include <string.h>

static const char *arg_kind_name(const SchArg *a) {
  switch (a->kind) {
  case SCH_ARG_NONE: return "None";
  case SCH_ARG_RV: return "a reference";
  case SCH_ARG_INT: return "an integer";
  case SCH_ARG_FLOAT: return "a float";
  case SCH_ARG_BOOL: return "a boolean";
  case SCH_ARG_STR: return "a string";
  case SCH_ARG_LIST: return "a list";
  case SCH_ARG_EXPR: return "an expression";
  case SCH_ARG_NODE: return "an IR node";
  }
  return "an unknown value";
}

static const char *want_name(char c) {
  switch (c) {
  case 'b': return "a block reference";
  case 'l': return "a loop reference";
  case 'r': return "a block or loop reference";
  case 'v': return "an expression reference";
  case 'f': return "a positive integer, an expression reference or None";
  case 'i': return "a 32-bit integer";
  case 'B': return "a boolean";
  case 's': return "a string";
  case 'S': return "a string or None";
  case 'a': return "an integer, float, string, expression reference or a list of them";
  case 'K': return "a list of block references";
  case 'I': return "a list of 32-bit integers";
  case 'F': return "a list of numbers";
  }
  return "?";
}

static bool rv_is(const Schedule *s, const SchArg *a, char c) {
  if (a->kind != SCH_ARG_RV || a->rv < 0 || a->rv >= s->rvs.len) return false;
  SchRVKind k = s->rvs.data[a->rv].kind;
  if (c == 'b') return k == SCH_RV_BLOCK;
  if (c == 'l') return k == SCH_RV_LOOP;
  if (c == 'r') return k == SCH_RV_BLOCK || k == SCH_RV_LOOP;
  return k == SCH_RV_EXPR;
}

static bool is_i32(const SchArg *a) {
  return a->kind == SCH_ARG_INT && a->i >= INT32_MIN && a->i <= INT32_MAX;
}

static bool ann_item_ok(const Schedule *s, const SchArg *a) {
  return a->kind == SCH_ARG_INT || a->kind == SCH_ARG_BOOL || a->kind == SCH_ARG_FLOAT ||
         (a->kind == SCH_ARG_STR && a->s) || (a->kind == SCH_ARG_EXPR && a->node) ||
         rv_is(s, a, 'v');
}

static bool arg_ok(const Schedule *s, const SchArg *a, char c) {
  switch (c) {
  case 'b': case 'l': case 'r': case 'v': return rv_is(s, a, c);
  case 'f': return a->kind == SCH_ARG_NONE || (is_i32(a) && a->i > 0) || rv_is(s, a, 'v');
  case 'i': return is_i32(a);
  case 'B': return a->kind == SCH_ARG_BOOL || (a->kind == SCH_ARG_INT && (a->i == 0 || a->i == 1));
  case 's': return a->kind == SCH_ARG_STR && a->s;
  case 'S': return a->kind == SCH_ARG_NONE || (a->kind == SCH_ARG_STR && a->s);
  case 'a':
    if (a->kind != SCH_ARG_LIST) return ann_item_ok(s, a);
    for (int i = 0; i < a->nitems; i++)
      if (!ann_item_ok(s, &a->items[i]) || a->items[i].kind == SCH_ARG_RV) return false;
    return true;
  case 'I': case 'F':
    if (a->kind != SCH_ARG_LIST) return false;
    for (int i = 0; i < a->nitems; i++)
      if (!is_i32(&a->items[i]) && (c == 'I' || (a->items[i].kind != SCH_ARG_FLOAT &&
                                                  a->items[i].kind != SCH_ARG_INT)))
        return false;
    return true;
  case 'K':
    if (a->kind == SCH_ARG_NONE) return true;
    if (a->kind != SCH_ARG_LIST) return false;
    for (int i = 0; i < a->nitems; i++)
      if (!rv_is(s, &a->items[i], 'b')) return false;
    return true;
  }
  return false;
}

/* The keyword name of argument i among names (a rest name "x*" / "*x"
 * names the rest x[k]). */
static void arg_name(const char *const *names, int i, char *buf, size_t cap) {
  int j = 0;
  for (; names && names[j]; j++) {
    const char *nm = names[j];
    size_t len = strlen(nm);
    bool rest = nm[0] == '*' || (len && nm[len - 1] == '*');
    if (rest) {
      const char *base = nm[0] == '*' ? nm + 1 : nm;
      snprintf(buf, cap, "%.*s[%d]", (int)(len - 1), base, i - j);
      return;
    }
    if (j == i) {
      snprintf(buf, cap, "%s", nm);
      return;
    }
  }
  snprintf(buf, cap, "#%d", i);
}

/* Counts a signature admits: [*lo, *hi], hi -1 for unbounded. */
static void sig_counts(const char *sig, int *lo, int *hi) {
  int n = 0, req = -1;
  bool rest = false;
  for (const char *p = sig; *p; p++) {
    if (*p == '|') req = n;
    else if (*p == '*') rest = true;
    else n++;
  }
  *lo = rest ? n - 1 : req >= 0 ? req : n;
  *hi = rest ? -1 : n;
}

/* The signature letter for argument i ('\0' past the end). */
static char sig_at(const char *sig, int i) {
  char last = 0;
  int k = 0;
  for (const char *p = sig; *p; p++) {
    if (*p == '|') continue;
    if (*p == '*') return last;
    if (k++ == i) return *p;
    last = *p;
  }
  return 0;
}

static int check_list(Schedule *s, const char *method, const char *what, const char *const *names,
                      const SchArg *args, int n, const char *sig) {
  int lo, hi;
  sig_counts(sig, &lo, &hi);
  if (n < lo || (hi >= 0 && n > hi)) {
    if (hi < 0) return sch_fail(s, "%s: expects at least %d %s, got %d", method, lo, what, n);
    if (lo == hi) return sch_fail(s, "%s: expects %d %s, got %d", method, lo, what, n);
    return sch_fail(s, "%s: expects %d to %d %s, got %d", method, lo, hi, what, n);
  }
  for (int i = 0; i < n; i++) {
    char c = sig_at(sig, i);
    if (arg_ok(s, &args[i], c)) continue;
    char nm[96];
    arg_name(names, i, nm, sizeof nm);
    const SchArg *a = &args[i];
    const char *got = arg_kind_name(a);
    if (a->kind == SCH_ARG_RV && a->rv >= 0 && a->rv < s->rvs.len)
      got = s->rvs.data[a->rv].kind == SCH_RV_BLOCK ? "a block reference"
            : s->rvs.data[a->rv].kind == SCH_RV_LOOP ? "a loop reference"
                                                    : "an expression reference";
    if (a->kind == SCH_ARG_INT && (c == 'i' || c == 'f') && !is_i32(a)) got = "an integer out of range";
    if (a->kind == SCH_ARG_INT && c == 'f' && is_i32(a)) got = "a non-positive integer";
    return sch_fail(s, "%s: argument '%s' must be %s, got %s", method, nm, want_name(c), got);
  }
  return 0;
}

int sch_inst_check(Schedule *s, const SchInst *in, const char *inputs, const char *attrs) {
  const SchInstKind *k = sch_inst_kind_lookup(in->kind);
  const char *method = k ? k->py_method : in->kind;
  if (check_list(s, method, "inputs", k ? k->input_names : NULL, in->inputs, in->ninputs, inputs))
    return -1;
  return check_list(s, method, "attributes", k ? k->attr_names : NULL, in->attrs, in->nattrs, attrs);
}

/* Counts only, from the kind's names: every named input (a rest name takes
 * zero or more) and every attribute. */
int sch_inst_check_arity(Schedule *s, const SchInstKind *k, const SchInst *in) {
  int nin = 0, nattr = 0;
  bool rest = false;
  for (int i = 0; k->input_names && k->input_names[i]; i++) {
    const char *nm = k->input_names[i];
    size_t len = strlen(nm);
    if (nm[0] == '*' || (len && nm[len - 1] == '*')) rest = true;
    else nin++;
  }
  for (int i = 0; k->attr_names && k->attr_names[i]; i++) nattr++;
  if (in->ninputs < nin || (!rest && in->ninputs > nin))
    return sch_fail(s, "%s: expects %s%d inputs, got %d", k->py_method, rest ? "at least " : "", nin,
                    in->ninputs);
  if (in->nattrs != nattr)
    return sch_fail(s, "%s: expects %d attributes, got %d", k->py_method, nattr, in->nattrs);
  return 0;
}
