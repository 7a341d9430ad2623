/*
 * test_tir_lower2.c — golden tests for the second half of the TIR lowering
 * pipeline: Simplify, VectorizeLoop, UnrollLoop, StorageRewrite, LowerIntrin
 * and MakePackedAPI.
 *
 * Layout: tests/tir/transform/<dir>/NAME.before.py is parsed, the pass of
 * <dir> is run on it, and the printed result must equal NAME.after.py byte
 * for byte; the expected output must itself parse and print back unchanged,
 * and the result must pass the IR checker.  A NAME.error file instead of
 * NAME.after.py holds a message the pass must report.  STRATA_REGEN=1
 * rewrites the .after.py files (review the diff).  tests/tir/transform/pipeline/
 * runs the whole default pipeline instead of one pass.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "ir/check.h"
#include "script/script.h"
#include "tir/transform/transform.h"

static char *path_of(const char *dir, const char *name, const char *ext) {
  StrBuf sb = {0};
  sb_printf(&sb, "tests/tir/transform/%s/%s%s", dir, name, ext);
  return sb_take(&sb);
}

static Node *parse_text(IrCtx *cx, const char *name, const char *text, size_t len, SourceFile **sf) {
  DiagCtx d;
  diag_init(&d);
  *sf = source_new(name, text, len);
  Node *r = script_parse(cx, *sf, &d);
  if (diag_errors(&d)) {
    diag_print(&d, stderr);
    r = NULL;
  }
  diag_free(&d);
  return r;
}

static char *print_root(const Node *n) {
  StrBuf sb = {0};
  script_print(n, &sb);
  return sb_take(&sb);
}

static int ncases;

static void run_case(const char *dir, const char *pass, const char *name) {
  char *bp = path_of(dir, name, ".before.py"), *ap = path_of(dir, name, ".after.py"), *ep = path_of(dir, name, ".error");
  size_t blen, alen, elen;
  char *before = read_file(bp, &blen);
  char *expect = read_file(ap, &alen);
  char *err = read_file(ep, &elen);
  IrCtx *cx = ir_ctx_new();
  SourceFile *sf = NULL, *sf2 = NULL;
  ncases++;
  Node *root = before ? parse_text(cx, bp, before, blen, &sf) : NULL;
  if (!root) {
    fprintf(stderr, "%s: does not parse\n", bp);
    CHECK(root != NULL);
    goto done;
  }
  DiagCtx d;
  diag_init(&d);
  Node *out = pass ? tir_pass_apply(cx, tir_pass_lookup(pass), root, &d)
                   : tir_pipeline_run(cx, root, tir_pipeline_default, -1, NULL, &d);
  if (err) {
    StrBuf r = {0};
    diag_render(&d, &r);
    while (elen && (err[elen - 1] == '\n')) err[--elen] = 0;
    if (out || !r.data || !strstr(r.data, err)) fprintf(stderr, "%s: expected error '%s', got:\n%s\n", bp, err, r.data ? r.data : "(none)");
    CHECK(!out && r.data && strstr(r.data, err));
    sb_free(&r);
    diag_free(&d);
    goto done;
  }
  if (!out) diag_print(&d, stderr);
  CHECK(out != NULL);
  if (out) {
    DiagCtx c;
    diag_init(&c);
    if (ir_check(out, &c)) {
      fprintf(stderr, "%s: the result does not pass the checker\n", bp);
      diag_print(&c, stderr);
      CHECK(0);
    }
    diag_free(&c);
  }
  diag_free(&d);
  if (!out) goto done;
  char *got = print_root(out);
  if (getenv("STRATA_REGEN")) {
    write_file_atomic(ap, got, strlen(got));
  } else if (!expect) {
    fprintf(stderr, "%s: missing (run with STRATA_REGEN=1)\n", ap);
    CHECK(expect != NULL);
  } else {
    if (strcmp(got, expect)) fprintf(stderr, "%s: differs from %s; got:\n%s\n", bp, ap, got);
    CHECK_STREQ(got, expect);
    /* the expected form parses and prints back unchanged */
    Node *back = parse_text(cx, ap, expect, alen, &sf2);
    CHECK(back != NULL);
    if (back) {
      char *again = print_root(back);
      CHECK_STREQ(again, expect);
      free(again);
    }
  }
  free(got);
done:
  if (sf) source_free(sf);
  if (sf2) source_free(sf2);
  ir_ctx_free(cx);
  free(before), free(expect), free(err);
  free(bp), free(ap), free(ep);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void run_dir(const char *dir, const char *pass) {
  char *dp = path_of(dir, "", "");
  DIR *d = opendir(dp);
  CHECK(d != NULL);
  if (!d) {
    free(dp);
    return;
  }
  PtrVec names = {0};
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t n = strlen(e->d_name);
    if (n > 10 && !strcmp(e->d_name + n - 10, ".before.py")) ptrvec_push(&names, xstrndup(e->d_name, n - 10));
  }
  closedir(d);
  qsort(names.data, (size_t)names.len, sizeof(void *), cmp_str);
  CHECK(names.len > 0);
  for (int i = 0; i < names.len; i++) {
    run_case(dir, pass, names.data[i]);
    free(names.data[i]);
  }
  ptrvec_free(&names);
  free(dp);
}

#define PASS_TEST(d, p)                                                                                              \
  TEST(d) { run_dir(#d, p); }
PASS_TEST(simplify, "Simplify")
PASS_TEST(vectorize_loop, "VectorizeLoop")
PASS_TEST(unroll_loop, "UnrollLoop")
PASS_TEST(storage_rewrite, "StorageRewrite")
PASS_TEST(lower_intrin, "LowerIntrin")
PASS_TEST(make_packed_api, "MakePackedAPI")
PASS_TEST(pipeline, NULL) /* the whole default pipeline */

/* The passes are registered and in the default pipeline, in order. */
TEST(registry) {
  const char *want[] = {"Simplify", "VectorizeLoop", "UnrollLoop", "StorageRewrite", "LowerIntrin", "MakePackedAPI"};
  int at = 0;
  for (int i = 0; tir_pipeline_default[i]; i++)
    if (at < 6 && !strcmp(tir_pipeline_default[i], want[at])) at++;
  CHECK(at == 6);
  for (int i = 0; i < 6; i++) CHECK(tir_pass_lookup(want[i]) != NULL);
}

int main(void) {
  RUN(simplify);
  RUN(vectorize_loop);
  RUN(unroll_loop);
  RUN(storage_rewrite);
  RUN(lower_intrin);
  RUN(make_packed_api);
  RUN(pipeline);
  RUN(registry);
  fprintf(stderr, "%d golden cases\n", ncases);
  return harness_report();
}
