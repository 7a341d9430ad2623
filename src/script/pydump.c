/*
 * pydump.c — debug dumps of the Python syntax tree, for the parser's tests.
 * Expressions print as S-expressions with operators first, so precedence
 * is explicit: `a + b * c` is `(+ a (* b c))`.  Names print bare, attributes
 * as `value.attr`, NULL parts as `_`.  Statements print one per line,
 * Python-like, bodies indented by two spaces.
 */
#include "pyast.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void dump_str(const PyExpr *e, StrBuf *out) {
  sb_putc(out, '"');
  for (int32_t i = 0; i < e->str_len; i++) {
    unsigned char c = (unsigned char)e->str[i];
    if (c == '"' || c == '\\')
      sb_printf(out, "\\%c", c);
    else if (c == '\n')
      sb_puts(out, "\\n");
    else if (c == '\t')
      sb_puts(out, "\\t");
    else if (c < 32 || c >= 127)
      sb_printf(out, "\\x%02x", c);
    else
      sb_putc(out, (char)c);
  }
  sb_putc(out, '"');
}

/* Python's repr of a float: the shortest digits that read back as the
 * same double, positional for exponents in [-4, 16), else scientific. */
static void dump_float(double v, StrBuf *out) {
  char buf[400];
  if (isnan(v) || isinf(v)) {
    sb_puts(out, isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
    return;
  }
  int prec = 1;
  for (; prec < 17; prec++) {
    snprintf(buf, sizeof(buf), "%.*e", prec - 1, v);
    if (strtod(buf, NULL) == v) break;
  }
  snprintf(buf, sizeof(buf), "%.*e", prec - 1, v);
  int x = atoi(strchr(buf, 'e') + 1);
  if (x < -4 || x >= 16) {
    sb_puts(out, buf);
    return;
  }
  int decimals = prec - 1 - x > 0 ? prec - 1 - x : 0;
  snprintf(buf, sizeof(buf), "%.*f", decimals, v);
  sb_puts(out, buf);
  if (!decimals) sb_puts(out, ".0");
}

/* (head a b c), or (a b c) for an empty head */
static void dump_list(const char *head, PyExpr **items, int32_t n, StrBuf *out) {
  sb_printf(out, "(%s", head);
  for (int32_t i = 0; i < n; i++) {
    if (i || *head) sb_putc(out, ' ');
    py_dump_expr(items[i], out);
  }
  sb_putc(out, ')');
}

static void dump_call(const PyExpr *e, StrBuf *out) {
  sb_puts(out, "(call ");
  py_dump_expr(e->a, out);
  for (int32_t i = 0; i < e->nitems; i++) {
    sb_putc(out, ' ');
    py_dump_expr(e->items[i], out);
  }
  for (int32_t i = 0; i < e->nkws; i++) {
    sb_printf(out, " %s=", e->kws[i].name);
    py_dump_expr(e->kws[i].value, out);
  }
  sb_putc(out, ')');
}

static void dump_dict(const PyExpr *e, StrBuf *out) {
  sb_puts(out, "(dict");
  for (int32_t i = 0; i < e->nitems; i++) {
    sb_putc(out, ' ');
    py_dump_expr(e->items[i], out);
    sb_putc(out, ':');
    py_dump_expr(e->values[i], out);
  }
  sb_putc(out, ')');
}

/* (op a [b [c]]) */
static void dump_op(const char *op, const PyExpr *e, int n, StrBuf *out) {
  sb_printf(out, "(%s ", op);
  py_dump_expr(e->a, out);
  if (n > 1) sb_putc(out, ' '), py_dump_expr(e->b, out);
  if (n > 2) sb_putc(out, ' '), py_dump_expr(e->c, out);
  sb_putc(out, ')');
}

void py_dump_expr(const PyExpr *e, StrBuf *out) {
  if (!e) {
    sb_putc(out, '_');
    return;
  }
  switch (e->kind) {
  case PY_NAME: sb_puts(out, e->name); break;
  case PY_ATTR:
    py_dump_expr(e->a, out);
    sb_printf(out, ".%s", e->name);
    break;
  case PY_CALL: dump_call(e, out); break;
  case PY_SUBSCRIPT: dump_op("sub", e, 2, out); break;
  case PY_SLICE: dump_op("slice", e, 3, out); break;
  case PY_TUPLE: dump_list("tuple", e->items, e->nitems, out); break;
  case PY_LIST: dump_list("list", e->items, e->nitems, out); break;
  case PY_DICT: dump_dict(e, out); break;
  case PY_INT:
    if (e->int_overflow)
      sb_puts(out, "<int overflow>");
    else
      sb_printf(out, "%lld", (long long)e->ival);
    break;
  case PY_FLOAT: dump_float(e->fval, out); break;
  case PY_STR: dump_str(e, out); break;
  case PY_TRUE: sb_puts(out, "True"); break;
  case PY_FALSE: sb_puts(out, "False"); break;
  case PY_NONE: sb_puts(out, "None"); break;
  case PY_UNARY: dump_op(e->op, e, 1, out); break;
  case PY_BINARY: case PY_COMPARE: case PY_BOOLOP: dump_op(e->op, e, 2, out); break;
  case PY_IFEXP: dump_op("ifexp", e, 3, out); break;
  case PY_LAMBDA:
    sb_puts(out, "(lambda ");
    dump_list("", e->items, e->nitems, out);
    sb_putc(out, ' ');
    py_dump_expr(e->a, out);
    sb_putc(out, ')');
    break;
  case PY_STARRED: dump_op("star", e, 1, out); break;
  }
}

/* ---- Statements ------------------------------------------------------------- */

static void dump_body(const PyBody *b, int ind, StrBuf *out);

static void dump_def(const PyStmt *s, int ind, StrBuf *out) {
  sb_printf(out, "def %s(", s->name);
  for (int32_t i = 0; i < s->nparams; i++) {
    const PyParam *pa = &s->params[i];
    sb_printf(out, "%s%s", i ? ", " : "", pa->name);
    if (pa->annotation) sb_puts(out, ": "), py_dump_expr(pa->annotation, out);
    if (pa->default_value) sb_puts(out, " = "), py_dump_expr(pa->default_value, out);
  }
  sb_putc(out, ')');
  if (s->returns) sb_puts(out, " -> "), py_dump_expr(s->returns, out);
}

static void dump_head(const PyStmt *s, int ind, StrBuf *out) {
  switch (s->kind) {
  case PYS_IF: sb_puts(out, "if "), py_dump_expr(s->test, out); break;
  case PYS_WHILE: sb_puts(out, "while "), py_dump_expr(s->test, out); break;
  case PYS_FOR:
    sb_puts(out, "for "), py_dump_expr(s->target, out);
    sb_puts(out, " in "), py_dump_expr(s->test, out);
    break;
  case PYS_WITH:
    sb_puts(out, "with "), py_dump_expr(s->test, out);
    if (s->target) sb_puts(out, " as "), py_dump_expr(s->target, out);
    break;
  case PYS_FUNCDEF: dump_def(s, ind, out); break;
  case PYS_CLASSDEF:
    sb_printf(out, "class %s", s->name);
    for (int32_t i = 0; i < s->nbases; i++) {
      sb_puts(out, i ? ", " : "(");
      py_dump_expr(s->bases[i], out);
    }
    if (s->nbases) sb_putc(out, ')');
    break;
  default: break;
  }
}

static void dump_simple(const PyStmt *s, StrBuf *out) {
  switch (s->kind) {
  case PYS_EXPR: sb_puts(out, "expr "), py_dump_expr(s->value, out); break;
  case PYS_ASSIGN:
    sb_puts(out, "assign "), py_dump_expr(s->target, out);
    sb_puts(out, " = "), py_dump_expr(s->value, out);
    break;
  case PYS_ANNASSIGN:
    sb_puts(out, "annassign "), py_dump_expr(s->target, out);
    sb_puts(out, " : "), py_dump_expr(s->annotation, out);
    if (s->value) sb_puts(out, " = "), py_dump_expr(s->value, out);
    break;
  case PYS_AUGASSIGN:
    sb_puts(out, "augassign "), py_dump_expr(s->target, out);
    sb_printf(out, " %s= ", s->op), py_dump_expr(s->value, out);
    break;
  case PYS_RETURN:
    sb_puts(out, "return");
    if (s->value) sb_putc(out, ' '), py_dump_expr(s->value, out);
    break;
  case PYS_ASSERT:
    sb_puts(out, "assert "), py_dump_expr(s->test, out);
    if (s->value) sb_puts(out, ", "), py_dump_expr(s->value, out);
    break;
  case PYS_PASS: sb_puts(out, "pass"); break;
  case PYS_BREAK: sb_puts(out, "break"); break;
  case PYS_CONTINUE: sb_puts(out, "continue"); break;
  case PYS_IMPORT: sb_puts(out, "import"); break;
  default: break;
  }
}

static void dump_stmt(const PyStmt *s, int ind, StrBuf *out) {
  for (int32_t i = 0; i < s->ndecorators; i++) {
    sb_indent(out, ind);
    sb_putc(out, '@');
    py_dump_expr(s->decorators[i], out);
    sb_putc(out, '\n');
  }
  sb_indent(out, ind);
  bool compound = s->kind == PYS_IF || s->kind == PYS_FOR || s->kind == PYS_WHILE ||
                  s->kind == PYS_WITH || s->kind == PYS_FUNCDEF ||
                  s->kind == PYS_CLASSDEF;
  if (!compound) {
    dump_simple(s, out);
    sb_putc(out, '\n');
    return;
  }
  dump_head(s, ind, out);
  sb_puts(out, ":\n");
  dump_body(&s->body, ind + 2, out);
  if (s->kind == PYS_IF && s->orelse.len) {
    sb_indent(out, ind);
    sb_puts(out, "else:\n");
    dump_body(&s->orelse, ind + 2, out);
  }
}

static void dump_body(const PyBody *b, int ind, StrBuf *out) {
  for (int32_t i = 0; i < b->len; i++) dump_stmt(b->stmts[i], ind, out);
}

void py_dump_module(const PyModule *m, StrBuf *out) { dump_body(&m->body, 0, out); }
