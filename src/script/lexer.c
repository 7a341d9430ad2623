/*
 * lexer.c — a Python tokenizer for TVMScript.  Produces one token per call:
 * INDENT/DEDENT from indentation (tabs advance to the next multiple of 8),
 * NEWLINE at the end of logical lines (none inside brackets or after a
 * backslash continuation), names, keywords, numbers, strings with escapes
 * decoded, and operators.  Comments and blank lines vanish.  Any byte string
 * is accepted: problems are reported once and come back as TK_ERROR.
 */
#include "lexer.h"

#include <stdlib.h>
#include <string.h>

static const char *keywords[] = {
    "False", "None",   "True",    "and",      "as",       "assert", "async",
    "await", "break",  "class",   "continue", "def",      "del",    "elif",
    "else",  "except", "finally", "for",      "from",     "global", "if",
    "import", "in",    "is",      "lambda",   "nonlocal", "not",    "or",
    "pass",  "raise",  "return",  "try",      "while",    "with",   "yield",
    NULL};

static const char *ops3[] = {"**=", "//=", ">>=", "<<=", "...", NULL};
static const char *ops2[] = {"**", "//", "<<", ">>", "<=", ">=", "==",
                             "!=", "->", "+=", "-=", "*=", "/=", "%=",
                             "&=", "|=", "^=", "@=", ":=", NULL};
static const char ops1[] = "+-*/%@&|^~<>()[]{},:.;=";

void lexer_init(Lexer *lx, Arena *arena, const SourceFile *file, DiagCtx *diag,
                bool expr_mode) {
  memset(lx, 0, sizeof(*lx));
  lx->arena = arena;
  lx->file = file;
  lx->diag = diag;
  lx->src = file->text;
  lx->len = file->len;
  lx->at_line_start = true;
  lx->expr_mode = expr_mode;
  lx->err_base = diag_errors(diag);
  VEC_PUSH(lx->indents, 0);
  VEC_PUSH(lx->altindents, 0);
}

void lexer_free(Lexer *lx) {
  VEC_FREE(lx->indents);
  VEC_FREE(lx->altindents);
  VEC_FREE(lx->brackets);
}

bool lexer_error_cap(const Lexer *lx) {
  int32_t lim = lx->diag->max_errors > 0 ? lx->diag->max_errors : 1;
  return diag_errors(lx->diag) - lx->err_base >= lim;
}

static Span span_at(const Lexer *lx, size_t lo, size_t hi) {
  Span s = {lx->file, (uint32_t)lo, (uint32_t)hi};
  return s;
}

static void error(Lexer *lx, size_t lo, size_t hi, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void error(Lexer *lx, size_t lo, size_t hi, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_vadd(lx->diag, DIAG_ERROR, span_at(lx, lo, hi), fmt, ap);
  va_end(ap);
}

static void make(Lexer *lx, Token *t, TokKind k, size_t lo) {
  t->kind = k;
  t->span = span_at(lx, lo, lx->pos);
  if (k != TK_NEWLINE && k != TK_INDENT && k != TK_DEDENT && k != TK_EOF)
    lx->line_has_tokens = true;
}

static bool is_ident_start(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static bool is_ident(int c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }
static int peekc(const Lexer *lx, size_t k) {
  return lx->pos + k < lx->len ? (unsigned char)lx->src[lx->pos + k] : -1;
}

/* ---- Indentation ----------------------------------------------------------- */

/* Skip blank and comment-only lines; return the column of the next line
 * (and set lx->altcol, its column with tabs counted as one). */
static int32_t skip_blank_lines(Lexer *lx) {
  for (;;) {
    int32_t col = 0, alt = 0;
    size_t p = lx->pos;
    for (; p < lx->len; p++) {
      char c = lx->src[p];
      if (c == ' ')
        col++, alt++;
      else if (c == '\t')
        col = (col / 8 + 1) * 8, alt++;
      else if (c == '\f')
        col = alt = 0;
      else
        break;
      if (col > (1 << 24)) col = 1 << 24;
      if (alt > (1 << 24)) alt = 1 << 24;
    }
    lx->altcol = alt;
    if (p < lx->len && lx->src[p] == '#')
      while (p < lx->len && lx->src[p] != '\n' && lx->src[p] != '\r') p++;
    lx->pos = p;
    if (p >= lx->len) return col;
    if (lx->src[p] != '\n' && lx->src[p] != '\r') return col;
    lx->pos += (lx->src[p] == '\r' && peekc(lx, 1) == '\n') ? 2 : 1;
  }
}

/* At the start of a logical line: emit INDENT or DEDENT(s) if it changes. */
static bool indentation(Lexer *lx, Token *t) {
  int32_t col = skip_blank_lines(lx);
  lx->at_line_start = false;
  if (lx->expr_mode || lx->pos >= lx->len) return false;
  int32_t top = lx->indents.data[lx->indents.len - 1];
  int32_t alttop = lx->altindents.data[lx->altindents.len - 1];
  /* As CPython: the line must compare the same way with tabs as 8 columns
   * and as 1, else the nesting depends on the tab size. */
  static const char *tab_error = "inconsistent use of tabs and spaces in indentation";
  if (col > top) {
    if (lx->altcol <= alttop) error(lx, lx->pos, lx->pos + 1, "%s", tab_error);
    VEC_PUSH(lx->indents, col);
    VEC_PUSH(lx->altindents, lx->altcol);
    make(lx, t, TK_INDENT, lx->pos);
    return true;
  }
  if (col == top) {
    if (lx->altcol != alttop) error(lx, lx->pos, lx->pos + 1, "%s", tab_error);
    return false;
  }
  int32_t n = 0;
  while (lx->indents.len > 1 && lx->indents.data[lx->indents.len - 1] > col) {
    lx->indents.len--;
    lx->altindents.len--;
    n++;
  }
  if (lx->indents.data[lx->indents.len - 1] != col)
    error(lx, lx->pos, lx->pos + 1,
          "unindent does not match any outer indentation level");
  else if (lx->altindents.data[lx->altindents.len - 1] != lx->altcol)
    error(lx, lx->pos, lx->pos + 1, "%s", tab_error);
  lx->pending_dedents = n - 1;
  make(lx, t, TK_DEDENT, lx->pos);
  return true;
}

/* ---- Whitespace ------------------------------------------------------------ */

static size_t newline_len(const Lexer *lx) {
  int c = peekc(lx, 0);
  if (c == '\r') return peekc(lx, 1) == '\n' ? 2 : 1;
  return c == '\n' ? 1 : 0;
}

/* Skip spaces, comments, continuations and (inside brackets) newlines.
 * Returns false after reporting a bad backslash. */
static bool skip_space(Lexer *lx) {
  while (lx->pos < lx->len) {
    char c = lx->src[lx->pos];
    if (c == ' ' || c == '\t' || c == '\f') {
      lx->pos++;
    } else if (c == '#') {
      while (lx->pos < lx->len && lx->src[lx->pos] != '\n' &&
             lx->src[lx->pos] != '\r')
        lx->pos++;
    } else if (c == '\\') {
      lx->pos++;
      size_t nl = newline_len(lx);
      if (nl) {
        lx->pos += nl;
        continue;
      }
      if (lx->pos >= lx->len)
        error(lx, lx->pos - 1, lx->pos,
              "unexpected end of file after line continuation character");
      else
        error(lx, lx->pos - 1, lx->pos,
              "unexpected character after line continuation character");
      return false;
    } else if ((c == '\n' || c == '\r') && lx->brackets.len > 0) {
      lx->pos += newline_len(lx);
    } else {
      break;
    }
  }
  return true;
}

/* ---- Numbers --------------------------------------------------------------- */

static int digit_value(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 99;
}

/* digits: (['_'] digit)*; accumulates into *v (saturating, *ovf set).
 * Returns the number of digits, or -1 on a misplaced underscore. */
static int64_t digits(Lexer *lx, int base, uint64_t *v, bool *ovf) {
  int64_t n = 0;
  for (;;) {
    int c = peekc(lx, 0);
    if (c == '_' && (n > 0 || base != 10)) {
      if (digit_value(peekc(lx, 1)) >= base) return -1;
      lx->pos++;
      continue;
    }
    int d = digit_value(c);
    if (d >= base) return n;
    if (*v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
      *ovf = true;
    else
      *v = *v * (uint64_t)base + (uint64_t)d;
    lx->pos++;
    n++;
  }
}

static bool exponent_follows(const Lexer *lx) {
  int c = peekc(lx, 0), d = peekc(lx, 1);
  if (c != 'e' && c != 'E') return false;
  if (d == '+' || d == '-') d = peekc(lx, 2);
  return d >= '0' && d <= '9';
}

static void float_value(Lexer *lx, Token *t, size_t lo) {
  StrBuf sb = {0};
  for (size_t i = lo; i < lx->pos; i++)
    if (lx->src[i] != '_') sb_putc(&sb, lx->src[i]);
  t->fval = strtod(sb.data, NULL);
  sb_free(&sb);
}

/* Fraction and exponent of a decimal literal; returns false on bad '_'. */
static bool decimal_tail(Lexer *lx, bool *is_float) {
  uint64_t junk = 0;
  bool jovf = false;
  if (peekc(lx, 0) == '.') {
    *is_float = true;
    lx->pos++;
    if (digit_value(peekc(lx, 0)) < 10 && digits(lx, 10, &junk, &jovf) < 0)
      return false;
  }
  if (exponent_follows(lx)) {
    *is_float = true;
    lx->pos += (peekc(lx, 1) == '+' || peekc(lx, 1) == '-') ? 2 : 1;
    if (digits(lx, 10, &junk, &jovf) < 0) return false;
  }
  return true;
}

static void lex_number(Lexer *lx, Token *t) {
  size_t lo = lx->pos;
  uint64_t v = 0;
  bool ovf = false, is_float = false, ok = true;
  int base = 10, c1 = peekc(lx, 1);
  const char *what = "decimal";
  if (peekc(lx, 0) == '0' && c1 > 0 && strchr("xXoObB", c1)) {
    base = (c1 == 'x' || c1 == 'X') ? 16 : (c1 == 'o' || c1 == 'O') ? 8 : 2;
    what = base == 16 ? "hexadecimal" : base == 8 ? "octal" : "binary";
    lx->pos += 2;
    ok = digits(lx, base, &v, &ovf) > 0;
  } else {
    ok = digits(lx, 10, &v, &ovf) >= 0 && decimal_tail(lx, &is_float);
  }
  int c = peekc(lx, 0);
  if (ok && (c == 'j' || c == 'J')) {
    lx->pos++;
    error(lx, lo, lx->pos, "imaginary literals are not supported");
    make(lx, t, TK_ERROR, lo);
    return;
  }
  if (!ok || is_ident(c) || c >= 0x80) {
    if (base == 10 && is_float) what = "float"; /* 1.5e, 1.5x */
    while (lx->pos < lx->len && (is_ident(peekc(lx, 0)) || peekc(lx, 0) >= 0x80))
      lx->pos++;
    error(lx, lo, lx->pos, "invalid %s literal", what);
    make(lx, t, TK_ERROR, lo);
    return;
  }
  if (is_float) {
    float_value(lx, t, lo);
    make(lx, t, TK_FLOAT, lo);
    return;
  }
  if (base == 10 && lx->src[lo] == '0' && v != 0) {
    error(lx, lo, lx->pos, "leading zeros in decimal integer literals are not "
                           "permitted; use an 0o prefix for octal integers");
    make(lx, t, TK_ERROR, lo);
    return;
  }
  /* Past INT64_MAX, ival keeps the bit pattern of a value below 2^64 (so
   * -9223372036854775808 and uint64 literals can be read) and is INT64_MAX
   * for anything larger. */
  t->overflow = ovf || v > (uint64_t)INT64_MAX;
  t->ival = ovf ? INT64_MAX : (int64_t)v;
  make(lx, t, TK_INT, lo);
}

/* ---- Strings --------------------------------------------------------------- */

static void put_utf8(StrBuf *sb, uint32_t cp) {
  if (cp < 0x80) {
    sb_putc(sb, (char)cp);
  } else if (cp < 0x800) {
    sb_putc(sb, (char)(0xC0 | (cp >> 6)));
    sb_putc(sb, (char)(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    sb_putc(sb, (char)(0xE0 | (cp >> 12)));
    sb_putc(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
    sb_putc(sb, (char)(0x80 | (cp & 0x3F)));
  } else {
    sb_putc(sb, (char)(0xF0 | (cp >> 18)));
    sb_putc(sb, (char)(0x80 | ((cp >> 12) & 0x3F)));
    sb_putc(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
    sb_putc(sb, (char)(0x80 | (cp & 0x3F)));
  }
}

/* Exactly n hex digits into *cp; false if fewer are there. */
static bool hex_digits(Lexer *lx, int n, uint32_t *cp) {
  *cp = 0;
  for (int i = 0; i < n; i++) {
    int d = digit_value(peekc(lx, 0));
    if (d >= 16) return false;
    *cp = *cp * 16 + (uint32_t)d;
    lx->pos++;
  }
  return true;
}

static char simple_escape(int c) {
  switch (c) {
  case '\\': case '\'': case '"': return (char)c;
  case 'a': return '\a';
  case 'b': return '\b';
  case 'f': return '\f';
  case 'n': return '\n';
  case 'r': return '\r';
  case 't': return '\t';
  case 'v': return '\v';
  default: return 0;
  }
}

/* One escape after a backslash at lx->pos; false after reporting an error. */
static bool escape(Lexer *lx, StrBuf *sb, bool bytes) {
  size_t lo = lx->pos++;
  int c = peekc(lx, 0);
  if (c < 0) return true; /* the caller reports the unterminated string */
  lx->pos++;
  char simple = simple_escape(c);
  if (simple) {
    sb_putc(sb, simple);
    return true;
  }
  uint32_t cp = 0;
  if (c == '\n' || c == '\r') { /* backslash-newline joins lines */
    if (c == '\r' && peekc(lx, 0) == '\n') lx->pos++;
    return true;
  } else if (c >= '0' && c <= '7') {
    cp = (uint32_t)(c - '0');
    for (int i = 0; i < 2 && peekc(lx, 0) >= '0' && peekc(lx, 0) <= '7'; i++)
      cp = cp * 8 + (uint32_t)(lx->src[lx->pos++] - '0');
  } else if (c == 'x' || (!bytes && (c == 'u' || c == 'U'))) {
    int n = c == 'x' ? 2 : c == 'u' ? 4 : 8;
    if (!hex_digits(lx, n, &cp)) {
      error(lx, lo, lx->pos, "truncated \\%c escape: expected %d hex digits",
            c, n);
      return false;
    }
    if (cp > 0x10FFFF) {
      error(lx, lo, lx->pos, "\\U escape out of the Unicode range");
      return false;
    }
  } else if (c == 'N' && !bytes) {
    error(lx, lo, lx->pos, "\\N{...} escapes are not supported");
    return false;
  } else { /* unknown escapes keep their backslash, as in Python */
    sb_putc(sb, '\\');
    sb_putc(sb, (char)c);
    return true;
  }
  if (bytes)
    sb_putc(sb, (char)(cp & 0xFF));
  else
    put_utf8(sb, cp);
  return true;
}

/* The body of a string whose opening quote is at lx->pos. */
static void lex_string(Lexer *lx, Token *t, size_t lo, bool raw, bool bytes,
                       bool fstr) {
  char q = lx->src[lx->pos];
  bool triple = peekc(lx, 1) == q && peekc(lx, 2) == q, ok = true;
  lx->pos += triple ? 3 : 1;
  StrBuf sb = {0};
  for (;;) {
    int c = peekc(lx, 0);
    if (c < 0 || (!triple && (c == '\n' || c == '\r'))) {
      error(lx, lo, lx->pos, triple ? "unterminated triple-quoted string literal"
                                    : "unterminated string literal");
      sb_free(&sb);
      make(lx, t, TK_ERROR, lo);
      return;
    }
    if (c == q && (!triple || (peekc(lx, 1) == q && peekc(lx, 2) == q))) {
      lx->pos += triple ? 3 : 1;
      break;
    }
    if (c == '\\' && !raw) {
      ok &= escape(lx, &sb, bytes);
      continue;
    }
    if (c == '\\' && peekc(lx, 1) >= 0) { /* raw: keep both characters */
      sb_putc(&sb, '\\');
      lx->pos++;
      c = peekc(lx, 0);
    }
    if (bytes && c >= 0x80 && ok) {
      error(lx, lx->pos, lx->pos + 1,
            "bytes can only contain ASCII literal characters");
      ok = false;
    }
    sb_putc(&sb, (char)c);
    lx->pos++;
  }
  if (fstr) error(lx, lo, lx->pos, "f-strings are not supported");
  if (ok && sb.len > (size_t)INT32_MAX) error(lx, lo, lx->pos, "string literal too long");
  if (fstr || !ok || sb.len > (size_t)INT32_MAX) {
    sb_free(&sb);
    make(lx, t, TK_ERROR, lo);
    return;
  }
  t->str = arena_strndup(lx->arena, sb.data ? sb.data : "", sb.len);
  t->str_len = (int32_t)sb.len;
  t->is_bytes = bytes;
  sb_free(&sb);
  make(lx, t, TK_STR, lo);
}

/* Is src[lo, lo+n) a string prefix (r, b, u, f, br, rb, fr, rf)? */
static bool string_prefix(const char *s, size_t n, bool *raw, bool *bytes,
                          bool *fstr) {
  if (n == 0 || n > 2) return false;
  *raw = *bytes = *fstr = false;
  bool u = false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i] | 0x20;
    bool *flag = c == 'r' ? raw : c == 'b' ? bytes : c == 'f' ? fstr : c == 'u' ? &u : NULL;
    if (!flag || *flag) return false;
    *flag = true;
  }
  if (u) return n == 1;
  return !(*bytes && *fstr);
}

/* ---- Names and operators --------------------------------------------------- */

static void lex_name(Lexer *lx, Token *t) {
  size_t lo = lx->pos;
  while (is_ident(peekc(lx, 0))) lx->pos++;
  int c = peekc(lx, 0);
  bool raw, bytes, fstr;
  if ((c == '\'' || c == '"') &&
      string_prefix(lx->src + lo, lx->pos - lo, &raw, &bytes, &fstr)) {
    lex_string(lx, t, lo, raw, bytes, fstr);
    return;
  }
  if (c >= 0x80) {
    while (is_ident(peekc(lx, 0)) || peekc(lx, 0) >= 0x80) lx->pos++;
    error(lx, lo, lx->pos,
          "non-ASCII character in identifier (only ASCII identifiers are supported)");
    make(lx, t, TK_ERROR, lo);
    return;
  }
  t->text = intern_n(lx->src + lo, lx->pos - lo);
  TokKind k = TK_NAME;
  for (int i = 0; keywords[i]; i++)
    if (strcmp(keywords[i], t->text) == 0) k = TK_KEYWORD;
  make(lx, t, k, lo);
}

static bool match_op(Lexer *lx, const char **table, size_t n) {
  if (lx->pos + n > lx->len) return false;
  for (int i = 0; table[i]; i++)
    if (memcmp(lx->src + lx->pos, table[i], n) == 0) return true;
  return false;
}

/* Track ( [ { nesting; false after reporting a mismatched closer. */
static bool bracket(Lexer *lx, char c) {
  if (c == '(' || c == '[' || c == '{') {
    Bracket b = {c, (uint32_t)lx->pos};
    VEC_PUSH(lx->brackets, b);
    return true;
  }
  if (c != ')' && c != ']' && c != '}') return true;
  if (lx->brackets.len == 0) {
    error(lx, lx->pos, lx->pos + 1, "unmatched '%c'", c);
    return false;
  }
  char open = lx->brackets.data[--lx->brackets.len].c;
  char want = open == '(' ? ')' : open == '[' ? ']' : '}';
  if (want == c) return true;
  error(lx, lx->pos, lx->pos + 1,
        "closing parenthesis '%c' does not match opening parenthesis '%c'", c,
        open);
  return false;
}

/* A byte that starts no token: part of one run of invalid bytes. */
static bool is_bad_byte(int d) {
  if (d == 0) return true;
  return d > 0 && d < 0x80 && !is_ident(d) && !strchr(ops1, d) &&
         !strchr(" \t\f\r\n\"'#\\!", d);
}

static void lex_op(Lexer *lx, Token *t) {
  size_t lo = lx->pos, n = 0;
  char c = lx->src[lo];
  if (match_op(lx, ops3, 3))
    n = 3;
  else if (match_op(lx, ops2, 2))
    n = 2;
  else if (c != 0 && strchr(ops1, c))
    n = 1;
  if (n == 0) {
    lx->pos++;
    while (is_bad_byte(peekc(lx, 0))) lx->pos++;
    if (c > 32 && c < 127)
      error(lx, lo, lx->pos, "invalid character '%c'", c);
    else
      error(lx, lo, lx->pos, "invalid byte 0x%02x in source", (unsigned char)c);
    make(lx, t, TK_ERROR, lo);
    return;
  }
  bool ok = n > 1 || bracket(lx, c);
  lx->pos += n;
  t->text = intern_n(lx->src + lo, n);
  if (n == 2 && memcmp(lx->src + lo, ":=", 2) == 0) {
    error(lx, lo, lx->pos, "':=' (assignment expression) is not supported");
    ok = false;
  }
  make(lx, t, ok ? TK_OP : TK_ERROR, lo);
}

/* ---- Driver ---------------------------------------------------------------- */

static void at_eof(Lexer *lx, Token *t) {
  if (lx->brackets.len > 0) {
    Bracket b = lx->brackets.data[0];
    lx->brackets.len = 0;
    error(lx, b.off, b.off + 1, "'%c' was never closed", b.c);
    make(lx, t, TK_ERROR, lx->pos);
  } else if (lx->line_has_tokens) {
    lx->line_has_tokens = false;
    make(lx, t, TK_NEWLINE, lx->pos);
  } else if (lx->indents.len > 1) {
    lx->pending_dedents = lx->indents.len - 2;
    lx->indents.len = 1;
    lx->altindents.len = 1;
    make(lx, t, TK_DEDENT, lx->pos);
  } else {
    make(lx, t, TK_EOF, lx->pos);
  }
}

void lexer_next(Lexer *lx, Token *t) {
  memset(t, 0, sizeof(*t));
  if (lx->pending_dedents > 0) {
    lx->pending_dedents--;
    make(lx, t, TK_DEDENT, lx->pos);
    return;
  }
  if (lexer_error_cap(lx)) { /* wind down: owed NEWLINE, DEDENTs, EOF */
    lx->pos = lx->len;
    lx->brackets.len = 0;
  }
  for (;;) {
    if (lx->at_line_start && lx->brackets.len == 0 && indentation(lx, t)) return;
    if (!skip_space(lx)) {
      make(lx, t, TK_ERROR, lx->pos - 1);
      return;
    }
    if (lx->pos >= lx->len) {
      at_eof(lx, t);
      return;
    }
    int c = peekc(lx, 0);
    size_t lo = lx->pos;
    if (c == '\n' || c == '\r') {
      lx->pos += newline_len(lx);
      lx->at_line_start = true;
      if (!lx->line_has_tokens) continue;
      lx->line_has_tokens = false;
      t->kind = TK_NEWLINE;
      t->span = span_at(lx, lo, lx->pos);
      return;
    }
    if (is_ident_start(c))
      lex_name(lx, t);
    else if ((c >= '0' && c <= '9') || (c == '.' && digit_value(peekc(lx, 1)) < 10))
      lex_number(lx, t);
    else if (c == '"' || c == '\'')
      lex_string(lx, t, lx->pos, false, false, false);
    else if (c >= 0x80) {
      while (peekc(lx, 0) >= 0x80 || is_ident(peekc(lx, 0))) lx->pos++;
      error(lx, lo, lx->pos, "non-ASCII character outside a string or comment "
                             "(only ASCII identifiers are supported)");
      make(lx, t, TK_ERROR, lo);
    } else
      lex_op(lx, t);
    return;
  }
}

void token_describe(const Token *t, char *buf, size_t n) {
  switch (t->kind) {
  case TK_EOF: snprintf(buf, n, "end of file"); break;
  case TK_NEWLINE: snprintf(buf, n, "NEWLINE"); break;
  case TK_INDENT: snprintf(buf, n, "indent"); break;
  case TK_DEDENT: snprintf(buf, n, "dedent"); break;
  case TK_NAME: snprintf(buf, n, "name '%.40s'", t->text); break;
  case TK_KEYWORD: snprintf(buf, n, "keyword '%s'", t->text); break;
  case TK_INT:
  case TK_FLOAT: snprintf(buf, n, "number"); break;
  case TK_STR: snprintf(buf, n, "string literal"); break;
  case TK_OP: snprintf(buf, n, "'%s'", t->text); break;
  case TK_ERROR: snprintf(buf, n, "invalid token"); break;
  }
}
