/*
 * fuzz_trace.c — libFuzzer target for schedule traces: any byte string is
 * applied to a small matmul schedule both as TVM's Python trace form and as
 * MetaSchedule's JSON trace.  Whatever applies must print a trace that
 * replays to the same trace text.  Crashes, hangs, leaks and sanitizer
 * reports are findings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "script/script.h"
#include "tir/schedule/schedule.h"

static const char module_text[] =
    "@T.prim_func\n"
    "def main(A: T.Buffer((64, 64), \"float32\"), B: T.Buffer((64, 64), \"float32\"),\n"
    "         C: T.Buffer((64, 64), \"float32\")):\n"
    "    for i, j in T.grid(64, 64):\n"
    "        with T.block(\"B\"):\n"
    "            vi, vj = T.axis.remap(\"SS\", [i, j])\n"
    "            B[vi, vj] = A[vi, vj] + T.float32(1)\n"
    "    for i, j, k in T.grid(64, 64, 64):\n"
    "        with T.block(\"C\"):\n"
    "            vi, vj, vk = T.axis.remap(\"SSR\", [i, j, k])\n"
    "            with T.init():\n"
    "                C[vi, vj] = T.float32(0)\n"
    "            C[vi, vj] = C[vi, vj] + B[vi, vk] * B[vk, vj]\n";

static char *print_trace(const Schedule *s) {
  StrBuf sb = {0};
  sch_trace_print(s, &sb);
  return sb.data ? sb_take(&sb) : calloc(1, 1);
}

/* Replay the printed trace of s on a fresh schedule: it must apply and
 * print the same. */
static void check_replay(IrCtx *cx, Node *mod, const Schedule *s) {
  char *t = print_trace(s);
  Schedule *r = sch_new(cx, mod, "main", 1);
  SourceFile *f = source_new("printed.py", t, strlen(t));
  DiagCtx d;
  diag_init(&d);
  if (sch_trace_apply_text(r, f, &d) != 0) {
    diag_print(&d, stderr);
    fprintf(stderr, "printed trace:\n%s", t);
    abort();
  }
  char *t2 = print_trace(r);
  if (strcmp(t, t2) != 0) {
    fprintf(stderr, "trace changed on replay:\n%s---\n%s", t, t2);
    abort();
  }
  free(t2);
  diag_free(&d);
  source_free(f);
  sch_free(r);
  free(t);
}

static void run_one(IrCtx *cx, Node *mod, const uint8_t *data, size_t size, bool json) {
  Schedule *s = sch_new(cx, mod, "main", 1);
  SourceFile *f = source_new("fuzz_trace", (const char *)data, size);
  DiagCtx d;
  diag_init(&d);
  int rc = json ? sch_trace_apply_json(s, f, &d) : sch_trace_apply_text(s, f, &d);
  StrBuf sb = {0};
  diag_render(&d, &sb);
  sb_free(&sb);
  if (rc == 0) check_replay(cx, mod, s);
  char *j = sch_trace_to_json(s);
  free(j);
  diag_free(&d);
  source_free(f);
  sch_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  IrCtx *cx = ir_ctx_new();
  DiagCtx d;
  diag_init(&d);
  SourceFile *mf = source_new("m.py", module_text, sizeof(module_text) - 1);
  Node *mod = script_parse(cx, mf, &d);
  if (!mod) abort();
  run_one(cx, mod, data, size, false);
  run_one(cx, mod, data, size, true);
  diag_free(&d);
  source_free(mf);
  ir_ctx_free(cx);
  return 0;
}
