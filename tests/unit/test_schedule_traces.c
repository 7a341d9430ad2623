/*
 * test_schedule_traces.c — trace round trips, one per instruction family.
 * For each NAME in tests/schedule/traces/: NAME.py is a module, NAME.trace.py
 * a trace in TVM's Python form, stored in its canonical printed form, and
 * NAME.expected.py the scheduled function (STRATA_REGEN=1 rewrites it).
 * The test applies the trace, compares the result exactly (it must pass
 * ir_check and parse back structurally equal), prints the trace back (equal
 * to the file), converts it to JSON and replays that on a fresh schedule to
 * the same function and the same trace, and runs the scheduled function
 * against the original on random inputs (sched_same_numbers).
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "sched_util.h"

static char *slurp(const char *dir, const char *name, const char *ext, size_t *len) {
  char path[512];
  snprintf(path, sizeof path, "tests/schedule/%s/%s%s", dir, name, ext);
  size_t n = 0;
  char *t = read_file(path, &n);
  if (!t) fprintf(stderr, "%s: cannot read\n", path);
  if (len) *len = n;
  return t;
}

static char *print_func(const Schedule *s) {
  StrBuf sb = {0};
  script_print(sch_func(s), &sb);
  return sb_take(&sb);
}

static char *print_trace(const Schedule *s) {
  StrBuf sb = {0};
  sch_trace_print(s, &sb);
  return sb.data ? sb_take(&sb) : calloc(1, 1);
}

/* A fresh schedule of mod with text (Python form or JSON) applied; NULL
 * with the diagnostics printed on failure. */
static Schedule *apply(IrCtx *cx, Node *mod, const char *what, const char *text, bool json) {
  return sched_replay(cx, mod, 11, what, text, json, NULL);
}

/* The expected function: compare (or regenerate), then parse it back. */
static void expect_func(IrCtx *cx, const char *name, const Schedule *s, const char *got) {
  char path[512];
  snprintf(path, sizeof path, "tests/schedule/traces/%s.expected.py", name);
  CHECK(sched_expect_text(path, got));
  CHECK(sched_parses_back(cx, path, got, sch_func(s)));
}

static void check_json(IrCtx *cx, Node *mod, const Schedule *s, const char *trace) {
  char *j = sch_trace_to_json(s);
  Schedule *r = apply(cx, mod, "trace.json", j, true);
  CHECK(r != NULL);
  if (r) {
    CHECK(ir_struct_equal(sch_func(r), sch_func(s)));
    char *t2 = print_trace(r), *j2 = sch_trace_to_json(r);
    CHECK_STREQ(t2, trace);
    CHECK_STREQ(j2, j);
    free(t2);
    free(j2);
    sch_free(r);
  }
  free(j);
}

/* binds: values of the module's symbolic variables for the numeric run. */
static void round_trip_binds(const char *name, const char *const *binds) {
  size_t mlen;
  char *mtext = slurp("traces", name, ".py", &mlen), *trace = slurp("traces", name, ".trace.py", NULL);
  CHECK(mtext && trace);
  if (!mtext || !trace) {
    free(mtext);
    free(trace);
    return;
  }
  IrCtx *cx = ir_ctx_new();
  Node *mod = sched_parse(cx, name, mtext);
  CHECK(mod != NULL);
  Schedule *s = mod ? apply(cx, mod, "trace.py", trace, false) : NULL;
  CHECK(s != NULL);
  if (s) {
    CHECK(sched_verify(sch_mod(s), name));
    char *got = print_func(s), *printed = print_trace(s);
    expect_func(cx, name, s, got);
    CHECK_STREQ(printed, trace);
    check_json(cx, mod, s, printed);
    CHECK(sched_same_numbers(mtext, got, "main", binds, 1e-4));
    free(got);
    free(printed);
    sch_free(s);
  }
  ir_ctx_free(cx);
  free(mtext);
  free(trace);
}

static void round_trip(const char *name) { round_trip_binds(name, NULL); }

TEST(matmul_loops) { round_trip("matmul_loops"); }
TEST(matmul_sample) { round_trip("matmul_sample"); }
TEST(elementwise_annotate) { round_trip("elementwise_annotate"); }
TEST(cache) { round_trip("cache"); }
TEST(compute_at) { round_trip("compute_at"); }
TEST(inline) { round_trip("inline"); }
TEST(decompose) { round_trip("decompose"); }
TEST(rfactor) { round_trip("rfactor"); }
TEST(blockize) { round_trip("blockize"); }
TEST(tensorize) { round_trip("tensorize"); }
TEST(layout_padded) { round_trip("layout_padded"); }
TEST(layout_symbolic) { round_trip_binds("layout_symbolic", (const char *[]){"n=14", NULL}); }
TEST(reindex) { round_trip_binds("reindex", (const char *[]){"n=40", NULL}); }
TEST(pad_einsum) { round_trip("pad_einsum"); }

/* ---- TensorIR checks: region cover and stage pipeline ---- */

static const char partial_text[] =
    "# from tvm.script import tir as T\n\n@T.prim_func\n"
    "def main(A: T.Buffer((64,), \"float32\"), C: T.Buffer((64,), \"float32\")):\n"
    "    B = T.alloc_buffer((64,))\n"
    "    for i in range(32):\n"
    "        with T.block(\"B\"):\n"
    "            vi = T.axis.spatial(64, i)\n"
    "            B[vi] = A[vi] * T.float32(2.0)\n"
    "    for i in range(64):\n"
    "        with T.block(\"C\"):\n"
    "            vi = T.axis.spatial(64, i)\n"
    "            C[vi] = B[vi] + T.float32(1.0)\n";

static const char war_text[] =
    "# from tvm.script import tir as T\n\n@T.prim_func\n"
    "def main(A: T.Buffer((64,), \"float32\"), D: T.Buffer((64,), \"float32\")):\n"
    "    B = T.alloc_buffer((64,))\n"
    "    for i in range(64):\n"
    "        with T.block(\"B\"):\n"
    "            vi = T.axis.spatial(64, i)\n"
    "            B[vi] = A[vi] * T.float32(2.0)\n"
    "    for i in range(64):\n"
    "        with T.block(\"W\"):\n"
    "            vi = T.axis.spatial(64, i)\n"
    "            A[vi] = T.float32(0.0)\n"
    "    for i in range(64):\n"
    "        with T.block(\"D\"):\n"
    "            vi = T.axis.spatial(64, i)\n"
    "            D[vi] = B[vi] + T.float32(1.0)\n";

/* Covered: the producer writes exactly what the consumer reads after a
 * split and compute_at; a halo read of a shifted producer is not. */
static const char shifted_text[] =
    "# from tvm.script import tir as T\n\n@T.prim_func\n"
    "def main(A: T.Buffer((66,), \"float32\"), C: T.Buffer((64,), \"float32\")):\n"
    "    B = T.alloc_buffer((66,))\n"
    "    for i in range(64):\n"
    "        with T.block(\"B\"):\n"
    "            vi = T.axis.spatial(66, i + 2)\n"
    "            B[vi] = A[vi] * T.float32(2.0)\n"
    "    for i in range(64):\n"
    "        with T.block(\"C\"):\n"
    "            vi = T.axis.spatial(64, i)\n"
    "            C[vi] = B[vi] + B[vi + 2]\n";

static void expect_error(const char *module, const char *trace, const char *want) {
  IrCtx *cx = ir_ctx_new();
  Node *mod = sched_parse(cx, "m.py", module);
  CHECK(mod != NULL);
  if (mod) {
    Schedule *s = sch_new(cx, mod, "main", 1);
    SourceFile *f = source_new("trace.py", trace, strlen(trace));
    DiagCtx e;
    diag_init(&e);
    CHECK(sch_trace_apply_text(s, f, &e) == -1);
    StrBuf sb = {0};
    diag_render(&e, &sb);
    CHECK(sb.data && strstr(sb.data, want));
    if (!sb.data || !strstr(sb.data, want)) fprintf(stderr, "want '%s', got:\n%s\n", want, sb.data ? sb.data : "");
    Schedule *fresh = sch_new(cx, mod, "main", 1);
    CHECK(ir_struct_equal(sch_mod(s), sch_mod(fresh))); /* unchanged */
    sch_free(fresh);
    sb_free(&sb);
    diag_free(&e);
    source_free(f);
    sch_free(s);
  }
  ir_ctx_free(cx);
}

TEST(stage_pipeline) {
  const char *not_covered = "is not a stage pipeline: what block \"C\" reads is not covered by what its producers write";
  expect_error(partial_text, "b0 = sch.get_block(name=\"B\")\nb1 = sch.get_block(name=\"C\")\n"
               "l2, = sch.get_loops(block=b1)\nsch.compute_at(block=b0, loop=l2)\n", not_covered);
  expect_error(partial_text, "b0 = sch.get_block(name=\"B\")\nsch.compute_inline(block=b0)\n", not_covered);
  expect_error(partial_text, "b0 = sch.get_block(name=\"C\")\nsch.reverse_compute_inline(block=b0)\n",
               not_covered);
  expect_error(shifted_text, "b0 = sch.get_block(name=\"B\")\nsch.compute_inline(block=b0)\n", not_covered);
  expect_error(war_text, "b0 = sch.get_block(name=\"B\")\nsch.compute_inline(block=b0)\n",
               "compute_inline: the scope of block \"root\" is not a stage pipeline: block \"W\" writes a buffer "
               "block \"B\" reads before it");
  expect_error(war_text, "b0 = sch.get_block(name=\"D\")\nb1 = sch.get_block(name=\"B\")\n"
               "l2, = sch.get_loops(block=b1)\nsch.reverse_compute_at(block=b0, loop=l2)\n",
               "reverse_compute_at: the scope of block \"root\" is not a stage pipeline");
}

int main(void) {
  RUN(matmul_loops);
  RUN(matmul_sample);
  RUN(elementwise_annotate);
  RUN(cache);
  RUN(compute_at);
  RUN(inline);
  RUN(decompose);
  RUN(rfactor);
  RUN(blockize);
  RUN(tensorize);
  RUN(layout_padded);
  RUN(layout_symbolic);
  RUN(reindex);
  RUN(pad_einsum);
  RUN(stage_pipeline);
  return harness_report();
}
