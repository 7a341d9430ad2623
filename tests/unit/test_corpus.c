/*
 * test_corpus.c — the TVMScript corpus under tests/script/:
 *   golden/NAME.py     canonical files: print(parse(f)) == f byte for byte,
 *                   print(parse(print)) is identical again, parse(print(m))
 *                   is structurally equal to m, and the module checks clean;
 *   spelling/NAME.py   accepted non-canonical spellings: print(parse(f)) equals
 *                   f's .expected file, which is itself canonical;
 *   errors/NAME.py     malformed inputs whose first line is
 *                   `# expect: LINE:COL: error: MESSAGE` — parsing and
 *                   checking must report that diagnostic (message as a
 *                   substring) and never crash.
 * Also examples/NAME.py: each parses, checks clean and round-trips (they may
 * use older spellings, so the file itself need not be canonical).
 * One test per file.  Run from the repository root.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "ir/check.h"
#include "script/script.h"

static char *names[4096];
static int nnames;

static int cmpstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Sorted *.py files of dir. */
static void list_py(const char *dir) {
  nnames = 0;
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) && nnames < 4096) {
    size_t n = strlen(e->d_name);
    if (n > 3 && !strcmp(e->d_name + n - 3, ".py")) names[nnames++] = xstrdup(e->d_name);
  }
  closedir(d);
  qsort(names, (size_t)nnames, sizeof(char *), cmpstr);
}

static void free_names(void) {
  for (int i = 0; i < nnames; i++) free(names[i]);
  nnames = 0;
}

/* Parse text; returns the printed form or NULL with diagnostics in d. */
static char *parse_print(IrCtx *cx, SourceFile *f, DiagCtx *d, Node **root) {
  *root = script_parse(cx, f, d);
  if (!*root) return NULL;
  StrBuf sb = {0};
  script_print(*root, &sb);
  return sb_take(&sb);
}

static void fail_diag(const char *path, DiagCtx *d) {
  StrBuf sb = {0};
  diag_render(d, &sb);
  fprintf(stderr, "%s: unexpected diagnostics:\n%s", path, sb.data ? sb.data : "");
  sb_free(&sb);
  harness_cur_failed = 1;
}

/* The round-trip contract on one text; expected is NULL for "itself". */
static void roundtrip(const char *path, const char *expected, bool check_clean, bool canonical) {
  size_t len;
  char *text = read_file(path, &len);
  if (!text) {
    fprintf(stderr, "%s: cannot read\n", path);
    harness_cur_failed = 1;
    return;
  }
  IrCtx *cx = ir_ctx_new();
  DiagCtx d;
  diag_init(&d);
  SourceFile *f = source_new(path, text, len);
  Node *m1 = NULL, *m2 = NULL;
  char *p1 = parse_print(cx, f, &d, &m1);
  if (!p1) {
    fail_diag(path, &d);
  } else {
    const char *want = expected ? expected : text;
    if (canonical && strcmp(p1, want) != 0) {
      fprintf(stderr, "%s: printed form differs from %s:\n--- got ---\n%s--- expected ---\n%s", path,
              expected ? "the .expected file" : "the file", p1, want);
      harness_cur_failed = 1;
    }
    SourceFile *f2 = source_new("<printed>", p1, strlen(p1));
    char *p2 = parse_print(cx, f2, &d, &m2);
    if (!p2) {
      fail_diag(path, &d);
    } else {
      if (strcmp(p1, p2) != 0) {
        fprintf(stderr, "%s: print(parse(print(m))) is not identical\n", path);
        harness_cur_failed = 1;
      }
      StrBuf why = {0};
      if (!ir_struct_equal_explain(m1, m2, &why)) {
        fprintf(stderr, "%s: parse(print(m)) is not structurally equal to m: %s\n", path,
                why.data ? why.data : "");
        harness_cur_failed = 1;
      }
      sb_free(&why);
      if (check_clean && ir_check(m1, &d)) fail_diag(path, &d);
      free(p2);
    }
    source_free(f2);
    free(p1);
  }
  diag_free(&d);
  source_free(f);
  ir_ctx_free(cx);
  free(text);
}

static void run_dir(const char *dir, bool spelling, bool check_clean, bool canonical) {
  list_py(dir);
  for (int i = 0; i < nnames; i++) {
    char path[1024], exp[1024];
    snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
    harness_cur = names[i];
    harness_cur_failed = 0;
    char *expected = NULL;
    if (spelling) {
      snprintf(exp, sizeof(exp), "%s/%.*s.expected", dir, (int)strlen(names[i]) - 3, names[i]);
      size_t len;
      expected = read_file(exp, &len);
      if (!expected) {
        fprintf(stderr, "%s: missing %s\n", path, exp);
        harness_cur_failed = 1;
      }
    }
    if (!spelling || expected) roundtrip(path, expected, check_clean, canonical);
    free(expected);
    if (harness_cur_failed)
      harness_failed++;
    else
      harness_passed++;
  }
  free_names();
}

/* One malformed input: the expected diagnostic must be among those reported. */
static void expect_error(const char *path) {
  size_t len;
  char *text = read_file(path, &len);
  if (!text) {
    harness_cur_failed = 1;
    return;
  }
  int line = 0, col = 0;
  char msg[512] = "";
  if (sscanf(text, "# expect: %d:%d: error: %511[^\n]", &line, &col, msg) != 3) {
    fprintf(stderr, "%s: first line must be `# expect: LINE:COL: error: MESSAGE`\n", path);
    harness_cur_failed = 1;
    free(text);
    return;
  }
  IrCtx *cx = ir_ctx_new();
  DiagCtx d;
  diag_init(&d);
  SourceFile *f = source_new(path, text, len);
  Node *root = script_parse(cx, f, &d);
  if (root && !diag_errors(&d)) ir_check(root, &d);
  bool found = false;
  for (int32_t i = 0; i < d.items.len && !found; i++) {
    Diag *g = &d.items.data[i];
    if (g->level != DIAG_ERROR || !g->span.file) continue;
    int l, c;
    source_line_col(g->span.file, g->span.lo, &l, &c);
    found = l == line && c == col && strstr(g->message, msg);
  }
  if (!found) {
    StrBuf sb = {0};
    diag_render(&d, &sb);
    fprintf(stderr, "%s: expected %d:%d: error: %s\n  got:\n%s", path, line, col, msg,
            d.items.len ? sb.data : "  (no diagnostics)\n");
    sb_free(&sb);
    harness_cur_failed = 1;
  }
  diag_free(&d);
  source_free(f);
  ir_ctx_free(cx);
  free(text);
}

static void run_errors(const char *dir) {
  list_py(dir);
  for (int i = 0; i < nnames; i++) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
    harness_cur = names[i];
    harness_cur_failed = 0;
    expect_error(path);
    if (harness_cur_failed)
      harness_failed++;
    else
      harness_passed++;
  }
  free_names();
}

int main(void) {
  run_dir("tests/script/golden", false, true, true);
  run_dir("tests/script/spelling", true, false, true);
  run_dir("examples", false, true, false); /* examples may use older spellings */
  run_errors("tests/script/errors");
  return harness_report();
}
