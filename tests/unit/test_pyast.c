/*
 * test_pyast.c — the Python tokenizer and parser (src/script/lexer.c,
 * pyparse.c, pystmt.c, pydump.c): trees are compared through py_dump_expr and
 * py_dump_module; errors through their first diagnostic `LINE:COL: msg`;
 * hostile inputs (deep nesting, garbage bytes, error floods) must come back
 * as diagnostics, never a crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "script/pyast.h"

/* Dump of py_parse_expr(src), or "ERR L:C: msg" for its first error. */
static char *expr_of(const char *src, size_t len) {
  Arena *a = arena_new();
  SourceFile *f = source_new("t.py", src, len);
  DiagCtx d;
  diag_init(&d);
  PyExpr *e = py_parse_expr(a, f, &d);
  StrBuf sb = {0};
  if (d.items.len) {
    int line, col;
    source_line_col(f, d.items.data[0].span.lo, &line, &col);
    sb_printf(&sb, "ERR %d:%d: %s", line, col, d.items.data[0].message);
  } else {
    py_dump_expr(e, &sb);
  }
  diag_free(&d);
  source_free(f);
  arena_free(a);
  return sb_take(&sb);
}

/* Module dump, then one "ERR L:C: msg" line per diagnostic. */
static char *module_n(const char *src, size_t len, int max_errors, int *nerr) {
  Arena *a = arena_new();
  SourceFile *f = source_new("t.py", src, len);
  DiagCtx d;
  diag_init(&d);
  if (max_errors) d.max_errors = max_errors;
  PyModule *m = py_parse_file(a, f, &d);
  StrBuf sb = {0};
  py_dump_module(m, &sb);
  for (int32_t i = 0; i < d.items.len; i++) {
    int line, col;
    source_line_col(f, d.items.data[i].span.lo, &line, &col);
    sb_printf(&sb, "ERR %d:%d: %s\n", line, col, d.items.data[i].message);
  }
  if (nerr) *nerr = diag_errors(&d);
  diag_free(&d);
  source_free(f);
  arena_free(a);
  char *r = sb_take(&sb);
  return r ? r : xstrdup("");
}
static char *module_of(const char *src) { return module_n(src, strlen(src), 0, NULL); }

#define EXPECT_EXPR(src, want)                                                \
  do {                                                                        \
    char *got_ = expr_of(src, strlen(src));                                   \
    CHECK_STREQ(got_, want);                                                  \
    free(got_);                                                               \
  } while (0)

#define EXPECT_MODULE(src, want)                                              \
  do {                                                                        \
    char *got_ = module_of(src);                                              \
    CHECK_STREQ(got_, want);                                                  \
    free(got_);                                                               \
  } while (0)

/* The module's output contains `want` (an error line, usually). */
#define EXPECT_MODULE_HAS(src, want)                                          \
  do {                                                                        \
    char *got_ = module_of(src);                                              \
    CHECK(strstr(got_, want) != NULL);                                        \
    if (!strstr(got_, want)) fprintf(stderr, "  got: %s\n", got_);            \
    free(got_);                                                               \
  } while (0)

TEST(precedence) {
  EXPECT_EXPR("a + b * c", "(+ a (* b c))");
  EXPECT_EXPR("(a + b) * c", "(* (+ a b) c)");
  EXPECT_EXPR("a - b - c", "(- (- a b) c)");
  EXPECT_EXPR("a ** b ** c", "(** a (** b c))");
  EXPECT_EXPR("-a ** b", "(- (** a b))");
  EXPECT_EXPR("2 ** -1", "(** 2 (- 1))");
  EXPECT_EXPR("~x + -y", "(+ (~ x) (- y))");
  EXPECT_EXPR("a | b ^ c & d << e + f", "(| a (^ b (& c (<< d (+ e f)))))");
  EXPECT_EXPR("a // b % c @ d / e", "(/ (@ (% (// a b) c) d) e)");
  EXPECT_EXPR("a >> 1 << 2", "(<< (>> a 1) 2)");
  EXPECT_EXPR("not a and b or c", "(or (and (not a) b) c)");
  EXPECT_EXPR("not not a", "(not (not a))");
  EXPECT_EXPR("a or b or c", "(or (or a b) c)");
  EXPECT_EXPR("x if c else y if d else z", "(ifexp x c (ifexp y d z))");
  EXPECT_EXPR("lambda a, b: a + b", "(lambda (a b) (+ a b))");
  EXPECT_EXPR("lambda: 0", "(lambda () 0)");
  EXPECT_EXPR("a + b == c", "(== (+ a b) c)");
}

TEST(comparisons) {
  EXPECT_EXPR("a < b", "(< a b)");
  EXPECT_EXPR("a < b < c", "(and (< a b) (< b c))");
  EXPECT_EXPR("a < b <= c != d", "(and (and (< a b) (<= b c)) (!= c d))");
  EXPECT_EXPR("a not in b", "(not in a b)");
  EXPECT_EXPR("a in b", "(in a b)");
  EXPECT_EXPR("a is not None", "(is not a None)");
  EXPECT_EXPR("a is b", "(is a b)");
  EXPECT_EXPR("a >= b and c > d", "(and (>= a b) (> c d))");
}

TEST(primaries) {
  EXPECT_EXPR("T.prim_func", "T.prim_func");
  EXPECT_EXPR("R.function(pure=False)", "(call R.function pure=False)");
  EXPECT_EXPR("f(a, b=1, *c,)", "(call f a (star c) b=1)");
  EXPECT_EXPR("f()", "(call f)");
  EXPECT_EXPR("f(x)(y)[0].z", "(sub (call (call f x) y) 0).z");
  EXPECT_EXPR("T.Buffer((128, 128), \"float32\")",
              "(call T.Buffer (tuple 128 128) \"float32\")");
  EXPECT_EXPR("(a + b).c", "(+ a b).c");
}

TEST(subscripts) {
  EXPECT_EXPR("A[i]", "(sub A i)");
  EXPECT_EXPR("A[i, j]", "(sub A (tuple i j))");
  EXPECT_EXPR("A[i,]", "(sub A (tuple i))");
  EXPECT_EXPR("A[0:4, :]", "(sub A (tuple (slice 0 4 _) (slice _ _ _)))");
  EXPECT_EXPR("A[::2]", "(sub A (slice _ _ 2))");
  EXPECT_EXPR("A[1::]", "(sub A (slice 1 _ _))");
  EXPECT_EXPR("A[:n - 1]", "(sub A (slice _ (- n 1) _))");
  EXPECT_EXPR("A[i][j]", "(sub (sub A i) j)");
  EXPECT_EXPR("A[*idx]", "(sub A (star idx))");
}

TEST(displays) {
  EXPECT_EXPR("(x)", "x");
  EXPECT_EXPR("((x))", "x");
  EXPECT_EXPR("(x,)", "(tuple x)");
  EXPECT_EXPR("()", "(tuple)");
  EXPECT_EXPR("a, b", "(tuple a b)");
  EXPECT_EXPR("a, b,", "(tuple a b)");
  EXPECT_EXPR("(a, *b)", "(tuple a (star b))");
  EXPECT_EXPR("[1, 2,]", "(list 1 2)");
  EXPECT_EXPR("[]", "(list)");
  EXPECT_EXPR("{}", "(dict)");
  EXPECT_EXPR("{'a': 1, b: [2]}", "(dict \"a\":1 b:(list 2))");
  EXPECT_EXPR("True, False, None", "(tuple True False None)");
}

TEST(numbers) {
  EXPECT_EXPR("0", "0");
  EXPECT_EXPR("00", "0");
  EXPECT_EXPR("1_000_000", "1000000");
  EXPECT_EXPR("0x_ff", "255");
  EXPECT_EXPR("0XFF", "255");
  EXPECT_EXPR("0o17", "15");
  EXPECT_EXPR("0b1010", "10");
  EXPECT_EXPR("9223372036854775807", "9223372036854775807");
  EXPECT_EXPR("9223372036854775808", "<int overflow>");
  EXPECT_EXPR("123456789012345678901234567890", "<int overflow>");
  EXPECT_EXPR("0xffffffffffffffffff", "<int overflow>");
  EXPECT_EXPR("1.5", "1.5");
  EXPECT_EXPR("1e-5", "1e-05");
  EXPECT_EXPR("1E3", "1000.0");
  EXPECT_EXPR(".5", "0.5");
  EXPECT_EXPR("5.", "5.0");
  EXPECT_EXPR("1_0.2_5e+1_0", "102500000000.0");
  EXPECT_EXPR("0.1", "0.1");
  EXPECT_EXPR("1e999", "inf");
  EXPECT_EXPR("-1", "(- 1)");
}

TEST(strings) {
  EXPECT_EXPR("'a' \"b\"", "\"ab\"");
  EXPECT_EXPR("'a'\n", "\"a\"");
  EXPECT_EXPR("'\\n\\t\\x41\\u00e9\\\\\\'\\\"'", "\"\\n\\tA\\xc3\\xa9\\\\'\\\"\"");
  EXPECT_EXPR("'\\0\\101\\q'", "\"\\x00A\\\\q\"");
  EXPECT_EXPR("r'\\n\\''", "\"\\\\n\\\\'\"");
  EXPECT_EXPR("b'x\\0\\xff'", "\"x\\x00\\xff\"");
  EXPECT_EXPR("'''a\n'b'\"\"'''", "\"a\\n'b'\\\"\\\"\"");
  EXPECT_EXPR("\"\"\"x\"\"\"", "\"x\"");
  EXPECT_EXPR("''", "\"\"");
  EXPECT_EXPR("'a\\\nb'", "\"ab\"");
  EXPECT_EXPR("u'\\U0001F600'", "\"\\xf0\\x9f\\x98\\x80\"");
  EXPECT_EXPR("'caf\xc3\xa9'", "\"caf\\xc3\\xa9\"");
  char *got = expr_of("'a\0b'", 5);
  CHECK_STREQ(got, "\"a\\x00b\"");
  free(got);
}

TEST(spans) {
  const char *src = "  foo(a, b).x[1:2]  ";
  Arena *a = arena_new();
  SourceFile *f = source_new("t.py", src, strlen(src));
  DiagCtx d;
  diag_init(&d);
  PyExpr *e = py_parse_expr(a, f, &d);
  CHECK(e && e->kind == PY_SUBSCRIPT);
  if (e && e->kind == PY_SUBSCRIPT) {
    CHECK(e->span.lo == 2 && e->span.hi == 18);
    CHECK(e->a->kind == PY_ATTR && e->a->span.lo == 2 && e->a->span.hi == 13);
    const PyExpr *call = e->a->a;
    CHECK(call->kind == PY_CALL && call->span.lo == 2 && call->span.hi == 11);
    CHECK(call->items[1]->span.lo == 9 && call->items[1]->span.hi == 10);
    CHECK(e->b->kind == PY_SLICE && e->b->span.lo == 14 && e->b->span.hi == 17);
  }
  diag_free(&d);
  source_free(f);
  arena_free(a);

  src = "x = (a + b) * c\nif y:\n    pass\n";
  a = arena_new();
  f = source_new("t.py", src, strlen(src));
  diag_init(&d);
  PyModule *m = py_parse_file(a, f, &d);
  CHECK(diag_errors(&d) == 0 && m->body.len == 2);
  if (m->body.len == 2) {
    PyStmt *s = m->body.stmts[0];
    CHECK(s->span.lo == 0 && s->span.hi == 15);
    CHECK(s->value->span.lo == 4 && s->value->span.hi == 15);
    CHECK(m->body.stmts[1]->span.lo == 16 && m->body.stmts[1]->span.hi == 30);
  }
  diag_free(&d);
  source_free(f);
  arena_free(a);
}

TEST(statements) {
  EXPECT_MODULE("x = 1\n"
                "a, b = f(x)\n"
                "(c, d) = 1, 2\n"
                "[e, *g] = h\n"
                "y: T.int32 = 3\n"
                "z: T.int32\n"
                "x += 1\n"
                "x //= 2\n"
                "A[i].v **= 2\n"
                "a = b = c\n"
                "f(x)\n"
                "assert x > 0, \"msg\"\n"
                "pass; break; continue\n"
                "return\n"
                "return a, b\n",
                "assign x = 1\n"
                "assign (tuple a b) = (call f x)\n"
                "assign (tuple c d) = (tuple 1 2)\n"
                "assign (list e (star g)) = h\n"
                "annassign y : T.int32 = 3\n"
                "annassign z : T.int32\n"
                "augassign x += 1\n"
                "augassign x //= 2\n"
                "augassign (sub A i).v **= 2\n"
                "assign a = c\n"
                "expr (call f x)\n"
                "assert (> x 0), \"msg\"\n"
                "pass\nbreak\ncontinue\n"
                "return\n"
                "return (tuple a b)\n");
  EXPECT_MODULE("import tvm\n"
                "import numpy as np, os.path\n"
                "from tvm.script import tir as T, relax as R\n"
                "from . import (a, b as c,)\n"
                "from ..x import *\n",
                "import\nimport\nimport\nimport\nimport\n");
}

TEST(compound) {
  EXPECT_MODULE("def f(a: T.int32, b=1, c: int = 2) -> T.int32:\n"
                "    x = a + b\n"
                "    if x > 0:\n"
                "        return x\n"
                "    elif x < 0:\n"
                "        return -x\n"
                "    else:\n"
                "        pass\n"
                "    for i, j in T.grid(4, 4):\n"
                "        A[i, j] = 0.0\n"
                "    while True:\n"
                "        break\n"
                "    with T.block(\"b\") as blk:\n"
                "        T.evaluate(0)\n"
                "    with T.init():\n"
                "        pass\n",
                "def f(a: T.int32, b = 1, c: int = 2) -> T.int32:\n"
                "  assign x = (+ a b)\n"
                "  if (> x 0):\n"
                "    return x\n"
                "  else:\n"
                "    if (< x 0):\n"
                "      return (- x)\n"
                "    else:\n"
                "      pass\n"
                "  for (tuple i j) in (call T.grid 4 4):\n"
                "    assign (sub A (tuple i j)) = 0.0\n"
                "  while True:\n"
                "    break\n"
                "  with (call T.block \"b\") as blk:\n"
                "    expr (call T.evaluate 0)\n"
                "  with (call T.init):\n"
                "    pass\n");
  EXPECT_MODULE("if x: pass\n"
                "else: y = 1; z = 2\n"
                "for i in range(3): f(i)\n"
                "class A(B, C): pass\n"
                "class D:\n"
                "  x = 1\n",
                "if x:\n  pass\nelse:\n  assign y = 1\n  assign z = 2\n"
                "for i in (call range 3):\n  expr (call f i)\n"
                "class A(B, C):\n  pass\n"
                "class D:\n  assign x = 1\n");
}

TEST(decorators) {
  EXPECT_MODULE("@I.ir_module\n"
                "class Module:\n"
                "    @T.prim_func\n"
                "    def main(A: T.Buffer((128,), \"float32\")):\n"
                "        T.func_attr({\"global_symbol\": \"main\"})\n"
                "\n"
                "    # a comment between functions\n"
                "    @R.function(pure=False)\n"
                "    @other\n"
                "    def g(x: R.Tensor((2, 3), dtype=\"float32\")) -> R.Tensor:\n"
                "        return x\n",
                "@I.ir_module\n"
                "class Module:\n"
                "  @T.prim_func\n"
                "  def main(A: (call T.Buffer (tuple 128) \"float32\")):\n"
                "    expr (call T.func_attr (dict \"global_symbol\":\"main\"))\n"
                "  @(call R.function pure=False)\n"
                "  @other\n"
                "  def g(x: (call R.Tensor (tuple 2 3) dtype=\"float32\")) -> R.Tensor:\n"
                "    return x\n");
}

TEST(layout) {
  /* comments, blank lines, implicit and explicit line joining */
  EXPECT_MODULE("# header\n\n"
                "x = f(1,   # one\n"
                "      2)\n"
                "y = 1 + \\\n"
                "    2\n"
                "   \n"
                "  # indented comment\n"
                "z = [\n"
                "1,\n"
                "]",
                "assign x = (call f 1 2)\n"
                "assign y = (+ 1 2)\n"
                "assign z = (list 1)\n");
  /* a tab is 8 columns, but as in Python 3 the levels must also agree when a
   * tab counts as 1 column: mixing "\t" and 8 spaces is a TabError */
  EXPECT_MODULE("if a:\n\tx = 1\n\ty = 2\n",
                "if a:\n  assign x = 1\n  assign y = 2\n");
  EXPECT_MODULE("if a:\n\tx = 1\n        y = 2\n  \tz = 3\n",
                "if a:\n  assign x = 1\n  assign y = 2\n  assign z = 3\n"
                "ERR 3:9: inconsistent use of tabs and spaces in indentation\n"
                "ERR 4:4: inconsistent use of tabs and spaces in indentation\n");
  EXPECT_MODULE("if a:\r\n  b\r\n", "if a:\n  expr b\n");
  EXPECT_MODULE("if a:\n  if b:\n    c\nd\n", "if a:\n  if b:\n    expr c\nexpr d\n");
  EXPECT_MODULE("", "");
  EXPECT_MODULE("\n\n  \n# only comments", "");
  EXPECT_MODULE("x", "expr x\n");
}

TEST(expr_entry) {
  EXPECT_EXPR("  a + b  \n\n", "(+ a b)");
  EXPECT_EXPR("a b", "ERR 1:3: expected end of expression, found name 'b'");
  EXPECT_EXPR("", "ERR 1:1: expected expression, found end of file");
  EXPECT_EXPR("a\nb", "ERR 2:1: expected end of expression, found name 'b'");
  EXPECT_EXPR("(a +\n b)", "(+ a b)");
}

TEST(lexer_errors) {
  EXPECT_EXPR("'abc", "ERR 1:1: unterminated string literal");
  EXPECT_EXPR("'''abc", "ERR 1:1: unterminated triple-quoted string literal");
  EXPECT_EXPR("f'x'", "ERR 1:1: f-strings are not supported");
  EXPECT_EXPR("'\\x4'", "ERR 1:2: truncated \\x escape: expected 2 hex digits");
  EXPECT_EXPR("'\\N{DASH}'", "ERR 1:2: \\N{...} escapes are not supported");
  EXPECT_EXPR("caf\xc3\xa9",
              "ERR 1:1: non-ASCII character in identifier (only ASCII identifiers are supported)");
  EXPECT_EXPR("\xff", "ERR 1:1: non-ASCII character outside a string or comment "
                      "(only ASCII identifiers are supported)");
  EXPECT_EXPR("a $ b", "ERR 1:3: invalid character '$'");
  EXPECT_EXPR("(x := 1)", "ERR 1:4: ':=' (assignment expression) is not supported");
  EXPECT_EXPR("012", "ERR 1:1: leading zeros in decimal integer literals are not "
                     "permitted; use an 0o prefix for octal integers");
  EXPECT_EXPR("1__0", "ERR 1:1: invalid decimal literal");
  EXPECT_EXPR("1_", "ERR 1:1: invalid decimal literal");
  EXPECT_EXPR("0x", "ERR 1:1: invalid hexadecimal literal");
  EXPECT_EXPR("0b102", "ERR 1:1: invalid binary literal");
  EXPECT_EXPR("1abc", "ERR 1:1: invalid decimal literal");
  EXPECT_EXPR("1e", "ERR 1:1: invalid decimal literal");
  EXPECT_EXPR("2j", "ERR 1:1: imaginary literals are not supported");
  EXPECT_EXPR("a)", "ERR 1:2: unmatched ')'");
  EXPECT_EXPR("(a]", "ERR 1:3: closing parenthesis ']' does not match opening parenthesis '('");
  EXPECT_EXPR("f(a, b", "ERR 1:2: '(' was never closed");
  EXPECT_EXPR("a \\ b", "ERR 1:3: unexpected character after line continuation character");
  EXPECT_EXPR("b'\xc3'", "ERR 1:3: bytes can only contain ASCII literal characters");
  EXPECT_EXPR("b'a' 'b'", "ERR 1:1: cannot mix bytes and nonbytes literals");
  char *got = expr_of("a\0b", 3);
  CHECK_STREQ(got, "ERR 1:2: invalid byte 0x00 in source");
  free(got);
}

TEST(syntax_errors) {
  EXPECT_MODULE_HAS("for x in y\n    pass\n",
                    "ERR 1:11: expected ':' after for-loop header, found NEWLINE");
  EXPECT_MODULE_HAS("x = 'abc\n", "ERR 1:5: unterminated string literal");
  EXPECT_MODULE_HAS("if x:\n    a\n  b\n",
                    "ERR 3:3: unindent does not match any outer indentation level");
  EXPECT_MODULE_HAS("x = 1 +\n", "ERR 1:8: expected expression, found NEWLINE");
  EXPECT_MODULE_HAS("  x = 1\n", "ERR 1:3: unexpected indent");
  EXPECT_MODULE_HAS("if x:\ny = 1\n",
                    "ERR 2:1: expected an indented block after 'if' statement, found name 'y'");
  EXPECT_MODULE_HAS("x y\n", "ERR 1:3: expected NEWLINE or ';' after statement, found name 'y'");
  EXPECT_MODULE_HAS("1 = x\n", "ERR 1:1: cannot assign to literal");
  EXPECT_MODULE_HAS("f() = x\n", "ERR 1:1: cannot assign to function call");
  EXPECT_MODULE_HAS("a, b += 1\n",
                    "ERR 1:1: only a single target (not a tuple) can be annotated or augmented");
  EXPECT_MODULE_HAS("def f(a=1, b): pass\n",
                    "ERR 1:12: non-default argument follows default argument");
  EXPECT_MODULE_HAS("def f(*args): pass\n", "ERR 1:7: '*' in parameter lists is not supported");
  EXPECT_MODULE_HAS("f(a=1, b)\n", "ERR 1:8: positional argument follows keyword argument");
  EXPECT_MODULE_HAS("x = [i for i in y]\n", "ERR 1:8: comprehensions are not supported");
  EXPECT_MODULE_HAS("x = {1, 2}\n", "ERR 1:6: set displays are not supported");
  EXPECT_MODULE_HAS("try:\n  pass\n", "ERR 1:1: 'try' is not supported");
  EXPECT_MODULE_HAS("@dec\nx = 1\n",
                    "ERR 2:1: expected 'def' or 'class' after decorator, found name 'x'");
  EXPECT_MODULE_HAS("x = a if b\n",
                    "ERR 1:11: expected 'else' in conditional expression, found NEWLINE");
  EXPECT_MODULE_HAS("f(a b)\n", "ERR 1:5: expected ',' or ')' in call arguments, found name 'b'");
  EXPECT_MODULE_HAS("x = A[]\n", "ERR 1:7: expected index in subscript, found ']'");
  EXPECT_MODULE_HAS("x = a.1\n", "ERR 1:6: expected NEWLINE or ';' after statement, found number");
  EXPECT_MODULE_HAS("x = a.\n", "ERR 1:7: expected attribute name after '.', found NEWLINE");
  EXPECT_MODULE_HAS("while x:\n  pass\nelse:\n  pass\n", "ERR 3:1: 'while ... else' is not supported");
  EXPECT_MODULE_HAS("with a, b:\n  pass\n",
                    "ERR 1:7: only one item per 'with' statement is supported");
  EXPECT_MODULE_HAS("x = ...\n", "ERR 1:5: '...' (Ellipsis) is not supported");
}

TEST(recovery) {
  /* each broken line gives one error; good lines around it survive */
  EXPECT_MODULE("x = = 1\n"
                "y = 2\n"
                "z = )\n"
                "w = 3\n",
                "assign y = 2\n"
                "assign w = 3\n"
                "ERR 1:5: expected expression, found '='\n"
                "ERR 3:5: unmatched ')'\n");
  /* a broken header drops its block silently */
  EXPECT_MODULE("for i in x\n"
                "    a = 1\n"
                "    if q:\n"
                "        b\n"
                "c = 2\n",
                "assign c = 2\n"
                "ERR 1:11: expected ':' after for-loop header, found NEWLINE\n");
  /* errors inside a block do not lose the block */
  EXPECT_MODULE("def f():\n"
                "    a = 1 +\n"
                "    b = 2\n"
                "def g():\n"
                "    x = 'oops\n"
                "    y = 1\n",
                "def f():\n"
                "  assign b = 2\n"
                "def g():\n"
                "  assign y = 1\n"
                "ERR 2:12: expected expression, found NEWLINE\n"
                "ERR 5:9: unterminated string literal\n");
  /* an unclosed bracket swallows the rest of the file, as in Python */
  EXPECT_MODULE("a = (1 +\n"
                "b = 2\n",
                "ERR 2:3: expected ',' or ')' in parentheses, found '='\n"
                "ERR 1:5: '(' was never closed\n");
  EXPECT_MODULE("if a:\n    x\n  y\nz\n",
                "if a:\n  expr x\nexpr y\nexpr z\n"
                "ERR 3:3: unindent does not match any outer indentation level\n");
}

TEST(error_cap) {
  StrBuf sb = {0};
  for (int i = 0; i < 2000; i++) sb_puts(&sb, "x = = 1\n");
  int nerr = 0;
  char *got = module_n(sb.data, sb.len, 0, &nerr);
  CHECK(nerr == 50);
  free(got);
  got = module_n(sb.data, sb.len, 3, &nerr);
  CHECK(nerr == 3);
  free(got);
  sb_free(&sb);
  for (int i = 0; i < 5000; i++) sb_puts(&sb, "$ ");
  got = module_n(sb.data, sb.len, 0, &nerr);
  CHECK(nerr == 50);
  free(got);
  sb_free(&sb);
}

/* Parse `len` bytes from `s` as a module; it must finish with errors. */
static int errors_of(const char *s, size_t len, const char *want) {
  int nerr = 0;
  char *got = module_n(s, len, 0, &nerr);
  if (want && !strstr(got, want)) {
    fprintf(stderr, "  missing '%s' in: %.300s\n", want, got);
    nerr = -1;
  }
  free(got);
  return nerr;
}

static char *repeat(const char *pre, const char *unit, int n, const char *post) {
  StrBuf sb = {0};
  sb_puts(&sb, pre);
  for (int i = 0; i < n; i++) sb_puts(&sb, unit);
  sb_puts(&sb, post);
  return sb_take(&sb);
}

TEST(deep_nesting) {
  static const char *units[] = {"(", "[", "{", "-", "not ", "f(", "a[", "lambda: ",
                                "a if b else ", "x**"};
  for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
    char *s = repeat("x = ", units[i], 100000, "1\n");
    CHECK(errors_of(s, strlen(s), "nested too deeply") > 0);
    free(s);
  }
  char *s = repeat("x = ", "(", 150, "1");
  char *t = repeat(s, ")", 150, "\n");
  CHECK(errors_of(t, strlen(t), NULL) == 0);
  free(s);
  free(t);
  /* long flat chains are fine for the parser but too tall as trees */
  s = repeat("x = 1", " + 1", 100000, "\n");
  CHECK(errors_of(s, strlen(s), "nested too deeply") > 0);
  free(s);
  s = repeat("x = a", ".b", 100000, "\n");
  CHECK(errors_of(s, strlen(s), "nested too deeply") > 0);
  free(s);
  s = repeat("x = 1", " + 1", 500, "\n");
  CHECK(errors_of(s, strlen(s), NULL) == 0);
  free(s);
  s = repeat("x = ", "'a' ", 100000, "\n");
  CHECK(errors_of(s, strlen(s), NULL) == 0);
  free(s);
}

TEST(deep_blocks) {
  StrBuf sb = {0};
  for (int i = 0; i < 3000; i++) {
    sb_indent(&sb, i);
    sb_puts(&sb, "if x:\n");
  }
  sb_indent(&sb, 3000);
  sb_puts(&sb, "pass\ny = 1\n");
  CHECK(errors_of(sb.data, sb.len, "too many nested blocks") == 1);
  sb_free(&sb);
  for (int i = 0; i < 100; i++) {
    sb_indent(&sb, i);
    sb_puts(&sb, "if x:\n");
  }
  sb_indent(&sb, 100);
  sb_puts(&sb, "pass\n");
  CHECK(errors_of(sb.data, sb.len, NULL) == 0);
  sb_free(&sb);
  char *s = repeat("if a:\n  pass\n", "elif b:\n  pass\n", 100000, "else:\n  pass\n");
  CHECK(errors_of(s, strlen(s), "too many 'elif' branches") == 1);
  free(s);
  s = repeat("", "if x: ", 100000, "pass\n");
  CHECK(errors_of(s, strlen(s), NULL) > 0);
  free(s);
  s = repeat("", "@d\n", 100000, "def f(): pass\n");
  CHECK(errors_of(s, strlen(s), NULL) == 0);
  free(s);
}

TEST(garbage) {
  /* deterministic pseudo-random bytes and token soups: never a crash */
  static const char *soup[] = {"(", ")", "[", "]", "{", "}", ":", "\n", "  ", "\t", "if ",
                               "else", "def ", "x", "=", ",", "'", "\"\"\"", "\\", "#",
                               "1", "0x", ".", "@", "*", "**", "lambda", "\0", "\xff",
                               "class ", "for ", " in ", "return", ";", "\r"};
  uint64_t rng = 12345;
  for (int iter = 0; iter < 400; iter++) {
    char buf[512];
    size_t n = 0;
    for (; n < sizeof(buf) - 8;) {
      rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
      if (iter % 2) {
        buf[n++] = (char)(rng >> 56);
      } else {
        const char *u = soup[(rng >> 33) % (sizeof(soup) / sizeof(soup[0]))];
        size_t k = *u ? strlen(u) : 1;
        memcpy(buf + n, u, k);
        n += k;
      }
    }
    CHECK(errors_of(buf, n, NULL) >= 0);
    char *e = expr_of(buf, n);
    free(e);
  }
}

int main(void) {
  RUN(precedence);
  RUN(comparisons);
  RUN(primaries);
  RUN(subscripts);
  RUN(displays);
  RUN(numbers);
  RUN(strings);
  RUN(spans);
  RUN(statements);
  RUN(compound);
  RUN(decorators);
  RUN(layout);
  RUN(expr_entry);
  RUN(lexer_errors);
  RUN(syntax_errors);
  RUN(recovery);
  RUN(error_cap);
  RUN(deep_nesting);
  RUN(deep_blocks);
  RUN(garbage);
  return harness_report();
}
