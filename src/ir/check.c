/*
 * check.c — ir_check: well-formedness of a module or a bare function.  The
 * module-level rules live here (function entries are GlobalVar/function
 * pairs with unique names); each function goes to its dialect's checker:
 * tir/verify.c for PrimFuncs, relax/well_formed.c for Relax functions.
 * Struct info built while checking lives in a scratch context freed at the
 * end, so the checked IR is never touched.  The span helpers at the top
 * locate a var's use by name in the source text of an enclosing node: var
 * nodes are shared by all their uses and carry their definition's span.
 */
#include "check.h"

#include <ctype.h>
#include <string.h>

#include "relax/relax.h"
#include "tir/tir.h"

/* ---- tokens in a span ------------------------------------------------------- */

static bool ident_start(char c) { return isalpha((unsigned char)c) || c == '_'; }
static bool ident_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* Scan text[lo, hi) token by token, calling f on each identifier (start,
 * end); strings, comments and numbers are skipped.  Stops when f returns
 * true. */
typedef bool (*IdentFn)(const char *text, uint32_t lo, uint32_t hi, uint32_t a, uint32_t b, void *ud);

static void scan_idents(const char *text, uint32_t lo, uint32_t hi, IdentFn f, void *ud) {
  uint32_t i = lo;
  while (i < hi) {
    char c = text[i];
    if (c == '#') {
      while (i < hi && text[i] != '\n') i++;
    } else if (c == '"' || c == '\'') {
      bool triple = i + 2 < hi && text[i + 1] == c && text[i + 2] == c;
      i += triple ? 3 : 1;
      while (i < hi) {
        if (text[i] == '\\') {
          i += 2;
        } else if (text[i] == c && (!triple || (i + 2 < hi && text[i + 1] == c && text[i + 2] == c))) {
          i += triple ? 3 : 1;
          break;
        } else if (text[i] == '\n' && !triple) {
          break;
        } else {
          i++;
        }
      }
    } else if (ident_start(c)) {
      uint32_t a = i;
      while (i < hi && ident_char(text[i])) i++;
      if (f(text, lo, hi, a, i, ud)) return;
    } else if (isdigit((unsigned char)c)) {
      while (i < hi && (ident_char(text[i]) || text[i] == '.')) i++;
    } else {
      i++;
    }
  }
}

typedef struct FindName {
  const char *name;
  size_t len;
  bool last; /* keep the last match instead of the first */
  bool attr; /* only an attribute: cls.f */
  uint32_t a, b;
  bool found;
} FindName;

static bool find_name_cb(const char *text, uint32_t lo, uint32_t hi, uint32_t a, uint32_t b, void *ud) {
  FindName *fn = ud;
  if (b - a != fn->len || memcmp(text + a, fn->name, fn->len)) return false;
  uint32_t p = a;
  while (p > lo && (text[p - 1] == ' ' || text[p - 1] == '\t')) p--;
  if ((p > lo && text[p - 1] == '.') != fn->attr) return false; /* T.m is not m */
  if (!fn->last) {
    uint32_t q = b;
    while (q < hi && (text[q] == ' ' || text[q] == '\t')) q++;
    if (q < hi && text[q] == '=' && !(q + 1 < hi && text[q + 1] == '=')) return false; /* m = ..., f(m=...) */
  }
  fn->a = a;
  fn->b = b;
  fn->found = true;
  return !fn->last;
}

Span ir_span_find_name(Span within, const char *name) {
  if (!within.file || !within.file->text || !name || !*name || within.hi > within.file->len) return within;
  FindName fn = {name, strlen(name), false, false, 0, 0, false};
  scan_idents(within.file->text, within.lo, within.hi, find_name_cb, &fn);
  if (!fn.found) return within;
  return (Span){within.file, fn.a, fn.b};
}

Span ir_span_find_global(Span within, const char *name) {
  if (!within.file || !within.file->text || !name || !*name || within.hi > within.file->len) return within;
  FindName fn = {name, strlen(name), false, true, 0, 0, false};
  scan_idents(within.file->text, within.lo, within.hi, find_name_cb, &fn);
  if (!fn.found) return ir_span_find_name(within, name);
  /* from the start of `cls.` */
  const char *text = within.file->text;
  uint32_t a = fn.a - 1;
  while (a > within.lo && (text[a - 1] == ' ' || text[a - 1] == '\t')) a--;
  while (a > within.lo && ident_char(text[a - 1])) a--;
  return (Span){within.file, a, fn.b};
}

Span ir_span_return_value(Span within) {
  if (!within.file || !within.file->text || within.hi > within.file->len) return within;
  const char *text = within.file->text;
  FindName fn = {"return", 6, true, false, 0, 0, false};
  scan_idents(text, within.lo, within.hi, find_name_cb, &fn);
  if (!fn.found) return within;
  uint32_t a = fn.b, b;
  while (a < within.hi && (text[a] == ' ' || text[a] == '\t')) a++;
  for (b = a; b < within.hi && text[b] != '\n' && text[b] != '#';) b++;
  while (b > a && isspace((unsigned char)text[b - 1])) b--;
  return b > a ? (Span){within.file, a, b} : within;
}

/* ---- the module -------------------------------------------------------------- */

/* The name a bare function goes by: its global_symbol, else "main". */
static const char *bare_name(const Node *f) {
  NodeList attrs = f->kind == NK_PRIM_FUNC ? IR_AS(IrPrimFunc, f)->attrs : IR_AS(IrFunction, f)->attrs;
  Node *g = ir_attrs_get(attrs, "global_symbol");
  return g && g->kind == NK_STRING ? IR_AS(IrStr, g)->value : "main";
}

static void check_func(IrCtx *cx, const Node *mod, const Node *f, const char *name, DiagCtx *diag) {
  if (f->kind == NK_PRIM_FUNC)
    tir_verify_prim_func(f, name, diag);
  else if (f->kind == NK_RX_FUNC)
    rx_check_function(cx, mod, f, name, diag);
  else if (f->kind != NK_RX_EXTERN)
    diag_error(diag, f->span, "'%s' is bound to a %s, not a function", name, ir_kind_name(f->kind));
}

static void check_module(IrCtx *cx, const Node *mod, DiagCtx *diag) {
  const IrModule *m = IR_AS(IrModule, mod);
  StrMap seen = {0};
  for (int32_t i = 0; i < m->funcs.n; i++) {
    const Node *pair = m->funcs.v[i];
    const Node *gv = pair && pair->kind == NK_PAIR ? IR_AS(IrBinary, pair)->a : NULL;
    const Node *f = gv ? IR_AS(IrBinary, pair)->b : NULL;
    if (!gv || gv->kind != NK_GLOBAL_VAR || !f) {
      diag_error(diag, pair ? pair->span : mod->span, "a module entry must bind a global name to a function");
      continue;
    }
    const char *name = IR_AS(IrVar, gv)->name ? IR_AS(IrVar, gv)->name : "?";
    if (strmap_has(&seen, name))
      diag_error(diag, pair->span.file ? pair->span : gv->span, "duplicate definition of '%s' in the module", name);
    strmap_put(&seen, name, (void *)f);
    check_func(cx, mod, f, name, diag);
  }
  strmap_free(&seen);
}

int ir_check(const Node *root, DiagCtx *diag) {
  int32_t before = diag_errors(diag);
  if (!root) return 0;
  IrCtx *cx = ir_ctx_new();
  if (root->kind == NK_MODULE)
    check_module(cx, root, diag);
  else if (root->kind == NK_PRIM_FUNC || root->kind == NK_RX_FUNC)
    check_func(cx, NULL, root, bare_name(root), diag);
  else
    diag_error(diag, root->span, "expected a module or a function to check, got %s", ir_kind_name(root->kind));
  ir_ctx_free(cx);
  return diag_errors(diag) - before;
}
