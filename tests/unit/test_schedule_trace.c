/*
 * test_schedule_trace.c — traces: printing in TVM's Python form, parsing it
 * back (keyword and positional arguments), replaying on a fresh schedule,
 * the MetaSchedule JSON form, sampling decisions, and the errors a bad trace
 * gives (unknown method, bad argument, a failing step names its line).
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "sched_util.h"

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

static Node *parse_mod(IrCtx *cx, const char *text) { return sched_parse(cx, "t.py", text); }

static char *trace_text(const Schedule *s) {
  StrBuf sb = {0};
  sch_trace_print(s, &sb);
  return sb_take(&sb);
}

/* Apply text to a fresh schedule; returns it (NULL on failure, message in err). */
static Schedule *replay(IrCtx *cx, Node *mod, const char *text, bool json, StrBuf *err) {
  return sched_replay(cx, mod, 7, "trace.py", text, json, err);
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

/* The layout kinds in TVM's form: `buffer=("read", 0)`, a pad value given as
 * a plain number, T.float32(...) or an index map, printed back as TVM does. */
TEST(layout_forms) {
  IrCtx *cx = ir_ctx_new();
  Node *mod = parse_mod(cx, matmul);
  static const char *const pads[] = {"0.0", "T.float32(0.0)", "lambda x, y: (T.float32(0.0),)"};
  for (int i = 0; i < 3; i++) {
    StrBuf t = {0}, err = {0};
    sb_printf(&t, "b0 = sch.get_block(\"C\", \"main\")\n"
                  "sch.transform_layout(b0, (\"read\", 0), lambda i, j: (j, i), pad_value=%s)\n"
                  "b1 = sch.reindex(b0, (\"write\", 0))\n", pads[i]);
    Schedule *s = replay(cx, mod, t.data, false, &err);
    CHECK(s != NULL);
    if (!s) fprintf(stderr, "%s", err.data);
    if (s) {
      char *p = trace_text(s);
      CHECK_STREQ(p, "b0 = sch.get_block(name=\"C\", func_name=\"main\")\n"
                     "sch.transform_layout(block=b0, buffer=(\"read\", 0), index_map=lambda i, j: (j, i,), "
                     "pad_value=lambda indices_0, indices_1: (T.float32(0.0),), assume_injective_transform=False)\n"
                     "b1 = sch.reindex(block=b0, buffer=(\"write\", 0))\n");
      char *j = sch_trace_to_json(s);
      CHECK(strstr(j, "[\"TransformLayout\", [\"b0\", \"lambda i, j: (j, i,)\"], [0, 0, \"T.float32(0.0)\", 0], []]") != NULL);
      CHECK(strstr(j, "[\"ReIndex\", [\"b0\"], [0, 1], [\"b1\"]]") != NULL);
      free(j);
      free(p);
      sch_free(s);
    }
    sb_free(&t);
    sb_free(&err);
  }
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

/* A trace is user input: every kind checks its arguments' kinds, counts
 * and ranges, and names the method and the argument. */
TEST(argument_errors) {
  IrCtx *cx = ir_ctx_new();
  Node *mod = parse_mod(cx, matmul);
  const char *pre = "b0 = sch.get_block(name=\"C\")\nl1, l2, l3 = sch.get_loops(block=b0)\n";
  static const struct { const char *call, *want; } cases[] = {
      {"sch.annotate(l1, 3, 4)", "annotate: argument 'ann_key' must be a string, got an integer"},
      {"sch.annotate(block_or_loop=7, ann_key=\"k\", ann_val=1)",
       "annotate: argument 'block_or_loop' must be a block or loop reference, got an integer"},
      {"sch.annotate(l1, \"k\", [l2])", "annotate: argument 'ann_val' must be an integer, float"},
      {"sch.unannotate(l1, None)", "unannotate: argument 'ann_key' must be a string, got None"},
      {"sch.split(loop=b0, factors=[None, 4])",
       "split: argument 'loop' must be a loop reference, got a block reference"},
      {"sch.split(loop=l1, factors=[None, \"x\"])",
       "split: argument 'factors[1]' must be a positive integer, an expression reference or None, got a string"},
      {"sch.split(loop=l1, factors=[None, 0])", "argument 'factors[1]' must be a positive integer"},
      {"sch.split(loop=l1, factors=[None, 4], preserve_unit_iters=2)",
       "split: argument 'preserve_unit_iters' must be a boolean, got an integer"},
      {"sch.split(loop=l1, factors=4)", "argument 'factors' must be a list"},
      {"sch.fuse(l1, b0)", "fuse: argument 'loops[1]' must be a loop reference, got a block reference"},
      {"sch.reorder(l2, 1)", "reorder: argument 'loops[1]' must be a loop reference, got an integer"},
      {"sch.parallel(loop=3)", "parallel: argument 'loop' must be a loop reference, got an integer"},
      {"sch.vectorize(loop=\"l3\")", "vectorize: argument 'loop' must be a loop reference, got a string"},
      {"sch.unroll(loop=None)", "unroll: argument 'loop' must be a loop reference, got None"},
      {"sch.bind(loop=l1, thread_axis=0)", "bind: argument 'thread_axis' must be a string, got an integer"},
      {"sch.add_unit_loop(block_or_loop=1.5)", "add_unit_loop: argument 'block_or_loop' must be"},
      {"b9 = sch.get_block(name=3)", "get_block: argument 'name' must be a string, got an integer"},
      {"b9 = sch.get_block(name=\"C\", func_name=4)", "get_block: argument 'func_name' must be a string or None"},
      {"x = sch.get_loops(block=l1)", "get_loops: argument 'block' must be a block reference, got a loop reference"},
      {"x = sch.get_child_blocks(7)", "get_child_blocks: argument 'block_or_loop' must be"},
      {"x = sch.get_producers(block=\"C\")", "get_producers: argument 'block' must be a block reference"},
      {"x = sch.get_consumers(block=l2)", "get_consumers: argument 'block' must be a block reference"},
      {"b9 = sch.cache_read(block=b0, read_buffer_index=99999999999, storage_scope=\"shared\")",
       "cache_read: argument 'read_buffer_index' must be a 32-bit integer, got an integer out of range"},
      {"b9 = sch.cache_read(block=b0, read_buffer_index=0, storage_scope=None)",
       "cache_read: argument 'storage_scope' must be a string, got None"},
      {"b9 = sch.cache_write(block=b0, write_buffer_index=0, storage_scope=\"local\", consumer_blocks=[l1])",
       "cache_write: argument 'consumer_blocks' must be a list of block references"},
      {"sch.set_scope(block=b0, buffer_index=\"0\", storage_scope=\"shared\")",
       "set_scope: argument 'buffer_index' must be a 32-bit integer, got a string"},
      {"sch.storage_align(block=b0, buffer_index=0, axis=0, factor=True, offset=1)",
       "storage_align: argument 'factor' must be a 32-bit integer, got a boolean"},
      {"sch.compute_at(block=b0, loop=l1, preserve_unit_loops=7)",
       "compute_at: argument 'preserve_unit_loops' must be a boolean, got an integer"},
      {"sch.reverse_compute_at(block=l1, loop=l2)", "reverse_compute_at: argument 'block' must be a block reference"},
      {"sch.compute_inline(block=l1)", "compute_inline: argument 'block' must be a block reference"},
      {"sch.reverse_compute_inline(block=None)", "reverse_compute_inline: argument 'block' must be"},
      {"b9 = sch.decompose_reduction(block=b0, loop=b0)",
       "decompose_reduction: argument 'loop' must be a loop reference, got a block reference"},
      {"b9 = sch.rfactor(loop=l3, factor_axis=\"0\")", "rfactor: argument 'factor_axis' must be a 32-bit integer"},
      {"sch.tensorize(block_or_loop=l2, tensor_intrin=3)",
       "tensorize: argument 'tensor_intrin' must be a string, got an integer"},
      {"v, w = sch.sample_perfect_tile(loop=b0, n=2)", "sample_perfect_tile: argument 'loop' must be a loop reference"},
      {"v, w = sch.sample_perfect_tile(loop=l1, n=\"2\")", "sample_perfect_tile: argument 'n' must be a 32-bit integer"},
      {"v = sch.sample_categorical(candidates=[\"a\"], probs=[1.0])",
       "sample_categorical: argument 'candidates' must be a list of 32-bit integers"},
      {"v = sch.sample_categorical(candidates=[1], probs=\"x\")",
       "sample_categorical: argument 'probs' must be a list of numbers, got a string"},
      {"v = sch.sample_compute_location(block=l1)", "sample_compute_location: argument 'block' must be a block"},
      {"b9 = sch.blockize(target=5)", "must be a loop reference"},
      {"b9 = sch.reindex(block=b0, buffer=(\"left\", 0))", "argument 'buffer' must be (\"read\" or \"write\", index)"},
      {"b9 = sch.reindex(block=b0, buffer=0)", "sch.reindex(): argument 'buffer' must be"},
      {"b9 = sch.reindex(block=b0, buffer=(\"read\", \"x\"))", "argument 'buffer' must be"},
      {"b9 = sch.reindex(block=b0, buffer=(\"read\", 0, 1))", "argument 'buffer' must be"},
      {"b9 = sch.reindex(block=b0)", "sch.reindex() is missing argument 'buffer'"},
      {"b9 = sch.reindex(block=b0, buffer=(\"read\", 5))", "index 5 is out of range"},
      {"sch.transform_layout(b0, (\"write\", 0), lambda i, j: (j, i), pad_value=lambda i, j: (i,))",
       "transform_layout: argument 'pad_value' must be a constant or None"},
      {"sch.transform_layout(b0, (\"write\", 0), lambda i, j: (j, i), pad_value=l1)",
       "transform_layout: argument 'pad_value' must be a constant or None"},
      {"sch.transform_layout(b0, (\"write\", 0), lambda i, j: (j, i), pad_value=T.float32(l1))",
       "T.float32() takes one number of its type"},
      {"sch.transform_layout(b0, (\"write\", 0), lambda i, j: (j, i), pad_value=max(1, 2))",
       "unsupported call in a trace"},
      {"sch.transform_layout(b0, (\"write\", 0), lambda i, j: (j, i), pad_value=T.int32(0))",
       "the pad value's type does not match buffer C"},
      {"sch.transform_layout(b0, (\"write\", 0), lambda i, j: (j, i), assume_injective_transform=2)",
       "argument 'assume_injective_transform' must be a boolean"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    StrBuf text = {0};
    sb_printf(&text, "%s%s\n", pre, cases[i].call);
    char *e = apply_error(cx, mod, text.data, false);
    CHECK(strstr(e, cases[i].want) != NULL);
    if (!strstr(e, cases[i].want)) fprintf(stderr, "case %zu: want '%s', got:\n%s\n", i, cases[i].want, e);
    free(e);
    sb_free(&text);
  }
  /* The JSON form: counts are checked against the kind before any apply. */
  static const struct { const char *text, *want; } jcases[] = {
      {"[[[\"GetBlock\", [], [\"C\", \"main\"], [\"b0\"]], [\"Parallel\", [], [], []]], []]",
       "parallel: expects 1 inputs, got 0"},
      {"[[[\"GetBlock\", [], [\"C\"], [\"b0\"]]], []]", "get_block: expects 2 attributes, got 1"},
      {"[[[\"Blockize\", [], [1], [\"b1\"]]], []]", "blockize: expects 1 inputs, got 0"},
      {"[[[\"ReIndex\", [\"None\"], [], [\"b1\"]]], []]", "reindex: expects 2 attributes, got 0"},
      {"[[[\"GetBlock\", [], [\"C\", \"main\"], [\"b0\"]], [\"TransformLayout\", [\"b0\", \"lambda i, j: (j, i,)\", "
       "\"None\"], [0, 1, 0], []]], []]",
       "transform_layout: expects 2 inputs, got 3"},
      {"[[[\"GetBlock\", [], [\"C\", \"main\"], [\"b0\"]], [\"TransformLayout\", [\"b0\", \"lambda i, j: (j, i,)\"], "
       "[0, 1, \"T.float32(x)\", 0], []]], []]",
       "invalid index map 'T.float32(x)'"},
      {"[[[\"GetBlock\", [], [\"C\", \"main\"], [\"b0\"]], [\"Annotate\", [\"b0\", 1], [7], []]], []]",
       "annotate: argument 'ann_key' must be a string, got an integer"},
      {"[[[\"GetBlock\", [], [\"C\", \"main\"], [\"b0\"]], [\"Reorder\", [\"b0\"], [], []]], []]",
       "reorder: argument 'loops[0]' must be a loop reference, got a block reference"},
      {"[[[\"GetBlock\", [], [\"C\", \"main\"], [\"b0\"]], [\"Blockize\", [\"\\\"x\\\"\"], [1], [\"b1\"]]], []]",
       "instruction 1 (Blockize) failed"},
  };
  for (size_t i = 0; i < sizeof(jcases) / sizeof(jcases[0]); i++) {
    char *e = apply_error(cx, mod, jcases[i].text, true);
    CHECK(strstr(e, jcases[i].want) != NULL);
    if (!strstr(e, jcases[i].want)) fprintf(stderr, "json case %zu: want '%s', got:\n%s\n", i, jcases[i].want, e);
    free(e);
  }
  ir_ctx_free(cx);
}

/* A sampled value may be an annotation's value; a list becomes an array. */
TEST(annotate_values) {
  IrCtx *cx = ir_ctx_new();
  Node *mod = parse_mod(cx, matmul);
  const char *t = "b0 = sch.get_block(name=\"C\")\nl1, l2, l3 = sch.get_loops(block=b0)\n"
                  "v4 = sch.sample_categorical(candidates=[0, 16], probs=[0.5, 0.5], decision=1)\n"
                  "sch.annotate(block_or_loop=l1, ann_key=\"unroll\", ann_val=v4)\n"
                  "sch.annotate(block_or_loop=b0, ann_key=\"tags\", ann_val=[1, 2])\n";
  StrBuf err = {0};
  Schedule *s = replay(cx, mod, t, false, &err);
  CHECK(s != NULL);
  if (!s) fprintf(stderr, "%s", err.data);
  if (s) {
    StrBuf m = {0};
    script_print(sch_mod(s), &m);
    CHECK(strstr(m.data, "\"unroll\": 16") != NULL);
    CHECK(strstr(m.data, "\"tags\": [1, 2]") != NULL);
    if (!strstr(m.data, "\"tags\": [1, 2]")) fprintf(stderr, "%s", m.data);
    sb_free(&m);
    check_round_trip(cx, mod, s);
    sch_free(s);
  }
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
  RUN(layout_forms);
  RUN(errors);
  RUN(round_trip_loops);
  RUN(argument_errors);
  RUN(annotate_values);
  return harness_report();
}
