/*
 * test_tir_transform.c — golden tests of the TIR lowering passes, and the
 * pass registry and pipeline runner.
 *
 * tests/tir/transform/<dir>/NAME.before.py is parsed, the pass of <dir> (the
 * table below) runs on it, and the printed result must equal NAME.after.py
 * byte for byte; the result must also check clean (ir_check), and the after
 * file must parse back and print identically.  STRATA_REGEN=1 rewrites the
 * .after.py files from the passes' output (review the diff).  One test per
 * pair.  Run from the repository root.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "ir/check.h"
#include "script/script.h"
#include "tir/transform/transform.h"

static const struct {
  const char *dir, *pass;
} dirs[] = {
    {"lower_init_block", "LowerInitBlock"},
    {"plan_alloc_location", "PlanAndUpdateBufferAllocationLocation"},
    {"convert_blocks_to_opaque", "ConvertBlocksToOpaque"},
    {"compact_buffer_alloc", "CompactBufferAllocation"},
    {"lower_match_buffer", "LowerMatchBuffer"},
    {"lower_opaque_block", "LowerOpaqueBlock"},
    {"flatten_buffer", "FlattenBuffer"},
    {"front_half", NULL}, /* the first seven passes (pipeline/ runs them all: test_tir_lower2) */
};

static int cmpstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void report(const char *what, DiagCtx *d) {
  StrBuf sb = {0};
  diag_render(d, &sb);
  fprintf(stderr, "%s:\n%s", what, sb.data ? sb.data : "");
  sb_free(&sb);
  harness_cur_failed = 1;
}

/* Parse path; NULL (failing the test) on error. */
static Node *parse(IrCtx *cx, const char *path, SourceFile **f, char **text) {
  size_t len;
  *text = read_file(path, &len);
  if (!*text) {
    fprintf(stderr, "%s: cannot read\n", path);
    harness_cur_failed = 1;
    return NULL;
  }
  *f = source_new(path, *text, len);
  DiagCtx d;
  diag_init(&d);
  Node *root = script_parse(cx, *f, &d);
  if (!root) report(path, &d);
  diag_free(&d);
  return root;
}

static const char *pipeline7[] = {"LowerInitBlock", "PlanAndUpdateBufferAllocationLocation", "ConvertBlocksToOpaque",
                                  "CompactBufferAllocation", "LowerMatchBuffer", "LowerOpaqueBlock", "FlattenBuffer"};

static void golden(const char *dir, const char *pass, const char *stem) {
  char bpath[1024], apath[1024];
  snprintf(bpath, sizeof bpath, "tests/tir/transform/%s/%s.before.py", dir, stem);
  snprintf(apath, sizeof apath, "tests/tir/transform/%s/%s.after.py", dir, stem);
  IrCtx *cx = ir_ctx_new();
  SourceFile *f = NULL, *f2 = NULL;
  char *text = NULL, *atext = NULL;
  Node *root = parse(cx, bpath, &f, &text);
  DiagCtx d;
  diag_init(&d);
  Node *out = NULL;
  if (root) {
    if (pass) {
      const TirPass *p = tir_pass_lookup(pass);
      CHECK(p != NULL);
      if (p) out = tir_pass_apply(cx, p, root, &d);
    } else {
      TirPipelineOpts o = {0};
      o.verify_each = true;
      out = tir_pipeline_run(cx, root, pipeline7, 7, &o, &d);
    }
    if (!out) report(bpath, &d);
  }
  if (out) {
    DiagCtx c;
    diag_init(&c);
    if (ir_check(out, &c)) report("the pass output does not check", &c);
    diag_free(&c);
    StrBuf sb = {0};
    script_print(out, &sb);
    char *got = sb_take(&sb);
    const char *regen = getenv("STRATA_REGEN");
    if (regen && *regen == '1') {
      if (write_file_atomic(apath, got, strlen(got))) {
        fprintf(stderr, "%s: cannot write\n", apath);
        harness_cur_failed = 1;
      }
    }
    size_t alen;
    atext = read_file(apath, &alen);
    if (!atext) {
      fprintf(stderr, "%s: missing (STRATA_REGEN=1 writes it); the pass printed:\n%s", apath, got);
      harness_cur_failed = 1;
    } else {
      if (strcmp(got, atext)) {
        fprintf(stderr, "%s: output differs\n--- got\n%s--- expected\n%s", apath, got, atext);
        harness_cur_failed = 1;
      }
      /* the expected file parses back and prints as itself */
      f2 = source_new(apath, atext, alen);
      DiagCtx pd;
      diag_init(&pd);
      Node *back = script_parse(cx, f2, &pd);
      if (!back) {
        report(apath, &pd);
      } else {
        StrBuf sb2 = {0};
        script_print(back, &sb2);
        char *again = sb_take(&sb2);
        if (strcmp(again, atext)) {
          fprintf(stderr, "%s: does not round-trip:\n%s", apath, again);
          harness_cur_failed = 1;
        }
        free(again);
      }
      diag_free(&pd);
    }
    free(got);
  }
  diag_free(&d);
  free(text);
  free(atext);
  if (f) source_free(f);
  if (f2) source_free(f2);
  ir_ctx_free(cx);
}

static int ngolden;

static void run_dir(const char *dir, const char *pass) {
  char path[512];
  snprintf(path, sizeof path, "tests/tir/transform/%s", dir);
  DIR *dd = opendir(path);
  if (!dd) return;
  char *names[512];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(dd)) && n < 512) {
    size_t len = strlen(e->d_name);
    if (len > 10 && !strcmp(e->d_name + len - 10, ".before.py")) names[n++] = xstrndup(e->d_name, len - 10);
  }
  closedir(dd);
  qsort(names, (size_t)n, sizeof(char *), cmpstr);
  for (int i = 0; i < n; i++) {
    char label[512];
    snprintf(label, sizeof label, "%s/%s", dir, names[i]);
    harness_cur = label;
    harness_cur_failed = 0;
    golden(dir, pass, names[i]);
    if (harness_cur_failed) harness_failed++;
    else harness_passed++;
    ngolden++;
    free(names[i]);
  }
}

/* ---- registry and runner ---- */

TEST(registry_lookup) {
  CHECK(tir_npasses >= 7);
  for (int i = 0; i < tir_npasses; i++) {
    CHECK(tir_pass_lookup(tir_passes[i].name) == &tir_passes[i]);
    CHECK(tir_passes[i].fn != NULL && tir_passes[i].desc && *tir_passes[i].desc);
    for (int j = 0; j < i; j++) CHECK(strcmp(tir_passes[i].name, tir_passes[j].name) != 0);
  }
  CHECK(tir_pass_lookup("NoSuchPass") == NULL);
  /* every name of the default pipeline is registered */
  for (int i = 0; tir_pipeline_default[i]; i++) CHECK(tir_pass_lookup(tir_pipeline_default[i]) != NULL);
}

static Node *parse_text(IrCtx *cx, const char *text, SourceFile **f) {
  *f = source_new("t.py", text, strlen(text));
  DiagCtx d;
  diag_init(&d);
  Node *r = script_parse(cx, *f, &d);
  if (!r) report("parse", &d);
  diag_free(&d);
  return r;
}

static const char *k_matmul =
    "# from tvm.script import tir as T\n\n"
    "@T.prim_func\n"
    "def main(A: T.Buffer((4, 4), \"float32\"), B: T.Buffer((4,), \"float32\")):\n"
    "    for i, k in T.grid(4, 4):\n"
    "        with T.block(\"B\"):\n"
    "            vi, vk = T.axis.remap(\"SR\", [i, k])\n"
    "            with T.init():\n"
    "                B[vi] = T.float32(0.0)\n"
    "            B[vi] = B[vi] + A[vi, vk]\n";

TEST(pipeline_unknown_pass) {
  IrCtx *cx = ir_ctx_new();
  SourceFile *f;
  Node *root = parse_text(cx, k_matmul, &f);
  DiagCtx d;
  diag_init(&d);
  const char *names[] = {"LowerInitBlock", "Bogus"};
  CHECK(tir_pipeline_run(cx, root, names, 2, NULL, &d) == NULL);
  CHECK(diag_errors(&d) == 1);
  CHECK(d.items.len >= 1 && strstr(d.items.data[0].message, "unknown TIR pass 'Bogus'"));
  diag_free(&d);
  source_free(f);
  ir_ctx_free(cx);
}

TEST(pipeline_hooks_print_and_time) {
  IrCtx *cx = ir_ctx_new();
  SourceFile *f;
  Node *root = parse_text(cx, k_matmul, &f);
  DiagCtx d;
  diag_init(&d);
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&buf, &len);
  TirPipelineOpts o = {"ConvertBlocksToOpaque", true, true, mem};
  Node *out = tir_pipeline_run(cx, root, pipeline7, 7, &o, &d);
  fclose(mem);
  CHECK(out != NULL);
  CHECK(diag_errors(&d) == 0);
  CHECK(buf && strstr(buf, "# after ConvertBlocksToOpaque\n"));
  CHECK(buf && strstr(buf, "# LowerInitBlock"));
  CHECK(buf && !strstr(buf, "# after LowerInitBlock"));
  /* the printed stage parses back */
  const char *at = buf ? strstr(buf, "# after ConvertBlocksToOpaque\n") : NULL;
  if (at) {
    at += strlen("# after ConvertBlocksToOpaque\n");
    const char *end = strstr(at, "\n# ");
    char *stage = xstrndup(at, end ? (size_t)(end - at + 1) : strlen(at));
    SourceFile *f2;
    CHECK(parse_text(cx, stage, &f2) != NULL);
    source_free(f2);
    free(stage);
  }
  free(buf);
  /* a bare PrimFunc and a pass that changes nothing return their input */
  Node *again = tir_pass_apply(cx, tir_pass_lookup("LowerInitBlock"), out, &d);
  CHECK(again == out);
  diag_free(&d);
  source_free(f);
  ir_ctx_free(cx);
}

TEST(order_errors_are_reported) {
  /* LowerOpaqueBlock before ConvertBlocksToOpaque: an error, not a crash */
  IrCtx *cx = ir_ctx_new();
  SourceFile *f;
  Node *root = parse_text(cx, k_matmul, &f);
  DiagCtx d;
  diag_init(&d);
  const char *names[] = {"LowerOpaqueBlock"};
  CHECK(tir_pipeline_run(cx, root, names, 1, NULL, &d) == NULL);
  CHECK(diag_errors(&d) >= 1 && strstr(d.items.data[0].message, "is not opaque"));
  diag_free(&d);
  diag_init(&d);
  const char *names2[] = {"ConvertBlocksToOpaque"};
  CHECK(tir_pipeline_run(cx, root, names2, 1, NULL, &d) == NULL);
  CHECK(diag_errors(&d) >= 1 && strstr(d.items.data[0].message, "LowerInitBlock first"));
  diag_free(&d);
  diag_init(&d);
  const char *names3[] = {"FlattenBuffer"};
  CHECK(tir_pipeline_run(cx, root, names3, 1, NULL, &d) == NULL);
  CHECK(diag_errors(&d) >= 1);
  diag_free(&d);
  source_free(f);
  ir_ctx_free(cx);
}

int main(void) {
  for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) run_dir(dirs[i].dir, dirs[i].pass);
  fprintf(stderr, "%d golden pairs\n", ngolden);
  RUN(registry_lookup);
  RUN(pipeline_unknown_pass);
  RUN(pipeline_hooks_print_and_time);
  RUN(order_errors_are_reported);
  return harness_report();
}
