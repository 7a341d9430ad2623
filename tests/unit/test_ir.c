/*
 * test_ir.c — the IR core and support layer: dtypes, interning, the
 * table-driven traversal, structural equality modulo renaming, hashing,
 * deep copy, arenas, maps and diagnostics rendering.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "ir/ir.h"
#include "support/json.h"

TEST(dtype_names) {
  const char *names[] = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                         "uint64", "float16", "bfloat16", "float32", "float64", "handle",
                         "float32x16", "int8x4", "void"};
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
    DType t;
    CHECK(dtype_parse(names[i], &t));
    CHECK_STREQ(dtype_str(t), names[i]);
  }
  DType t;
  const char *bad[] = {"", "float", "float8", "int7", "bfloat32", "float32x", "float32x0",
                       "int32x99999", "floaty32", "x4", "int64 "};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) CHECK(!dtype_parse(bad[i], &t));
  CHECK(dtype_bytes(DT_FLOAT32) == 4);
  CHECK(dtype_bytes(dtype_with_lanes(DT_FLOAT16, 8)) == 16);
  CHECK(dtype_bytes(DT_BOOL) == 1);
  CHECK(dtype_int_max(DT_INT8) == 127 && dtype_int_min(DT_INT8) == -128);
  CHECK(dtype_int_max(DT_UINT8) == 255 && dtype_int_min(DT_UINT8) == 0);
  CHECK(dtype_int_max(DT_INT64) == INT64_MAX);
}

TEST(interning) {
  IrCtx *cx = ir_ctx_new();
  Node *i = ir_var(cx, "i", DT_INT32), *i2 = ir_var(cx, "i", DT_INT32);
  CHECK(i != i2); /* vars have identity */
  Node *a = ir_bin(cx, NK_ADD, i, ir_int(cx, DT_INT32, 1));
  Node *b = ir_bin(cx, NK_ADD, i, ir_int(cx, DT_INT32, 1));
  CHECK(a == b);
  CHECK(ir_int(cx, DT_INT32, 1) != ir_int(cx, DT_INT64, 1));
  CHECK(ir_bin(cx, NK_ADD, i2, ir_int(cx, DT_INT32, 1)) != a);
  CHECK(ir_float(cx, DT_FLOAT32, 0.0) != ir_float(cx, DT_FLOAT32, -0.0));
  CHECK(ir_float(cx, DT_FLOAT32, 1.5) == ir_float(cx, DT_FLOAT32, 1.5));
  CHECK(ir_string(cx, "x") == ir_string(cx, "x"));
  CHECK(ir_bin(cx, NK_LT, i, a)->dtype.code == DT_CODE_BOOL);
  /* many distinct nodes: the table grows and lookups stay right */
  Node *first[3000];
  for (int k = 0; k < 3000; k++) first[k] = ir_bin(cx, NK_MUL, i, ir_int(cx, DT_INT32, k));
  for (int k = 0; k < 3000; k++) CHECK(first[k] == ir_bin(cx, NK_MUL, i, ir_int(cx, DT_INT32, k)));
  ir_ctx_free(cx);
}

/* Builds `for v in range(n): A[v] = A[v] + 1.0` with fresh vars. */
static Node *make_loop(IrCtx *cx, const char *vname, int64_t n) {
  Node *v = ir_var(cx, vname, DT_INT32);
  Node *data = ir_var(cx, "A_data", DT_HANDLE);
  Node *buf = ir_alloc(cx, NK_BUFFER, span_none());
  buf->dtype = DT_FLOAT32;
  IrBuffer *B = IR_AS(IrBuffer, buf);
  B->name = intern("A");
  B->data = data;
  Node *ext = ir_int(cx, DT_INT32, n);
  B->shape = ir_list(cx, &ext, 1);
  B->scope = intern("global");
  buf = ir_finish(cx, buf);
  Node *load = ir_buffer_load(cx, buf, &v, 1);
  Node *val = ir_bin(cx, NK_ADD, load, ir_float(cx, DT_FLOAT32, 1.0));
  Node *st = ir_alloc(cx, NK_BUFFER_STORE, span_none());
  IR_AS(IrBufferStore, st)->buffer = buf;
  IR_AS(IrBufferStore, st)->value = val;
  IR_AS(IrBufferStore, st)->indices = ir_list(cx, &v, 1);
  st = ir_finish(cx, st);
  Node *f = ir_alloc(cx, NK_FOR, span_none());
  IrFor *F = IR_AS(IrFor, f);
  F->var = v;
  F->min = ir_int(cx, DT_INT32, 0);
  F->extent = ext;
  F->kind = FOR_SERIAL;
  F->body = st;
  return ir_finish(cx, f);
}

TEST(struct_equal_modulo_renaming) {
  IrCtx *cx = ir_ctx_new();
  Node *a = make_loop(cx, "i", 16), *b = make_loop(cx, "j", 16), *c = make_loop(cx, "i", 17);
  CHECK(a != b);
  CHECK(ir_struct_equal(a, b));
  CHECK(ir_struct_hash(a) == ir_struct_hash(b));
  StrBuf why = {0};
  CHECK(!ir_struct_equal_explain(a, c, &why));
  CHECK(why.data && strstr(why.data, "differs"));
  sb_free(&why);
  /* x + y vs x + x: the bijection refuses to map two vars onto one */
  Node *x = ir_var(cx, "x", DT_INT32), *y = ir_var(cx, "y", DT_INT32);
  CHECK(!ir_struct_equal(ir_bin(cx, NK_ADD, x, y), ir_bin(cx, NK_ADD, x, x)));
  CHECK(!ir_struct_equal(ir_bin(cx, NK_ADD, x, x), ir_bin(cx, NK_ADD, x, y)));
  CHECK(ir_struct_equal(ir_bin(cx, NK_ADD, x, y), ir_bin(cx, NK_ADD, y, x)));
  CHECK(!ir_struct_equal(x, ir_var(cx, "x", DT_INT64))); /* dtype matters */
  CHECK(ir_struct_equal(ir_float(cx, DT_FLOAT32, NAN), ir_float(cx, DT_FLOAT32, NAN)));
  ir_ctx_free(cx);
}

TEST(deep_copy) {
  IrCtx *cx = ir_ctx_new(), *dst = ir_ctx_new();
  Node *a = make_loop(cx, "i", 8);
  Node *b = ir_copy(dst, a);
  CHECK(a != b);
  CHECK(ir_struct_equal(a, b));
  /* the var is shared between loop header and body in the copy as well */
  IrFor *F = IR_AS(IrFor, b);
  IrBufferStore *S = IR_AS(IrBufferStore, F->body);
  CHECK(S->indices.v[0] == F->var);
  /* copies are interned in the destination */
  CHECK(F->min == ir_int(dst, DT_INT32, 0));
  ir_ctx_free(cx);
  /* the copy outlives the source */
  StrBuf sb = {0};
  ir_dump(b, &sb);
  CHECK(strstr(sb.data, "(For") && strstr(sb.data, "%i:int32"));
  sb_free(&sb);
  ir_ctx_free(dst);
}

static Node *swap_one_two(Node *n, void *ud) {
  IrCtx *cx = ud;
  int64_t v;
  if (ir_is_const_int(n, &v) && v == 1) return ir_int(cx, n->dtype, 2);
  return ir_mutate_children(cx, n, swap_one_two, cx);
}

static int nvisited;
static bool count(Node *n, void *ud) {
  (void)n;
  (void)ud;
  nvisited++;
  return true;
}

TEST(mutate_and_walk) {
  IrCtx *cx = ir_ctx_new();
  Node *x = ir_var(cx, "x", DT_INT32);
  Node *e = ir_bin(cx, NK_MUL, ir_bin(cx, NK_ADD, x, ir_int(cx, DT_INT32, 1)), x);
  Node *m = swap_one_two(e, cx);
  CHECK(m == ir_bin(cx, NK_MUL, ir_bin(cx, NK_ADD, x, ir_int(cx, DT_INT32, 2)), x));
  Node *same = ir_bin(cx, NK_MUL, x, x);
  CHECK(swap_one_two(same, cx) == same); /* unchanged returns its input */
  nvisited = 0;
  ir_walk(e, count, NULL);
  CHECK(nvisited == 4); /* Mul, Add, x (once), 1 */
  ir_ctx_free(cx);
}

TEST(substitution) {
  IrCtx *cx = ir_ctx_new();
  Node *loop = make_loop(cx, "i", 8);
  IrFor *F = IR_AS(IrFor, loop);
  Node *j = ir_var(cx, "j", DT_INT32);
  PtrMap m = {0};
  ptrmap_put(&m, F->var, ir_bin(cx, NK_ADD, j, ir_int(cx, DT_INT32, 1)));
  Node *body = ir_subst(cx, F->body, &m);
  IrBufferStore *S = IR_AS(IrBufferStore, body), *S0 = IR_AS(IrBufferStore, F->body);
  CHECK(S->indices.v[0] == ir_bin(cx, NK_ADD, j, ir_int(cx, DT_INT32, 1)));
  CHECK(S->buffer == S0->buffer); /* buffers keep their identity */
  PtrMap none = {0};
  CHECK(ir_subst(cx, F->body, &none) == F->body);
  ptrmap_put(&none, j, j);
  CHECK(ir_subst(cx, F->body, &none) == F->body); /* nothing mapped occurs: unchanged */
  ptrmap_free(&m);
  ptrmap_free(&none);
  ir_ctx_free(cx);
}

TEST(module_lookup_and_attrs) {
  IrCtx *cx = ir_ctx_new();
  Node *gv = ir_alloc(cx, NK_GLOBAL_VAR, span_none());
  IR_AS(IrVar, gv)->name = intern("main");
  gv = ir_finish(cx, gv);
  Node *f = ir_alloc(cx, NK_PRIM_FUNC, span_none());
  Node *pair = ir_alloc(cx, NK_PAIR, span_none());
  IR_AS(IrBinary, pair)->a = ir_string(cx, "global_symbol");
  IR_AS(IrBinary, pair)->b = ir_string(cx, "main");
  pair = ir_finish(cx, pair);
  IR_AS(IrPrimFunc, f)->attrs = ir_list(cx, &pair, 1);
  f = ir_finish(cx, f);
  Node *mp = ir_alloc(cx, NK_PAIR, span_none());
  IR_AS(IrBinary, mp)->a = gv;
  IR_AS(IrBinary, mp)->b = f;
  mp = ir_finish(cx, mp);
  Node *mod = ir_alloc(cx, NK_MODULE, span_none());
  IR_AS(IrModule, mod)->funcs = ir_list(cx, &mp, 1);
  mod = ir_finish(cx, mod);
  CHECK(ir_module_lookup(mod, "main") == f);
  CHECK(ir_module_lookup(mod, "other") == NULL);
  Node *gs = ir_attrs_get(IR_AS(IrPrimFunc, f)->attrs, "global_symbol");
  CHECK(gs && !strcmp(IR_AS(IrStr, gs)->value, "main"));
  ir_ctx_free(cx);
}

TEST(support_maps_and_arena) {
  Arena *a = arena_new();
  char *big = arena_alloc(a, 1 << 20);
  CHECK(big && ((uintptr_t)big & 15) == 0 && big[12345] == 0);
  for (int i = 0; i < 10000; i++) CHECK(arena_alloc(a, (size_t)(i % 100) + 1) != NULL);
  arena_free(a);
  StrMap m = {0};
  char key[32];
  for (int i = 0; i < 1000; i++) {
    snprintf(key, sizeof(key), "k%d", i);
    strmap_put(&m, key, (void *)(intptr_t)(i + 1));
  }
  for (int i = 0; i < 1000; i++) {
    snprintf(key, sizeof(key), "k%d", i);
    CHECK((intptr_t)strmap_get(&m, key) == i + 1);
  }
  CHECK(!strmap_has(&m, "nope"));
  strmap_free(&m);
  CHECK(intern("abc") == intern_n("abcdef", 3));
}

TEST(diagnostic_rendering) {
  const char *text = "line one\n  bad token here\nlast";
  SourceFile *f = source_new("x.py", text, strlen(text));
  DiagCtx d;
  diag_init(&d);
  Span sp = {f, 15, 20}; /* "token" */
  diag_error(&d, sp, "unexpected %s", "token");
  CHECK(diag_errors(&d) == 1);
  StrBuf sb = {0};
  diag_render(&d, &sb);
  CHECK_STREQ(sb.data, "x.py:2:7: error: unexpected token\n    bad token here\n        ^~~~~\n");
  sb_free(&sb);
  Span end = {f, (uint32_t)strlen(text), (uint32_t)strlen(text)};
  diag_error(&d, end, "unexpected end of file");
  diag_render(&d, &sb);
  CHECK(strstr(sb.data, "x.py:3:5: error: unexpected end of file"));
  sb_free(&sb);
  diag_free(&d);
  source_free(f);
}

TEST(json_reading_and_diagnostics) {
  const char *good = "{\"a\": [1, 2, {\"b\": null}]}\n";
  SourceFile *f = source_new("g.json", good, strlen(good));
  DiagCtx d;
  diag_init(&d);
  cJSON *j = json_parse(f, &d);
  CHECK(j && diag_errors(&d) == 0);
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(j, "a")) == 3);
  cJSON_Delete(j);
  source_free(f);
  const char *bad = "{\"a\": [1,\n  2,, 3]}";
  f = source_new("b.json", bad, strlen(bad));
  CHECK(json_parse(f, &d) == NULL && diag_errors(&d) == 1);
  int line, col;
  source_line_col(f, d.items.data[0].span.lo, &line, &col);
  CHECK(line == 2 && col == 5);
  const char *trailing = "[1] x";
  SourceFile *f2 = source_new("t.json", trailing, strlen(trailing));
  CHECK(json_parse(f2, &d) == NULL && diag_errors(&d) == 2);
  StrBuf deep = {0};
  for (int i = 0; i < 5000; i++) sb_putc(&deep, '[');
  SourceFile *f3 = source_new("deep.json", deep.data, deep.len);
  CHECK(json_parse(f3, &d) == NULL); /* nesting limit, no stack overflow */
  sb_free(&deep);
  /* the diagnostics themselves as JSON */
  char *js = diag_render_json(&d);
  cJSON *arr = cJSON_Parse(js);
  CHECK(arr && cJSON_GetArraySize(arr) == 3);
  cJSON *e0 = cJSON_GetArrayItem(arr, 0);
  CHECK_STREQ(cJSON_GetObjectItem(e0, "file")->valuestring, "b.json");
  CHECK(cJSON_GetObjectItem(e0, "line")->valueint == 2);
  CHECK(cJSON_GetObjectItem(e0, "column")->valueint == 5);
  CHECK_STREQ(cJSON_GetObjectItem(e0, "severity")->valuestring, "error");
  cJSON_Delete(arr);
  free(js);
  diag_free(&d);
  source_free(f);
  source_free(f2);
  source_free(f3);
}

int main(void) {
  RUN(dtype_names);
  RUN(interning);
  RUN(struct_equal_modulo_renaming);
  RUN(deep_copy);
  RUN(mutate_and_walk);
  RUN(substitution);
  RUN(module_lookup_and_attrs);
  RUN(support_maps_and_arena);
  RUN(diagnostic_rendering);
  RUN(json_reading_and_diagnostics);
  return harness_report();
}
