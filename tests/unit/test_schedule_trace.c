/*
 * test_schedule_trace.c — traces: printing in TVM's Python form, parsing it
 * back (keyword and positional arguments), replaying on a fresh schedule,
 * the MetaSchedule JSON form, sampling decisions, and the errors a bad trace
 * gives (unknown method, bad argument, a failing step names its line).
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "script/script.h"
#include "tir/schedule/schedule.h"

static const char matmul[] =
    "# from tvm.script import tir as T\n"
    "\n"
    "@T.prim_func\n"
    "def main(A: T.Buffer((128, 128), \"float32\"), B: T.Buffer((128, 128), \"float32\"),\n"
    "         C: T.Buffer((128, 128), \"float32\")):\n"
    "    for i, j, k in T.grid(128, 128, 128):\n"
    "        with T.block(\"C\"):\n"
    "            vi, vj, vk = T.axis.remap(\"SSR\", [i, j, k])\n"
    "            with T.init():\n"
    "                C[vi, vj] = T.float32(0)\n"
    "            C[vi, vj] = C[vi, vj] + A[vi, vk] * B[vk, vj]\n";

static SourceFile *kept[64]; /* sources the parsed modules' spans point into */
static int nkept;

static Node *parse_mod(IrCtx *cx, const char *text) {
  SourceFile *f = source_new("t.py", text, strlen(text));
  if (nkept < 64) kept[nkept++] = f;
  DiagCtx d;
  diag_init(&d);
  Node *m = script_parse(cx, f, &d);
  if (diag_errors(&d)) diag_print(&d, stderr);
  diag_free(&d);
  return m; /* the file is kept: nodes' spans point into it */
}

static char *trace_text(const Schedule *s) {
  StrBuf sb = {0};
  sch_trace_print(s, &sb);
  return sb_take(&sb);
}

/* Apply text to a fresh schedule; returns it (NULL on failure, message in err). */
static Schedule *replay(IrCtx *cx, Node *mod, const char *text, bool json, StrBuf *err) {
  Schedule *s = sch_new(cx, mod, "main", 7);
  SourceFile *f = source_new("trace.py", text, strlen(text));
  DiagCtx d;
  diag_init(&d);
  int rc = json ? sch_trace_apply_json(s, f, &d) : sch_trace_apply_text(s, f, &d);
  if (rc && err) diag_render(&d, err);
  diag_free(&d);
  source_free(f);
  if (rc) {
    sch_free(s);
    return NULL;
  }
  return s;
}

TEST(print_getters) {
  IrCtx *cx = ir_ctx_new();
  Node *mod = parse_mod(cx, matmul);
  Schedule *s = sch_new(cx, mod, "main", 1);
  SchRV b, loops[3];
  int n = 0;
  CHECK(sch_get_block(s, "C", "main", &b) == 0);
  CHECK(sch_get_loops(s, b, loops, 3, &n) == 0 && n == 3);
  char *t = trace_text(s);
  CHECK_STREQ(t, "b0 = sch.get_block(name=\"C\", func_name=\"main\")\n"
                 "l1, l2, l3 = sch.get_loops(block=b0)\n");
  free(t);
  StrBuf sb = {0};
  sch_trace_print_func(s, &sb);
  CHECK_STREQ(sb.data, "# from tvm import tir\ndef apply_trace(sch: tir.Schedule) -> None:\n"
                       "  b0 = sch.get_block(name=\"C\", func_name=\"main\")\n"
                       "  l1, l2, l3 = sch.get_loops(block=b0)\n");
  sb_free(&sb);
  sch_free(s);
  ir_ctx_free(cx);
}

TEST(sampling_deterministic_and_recorded) {
  IrCtx *cx = ir_ctx_new();
  Node *mod = parse_mod(cx, matmul);
  char *first = NULL;
  for (int round = 0; round < 2; round++) {
    Schedule *s = sch_new(cx, mod, "main", 42);
    SchRV b, loops[3], tiles[4], v;
    int n = 0;
    CHECK(sch_get_block(s, "C", NULL, &b) == 0);
    CHECK(sch_get_loops(s, b, loops, 3, &n) == 0);
    CHECK(sch_sample_perfect_tile(s, loops[0], 4, 16, NULL, tiles) == 0);
    int64_t prod = 1, x;
    for (int i = 0; i < 4; i++) {
      CHECK(sch_rv_int(s, tiles[i], &x) == 0);
      prod *= x;
    }
    CHECK(prod == 128);
    CHECK(sch_rv_int(s, tiles[3], &x) == 0 && x <= 16);
    int64_t cand[] = {1, 2, 4, 8};
    double probs[] = {0.25, 0.25, 0.25, 0.25};
    CHECK(sch_sample_categorical(s, cand, probs, 4, NULL, &v) == 0);
    char *t = trace_text(s);
    CHECK(strstr(t, "v4, v5, v6, v7 = sch.sample_perfect_tile(loop=l1, n=4, "
                    "max_innermost_factor=16, decision=[") != NULL);
    CHECK(strstr(t, "v8 = sch.sample_categorical(candidates=[1, 2, 4, 8], "
                    "probs=[0.25, 0.25, 0.25, 0.25], decision=") != NULL);
    if (!first) {
      first = t;
    } else { /* same seed, same trace */
      CHECK_STREQ(t, first);
      free(t);
    }
    sch_free(s);
  }
  free(first);
  ir_ctx_free(cx);
}

TEST(decision_replays) {
  IrCtx *cx = ir_ctx_new();
  Node *mod = parse_mod(cx, matmul);
  Schedule *s = sch_new(cx, mod, "main", 3);
  SchRV b, loops[3], tiles[3], v;
  int n = 0;
  int64_t dec[] = {4, 2, 16}, x;
  CHECK(sch_get_block(s, "C", NULL, &b) == 0 && sch_get_loops(s, b, loops, 3, &n) == 0);
  CHECK(sch_sample_perfect_tile(s, loops[1], 3, 16, dec, tiles) == 0);
  CHECK(sch_rv_int(s, tiles[0], &x) == 0 && x == 4);
  CHECK(sch_rv_int(s, tiles[2], &x) == 0 && x == 16);
  int64_t bad[] = {1, 3, 5}; /* no longer perfect: TVM's fallback keeps the product */
  CHECK(sch_sample_perfect_tile(s, loops[1], 3, 16, bad, tiles) == 0);
  int64_t prod = 1;
  for (int i = 0; i < 3; i++) {
    CHECK(sch_rv_int(s, tiles[i], &x) == 0);
    prod *= x;
  }
  CHECK(prod == 128);
  int64_t cand[] = {7, 9}, d = 1, oob = 5;
  double probs[] = {0.5, 0.5};
  CHECK(sch_sample_categorical(s, cand, probs, 2, &d, &v) == 0);
  CHECK(sch_rv_int(s, v, &x) == 0 && x == 9);
  int len = sch_trace_len(s);
  CHECK(sch_sample_categorical(s, cand, probs, 2, &oob, &v) == -1);
  CHECK(strstr(sch_error(s), "out of range") != NULL);
  CHECK(sch_trace_len(s) == len); /* a failure records nothing */
  sch_free(s);
  ir_ctx_free(cx);
}

/* print -> parse -> replay gives the same module and the same trace. */
static void check_round_trip(IrCtx *cx, Node *mod, Schedule *s) {
  char *t = trace_text(s);
  StrBuf err = {0};
  Schedule *r = replay(cx, mod, t, false, &err);
  CHECK(r != NULL);
  if (!r) fprintf(stderr, "%s\n%s", t, err.data ? err.data : "");
  if (r) {
    char *t2 = trace_text(r);
    CHECK_STREQ(t2, t);
    CHECK(ir_struct_equal(sch_mod(r), sch_mod(s)));
    free(t2);
    sch_free(r);
  }
  char *j = sch_trace_to_json(s);
  r = replay(cx, mod, j, true, &err);
  CHECK(r != NULL);
  if (!r) fprintf(stderr, "%s\n%s", j, err.data ? err.data : "");
  if (r) {
    char *t2 = trace_text(r);
    CHECK_STREQ(t2, t);
    char *j2 = sch_trace_to_json(r);
    CHECK_STREQ(j2, j);
    free(j2);
    free(t2);
    sch_free(r);
  }
  free(j);
  free(t);
  sb_free(&err);
}

TEST(round_trip_sampling) {
  IrCtx *cx = ir_ctx_new();
  Node *mod = parse_mod(cx, matmul);
  Schedule *s = sch_new(cx, mod, "main", 9);
  SchRV b, loops[3], tiles[2], v;
  int n = 0;
  CHECK(sch_get_block(s, "C", "main", &b) == 0 && sch_get_loops(s, b, loops, 3, &n) == 0);
  CHECK(sch_sample_perfect_tile(s, loops[2], 2, 8, NULL, tiles) == 0);
  int64_t cand[] = {0, 16, 64};
  double probs[] = {0.1, 0.2, 0.7};
  CHECK(sch_sample_categorical(s, cand, probs, 3, NULL, &v) == 0);
  check_round_trip(cx, mod, s);
  sch_free(s);
  ir_ctx_free(cx);
}

TEST(json_form) {
  IrCtx *cx = ir_ctx_new();
  Node *mod = parse_mod(cx, matmul);
  Schedule *s = sch_new(cx, mod, "main", 9);
  SchRV b, loops[3], tiles[2];
  int n = 0;
  int64_t dec[] = {8, 16};
  CHECK(sch_get_block(s, "C", "main", &b) == 0 && sch_get_loops(s, b, loops, 3, &n) == 0);
  CHECK(sch_sample_perfect_tile(s, loops[0], 2, 16, dec, tiles) == 0);
  char *j = sch_trace_to_json(s);
  CHECK_STREQ(j, "[[[\"GetBlock\", [], [\"C\", \"main\"], [\"b0\"]], "
                 "[\"GetLoops\", [\"b0\"], [], [\"l1\", \"l2\", \"l3\"]], "
                 "[\"SamplePerfectTile\", [\"l1\"], [2, 16], [\"v4\", \"v5\"]]], "
                 "[[2, [8, 16]]]]");
  free(j);
  sch_free(s);
  ir_ctx_free(cx);
}

TEST(parse_positional_and_wrapped) {
  IrCtx *cx = ir_ctx_new();
  Node *mod = parse_mod(cx, matmul);
  const char *t = "from tvm import tir\n"
                  "def apply_trace(sch: tir.Schedule) -> None:\n"
                  "  b0 = sch.get_block(\"C\", \"main\")\n"
                  "  l1, l2, l3 = sch.get_loops(b0)\n"
                  "  v4, v5 = sch.sample_perfect_tile(l3, 2, 16, decision=[32, 4])\n"
                  "  v6 = sch.sample_categorical([1, 2], [0.5, 0.5], decision=0)\n";
  StrBuf err = {0};
  Schedule *s = replay(cx, mod, t, false, &err);
  CHECK(s != NULL);
  if (!s) fprintf(stderr, "%s", err.data);
  if (s) {
    char *p = trace_text(s);
    CHECK_STREQ(p, "b0 = sch.get_block(name=\"C\", func_name=\"main\")\n"
                   "l1, l2, l3 = sch.get_loops(block=b0)\n"
                   "v4, v5 = sch.sample_perfect_tile(loop=l3, n=2, max_innermost_factor=16, "
                   "decision=[32, 4])\n"
                   "v6 = sch.sample_categorical(candidates=[1, 2], probs=[0.5, 0.5], decision=0)\n");
    free(p);
    sch_free(s);
  }
  sb_free(&err);
  ir_ctx_free(cx);
}

/* The error text for a bad trace, or "" when it applies. */
static char *apply_error(IrCtx *cx, Node *mod, const char *text, bool json) {
  StrBuf err = {0};
  Schedule *s = replay(cx, mod, text, json, &err);
  if (s) sch_free(s);
  return err.data ? sb_take(&err) : calloc(1, 1);
}

TEST(errors) {
  IrCtx *cx = ir_ctx_new();
  Node *mod = parse_mod(cx, matmul);
  static const struct { const char *text, *want; bool json; } cases[] = {
      {"b0 = sch.get_block(name=\"C\")\nsch.frobnicate(b0)\n",
       "trace.py:2:1: error: unknown schedule method 'frobnicate'", false},
      {"b0 = sch.get_block(name=\"C\", colour=3)\n", "has no argument 'colour'", false},
      {"b0 = sch.get_block(name=\"C\")\nl1 = sch.get_loops(block=b9)\n",
       "trace.py:2:26: error: undefined name 'b9'", false},
      {"b0 = sch.get_block(name=\"C\")\n\nb1 = sch.get_block(name=\"nope\")\n",
       "trace.py:3:1: error: sch.get_block failed", false},
      {"b0 = sch.get_block(name=\"C\")\nl1, l2 = sch.get_loops(block=b0)\n",
       "2 names to assign, but the call returns 3", false},
      {"b0 = sch.get_block()\n", "missing argument 'name'", false},
      {"x = 1\n", "expected a schedule call", false},
      {"b0 = sch.get_block(name=\"C\")\nl1, l2, l3 = sch.get_loops(block=b0)\n"
       "v = sch.sample_categorical(candidates=[1], probs=[1.0], decision=4)\n",
       "trace.py:3:1: error: sch.sample_categorical failed: sample_categorical: decision 4 "
       "is out of range", false},
      {"[[[\"Nope\", [], [], []]], []]", "unknown instruction kind 'Nope'", true},
      {"[[[\"GetLoops\", [\"b7\"], [], []]], []]", "undefined random variable 'b7'", true},
      {"[[], [[3, 1]]]", "decision index 3 is out of range", true},
      {"{\"a\": 1}", "a JSON trace is [instructions, decisions]", true},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char *e = apply_error(cx, mod, cases[i].text, cases[i].json);
    CHECK(strstr(e, cases[i].want) != NULL);
    if (!strstr(e, cases[i].want)) fprintf(stderr, "case %zu: want '%s', got:\n%s\n", i, cases[i].want, e);
    free(e);
  }
  ir_ctx_free(cx);
}

TEST(round_trip_loops) {
  IrCtx *cx = ir_ctx_new();
  Node *mod = parse_mod(cx, matmul);
  const char *t = "b0 = sch.get_block(name=\"C\", func_name=\"main\")\n"
                  "l1, l2, l3 = sch.get_loops(block=b0)\n"
                  "v4, v5 = sch.sample_perfect_tile(loop=l1, n=2, max_innermost_factor=16, decision=[8, 16])\n"
                  "l6, l7 = sch.split(loop=l1, factors=[v4, v5], preserve_unit_iters=True, disable_predication=False)\n"
                  "l8, l9 = sch.split(loop=l2, factors=[None, 32], preserve_unit_iters=True, disable_predication=False)\n"
                  "sch.reorder(l6, l8, l7, l9)\n"
                  "l10 = sch.fuse(l6, l8, preserve_unit_iters=True)\n"
                  "sch.parallel(loop=l10)\n"
                  "sch.annotate(block_or_loop=l9, ann_key=\"pragma_unroll\", ann_val=4)\n";
  StrBuf err = {0};
  Schedule *s = replay(cx, mod, t, false, &err);
  CHECK(s != NULL);
  if (!s) fprintf(stderr, "%s", err.data);
  if (s) {
    char *p = trace_text(s);
    CHECK_STREQ(p, t);
    free(p);
    check_round_trip(cx, mod, s);
    /* Positional arguments and defaults give the same schedule. */
    const char *pos = "b0 = sch.get_block(\"C\")\n"
                      "l1, l2, l3 = sch.get_loops(b0)\n"
                      "v4, v5 = sch.sample_perfect_tile(l1, 2, decision=[8, 16])\n"
                      "l6, l7 = sch.split(l1, [v4, v5])\n"
                      "l8, l9 = sch.split(l2, factors=[None, 32])\n"
                      "sch.reorder(l6, l8, l7, l9)\n"
                      "l10 = sch.fuse(l6, l8)\n"
                      "sch.parallel(l10)\n"
                      "sch.annotate(l9, \"pragma_unroll\", 4)\n";
    Schedule *r = replay(cx, mod, pos, false, &err);
    CHECK(r != NULL);
    if (!r) fprintf(stderr, "%s", err.data);
    if (r) {
      CHECK(ir_struct_equal(sch_mod(r), sch_mod(s)));
      sch_free(r);
    }
    sch_free(s);
  }
  char *e = apply_error(cx, mod, "b0 = sch.get_block(name=\"C\")\nl1, l2, l3 = sch.get_loops(block=b0)\n"
                                 "l4 = sch.fuse(l1, l3)\n", false);
  CHECK(strstr(e, "trace.py:3:1: error: sch.fuse failed") != NULL);
  if (!strstr(e, "trace.py:3:1")) fprintf(stderr, "%s\n", e);
  free(e);
  sb_free(&err);
  ir_ctx_free(cx);
}

int main(void) {
  RUN(print_getters);
  RUN(sampling_deterministic_and_recorded);
  RUN(decision_replays);
  RUN(round_trip_sampling);
  RUN(json_form);
  RUN(parse_positional_and_wrapped);
  RUN(errors);
  RUN(round_trip_loops);
  for (int i = 0; i < nkept; i++) source_free(kept[i]);
  return harness_report();
}
