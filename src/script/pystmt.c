/*
 * pystmt.c — the statement half of the Python parser, and its entry points
 * py_parse_file and py_parse_expr.  Statements are parsed one logical line
 * (or compound statement) at a time; after an error the statement loop
 * skips to the next NEWLINE, drops an indented block that belonged to a
 * broken header, and carries on.  Block nesting (and elif chains) are capped
 * at PY_MAX_DEPTH; deeper blocks are skipped without recursion.
 */
#include "pyparse.h"

static void parse_stmts(Parser *p, PyBody *out, bool nested);
static void parse_simple_stmts(Parser *p, List *out);
static void parse_stmt(Parser *p, List *out);

static PyStmt *stmt(Parser *p, PyStmtKind k, uint32_t lo) {
  PyStmt *s = arena_alloc(p->arena, sizeof(PyStmt));
  s->kind = k;
  s->span = span_from(p, lo);
  return s;
}

static PyStmt *sdone(Parser *p, PyStmt *s) {
  s->span = span_from(p, s->span.lo);
  return s;
}

static void set_body(PyBody *b, const List *l) {
  b->stmts = (PyStmt **)l->data;
  b->len = l->len;
}

static bool capped(Parser *p) { return lexer_error_cap(&p->lx); }

/* ---- Blocks ----------------------------------------------------------------- */

/* Skip an indented block whose INDENT is current, without recursion. */
static void skip_block(Parser *p) {
  int64_t depth = 0;
  do {
    if (kind(p) == TK_INDENT) depth++;
    if (kind(p) == TK_DEDENT) depth--;
    advance(p);
  } while (depth > 0 && kind(p) != TK_EOF);
}

/* INDENT stmt+ DEDENT, with the INDENT current. */
static void indented(Parser *p, PyBody *out) {
  if (p->block_depth >= PY_MAX_DEPTH) {
    report(p, tok(p)->span, "too many nested blocks (more than %d levels)",
           PY_MAX_DEPTH);
    skip_block(p);
    return;
  }
  advance(p);
  p->block_depth++;
  parse_stmts(p, out, true);
  p->block_depth--;
  if (kind(p) == TK_DEDENT) advance(p);
}

/* block: simple_stmts | NEWLINE INDENT stmt+ DEDENT */
static void parse_block(Parser *p, PyBody *out, const char *what) {
  if (kind(p) != TK_NEWLINE) {
    List l = {0};
    parse_simple_stmts(p, &l);
    set_body(out, &l);
    return;
  }
  advance(p);
  if (kind(p) != TK_INDENT) {
    char found[80];
    token_describe(tok(p), found, sizeof(found));
    report(p, tok(p)->span, "expected an indented block after %s, found %s", what,
           found);
    return;
  }
  indented(p, out);
}

/* ':' block */
static bool parse_suite(Parser *p, PyBody *out, const char *ctx, const char *what) {
  if (!accept_op(p, ":")) return expected(p, "':'", ctx), false;
  parse_block(p, out, what);
  return !p->panic;
}

/* Recovery: skip to the end of the logical line, and drop the indented
 * block that follows if a broken compound-statement header owned it. */
static void sync(Parser *p) {
  p->panic = false;
  while (kind(p) != TK_NEWLINE && kind(p) != TK_EOF && kind(p) != TK_INDENT &&
         kind(p) != TK_DEDENT)
    advance(p);
  if (kind(p) != TK_NEWLINE) return;
  advance(p);
  if (kind(p) == TK_INDENT) {
    PyBody junk = {0};
    indented(p, &junk);
  }
}

/* file: (NEWLINE | stmt)* ; a nested block ends at DEDENT */
static void parse_stmts(Parser *p, PyBody *out, bool nested) {
  List l = {0};
  while (!capped(p)) {
    TokKind k = kind(p);
    if (k == TK_EOF || (k == TK_DEDENT && nested)) break;
    int64_t before = p->ntok;
    if (k == TK_INDENT) {
      PyBody junk = {0};
      report(p, tok(p)->span, "unexpected indent");
      indented(p, &junk);
    } else if (k != TK_NEWLINE && k != TK_DEDENT) {
      parse_stmt(p, &l);
      if (p->panic) sync(p);
    }
    if (p->ntok == before) advance(p);
  }
  set_body(out, &l);
}

/* ---- Targets ---------------------------------------------------------------- */

static const char *expr_what(const PyExpr *e) {
  switch (e->kind) {
  case PY_CALL: return "function call";
  case PY_INT: case PY_FLOAT: case PY_STR: return "literal";
  case PY_TRUE: return "True";
  case PY_FALSE: return "False";
  case PY_NONE: return "None";
  case PY_LAMBDA: return "lambda";
  case PY_IFEXP: return "conditional expression";
  case PY_COMPARE: return "comparison";
  case PY_DICT: return "dict display";
  default: return "expression";
  }
}

/* Only names, attributes, subscripts and tuples/lists of them (with one
 * starred item) can be assigned to. */
static void check_target(Parser *p, const PyExpr *e, bool allow_tuple) {
  if (e->kind == PY_NAME || e->kind == PY_ATTR || e->kind == PY_SUBSCRIPT) return;
  if (allow_tuple && (e->kind == PY_TUPLE || e->kind == PY_LIST)) {
    for (int32_t i = 0; i < e->nitems; i++) {
      const PyExpr *it = e->items[i];
      check_target(p, it->kind == PY_STARRED ? it->a : it, true);
    }
    return;
  }
  if (!allow_tuple && (e->kind == PY_TUPLE || e->kind == PY_LIST))
    report(p, e->span, "only a single target (not a tuple) can be annotated or "
                       "augmented");
  else
    report(p, e->span, "cannot assign to %s", expr_what(e));
}

/* ---- Simple statements ------------------------------------------------------ */

static const char *at_augassign(Parser *p) {
  static const char *ops[] = {"+=", "-=", "*=", "/=", "//=", "%=", "@=",
                              "&=", "|=", "^=", "<<=", ">>=", "**=", NULL};
  for (int i = 0; ops[i]; i++)
    if (at_op(p, ops[i])) return intern_n(ops[i], strlen(ops[i]) - 1);
  return NULL;
}

/* expr_stmt: testlist_star_expr (':' test ['=' testlist_star_expr]
 *          | augassign testlist_star_expr | ('=' testlist_star_expr)*) */
static PyStmt *parse_expr_stmt(Parser *p) {
  uint32_t lo = lo_of(p);
  PyExpr *lhs = pyp_testlist(p, ITEM_STAR_TEST);
  if (!lhs) return NULL;
  const char *aug = at_augassign(p);
  PyStmt *s;
  if (accept_op(p, ":")) {
    s = stmt(p, PYS_ANNASSIGN, lo);
    check_target(p, lhs, false);
    if (!(s->annotation = pyp_test(p))) return NULL;
    if (accept_op(p, "=") && !(s->value = pyp_testlist(p, ITEM_STAR_TEST))) return NULL;
  } else if (aug) {
    advance(p);
    s = stmt(p, PYS_AUGASSIGN, lo);
    s->op = aug;
    check_target(p, lhs, false);
    if (!(s->value = pyp_testlist(p, ITEM_STAR_TEST))) return NULL;
  } else if (at_op(p, "=")) {
    s = stmt(p, PYS_ASSIGN, lo);
    check_target(p, lhs, true);
    while (accept_op(p, "="))
      if (!(s->value = pyp_testlist(p, ITEM_STAR_TEST))) return NULL;
  } else {
    s = stmt(p, PYS_EXPR, lo);
    s->value = lhs;
    return sdone(p, s);
  }
  s->target = lhs;
  return sdone(p, s);
}

static bool dotted_name(Parser *p) {
  do {
    if (kind(p) != TK_NAME) return expected(p, "module name", "in import"), false;
    advance(p);
  } while (accept_op(p, "."));
  return true;
}

/* import_as_names: NAME ['as' NAME] (',' NAME ['as' NAME])* [','] */
static bool import_names(Parser *p, bool dotted, bool paren) {
  do {
    if (paren && at_op(p, ")")) break;
    if (dotted && !dotted_name(p)) return false;
    if (!dotted && kind(p) != TK_NAME) return expected(p, "name", "in import"), false;
    if (!dotted) advance(p);
    if (accept_kw(p, "as")) {
      if (kind(p) != TK_NAME) return expected(p, "name", "after 'as'"), false;
      advance(p);
    }
  } while (accept_op(p, ","));
  return true;
}

/* import_stmt: 'import' dotted_as_names
 *   | 'from' ('.' | '...')* [dotted_name] 'import' ('*' | '(' names ')' | names) */
static PyStmt *parse_import(Parser *p) {
  uint32_t lo = lo_of(p);
  if (accept_kw(p, "import")) {
    if (!import_names(p, true, false)) return NULL;
    return stmt(p, PYS_IMPORT, lo);
  }
  advance(p); /* 'from' */
  bool any = false;
  while (accept_op(p, ".") || accept_op(p, "...")) any = true;
  if (kind(p) == TK_NAME) {
    if (!dotted_name(p)) return NULL;
    any = true;
  }
  if (!any) return expected(p, "module name", "after 'from'");
  if (!accept_kw(p, "import")) return expected(p, "'import'", "after module name");
  if (!accept_op(p, "*")) {
    bool paren = accept_op(p, "(");
    if (!import_names(p, false, paren)) return NULL;
    if (paren && !accept_op(p, ")")) return expected(p, "')'", "after imported names");
  }
  return stmt(p, PYS_IMPORT, lo);
}

/* simple_stmt: 'pass' | 'break' | 'continue' | 'return' [testlist]
 *            | 'assert' test [',' test] | import_stmt | expr_stmt */
static PyStmt *parse_simple(Parser *p) {
  uint32_t lo = lo_of(p);
  PyStmtKind k = at_kw(p, "pass") ? PYS_PASS : at_kw(p, "break") ? PYS_BREAK
                 : at_kw(p, "continue") ? PYS_CONTINUE : PYS_EXPR;
  if (k != PYS_EXPR) {
    advance(p);
    return stmt(p, k, lo);
  }
  if (at_kw(p, "import") || at_kw(p, "from")) return parse_import(p);
  PyStmt *s;
  if (accept_kw(p, "return")) {
    s = stmt(p, PYS_RETURN, lo);
    if (pyp_starts_expr(p) && !(s->value = pyp_testlist(p, ITEM_STAR_TEST))) return NULL;
    return sdone(p, s);
  }
  if (accept_kw(p, "assert")) {
    s = stmt(p, PYS_ASSERT, lo);
    if (!(s->test = pyp_test(p))) return NULL;
    if (accept_op(p, ",") && !(s->value = pyp_test(p))) return NULL;
    return sdone(p, s);
  }
  static const char *unsupported[] = {"del", "global", "nonlocal", "raise", "yield",
                                      "try", "except", "finally", "async", "await",
                                      NULL};
  for (int i = 0; unsupported[i]; i++)
    if (at_kw(p, unsupported[i])) return fail(p, "'%s' is not supported", unsupported[i]);
  return parse_expr_stmt(p);
}

/* simple_stmts: simple_stmt (';' simple_stmt)* [';'] NEWLINE */
static void parse_simple_stmts(Parser *p, List *out) {
  do {
    if (kind(p) == TK_NEWLINE) break;
    PyStmt *s = parse_simple(p);
    if (!s) return;
    push(p, out, s);
  } while (accept_op(p, ";"));
  if (kind(p) == TK_NEWLINE)
    advance(p);
  else
    expected(p, "NEWLINE or ';'", "after statement");
}

/* ---- Compound statements ---------------------------------------------------- */

/* if_stmt: 'if' test ':' block ('elif' test ':' block)* ['else' ':' block] */
static PyStmt *parse_if(Parser *p) {
  List chain = {0};
  int nelif = 0;
  bool warned = false;
  do {
    uint32_t lo = lo_of(p);
    bool elif = at_kw(p, "elif");
    advance(p);
    PyStmt *s = stmt(p, PYS_IF, lo);
    if (!(s->test = pyp_test(p))) return NULL;
    if (!parse_suite(p, &s->body, elif ? "after 'elif' condition" : "after 'if' condition",
                     elif ? "'elif' statement" : "'if' statement"))
      return NULL;
    if (!elif || ++nelif + p->block_depth < PY_MAX_DEPTH) {
      push(p, &chain, s);
    } else if (!warned) { /* each elif nests one level deeper in the tree */
      warned = true;
      report(p, s->span, "too many 'elif' branches (nesting over %d levels)",
             PY_MAX_DEPTH);
    }
  } while (at_kw(p, "elif"));
  PyStmt *last = chain.data[chain.len - 1];
  if (accept_kw(p, "else") &&
      !parse_suite(p, &last->orelse, "after 'else'", "'else' clause"))
    return NULL;
  for (int32_t i = chain.len - 1; i >= 0; i--) {
    PyStmt *s = sdone(p, chain.data[i]);
    if (i > 0) {
      PyStmt *prev = chain.data[i - 1];
      prev->orelse.stmts = arena_alloc(p->arena, sizeof(PyStmt *));
      prev->orelse.stmts[0] = s;
      prev->orelse.len = 1;
    }
  }
  return chain.data[0];
}

static bool no_else(Parser *p, const char *what) {
  if (!at_kw(p, "else")) return true;
  return fail(p, "'%s ... else' is not supported", what), false;
}

/* for_stmt: 'for' exprlist 'in' testlist ':' block */
static PyStmt *parse_for(Parser *p) {
  PyStmt *s = stmt(p, PYS_FOR, lo_of(p));
  advance(p);
  if (!(s->target = pyp_testlist(p, ITEM_EXPR))) return NULL;
  check_target(p, s->target, true);
  if (!accept_kw(p, "in")) return expected(p, "'in'", "after for-loop target");
  if (!(s->test = pyp_testlist(p, ITEM_STAR_TEST))) return NULL;
  if (!parse_suite(p, &s->body, "after for-loop header", "'for' statement")) return NULL;
  return no_else(p, "for") ? sdone(p, s) : NULL;
}

/* while_stmt: 'while' test ':' block */
static PyStmt *parse_while(Parser *p) {
  PyStmt *s = stmt(p, PYS_WHILE, lo_of(p));
  advance(p);
  if (!(s->test = pyp_test(p))) return NULL;
  if (!parse_suite(p, &s->body, "after while condition", "'while' statement")) return NULL;
  return no_else(p, "while") ? sdone(p, s) : NULL;
}

/* with_stmt: 'with' test ['as' expr] ':' block */
static PyStmt *parse_with(Parser *p) {
  PyStmt *s = stmt(p, PYS_WITH, lo_of(p));
  advance(p);
  if (!(s->test = pyp_test(p))) return NULL;
  if (accept_kw(p, "as")) {
    if (!(s->target = pyp_testlist(p, ITEM_EXPR))) return NULL;
    check_target(p, s->target, true);
  }
  if (at_op(p, ",")) return fail(p, "only one item per 'with' statement is supported");
  if (!parse_suite(p, &s->body, "after 'with' item", "'with' statement")) return NULL;
  return sdone(p, s);
}

/* param: NAME [':' test] ['=' test] */
static PyParam *parse_param(Parser *p, bool *seen_default) {
  if (at_op(p, "*") || at_op(p, "**") || at_op(p, "/"))
    return fail(p, "'%s' in parameter lists is not supported", tok(p)->text);
  if (kind(p) != TK_NAME) return expected(p, "parameter name", "in parameter list");
  uint32_t lo = lo_of(p);
  PyParam *pa = arena_alloc(p->arena, sizeof(PyParam));
  pa->name = tok(p)->text;
  advance(p);
  if (accept_op(p, ":") && !(pa->annotation = pyp_test(p))) return NULL;
  if (accept_op(p, "=")) {
    if (!(pa->default_value = pyp_test(p))) return NULL;
    *seen_default = true;
  }
  pa->span = span_from(p, lo);
  if (*seen_default && !pa->default_value)
    report(p, pa->span, "non-default argument follows default argument");
  return pa;
}

/* funcdef: 'def' NAME '(' [param (',' param)* [',']] ')' ['->' test] ':' block */
static PyStmt *parse_def(Parser *p, PyStmt *s) {
  s->kind = PYS_FUNCDEF;
  advance(p);
  if (kind(p) != TK_NAME) return expected(p, "function name", "after 'def'");
  s->name = tok(p)->text;
  advance(p);
  if (!accept_op(p, "(")) return expected(p, "'('", "after function name");
  List params = {0};
  bool seen_default = false;
  while (!at_op(p, ")")) {
    PyParam *pa = parse_param(p, &seen_default);
    if (!pa) return NULL;
    push(p, &params, pa);
    if (!accept_op(p, ",")) break;
  }
  if (!accept_op(p, ")")) return expected(p, "',' or ')'", "in parameter list");
  s->nparams = params.len;
  if (params.len) s->params = arena_alloc(p->arena, sizeof(PyParam) * (size_t)params.len);
  for (int32_t i = 0; i < params.len; i++) s->params[i] = *(PyParam *)params.data[i];
  if (accept_op(p, "->") && !(s->returns = pyp_test(p))) return NULL;
  if (!parse_suite(p, &s->body, "after function signature", "function definition"))
    return NULL;
  return sdone(p, s);
}

/* classdef: 'class' NAME ['(' [arglist] ')'] ':' block */
static PyStmt *parse_class(Parser *p, PyStmt *s) {
  s->kind = PYS_CLASSDEF;
  advance(p);
  if (kind(p) != TK_NAME) return expected(p, "class name", "after 'class'");
  s->name = tok(p)->text;
  advance(p);
  if (at_op(p, "(")) {
    List bases = {0}, kws = {0};
    if (!pyp_args(p, &bases, &kws, "in class bases")) return NULL;
    if (kws.len)
      report(p, ((PyKeyword *)kws.data[0])->span,
             "keyword arguments in class bases are not supported");
    s->bases = (PyExpr **)bases.data;
    s->nbases = bases.len;
  }
  if (!parse_suite(p, &s->body, "after class header", "class definition")) return NULL;
  return sdone(p, s);
}

/* decorated: ('@' test NEWLINE)* (funcdef | classdef) */
static PyStmt *parse_decorated(Parser *p) {
  PyStmt *s = stmt(p, PYS_FUNCDEF, lo_of(p));
  List decos = {0};
  while (accept_op(p, "@")) {
    PyExpr *e = pyp_test(p);
    if (!e) return NULL;
    if (kind(p) != TK_NEWLINE) return expected(p, "NEWLINE", "after decorator");
    advance(p);
    push(p, &decos, e);
  }
  s->decorators = (PyExpr **)decos.data;
  s->ndecorators = decos.len;
  if (at_kw(p, "def")) return parse_def(p, s);
  if (at_kw(p, "class")) return parse_class(p, s);
  return expected(p, "'def' or 'class'", "after decorator");
}

/* stmt: compound_stmt | simple_stmts */
static void parse_stmt(Parser *p, List *out) {
  PyStmt *s = NULL;
  if (at_kw(p, "if"))
    s = parse_if(p);
  else if (at_kw(p, "for"))
    s = parse_for(p);
  else if (at_kw(p, "while"))
    s = parse_while(p);
  else if (at_kw(p, "with"))
    s = parse_with(p);
  else if (at_op(p, "@") || at_kw(p, "def") || at_kw(p, "class"))
    s = parse_decorated(p);
  else {
    parse_simple_stmts(p, out);
    return;
  }
  if (s) push(p, out, s);
}

/* ---- Entry points ----------------------------------------------------------- */

static void init(Parser *p, Arena *arena, const SourceFile *file, DiagCtx *diag,
                 bool expr_mode) {
  memset(p, 0, sizeof(*p));
  p->arena = arena;
  p->file = file;
  p->diag = diag;
  lexer_init(&p->lx, arena, file, diag, expr_mode);
}

static bool too_large(const SourceFile *file, DiagCtx *diag) {
  if (file->len < UINT32_MAX) return false;
  Span sp = {file, 0, 0};
  diag_error(diag, sp, "source file too large (4 GiB or more)");
  return true;
}

PyModule *py_parse_file(Arena *arena, const SourceFile *file, DiagCtx *diag) {
  PyModule *m = arena_alloc(arena, sizeof(PyModule));
  m->file = file;
  if (too_large(file, diag)) return m;
  Parser p;
  init(&p, arena, file, diag, false);
  parse_stmts(&p, &m->body, false);
  lexer_free(&p.lx);
  return m;
}

PyExpr *py_parse_expr(Arena *arena, const SourceFile *file, DiagCtx *diag) {
  if (too_large(file, diag)) return NULL;
  int32_t base = diag_errors(diag);
  Parser p;
  init(&p, arena, file, diag, true);
  while (kind(&p) == TK_NEWLINE) advance(&p);
  PyExpr *e = pyp_testlist(&p, ITEM_STAR_TEST);
  while (e && kind(&p) == TK_NEWLINE) advance(&p);
  if (e && kind(&p) != TK_EOF) expected(&p, "end of expression", "");
  lexer_free(&p.lx);
  return diag_errors(diag) > base ? NULL : e;
}
