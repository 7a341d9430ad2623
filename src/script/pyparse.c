/*
 * pyparse.c — the expression half of the recursive-descent parser for the
 * Python subset of TVMScript (statements are in pystmt.c).  Builds PyExpr
 * nodes from the tokens of lexer.c with Python's precedence; every node
 * spans its whole text.  On an error the parser reports once, enters panic
 * mode and returns NULL up to the statement loop, which resumes at the next
 * NEWLINE.  Syntactic nesting is capped at PY_MAX_DEPTH and the height of
 * every expression tree at MAX_HEIGHT, so neither the parser nor code that
 * walks the tree recursively can overflow the stack.
 */
#include "pyparse.h"

enum { MAX_HEIGHT = 5 * PY_MAX_DEPTH };

/* Expression nodes carry their tree height just behind the public part. */
typedef struct Box {
  PyExpr e;
  int32_t height;
} Box;

static PyExpr *parse_binary(Parser *p, int level);
static PyExpr *parse_factor(Parser *p);

/* ---- Expression nodes ------------------------------------------------------ */

static PyExpr *node(Parser *p, PyExprKind k, uint32_t lo) {
  Box *b = arena_alloc(p->arena, sizeof(Box));
  b->e.kind = k;
  b->e.span = span_from(p, lo);
  b->height = 1;
  return &b->e;
}

static int32_t height(const PyExpr *e) {
  return e ? ((const Box *)(const void *)e)->height : 0;
}
static int32_t max_height(int32_t h, PyExpr **v, int32_t n) {
  for (int32_t i = 0; i < n; i++)
    if (height(v[i]) > h) h = height(v[i]);
  return h;
}

/* Finish a node: extend its span to the last token, compute its height. */
static PyExpr *done(Parser *p, PyExpr *e) {
  e->span = span_from(p, e->span.lo);
  int32_t h = height(e->a);
  if (height(e->b) > h) h = height(e->b);
  if (height(e->c) > h) h = height(e->c);
  h = max_height(h, e->items, e->nitems);
  h = max_height(h, e->values, e->values ? e->nitems : 0);
  for (int32_t i = 0; i < e->nkws; i++)
    if (height(e->kws[i].value) > h) h = height(e->kws[i].value);
  ((Box *)(void *)e)->height = h + 1;
  if (h + 1 > MAX_HEIGHT)
    return fail_at(p, e->span, "expression nested too deeply (more than %d levels)",
                   MAX_HEIGHT);
  return e;
}

static void set_items(PyExpr *e, const List *l) {
  e->items = (PyExpr **)l->data;
  e->nitems = l->len;
}

static PyExpr *binary(Parser *p, PyExprKind k, const char *op, PyExpr *a, PyExpr *b,
                      uint32_t lo) {
  PyExpr *e = node(p, k, lo);
  e->op = op;
  e->a = a;
  e->b = b;
  return done(p, e);
}

static PyExpr *seq(Parser *p, PyExprKind k, const List *items, uint32_t lo, bool paren) {
  PyExpr *e = node(p, k, lo);
  set_items(e, items);
  e->parenthesized = paren;
  return done(p, e);
}

/* ---- Atoms ------------------------------------------------------------------ */

bool pyp_starts_expr(Parser *p) {
  Token *t = tok(p);
  switch (t->kind) {
  case TK_NAME: case TK_INT: case TK_FLOAT: case TK_STR: return true;
  case TK_KEYWORD:
    return at_kw(p, "not") || at_kw(p, "lambda") || at_kw(p, "True") ||
           at_kw(p, "False") || at_kw(p, "None");
  case TK_OP:
    return (t->text[1] == 0 && strchr("([{-+~*", t->text[0])) || at_op(p, "...");
  default: return false;
  }
}

static PyExpr *parse_starred(Parser *p) {
  uint32_t lo = lo_of(p);
  advance(p); /* '*' */
  PyExpr *x = parse_binary(p, 0);
  if (!x) return NULL;
  PyExpr *e = node(p, PY_STARRED, lo);
  e->a = x;
  return done(p, e);
}

static PyExpr *parse_item(Parser *p, ListMode mode) {
  if (mode != ITEM_TEST && at_op(p, "*")) return parse_starred(p);
  return mode == ITEM_EXPR ? parse_binary(p, 0) : pyp_test(p);
}

static PyExpr *no_comprehension(Parser *p, PyExpr *e) {
  if (e && at_kw(p, "for")) return fail(p, "comprehensions are not supported");
  return e;
}

/* strings: STRING+ */
static PyExpr *parse_strings(Parser *p) {
  uint32_t lo = lo_of(p);
  if (peek(p, 1)->kind != TK_STR) { /* one literal: reuse its arena copy */
    Token t = *tok(p);
    advance(p);
    PyExpr *e = node(p, PY_STR, lo);
    e->str = t.str;
    e->str_len = t.str_len;
    return e;
  }
  StrBuf sb = {0};
  bool bytes = tok(p)->is_bytes, mixed = false;
  while (kind(p) == TK_STR) {
    mixed |= tok(p)->is_bytes != bytes;
    sb_putn(&sb, tok(p)->str, (size_t)tok(p)->str_len);
    advance(p);
  }
  PyExpr *e = node(p, PY_STR, lo);
  if (mixed) report(p, e->span, "cannot mix bytes and nonbytes literals");
  if (sb.len > (size_t)INT32_MAX) {
    sb_free(&sb);
    return fail_at(p, e->span, "string literal too long");
  }
  e->str = arena_strndup(p->arena, sb.data ? sb.data : "", sb.len);
  e->str_len = (int32_t)sb.len;
  sb_free(&sb);
  return e;
}

/* '(' [testlist_comp] ')': (x) is x, (x,) and (a, b) are tuples */
static PyExpr *parse_paren(Parser *p) {
  uint32_t lo = lo_of(p);
  List items = {0};
  advance(p);
  if (accept_op(p, ")")) return seq(p, PY_TUPLE, &items, lo, true);
  PyExpr *first = no_comprehension(p, parse_item(p, ITEM_STAR_TEST));
  if (!first) return NULL;
  if (accept_op(p, ")")) {
    if (first->kind == PY_STARRED)
      report(p, first->span, "cannot use starred expression here");
    return first;
  }
  push(p, &items, first);
  while (accept_op(p, ",") && !at_op(p, ")")) {
    PyExpr *e = parse_item(p, ITEM_STAR_TEST);
    if (!e) return NULL;
    push(p, &items, e);
  }
  if (!accept_op(p, ")")) return expected(p, "',' or ')'", "in parentheses");
  return seq(p, PY_TUPLE, &items, lo, true);
}

/* '[' [testlist_comp] ']' */
static PyExpr *parse_list(Parser *p) {
  uint32_t lo = lo_of(p);
  List items = {0};
  advance(p);
  while (!at_op(p, "]")) {
    PyExpr *e = no_comprehension(p, parse_item(p, ITEM_STAR_TEST));
    if (!e) return NULL;
    push(p, &items, e);
    if (!accept_op(p, ",")) break;
  }
  if (!accept_op(p, "]")) return expected(p, "',' or ']'", "in list display");
  return seq(p, PY_LIST, &items, lo, false);
}

/* '{' [test ':' test (',' test ':' test)* [',']] '}' */
static PyExpr *parse_dict(Parser *p) {
  uint32_t lo = lo_of(p);
  List keys = {0}, vals = {0};
  advance(p);
  while (!at_op(p, "}")) {
    if (at_op(p, "**")) return fail(p, "'**' in dict displays is not supported");
    PyExpr *k = pyp_test(p);
    if (!k) return NULL;
    if (!accept_op(p, ":")) {
      if (at_op(p, ",") || at_op(p, "}"))
        return fail_at(p, k->span, "set displays are not supported");
      return expected(p, "':'", "after dict key");
    }
    PyExpr *v = no_comprehension(p, pyp_test(p));
    if (!v) return NULL;
    push(p, &keys, k);
    push(p, &vals, v);
    if (!accept_op(p, ",")) break;
  }
  if (!accept_op(p, "}")) return expected(p, "',' or '}'", "in dict display");
  PyExpr *e = node(p, PY_DICT, lo);
  set_items(e, &keys);
  e->values = (PyExpr **)vals.data;
  return done(p, e);
}

static PyExpr *leaf(Parser *p, PyExprKind k) {
  uint32_t lo = lo_of(p);
  Token t = *tok(p);
  advance(p);
  PyExpr *e = node(p, k, lo);
  e->name = k == PY_NAME || k == PY_ATTR ? t.text : NULL;
  e->ival = t.ival;
  e->int_overflow = t.overflow;
  e->fval = t.fval;
  return e;
}

/* atom: NAME | NUMBER | STRING+ | 'True' | 'False' | 'None'
 *     | '(' ... ')' | '[' ... ']' | '{' ... '}' */
static PyExpr *parse_atom(Parser *p) {
  switch (kind(p)) {
  case TK_NAME: return leaf(p, PY_NAME);
  case TK_INT: return leaf(p, PY_INT);
  case TK_FLOAT: return leaf(p, PY_FLOAT);
  case TK_STR: return parse_strings(p);
  case TK_KEYWORD:
    if (at_kw(p, "True")) return leaf(p, PY_TRUE);
    if (at_kw(p, "False")) return leaf(p, PY_FALSE);
    if (at_kw(p, "None")) return leaf(p, PY_NONE);
    break;
  case TK_OP:
    if (at_op(p, "(")) return parse_paren(p);
    if (at_op(p, "[")) return parse_list(p);
    if (at_op(p, "{")) return parse_dict(p);
    if (at_op(p, "...")) return fail(p, "'...' (Ellipsis) is not supported");
    break;
  default: break;
  }
  return expected(p, "expression", "");
}

/* ---- Trailers --------------------------------------------------------------- */

/* argument: test | NAME '=' test | '*' test */
static bool parse_arg(Parser *p, List *args, List *kws) {
  uint32_t lo = lo_of(p);
  if (kind(p) == TK_NAME && peek(p, 1)->kind == TK_OP && strcmp(peek(p, 1)->text, "=") == 0) {
    PyKeyword *k = arena_alloc(p->arena, sizeof(PyKeyword));
    k->name = tok(p)->text;
    advance(p);
    advance(p);
    if (!(k->value = pyp_test(p))) return false;
    k->span = span_from(p, lo);
    push(p, kws, k);
    return true;
  }
  if (at_op(p, "**")) return fail(p, "'**' arguments are not supported"), false;
  PyExpr *e = no_comprehension(p, parse_item(p, ITEM_STAR_TEST));
  if (!e) return false;
  if (kws->len && e->kind != PY_STARRED)
    report(p, e->span, "positional argument follows keyword argument");
  push(p, args, e);
  return true;
}

/* arglist: argument (',' argument)* [','] ; the '(' is current */
bool pyp_args(Parser *p, List *args, List *kws, const char *ctx) {
  advance(p);
  while (!at_op(p, ")")) {
    if (!parse_arg(p, args, kws)) return false;
    if (!accept_op(p, ",")) break;
  }
  if (accept_op(p, ")")) return true;
  return expected(p, "',' or ')'", ctx), false;
}

static PyExpr *parse_call(Parser *p, PyExpr *func, uint32_t lo) {
  List args = {0}, kws = {0};
  if (!pyp_args(p, &args, &kws, "in call arguments")) return NULL;
  PyExpr *e = node(p, PY_CALL, lo);
  e->a = func;
  set_items(e, &args);
  e->nkws = kws.len;
  if (kws.len) e->kws = arena_alloc(p->arena, sizeof(PyKeyword) * (size_t)kws.len);
  for (int32_t i = 0; i < kws.len; i++) e->kws[i] = *(PyKeyword *)kws.data[i];
  return done(p, e);
}

static bool at_slice_end(Parser *p) {
  return at_op(p, ",") || at_op(p, "]") || at_op(p, ":");
}

/* subscript: test | [test] ':' [test] [':' [test]] | '*' expr */
static PyExpr *parse_slice(Parser *p) {
  uint32_t lo = lo_of(p);
  if (at_op(p, "*")) return parse_starred(p);
  PyExpr *a = NULL, *b = NULL, *c = NULL;
  if (!at_op(p, ":") && (!(a = pyp_test(p)) || !at_op(p, ":"))) return a;
  advance(p);
  if (!at_slice_end(p) && !(b = pyp_test(p))) return NULL;
  if (accept_op(p, ":") && !at_slice_end(p) && !(c = pyp_test(p))) return NULL;
  PyExpr *e = node(p, PY_SLICE, lo);
  e->a = a, e->b = b, e->c = c;
  return done(p, e);
}

/* '[' subscript (',' subscript)* [','] ']' */
static PyExpr *parse_subscript(Parser *p, PyExpr *value, uint32_t lo) {
  List items = {0};
  bool comma = false;
  advance(p);
  uint32_t ilo = lo_of(p);
  if (at_op(p, "]")) return expected(p, "index", "in subscript");
  while (!at_op(p, "]")) {
    PyExpr *e = parse_slice(p);
    if (!e) return NULL;
    push(p, &items, e);
    if (!accept_op(p, ",")) break;
    comma = true;
  }
  if (!at_op(p, "]")) return expected(p, "',' or ']'", "in subscript");
  PyExpr *index = comma ? seq(p, PY_TUPLE, &items, ilo, false) : items.data[0];
  advance(p);
  if (!index) return NULL;
  PyExpr *e = node(p, PY_SUBSCRIPT, lo);
  e->a = value;
  e->b = index;
  return done(p, e);
}

/* primary: atom ('(' arglist ')' | '[' subscripts ']' | '.' NAME)* */
static PyExpr *parse_primary(Parser *p) {
  uint32_t lo = lo_of(p);
  PyExpr *e = parse_atom(p);
  while (e) {
    if (at_op(p, "(")) {
      e = parse_call(p, e, lo);
    } else if (at_op(p, "[")) {
      e = parse_subscript(p, e, lo);
    } else if (accept_op(p, ".")) {
      if (kind(p) != TK_NAME) return expected(p, "attribute name", "after '.'");
      PyExpr *value = e;
      e = leaf(p, PY_ATTR);
      e->span.lo = lo;
      e->a = value;
      e = done(p, e);
    } else {
      break;
    }
  }
  return e;
}

/* ---- Operators -------------------------------------------------------------- */

static PyExpr *unary(Parser *p, const char *op, uint32_t lo, PyExpr *(*operand)(Parser *)) {
  if (!enter(p)) return NULL;
  PyExpr *x = operand(p);
  p->depth--;
  if (!x) return NULL;
  PyExpr *e = node(p, PY_UNARY, lo);
  e->op = op;
  e->a = x;
  return done(p, e);
}

/* power: primary ['**' factor] */
static PyExpr *parse_power(Parser *p) {
  uint32_t lo = lo_of(p);
  PyExpr *e = parse_primary(p);
  if (!e || !accept_op(p, "**")) return e;
  if (!enter(p)) return NULL;
  PyExpr *rhs = parse_factor(p);
  p->depth--;
  return rhs ? binary(p, PY_BINARY, intern("**"), e, rhs, lo) : NULL;
}

/* factor: ('+' | '-' | '~') factor | power */
static PyExpr *parse_factor(Parser *p) {
  if (!at_op(p, "-") && !at_op(p, "+") && !at_op(p, "~")) return parse_power(p);
  uint32_t lo = lo_of(p);
  const char *op = tok(p)->text;
  advance(p);
  return unary(p, op, lo, parse_factor);
}

enum { NLEVELS = 6 };
static const char *binops[NLEVELS][6] = {
    {"|"}, {"^"}, {"&"}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "//", "%", "@"}};

static const char *at_binop(Parser *p, int level) {
  Token *t = tok(p);
  if (t->kind != TK_OP) return NULL;
  for (int i = 0; binops[level][i]; i++)
    if (strcmp(binops[level][i], t->text) == 0) return t->text;
  return NULL;
}

/* expr: xor_expr ('|' xor_expr)* ... term: factor (('*'|'/'|...) factor)* */
static PyExpr *parse_binary(Parser *p, int level) {
  if (level == NLEVELS) return parse_factor(p);
  uint32_t lo = lo_of(p);
  PyExpr *e = parse_binary(p, level + 1);
  const char *op;
  while (e && (op = at_binop(p, level))) {
    advance(p);
    PyExpr *rhs = parse_binary(p, level + 1);
    e = rhs ? binary(p, PY_BINARY, op, e, rhs, lo) : NULL;
  }
  return e;
}

/* comp_op: '<' | '>' | '==' | '>=' | '<=' | '!=' | 'in' | 'not' 'in' | 'is' ['not'] */
static const char *comp_op(Parser *p) {
  static const char *ops[] = {"<", ">", "==", ">=", "<=", "!=", NULL};
  for (int i = 0; ops[i]; i++)
    if (at_op(p, ops[i])) {
      const char *text = tok(p)->text;
      advance(p);
      return text;
    }
  if (accept_kw(p, "in")) return intern("in");
  if (at_kw(p, "not") && peek(p, 1)->kind == TK_KEYWORD && strcmp(peek(p, 1)->text, "in") == 0) {
    advance(p);
    advance(p);
    return intern("not in");
  }
  if (accept_kw(p, "is")) return intern(accept_kw(p, "not") ? "is not" : "is");
  return NULL;
}

/* comparison: expr (comp_op expr)*; a < b < c is (a < b) and (b < c) */
static PyExpr *parse_comparison(Parser *p) {
  uint32_t lo = lo_of(p), clo = lo;
  PyExpr *lhs = parse_binary(p, 0), *result = NULL;
  const char *op;
  while (lhs && (op = comp_op(p))) {
    PyExpr *rhs = parse_binary(p, 0);
    if (!rhs) return NULL;
    PyExpr *cmp = binary(p, PY_COMPARE, op, lhs, rhs, clo);
    if (cmp && result) cmp = binary(p, PY_BOOLOP, intern("and"), result, cmp, lo);
    if (!(result = cmp)) return NULL;
    lhs = rhs;
    clo = rhs->span.lo;
  }
  return result ? result : lhs;
}

/* not_test: 'not' not_test | comparison */
static PyExpr *parse_not(Parser *p) {
  if (!at_kw(p, "not")) return parse_comparison(p);
  uint32_t lo = lo_of(p);
  advance(p);
  return unary(p, intern("not"), lo, parse_not);
}

/* and_test: not_test ('and' not_test)*    or_test: and_test ('or' and_test)* */
static PyExpr *parse_boolop(Parser *p, bool is_or) {
  uint32_t lo = lo_of(p);
  const char *kw = is_or ? "or" : "and";
  PyExpr *e = is_or ? parse_boolop(p, false) : parse_not(p);
  while (e && accept_kw(p, kw)) {
    PyExpr *rhs = is_or ? parse_boolop(p, false) : parse_not(p);
    e = rhs ? binary(p, PY_BOOLOP, intern(kw), e, rhs, lo) : NULL;
  }
  return e;
}

/* lambdef: 'lambda' [NAME (',' NAME)* [',']] ':' test */
static PyExpr *parse_lambda(Parser *p) {
  uint32_t lo = lo_of(p);
  List params = {0};
  advance(p);
  while (!at_op(p, ":")) {
    if (kind(p) != TK_NAME) return expected(p, "parameter name", "in lambda");
    push(p, &params, leaf(p, PY_NAME));
    if (!accept_op(p, ",")) break;
  }
  if (!accept_op(p, ":")) return expected(p, "':'", "after lambda parameters");
  PyExpr *body = pyp_test(p);
  if (!body) return NULL;
  PyExpr *e = node(p, PY_LAMBDA, lo);
  e->a = body;
  set_items(e, &params);
  return done(p, e);
}

/* test: or_test ['if' or_test 'else' test] | lambdef */
PyExpr *pyp_test(Parser *p) {
  if (!enter(p)) return NULL;
  uint32_t lo = lo_of(p);
  PyExpr *e = at_kw(p, "lambda") ? parse_lambda(p) : parse_boolop(p, true);
  if (e && accept_kw(p, "if")) {
    PyExpr *cond = parse_boolop(p, true), *orelse = NULL;
    if (cond && !accept_kw(p, "else"))
      expected(p, "'else'", "in conditional expression");
    else if (cond && (orelse = pyp_test(p))) {
      PyExpr *body = e;
      e = node(p, PY_IFEXP, lo);
      e->a = body, e->b = cond, e->c = orelse;
      e = done(p, e);
    }
    if (!orelse) e = NULL;
  }
  p->depth--;
  return e;
}

/* testlist: item (',' item)* [','] -- a tuple if there is a comma */
PyExpr *pyp_testlist(Parser *p, ListMode mode) {
  uint32_t lo = lo_of(p);
  PyExpr *first = parse_item(p, mode);
  if (!first || !at_op(p, ",")) return first;
  List items = {0};
  push(p, &items, first);
  while (accept_op(p, ",") && pyp_starts_expr(p)) {
    PyExpr *e = parse_item(p, mode);
    if (!e) return NULL;
    push(p, &items, e);
  }
  return seq(p, PY_TUPLE, &items, lo, false);
}
