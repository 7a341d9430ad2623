/*
 * test_schedule_tensorize.c — tensor intrinsics and sch_tensorize: the
 * registry (built-in families, target variants), golden before/after
 * TVMScript for blocks tensorized with each intrinsic (tests/schedule/
 * tensorize/; STRATA_REGEN=1 rewrites .after), numeric runs of the
 * tensorized functions against the unscheduled ones (the AVX-512 / VNNI
 * variants where the CPU has them, the portable ones always), the loop form
 * (blockize first), mismatch errors that leave the function unchanged, and
 * the trace line.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "sched_util.h"
#include "script/script.h"
#include "tir/intrin/intrin.h"
#include "tir/schedule/schedule.h"

static char *slurp(const char *path) {
  size_t len;
  return read_file(path, &len);
}

static Node *parse_text(IrCtx *cx, const char *text) { return sched_parse(cx, "t.py", text); }

static char *print_mod(Node *m) {
  StrBuf sb = {0};
  script_print(m, &sb);
  return sb.data;
}

static bool has_avx512(void) { return tir_target_has_feature("c", "avx512f"); }
static bool has_vnni(void) { return tir_target_has_feature("c", "avx512vnni"); }

/* Tensorize block `blk` of tests/schedule/tensorize/NAME.before.py with
 * intrin (then its portable variant), compare with NAME.after.py, check the
 * numbers of both variants against the original. */
static void golden(const char *name, const char *blk, const char *intrin, const char *portable) {
  char path[256];
  snprintf(path, sizeof path, "tests/schedule/tensorize/%s.before.py", name);
  char *before = slurp(path);
  CHECK(before != NULL);
  if (!before) return;
  const char *variants[2] = {intrin, portable};
  for (int v = 0; v < 2; v++) {
    IrCtx *cx = ir_ctx_new();
    Node *mod = parse_text(cx, before);
    CHECK(mod != NULL);
    Schedule *s = sch_new(cx, mod, "main", 1);
    SchRV b;
    int rc = sch_get_block(s, blk, NULL, &b) || sch_tensorize(s, b, variants[v], true);
    if (rc) fprintf(stderr, "%s\n", sch_error(s));
    CHECK(rc == 0);
    char *after = print_mod(sch_mod(s));
    if (v == 0) {
      snprintf(path, sizeof path, "tests/schedule/tensorize/%s.after.py", name);
      if (rc == 0) CHECK(sched_expect_text(path, after));
      CHECK(sched_parses_back(cx, path, after, sch_mod(s))); /* round trip: parses back structurally equal */
      StrBuf t = {0};
      sch_trace_print(s, &t);
      CHECK(t.data && strstr(t.data, "sch.tensorize(") && strstr(t.data, variants[v]));
      free(t.data);
    }
    bool native = (strstr(variants[v], "avx512") && has_avx512()) || (strstr(variants[v], "vnni") && has_vnni()) ||
                  strstr(variants[v], "portable");
    if (native) CHECK(sched_same_numbers(before, after, "main", NULL, 1e-4));
    free(after);
    sch_free(s);
    ir_ctx_free(cx);
  }
  free(before);
}

TEST(registry) {
  IrCtx *cx = ir_ctx_new();
  Node *d, *m;
  char *err = NULL;
  CHECK(tir_intrin_get(cx, "strata.sgemm_ukr.avx512.6x32x64.ik", &d, &m, &err) == 0);
  CHECK(d && d->kind == NK_PRIM_FUNC && m && m->kind == NK_PRIM_FUNC);
  CHECK(tir_intrin_get(cx, "strata.igemm_ukr.vnni.4x32x16", &d, &m, &err) == 0);
  CHECK(tir_intrin_get(cx, "strata.dot_16x4.portable", &d, &m, &err) == 0);
  CHECK(tir_intrin_get(cx, "strata.sgemm_ukr.avx512.6x32.ik", &d, &m, &err) == -1);
  CHECK(err && strstr(err, "no tensor intrinsic named 'strata.sgemm_ukr.avx512.6x32.ik'"));
  free(err);
  err = NULL;
  tir_intrin_register("my.bad", "not a function", "x");
  CHECK(tir_intrin_get(cx, "my.bad", &d, &m, &err) == -1);
  CHECK(err && strstr(err, "does not parse"));
  free(err);
  char buf[128];
  CHECK_STREQ(tir_intrin_for_target("strata.sgemm_ukr.avx512.6x32x64.ik", "c -mcpu=x86-64-v3", buf, sizeof buf),
              "strata.sgemm_ukr.portable.6x32x64.ik");
  CHECK_STREQ(tir_intrin_for_target("strata.sgemm_ukr.avx512.6x32x64.ik", "c -mcpu=cooperlake", buf, sizeof buf),
              "strata.sgemm_ukr.avx512.6x32x64.ik");
  CHECK_STREQ(tir_intrin_for_target("strata.dot_16x4.vnni", "c -mcpu=skylake-avx512", buf, sizeof buf),
              "strata.dot_16x4.portable");
  CHECK_STREQ(tir_intrin_for_target("strata.igemm_ukr.vnni.4x32x16", "c -mcpu=cascadelake", buf, sizeof buf),
              "strata.igemm_ukr.vnni.4x32x16");
  ir_ctx_free(cx);
}

TEST(sgemm_block) { golden("sgemm_block", "C_o", "strata.sgemm_ukr.avx512.6x32x64.ik", "strata.sgemm_ukr.portable.6x32x64.ik"); }
TEST(sgemm_packed) { golden("sgemm_packed", "C_o", "strata.sgemm_ukr.avx512.8x32x64.ki", "strata.sgemm_ukr.portable.8x32x64.ki"); }
TEST(igemm_block) { golden("igemm_block", "C_o", "strata.igemm_ukr.vnni.4x32x16", "strata.igemm_ukr.portable.4x32x16"); }
TEST(dot16x4_block) { golden("dot16x4_block", "C_o", "strata.dot_16x4.vnni", "strata.dot_16x4.portable"); }

/* A mismatch: error text, function and trace unchanged. */
static void mismatch(const char *text, const char *blk, const char *intrin, const char *want) {
  IrCtx *cx = ir_ctx_new();
  Node *mod = parse_text(cx, text);
  CHECK(mod != NULL);
  Schedule *s = sch_new(cx, mod, "main", 1);
  SchRV b;
  CHECK(sch_get_block(s, blk, NULL, &b) == 0);
  Node *m0 = sch_mod(s);
  int n0 = sch_trace_len(s);
  int rc = sch_tensorize(s, b, intrin, true);
  CHECK(rc == -1);
  CHECK(sched_failed_cleanly(s, rc, m0, n0, want, intrin));
  sch_free(s);
  ir_ctx_free(cx);
}

static char *edit(const char *text, const char *from, const char *to) {
  const char *p = strstr(text, from);
  if (!p) return strdup(text);
  size_t a = (size_t)(p - text), lf = strlen(from), lt = strlen(to);
  char *r = malloc(strlen(text) - lf + lt + 1);
  memcpy(r, text, a);
  memcpy(r + a, to, lt);
  strcpy(r + a + lt, p + lf);
  return r;
}

TEST(mismatches) {
  char *base = slurp("tests/schedule/tensorize/sgemm_block.before.py");
  CHECK(base != NULL);
  if (!base) return;
  mismatch(base, "C_o", "strata.sgemm_ukr.avx512.8x32x64.ik",
           "tensorize: block 'C_o' does not match intrinsic 'strata.sgemm_ukr.avx512.8x32x64.ik': no pairing of the loops has equal extents");
  mismatch(base, "C_o", "strata.igemm_ukr.vnni.6x32x16", "has 3 loops of extents [6, 64, 32], intrinsic 'strata.igemm_ukr.vnni.6x32x16' has 4: [6, 32, 16, 4]");
  mismatch(base, "C_o", "no.such", "tensorize: no tensor intrinsic named 'no.such'");
  mismatch(base, "C", "strata.sgemm_ukr.avx512.6x32x64.ik", "tensorize: the body of block 'C' is not a perfect loop nest over one block");
  char *sub = edit(base, "C[vi, vj] = C[vi, vj] + A", "C[vi, vj] = C[vi, vj] - A");
  mismatch(sub, "C_o", "strata.sgemm_ukr.avx512.6x32x64.ik", "does not match intrinsic 'strata.sgemm_ukr.avx512.6x32x64.ik': the block computes C[vi");
  char *tr = edit(base, "A[vi, vk] * B", "A[vk, vi] * B");
  mismatch(tr, "C_o", "strata.sgemm_ukr.avx512.6x32x64.ik", "index 0 of 'A' is");
  char *f1 = edit(base, "(48, 64), \"float32\")", "(48, 64), \"float64\")");
  char *f2 = edit(f1, "(64, 64), \"float32\")", "(64, 64), \"float64\")");
  char *f64 = edit(f2, "C: T.Buffer((48, 64), \"float32\")", "C: T.Buffer((48, 64), \"float64\")");
  free(f1), free(f2);
  mismatch(f64, "C_o", "strata.sgemm_ukr.avx512.6x32x64.ik", "does not match");
  char *init = edit(base, "                    C[vi, vj] = C[vi, vj] + A", "                    with T.init():\n                        C[vi, vj] = T.float32(0)\n                    C[vi, vj] = C[vi, vj] + A");
  mismatch(init, "C_o", "strata.sgemm_ukr.avx512.6x32x64.ik", "an init statement (decompose_reduction first)");
  free(base), free(sub), free(tr), free(f64), free(init);
}

/* The loop form: the tile loop of a tiled GEMM (blockized, then matched). */
static const char *gemm_text =
    "# from tvm.script import tir as T\n\n"
    "@T.prim_func\n"
    "def main(A: T.Buffer((48, 64), \"float32\"), B: T.Buffer((64, 64), \"float32\"), C: T.Buffer((48, 64), \"float32\")):\n"
    "    for io, jo, ii, ji, k in T.grid(8, 2, 6, 32, 64):\n"
    "        with T.block(\"C\"):\n"
    "            vi = T.axis.spatial(48, io * 6 + ii)\n"
    "            vj = T.axis.spatial(64, jo * 32 + ji)\n"
    "            vk = T.axis.reduce(64, k)\n"
    "            T.reads(C[vi, vj], A[vi, vk], B[vk, vj])\n"
    "            T.writes(C[vi, vj])\n"
    "            C[vi, vj] = C[vi, vj] + A[vi, vk] * B[vk, vj]\n";

TEST(loop_form) {
  IrCtx *cx = ir_ctx_new();
  Schedule *s = sch_new(cx, parse_text(cx, gemm_text), "main", 1);
  SchRV b, l[5];
  int n;
  const char *intrin = has_avx512() ? "strata.sgemm_ukr.avx512.6x32x64.ik" : "strata.sgemm_ukr.portable.6x32x64.ik";
  int rc = sch_get_block(s, "C", NULL, &b) || sch_get_loops(s, b, l, 5, &n) || sch_tensorize(s, l[2], intrin, true);
  if (rc) fprintf(stderr, "%s\n", sch_error(s));
  CHECK(rc == 0);
  char *after = print_mod(sch_mod(s));
  CHECK(after && strstr(after, "T.call_extern(\"int32\", \"strata_ukr_sgemm_") != NULL);
  if (after) CHECK(sched_same_numbers(gemm_text, after, "main", NULL, 1e-4));
  if (getenv("TZ_SHOW")) printf("%s", after);
  free(after);
  sch_free(s);
  ir_ctx_free(cx);
}

int main(void) {
  RUN(registry);
  RUN(sgemm_block);
  RUN(sgemm_packed);
  RUN(igemm_block);
  RUN(dot16x4_block);
  RUN(mismatches);
  RUN(loop_form);
  return harness_report();
}
