/*
 * print.c — the TVMScript printer's top level: the `# from tvm.script
 * import` header, the `@I.ir_module` class frame in TVM's function order,
 * and the per-function name table that keeps every printed name unique.
 * The dialects print the functions themselves (print_tir.c, print_relax.c).
 */
#include "script_impl.h"

#include <string.h>

const char *pr_define(ScriptPrinter *pr, const Node *n, const char *want) {
  if (!want || !*want) want = "v";
  const char *name = intern(want);
  StrBuf sb = {0};
  for (int i = 1; strmap_has(&pr->used, name); i++) {
    sb.len = 0;
    sb_printf(&sb, "%s_%d", want, i);
    name = intern(sb.data);
  }
  sb_free(&sb);
  strmap_put(&pr->used, name, (void *)name);
  if (n) ptrmap_put(&pr->names, n, (void *)name);
  return name;
}

const char *pr_name(ScriptPrinter *pr, const Node *n) { return ptrmap_get(&pr->names, n); }

StrMap pr_scope_save(const ScriptPrinter *pr) {
  StrMap m = {0};
  for (int32_t i = 0; i < pr->used.cap; i++)
    if (pr->used.keys[i]) strmap_put(&m, pr->used.keys[i], pr->used.vals[i]);
  return m;
}

void pr_scope_restore(ScriptPrinter *pr, StrMap *saved) {
  strmap_free(&pr->used);
  pr->used = *saved;
  *saved = (StrMap){0};
}

void pr_reset(ScriptPrinter *pr) {
  ptrmap_free(&pr->names);
  strmap_free(&pr->used);
}

void pr_line_start(ScriptPrinter *pr) { sb_indent(pr->out, pr->indent); }

void pr_print_str(ScriptPrinter *pr, const char *s) {
  StrBuf *o = pr->out;
  sb_putc(o, '"');
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    switch (*c) {
    case '"': sb_puts(o, "\\\""); break;
    case '\\': sb_puts(o, "\\\\"); break;
    case '\n': sb_puts(o, "\\n"); break;
    case '\t': sb_puts(o, "\\t"); break;
    case '\r': sb_puts(o, "\\r"); break;
    default:
      if (*c < 32 || *c == 127)
        sb_printf(o, "\\x%02x", *c);
      else
        sb_putc(o, (char)*c);
    }
  }
  sb_putc(o, '"');
}

void pr_print_attr_value(ScriptPrinter *pr, const Node *v) {
  StrBuf *o = pr->out;
  if (!v) {
    sb_puts(o, "None");
    return;
  }
  switch (v->kind) {
  case NK_INT:
    if (dtype_is_bool(v->dtype)) {
      sb_puts(o, IR_AS(IrIntImm, v)->value ? "True" : "False");
      return;
    }
    if (dtype_eq(v->dtype, DT_INT32)) {
      sb_printf(o, "%lld", (long long)IR_AS(IrIntImm, v)->value);
      return;
    }
    break;
  case NK_STRING: pr_print_str(pr, IR_AS(IrStr, v)->value); return;
  case NK_ARRAY: {
    const IrArray *a = IR_AS(IrArray, v);
    sb_putc(o, '[');
    for (int32_t i = 0; i < a->items.n; i++) {
      if (i) sb_puts(o, ", ");
      pr_print_attr_value(pr, a->items.v[i]);
    }
    sb_putc(o, ']');
    return;
  }
  case NK_MAP: pr_print_attrs(pr, IR_AS(IrArray, v)->items); return;
  default: break;
  }
  tir_print_expr(pr, v);
}

void pr_print_attrs(ScriptPrinter *pr, NodeList attrs) {
  sb_putc(pr->out, '{');
  for (int32_t i = 0; i < attrs.n; i++) {
    const IrBinary *p = IR_AS(IrBinary, attrs.v[i]);
    if (i) sb_puts(pr->out, ", ");
    pr_print_attr_value(pr, p->a);
    sb_puts(pr->out, ": ");
    pr_print_attr_value(pr, p->b);
  }
  sb_putc(pr->out, '}');
}

static void print_func(ScriptPrinter *pr, const Node *f, const char *name, bool in_module) {
  pr_reset(pr);
  if (f->kind == NK_PRIM_FUNC)
    tir_print_prim_func(pr, f, name, in_module);
  else if (f->kind == NK_RX_FUNC)
    rx_print_function(pr, f, name, in_module);
  else if (f->kind == NK_RX_EXTERN) {
    /* TVM prints an extern function binding as `name = R.ExternFunc("sym")`. */
    pr_line_start(pr);
    sb_printf(pr->out, "%s = R.ExternFunc(\"%s\")\n", name, IR_AS(IrStr, f)->value);
  }
}

/* Does the printed body use the dialect prefix `X.`?  (Outside strings.) */
static bool uses_prefix(const char *s, char x) {
  char quote = 0;
  for (const char *c = s; *c; c++) {
    if (quote) {
      if (*c == '\\' && c[1])
        c++;
      else if (*c == quote)
        quote = 0;
      continue;
    }
    if (*c == '"' || *c == '\'') {
      quote = *c;
      continue;
    }
    if (*c == '#') { /* comments such as `# with T.block("root"):` count */
      if (strstr(c, "T.") && x == 'T') {
        const char *nl = strchr(c, '\n');
        const char *t = strstr(c, "T.");
        if (!nl || t < nl) return true;
      }
      continue;
    }
    if (*c == x && c[1] == '.' && (c == s || !(c[-1] == '_' || (c[-1] >= 'a' && c[-1] <= 'z') ||
                                               (c[-1] >= 'A' && c[-1] <= 'Z') ||
                                               (c[-1] >= '0' && c[-1] <= '9'))))
      return true;
  }
  return false;
}

/* Can s be written as a Python function name? */
static bool is_identifier(const char *s) {
  static const char *const keywords[] = {"False", "None", "True", "and", "as", "assert", "async",
      "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally",
      "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
      "pass", "raise", "return", "try", "while", "with", "yield"};
  if (!*s || (*s >= '0' && *s <= '9')) return false;
  for (const char *c = s; *c; c++)
    if (!(*c == '_' || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')))
      return false;
  for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
    if (!strcmp(s, keywords[i])) return false;
  return true;
}

/* Name of a bare function: its global symbol, else "main" (as TVM). */
static const char *bare_name(const Node *f) {
  NodeList attrs = f->kind == NK_PRIM_FUNC ? IR_AS(IrPrimFunc, f)->attrs : IR_AS(IrFunction, f)->attrs;
  Node *gs = ir_attrs_get(attrs, "global_symbol");
  if (gs && gs->kind == NK_STRING && is_identifier(IR_AS(IrStr, gs)->value)) return IR_AS(IrStr, gs)->value;
  return "main"; /* the symbol itself stays in the printed attributes */
}

void script_print(const Node *root, StrBuf *out) {
  StrBuf body = {0};
  ScriptPrinter pr = {0};
  pr.out = &body;
  bool is_mod = root->kind == NK_MODULE;
  if (is_mod) {
    const IrModule *m = IR_AS(IrModule, root);
    sb_puts(&body, "@I.ir_module\nclass Module:\n");
    pr.module_name = "Module";
    pr.indent = 4;
    if (m->attrs.n) {
      pr_line_start(&pr);
      sb_puts(&body, "I.module_attrs(");
      pr_print_attrs(&pr, m->attrs);
      sb_puts(&body, ")\n");
      if (m->funcs.n) sb_putc(&body, '\n');
    }
    for (int32_t i = 0; i < m->funcs.n; i++) {
      const IrBinary *p = IR_AS(IrBinary, m->funcs.v[i]);
      /* a blank line ends each def, none after an `R.ExternFunc` line */
      if (i && IR_AS(IrBinary, m->funcs.v[i - 1])->b->kind != NK_RX_EXTERN) sb_putc(&body, '\n');
      print_func(&pr, p->b, IR_AS(IrVar, p->a)->name, true);
    }
  } else {
    print_func(&pr, root, bare_name(root), false);
  }
  pr_reset(&pr);
  if (is_mod) sb_puts(out, "# from tvm.script import ir as I\n");
  if (uses_prefix(body.data ? body.data : "", 'T')) sb_puts(out, "# from tvm.script import tir as T\n");
  if (uses_prefix(body.data ? body.data : "", 'R')) sb_puts(out, "# from tvm.script import relax as R\n");
  sb_putc(out, '\n');
  if (body.len) sb_putn(out, body.data, body.len);
  sb_free(&body);
}

void script_print_node(const Node *n, StrBuf *out) {
  ScriptPrinter pr = {0};
  pr.out = out;
  if (ir_is_expr(n))
    tir_print_expr(&pr, n);
  else if (ir_is_sinfo(n))
    rx_print_sinfo(&pr, n);
  else
    ir_dump(n, out);
  pr_reset(&pr);
}
