/*
 * fuzz_script.c — libFuzzer target for the TVMScript front end: any byte
 * string goes through the parser, and whatever parses goes through the
 * checker and the printer, and the printed text must parse again.  Crashes,
 * hangs, leaks and sanitizer reports are findings.
 */
#include <stdint.h>
#include <stdlib.h>

#include "ir/check.h"
#include "script/script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  IrCtx *cx = ir_ctx_new();
  DiagCtx d;
  diag_init(&d);
  SourceFile *f = source_new("fuzz.py", (const char *)data, size);
  Node *root = script_parse(cx, f, &d);
  StrBuf sb = {0};
  diag_render(&d, &sb);
  sb_free(&sb);
  if (root) {
    ir_check(root, &d);
    script_print(root, &sb);
    /* The printed form of anything we accept must parse again. */
    DiagCtx d2;
    diag_init(&d2);
    SourceFile *f2 = source_new("printed.py", sb.data, sb.len);
    Node *again = script_parse(cx, f2, &d2);
    if (!again) {
      diag_print(&d2, stderr);
      fprintf(stderr, "printed text:\n%s", sb.data);
      abort();
    }
    diag_free(&d2);
    source_free(f2);
    sb_free(&sb);
  }
  diag_free(&d);
  source_free(f);
  ir_ctx_free(cx);
  return 0;
}
