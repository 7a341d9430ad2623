/*
 * test_script_tir.c — the TIR half of TVMScript: every construct parses,
 * prints in TVM v0.23's canonical form, and round-trips (print(parse(
 * print(m))) byte-identical, parse(print(m)) structurally equal to m); the
 * older spellings parse to the canonical form; bad input gives a diagnostic
 * naming what and where, never a crash.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "script/script.h"

#define HDR "# from tvm.script import tir as T\n\n"
#define MHDR "# from tvm.script import ir as I\n# from tvm.script import tir as T\n\n"

/* Sources parsed so far: spans point into them, so they are freed only at
 * the end (sources_free). */
static PtrVec sources;

static void sources_free(void) {
  for (int32_t i = 0; i < sources.len; i++) source_free(sources.data[i]);
  ptrvec_free(&sources);
}

/* Parse src; NULL (with the rendered diagnostics in *err) on failure. */
static Node *parse(IrCtx *cx, const char *src, char **err) {
  DiagCtx d;
  diag_init(&d);
  SourceFile *f = source_new("t.py", src, strlen(src));
  Node *r = script_parse(cx, f, &d);
  if (err) {
    StrBuf sb = {0};
    diag_render(&d, &sb);
    *err = sb_take(&sb);
  }
  diag_free(&d);
  ptrvec_push(&sources, f);
  return r;
}

static char *print(const Node *n) {
  StrBuf sb = {0};
  script_print(n, &sb);
  return sb_take(&sb);
}

/* Parse src, print it (checked against expect when given), then check
 * the round trip.  Returns true when all held. */
static bool roundtrip(const char *src, const char *expect) {
  IrCtx *cx = ir_ctx_new();
  char *err = NULL;
  bool ok = true;
  Node *m = parse(cx, src, &err);
  if (!m) {
    fprintf(stderr, "parse failed:\n%s\n", err);
    ok = false;
  } else {
    char *p1 = print(m);
    if (expect && strcmp(p1, expect)) {
      fprintf(stderr, "printed:\n%s\nexpected:\n%s\n", p1, expect);
      ok = false;
    }
    char *err2 = NULL;
    Node *m2 = parse(cx, p1, &err2);
    if (!m2) {
      fprintf(stderr, "reparse failed:\n%s\n%s\n", p1, err2);
      ok = false;
    } else {
      char *p2 = print(m2);
      if (strcmp(p1, p2)) {
        fprintf(stderr, "second print differs:\n%s\nvs\n%s\n", p1, p2);
        ok = false;
      }
      StrBuf why = {0};
      if (!ir_struct_equal_explain(m, m2, &why)) {
        fprintf(stderr, "not structurally equal: %s\n%s\n", why.data, p1);
        ok = false;
      }
      sb_free(&why);
      free(p2);
    }
    free(err2);
    free(p1);
  }
  free(err);
  ir_ctx_free(cx);
  return ok;
}

/* The source must fail with a diagnostic containing `want`. */
static bool fails_with(const char *src, const char *want) {
  IrCtx *cx = ir_ctx_new();
  char *err = NULL;
  Node *m = parse(cx, src, &err);
  bool ok = !m && err && strstr(err, want);
  if (!ok) fprintf(stderr, "expected an error containing '%s', got:\n%s\n", want, m ? "(parsed)" : err);
  free(err);
  ir_ctx_free(cx);
  return ok;
}

/* A bare function with the given signature line and body (4-space indented). */
static char *func(const char *sig, const char *body) {
  StrBuf sb = {0};
  sb_printf(&sb, HDR "@T.prim_func\ndef main(%s):\n%s", sig, body);
  return sb_take(&sb);
}

static bool rt_body(const char *sig, const char *body) {
  char *s = func(sig, body);
  bool ok = roundtrip(s, s);
  free(s);
  return ok;
}

static bool err_body(const char *sig, const char *body, const char *want) {
  char *s = func(sig, body);
  bool ok = fails_with(s, want);
  free(s);
  return ok;
}

/* ---- functions and signatures ---------------------------------------------------- */

TEST(matmul_module) {
  const char *src = MHDR
      "@I.ir_module\n"
      "class Module:\n"
      "    @T.prim_func\n"
      "    def matmul(A: T.Buffer((128, 128), \"float32\"), B: T.Buffer((128, 128), \"float32\"), C: T.Buffer((128, 128), \"float32\")):\n"
      "        T.func_attr({\"tir.noalias\": True})\n"
      "        # with T.block(\"root\"):\n"
      "        for i, j, k in T.grid(128, 128, 128):\n"
      "            with T.block(\"C\"):\n"
      "                vi, vj, vk = T.axis.remap(\"SSR\", [i, j, k])\n"
      "                T.reads(A[vi, vk], B[vj, vk])\n"
      "                T.writes(C[vi, vj])\n"
      "                with T.init():\n"
      "                    C[vi, vj] = T.float32(0.0)\n"
      "                C[vi, vj] = C[vi, vj] + A[vi, vk] * B[vj, vk]\n";
  CHECK(roundtrip(src, src));
}

TEST(implicit_root_structure) {
  IrCtx *cx = ir_ctx_new();
  char *s = func("A: T.Buffer((4,), \"float32\")",
                 "    X = T.alloc_buffer((4,))\n"
                 "    for i in range(4):\n"
                 "        with T.block(\"b\"):\n"
                 "            vi = T.axis.spatial(4, i)\n"
                 "            T.reads()\n"
                 "            T.writes(X[vi])\n"
                 "            X[vi] = A[vi]\n");
  Node *f = parse(cx, s, NULL);
  CHECK(f && f->kind == NK_PRIM_FUNC);
  if (f) {
    const Node *b = IR_AS(IrPrimFunc, f)->body;
    CHECK(b->kind == NK_BLOCK_REALIZE);
    const IrBlock *root = IR_AS(IrBlock, IR_AS(IrBlockRealize, b)->block);
    CHECK(!strcmp(root->name, "root"));
    CHECK(root->alloc_buffers.n == 1);
    CHECK(root->body->kind == NK_FOR);
    /* global_symbol added from the name */
    Node *gs = ir_attrs_get(IR_AS(IrPrimFunc, f)->attrs, "global_symbol");
    CHECK(gs && !strcmp(IR_AS(IrStr, gs)->value, "main"));
    CHECK(IR_AS(IrPrimFunc, f)->buffer_map.n == 1);
  }
  free(s);
  ir_ctx_free(cx);
  /* printed as a comment line, allocations at function level */
  s = func("A: T.Buffer((4,), \"float32\")",
           "    # with T.block(\"root\"):\n"
           "    X = T.alloc_buffer((4,))\n"
           "    for i in range(4):\n"
           "        with T.block(\"b\"):\n"
           "            vi = T.axis.spatial(4, i)\n"
           "            T.reads()\n"
           "            T.writes(X[vi])\n"
           "            X[vi] = A[vi]\n");
  CHECK(roundtrip(s, s));
  free(s);
}

TEST(private_and_global_symbol) {
  CHECK(roundtrip(HDR "@T.prim_func(private=True)\ndef main(x: T.int32):\n    T.evaluate(x)\n",
                  HDR "@T.prim_func(private=True)\ndef main(x: T.int32):\n    T.evaluate(x)\n"));
  /* a global_symbol unlike the name stays printed */
  const char *m = MHDR "@I.ir_module\nclass Module:\n    @T.prim_func\n    def f(x: T.int32):\n"
                       "        T.func_attr({\"global_symbol\": \"g\", \"k\": 1})\n        T.evaluate(x)\n";
  CHECK(roundtrip(m, m));
  IrCtx *cx = ir_ctx_new();
  Node *f = parse(cx, HDR "@T.prim_func(private=True)\ndef main(x: T.int32):\n    T.evaluate(x)\n", NULL);
  CHECK(f && !ir_attrs_get(IR_AS(IrPrimFunc, f)->attrs, "global_symbol"));
  ir_ctx_free(cx);
}

TEST(func_attrs_values) {
  CHECK(rt_body("x: T.int32", "    T.func_attr({\"a\": 1, \"b\": True, \"c\": \"s\", \"d\": [1, \"x\"], "
                              "\"e\": {\"k\": T.int64(3)}, \"f\": T.float32(0.5)})\n    T.evaluate(x)\n"));
}

TEST(match_buffer_symbolic) {
  const char *body = "    n = T.int64()\n"
                     "    A = T.match_buffer(a, (n, 4), \"float16\")\n"
                     "    m = T.int32()\n"
                     "    B = T.match_buffer(b, (m,), strides=(\"s0\",), elem_offset=2, scope=\"shared\", "
                     "align=32, offset_factor=4, buffer_type=\"auto\", axis_separators=[1])\n"
                     "    for i in range(n):\n"
                     "        A[i, 0] = A[i, 1]\n"
                     "    B[0] = B[m - 1] + T.Cast(\"float32\", B.strides[0])\n";
  CHECK(rt_body("a: T.handle, b: T.handle", body));
  /* a handle param whose buffer is plain prints as an annotation */
  char *s = func("a: T.handle", "    A = T.match_buffer(a, (4, 4))\n    A[0, 0] = T.float32(1.0)\n");
  CHECK(roundtrip(s, HDR "@T.prim_func\ndef main(A: T.Buffer((4, 4), \"float32\")):\n"
                         "    A[0, 0] = T.float32(1.0)\n"));
  free(s);
  /* shared data pointers: the second buffer says data=A.data */
  CHECK(rt_body("a: T.handle, b: T.handle",
                "    A = T.match_buffer(a, (128, 128))\n    B = T.match_buffer(b, (256, 256), data=A.data)\n"
                "    B[0, 0] = A[0, 0]\n"));
}

TEST(symbolic_var_forms) {
  char *s = func("x: T.int32", "    n = T.var(\"int64\")\n    T.evaluate(n + T.int64(1) + T.Cast(\"int64\", x))\n");
  CHECK(roundtrip(s, HDR "@T.prim_func\ndef main(x: T.int32):\n    n = T.int64()\n"
                         "    T.evaluate(n + T.int64(1) + T.Cast(\"int64\", x))\n"));
  free(s);
  CHECK(rt_body("x: T.int32", "    s = T.int32(is_size_var=True)\n    T.evaluate(s + x)\n"));
  CHECK(rt_body("p: T.handle(\"float32\", \"global\"), q: T.handle", "    T.call_extern(\"int32\", \"f\", p, q)\n"));
}

TEST(return_type) { CHECK(rt_body("x: T.int32", "    T.evaluate(x)\n")); }

TEST(older_spellings) {
  char *s = func("A: T.Buffer[(8, 4), \"float32\"]",
                 "    for i in range(8):\n"
                 "        with T.sblock(\"b\"):\n"
                 "            vi = T.axis.spatial(8, i)\n"
                 "            T.reads([A[vi, 0:4]])\n"
                 "            T.writes([A[vi, 0]])\n"
                 "            A[vi, 0] = A[vi, 1]\n");
  CHECK(roundtrip(s, HDR "@T.prim_func\ndef main(A: T.Buffer((8, 4), \"float32\")):\n"
                         "    # with T.block(\"root\"):\n"
                         "    for i in range(8):\n"
                         "        with T.block(\"b\"):\n"
                         "            vi = T.axis.spatial(8, i)\n"
                         "            T.reads(A[vi, 0:4])\n"
                         "            T.writes(A[vi, 0])\n"
                         "            A[vi, 0] = A[vi, 1]\n"));
  free(s);
}

/* ---- loops ---------------------------------------------------------------------------------- */

TEST(loops) {
  CHECK(rt_body("A: T.Buffer((16,), \"float32\"), n: T.int32",
                "    for i in range(n):\n"
                "        A[i] = T.float32(0.0)\n"
                "    for i_1 in range(2, 10):\n"
                "        A[i_1] = T.float32(1.0)\n"
                "    for i_2 in T.parallel(4):\n"
                "        A[i_2] = T.float32(2.0)\n"
                "    for i_3 in T.vectorized(4):\n"
                "        A[i_3] = T.float32(3.0)\n"
                "    for i_4 in T.unroll(1, 3):\n"
                "        A[i_4] = T.float32(4.0)\n"
                "    for i_5 in T.serial(4, annotations={\"pragma_auto_unroll_max_step\": 16}):\n"
                "        A[i_5] = T.float32(5.0)\n"
                "    for i_6 in T.thread_binding(16, thread=\"threadIdx.x\"):\n"
                "        A[i_6] = T.float32(6.0)\n"
                "    for i_7, j in T.grid(4, 4):\n"
                "        A[i_7 * 4 + j] = T.float32(7.0)\n"
                "    for i_8 in range(4):\n"
                "        for j_1 in range(i_8):\n"
                "            A[j_1] = T.float32(8.0)\n"));
  /* T.serial without annotations is range; a nest with nonzero min is not a grid */
  char *s = func("A: T.Buffer((16,), \"float32\")", "    for i in T.serial(4):\n        for j in range(1, 4):\n"
                                                     "            A[i + j] = T.float32(0.0)\n");
  CHECK(roundtrip(s, HDR "@T.prim_func\ndef main(A: T.Buffer((16,), \"float32\")):\n    for i in range(4):\n"
                         "        for j in range(1, 4):\n            A[i + j] = T.float32(0.0)\n"));
  free(s);
  /* int64 loops: the min takes the extent's type */
  CHECK(rt_body("A: T.Buffer((T.int64(16),), \"float32\")",
                "    for i in range(T.int64(16)):\n        A[i] = T.float32(0.0)\n"
                "    for i_1 in range(T.int64(2), T.int64(16)):\n        A[i_1] = T.float32(0.0)\n"));
  CHECK(rt_body("A: T.Buffer((16,), \"float32\"), n: T.int32",
                "    for i in range(n, n + 4):\n        A[i] = T.float32(0.0)\n"));
}

/* ---- blocks -------------------------------------------------------------------------------- */

TEST(block_axes) {
  CHECK(rt_body("A: T.Buffer((8, 8), \"float32\"), B: T.Buffer((8,), \"float32\")",
                "    # with T.block(\"root\"):\n"
                "    for i, j in T.grid(8, 8):\n"
                "        with T.block(\"b\"):\n"
                "            vi, vj = T.axis.remap(\"SR\", [i, j])\n"
                "            vk = T.axis.spatial((2, 6), i // 2)\n"
                "            vo = T.axis.opaque(8, j)\n"
                "            vs = T.axis.scan(8, i)\n"
                "            T.where(i < 7)\n"
                "            T.reads(A[vi, 0:8])\n"
                "            T.writes(B[vi])\n"
                "            T.block_attr({\"meta_schedule.x\": 1})\n"
                "            S = T.alloc_buffer((2, 2), \"int32\", scope=\"local\")\n"
                "            Sub = T.match_buffer(A[vi, 0:4], (4,))\n"
                "            with T.init():\n"
                "                B[vi] = T.float32(0.0)\n"
                "            B[vi] = B[vi] + Sub[vj % 4] + T.Cast(\"float32\", vk + vo + vs + S[0, 0])\n"));
  /* remap groups and breaks */
  CHECK(rt_body("A: T.Buffer((8, 8, 8), \"float32\")",
                "    # with T.block(\"root\"):\n"
                "    for i, j, k in T.grid(8, 8, 8):\n"
                "        with T.block(\"b\"):\n"
                "            vi, vj = T.axis.remap(\"SR\", [i, j])\n"
                "            vx = T.axis.spatial(8, k // 2)\n"
                "            vk = T.axis.spatial(8, k)\n"
                "            T.reads()\n"
                "            T.writes(A[vi, vj, vk])\n"
                "            A[vi, vj, vk] = T.Cast(\"float32\", vx)\n"));
  /* a lone block with no axes is not wrapped in a root block */
  CHECK(rt_body("A: T.Buffer((1,), \"float32\")",
                "    with T.block(\"only\"):\n"
                "        T.reads()\n"
                "        T.writes(A[0])\n"
                "        A[0] = T.float32(1.0)\n"));
}

TEST(block_regions_whole_axis) {
  char *s = func("A: T.Buffer((8, 4), \"float32\")",
                 "    with T.block(\"b\"):\n"
                 "        T.reads(A[:, 1:3])\n"
                 "        T.writes(A)\n"
                 "        A[0, 0] = T.float32(1.0)\n");
  CHECK(roundtrip(s, HDR "@T.prim_func\ndef main(A: T.Buffer((8, 4), \"float32\")):\n"
                         "    with T.block(\"b\"):\n"
                         "        T.reads(A[0:8, 1:3])\n"
                         "        T.writes(A[0:8, 0:4])\n"
                         "        A[0, 0] = T.float32(1.0)\n"));
  free(s);
}

/* ---- scoped statements ---------------------------------------------------------------------- */

TEST(concise_scopes) {
  CHECK(rt_body("A: T.Buffer((16,), \"float32\"), n: T.int32",
                "    y: T.int32 = n * 2 + 1\n"
                "    assert y > 0, \"positive\"\n"
                "    T.attr(A.data, \"storage_alignment\", 128)\n"
                "    B = T.allocate([32], \"float16\", \"shared\")\n"
                "    C = T.decl_buffer((8, 4), \"int8\", scope=\"local\")\n"
                "    C[0, 0] = T.int8(-3)\n"
                "    A[0] = T.Cast(\"float32\", y)\n"));
}

TEST(with_scopes) {
  CHECK(rt_body("A: T.Buffer((16,), \"float32\"), n: T.int32",
                "    with T.LetStmt(T.int64(5)) as w:\n"
                "        A[0] = T.Cast(\"float32\", w)\n"
                "    with T.Assert(n > 0, \"size\"):\n"
                "        T.evaluate(n)\n"
                "    with T.attr(0, \"pragma_x\", 1):\n"
                "        T.evaluate(1)\n"
                "    with T.allocate([4], \"float32\", \"local\") as p:\n"
                "        T.evaluate(p)\n"
                "    with T.decl_buffer((4,), \"int32\") as D:\n"
                "        D[0] = 1\n"
                "    with T.realize(A[0:4]):\n"
                "        T.evaluate(2)\n"
                "    T.evaluate(3)\n"));
  /* the plain `x = v` spelling is a LetStmt printed with its type */
  char *s = func("n: T.int32", "    x = n + 1\n    T.evaluate(x)\n");
  CHECK(roundtrip(s, HDR "@T.prim_func\ndef main(n: T.int32):\n    x: T.int32 = n + 1\n    T.evaluate(x)\n"));
  free(s);
}

TEST(allocate_with_buffer_view) {
  CHECK(rt_body("n: T.int32",
                "    A_data = T.allocate([64], \"float32\", \"global\")\n"
                "    A = T.decl_buffer((8, 8), data=A_data)\n"
                "    A[0, 0] = T.float32(1.0)\n"));
  CHECK(rt_body("n: T.int32",
                "    p = T.allocate([n], \"float32\", \"global\", n > 2, annotations={\"k\": 1})\n"
                "    T.evaluate(p)\n"));
}

TEST(if_while_evaluate) {
  CHECK(rt_body("A: T.Buffer((16,), \"float32\"), n: T.int32",
                "    if n < 4 and n > 0:\n"
                "        A[0] = T.float32(1.0)\n"
                "    else:\n"
                "        if n == 5:\n"
                "            A[1] = T.float32(2.0)\n"
                "    while n > 3:\n"
                "        T.evaluate(0)\n"
                "    T.call_extern(\"float32\", \"foo\", A[0], n)\n"
                "    T.call_pure_extern(\"int32\", \"bar\")\n"));
  /* elif is the same nested If */
  char *s = func("n: T.int32", "    if n < 1:\n        T.evaluate(1)\n    elif n < 2:\n        T.evaluate(2)\n"
                               "    else:\n        T.evaluate(3)\n");
  CHECK(roundtrip(s, HDR "@T.prim_func\ndef main(n: T.int32):\n    if n < 1:\n        T.evaluate(1)\n"
                         "    else:\n        if n < 2:\n            T.evaluate(2)\n        else:\n"
                         "            T.evaluate(3)\n"));
  free(s);
}

TEST(stores) {
  char *s = func("A: T.Buffer((16,), \"float32\"), B: T.Buffer((4,), \"float16\")",
                 "    A[0] += T.float32(1.0)\n    A[1] *= A[2]\n    B[0] = 0.5\n    A[0:4] = T.Broadcast(A[0], 4)\n"
                 "    A[T.Ramp(0, 2, 4)] = A[0:8:2]\n");
  CHECK(roundtrip(s, HDR "@T.prim_func\ndef main(A: T.Buffer((16,), \"float32\"), B: T.Buffer((4,), \"float16\")):\n"
                         "    A[0] = A[0] + T.float32(1.0)\n    A[1] = A[1] * A[2]\n    B[0] = T.float16(0.5)\n"
                         "    A[0:4] = T.Broadcast(A[0], 4)\n    A[0:8:2] = A[0:8:2]\n"));
  free(s);
}

/* ---- expressions ----------------------------------------------------------------------------- */

TEST(literals) {
  CHECK(rt_body("x: T.float32",
                "    T.evaluate(1)\n    T.evaluate(-1)\n    T.evaluate(T.int64(1))\n    T.evaluate(T.int64(-5))\n"
                "    T.evaluate(T.int8(3))\n    T.evaluate(T.uint8(200))\n    T.evaluate(T.bool(True))\n"
                "    T.evaluate(T.float32(0.5))\n    T.evaluate(T.float16(1.5))\n    T.evaluate(T.float64(-2.0))\n"
                "    T.evaluate(T.float32(\"inf\"))\n    T.evaluate(T.float32(\"-inf\"))\n"
                "    T.evaluate(T.float32(\"nan\"))\n    T.evaluate(T.float32(0.10000000000000001))\n"
                "    T.evaluate(T.float32(100000000000000000000.0))\n    T.evaluate(\"str\")\n"));
  char *s = func("x: T.float32", "    T.evaluate(0.5)\n    T.evaluate(True)\n    T.evaluate(T.float32(1))\n"
                                 "    T.evaluate(T.float32(1e20))\n    T.evaluate(3000000000)\n");
  CHECK(roundtrip(s, HDR "@T.prim_func\ndef main(x: T.float32):\n    T.evaluate(T.float32(0.5))\n"
                         "    T.evaluate(T.bool(True))\n    T.evaluate(T.float32(1.0))\n"
                         "    T.evaluate(T.float32(100000000000000000000.0))\n    T.evaluate(T.int64(3000000000))\n"));
  free(s);
}

TEST(operators) {
  CHECK(rt_body("x: T.int32, y: T.int32, f: T.float32",
                "    T.evaluate(x + y * 2 - (x - y))\n"
                "    T.evaluate((x + y) * (x - 1) // 3 % y)\n"
                "    T.evaluate(f / T.float32(2.0))\n"
                "    T.evaluate(T.Div(x, y))\n"
                "    T.evaluate(T.truncmod(x, y))\n"
                "    T.evaluate(T.min(x, y) + T.max(x, 1))\n"
                "    T.evaluate(x < y or x >= 3 and not x == y)\n"
                "    T.evaluate(x != y)\n"
                "    T.evaluate(x <= y)\n"
                "    T.evaluate(x > y)\n"
                "    T.evaluate(T.Add(1, 2) + T.Mul(y, 1) - (1 - y))\n"
                "    T.evaluate(T.Select(x > 0, f, T.float32(0.0)))\n"
                "    T.evaluate(T.Cast(\"float32\", x) + f)\n"));
  /* folding and promotion as TVM's operators do them */
  char *s = func("x: T.int64, f: T.float16",
                 "    T.evaluate(x + 1)\n    T.evaluate(x * 1)\n    T.evaluate(2 * 3)\n    T.evaluate(f * 2)\n"
                 "    T.evaluate(-x)\n    T.evaluate(x + 0)\n    T.evaluate(T.floordiv(x, 2))\n"
                 "    T.evaluate(T.floormod(7, 2))\n    T.evaluate(T.truncdiv(x, 1))\n"
                 "    T.evaluate(x // 1 + -f * f)\n");
  CHECK(roundtrip(s, HDR "@T.prim_func\ndef main(x: T.int64, f: T.float16):\n"
                         "    T.evaluate(x + T.int64(1))\n    T.evaluate(x)\n    T.evaluate(6)\n"
                         "    T.evaluate(f * T.float16(2.0))\n    T.evaluate(T.int64(0) - x)\n    T.evaluate(x)\n"
                         "    T.evaluate(x // T.int64(2))\n    T.evaluate(1)\n    T.evaluate(x)\n"
                         "    T.evaluate(T.Cast(\"float16\", x) + (T.float16(0.0) - f) * f)\n"));
  free(s);
}

TEST(intrinsics) {
  CHECK(rt_body("x: T.float32, i: T.int32",
                "    v = T.int32()\n" /* a Let expression's var prints as a free var */
                "    T.evaluate(T.exp(x) + T.log(x) + T.sqrt(x) + T.rsqrt(x) + T.tanh(x) + T.sigmoid(x))\n"
                "    T.evaluate(T.erf(x) + T.pow(x, x) + T.fabs(x) + T.floor(x) + T.ceil(x) + T.round(x))\n"
                "    T.evaluate(T.exp2(x) + T.log2(x) + T.sin(x) + T.cos(x))\n"
                "    T.isnan(x)\n"
                "    T.if_then_else(i > 0, x, T.float32(1.0))\n"
                "    T.call_pure_extern(\"float32\", \"expf\", x)\n"
                "    T.evaluate(T.Ramp(i, 2, 4) + T.Broadcast(1, 4))\n"
                "    T.evaluate(T.Shuffle([T.Ramp(i, 1, 4)], [3, 2, 1, 0]))\n"
                "    T.evaluate(T.Let(v + 1, where={v: i * 2}))\n"
                "    T.evaluate(T.bitwise_and(i, 3) + T.shift_left(i, 1))\n"
                "    T.reinterpret(\"int32\", x)\n"));
  char *s = func("x: T.int32", "    T.evaluate(x & 3 | 4)\n    T.evaluate(x << 1)\n"
                               "    T.evaluate(T.max_value(\"int8\") + T.min_value(\"int32\"))\n");
  CHECK(roundtrip(s, HDR "@T.prim_func\ndef main(x: T.int32):\n"
                         "    T.bitwise_or(T.bitwise_and(x, 3), 4)\n    T.shift_left(x, 1)\n"
                         "    T.evaluate(-2147483521)\n"));
  free(s);
}

TEST(name_clashes) {
  /* a printed name is unique among the names in scope; as in TVM, a scope
   * (loop, block, branch, let) frees its names when it closes */
  CHECK(rt_body("A: T.Buffer((4,), \"float32\")",
                "    for i, i_1 in T.grid(4, 4):\n        A[i_1] = T.float32(0.0)\n"));
  char *s = func("A: T.Buffer((4,), \"float32\")",
                 "    for i in range(4):\n        A[i] = T.float32(0.0)\n    for i in range(2):\n"
                 "        for i in range(2):\n            A[i] = T.float32(1.0)\n");
  CHECK(roundtrip(s, HDR "@T.prim_func\ndef main(A: T.Buffer((4,), \"float32\")):\n"
                         "    for i in range(4):\n        A[i] = T.float32(0.0)\n"
                         "    for i, i_1 in T.grid(2, 2):\n        A[i_1] = T.float32(1.0)\n"));
  free(s);
  s = func("A: T.Buffer((4,), \"float32\")",
           "    for i in range(4):\n        if i < 2:\n            x: T.int32 = i\n            A[x] = T.float32(0.0)\n"
           "        else:\n            x: T.int32 = i + 1\n            A[x - 1] = T.float32(1.0)\n");
  CHECK(roundtrip(s, s));
  free(s);
}

TEST(predicates_return_loop_control) {
  CHECK(rt_body("A: T.Buffer((128, 128), \"float32\"), B: T.Buffer((256, 256), \"float32\")",
                "    A.vstore([0, T.Ramp(0, 2, 4)], B.vload([0, T.Ramp(0, 4, 4)], predicate=T.Broadcast(T.bool(False), 4)), "
                "predicate=T.Broadcast(T.bool(False), 4))\n"));
  CHECK(rt_body("A: T.Buffer((4,), \"float32\")",
                "    for i in range(1000):\n"
                "        if i % 13 == 0:\n"
                "            A[1] = A[1] + T.float32(1.0)\n"
                "            T.continue_loop()\n"
                "        if A[0] >= A[1]:\n"
                "            T.break_loop()\n"));
  CHECK(rt_body("", "    return 5\n"));
}

TEST(primexpr_api) {
  IrCtx *cx = ir_ctx_new();
  DiagCtx d;
  diag_init(&d);
  StrMap vars = {0};
  Node *n = ir_var(cx, "n", DT_INT64);
  strmap_put(&vars, "n", n);
  const char *src = "n * 2 + 1";
  SourceFile *f = source_new("e", src, strlen(src));
  Node *e = script_parse_primexpr(cx, f, &vars, &d);
  CHECK(e && e->kind == NK_ADD && dtype_eq(e->dtype, DT_INT64));
  CHECK(e == ir_bin(cx, NK_ADD, ir_bin(cx, NK_MUL, n, ir_int(cx, DT_INT64, 2)), ir_int(cx, DT_INT64, 1)));
  strmap_free(&vars);
  diag_free(&d);
  source_free(f);
  ir_ctx_free(cx);
}

/* ---- errors -------------------------------------------------------------------------------- */

TEST(errors) {
  CHECK(err_body("A: T.Buffer((4,), \"float32\")", "    A[0] = undefined_name\n", "t.py:5:12: error: undefined name 'undefined_name'"));
  CHECK(err_body("A: T.Buffer((4,), \"float32\")", "    A[0, 1] = 1.0\n", "buffer 'A' expects 1 index, got 2"));
  CHECK(err_body("x: T.int32, y: T.handle", "    T.evaluate(x + y)\n", "cannot combine operands of types int32 and handle"));
  CHECK(err_body("x: T.bool", "    T.evaluate(x + 1)\n", "cannot combine operands of types bool and int32"));
  CHECK(err_body("x: T.int32", "    T.evaluate(T.exp(x, x))\n", "T.exp takes 1 arguments, got 2"));
  CHECK(err_body("x: T.int32", "    for i in T.serial(4, foo=1):\n        T.evaluate(i)\n",
                 "T.serial takes no keyword argument 'foo'"));
  CHECK(err_body("x: T.int32", "    T.evaluate(T.Ramp(x, 1, x))\n", "expected a constant number of lanes"));
  CHECK(err_body("x: T.int32", "    T.reads(x)\n", "T.reads is only allowed inside a block"));
  CHECK(err_body("x: T.int32", "    T.evaluate(x // 0)\n", "division by zero"));
  CHECK(err_body("x", "    T.evaluate(1)\n", "parameter 'x' needs a type annotation"));
  CHECK(err_body("x: T.int32", "    T.evaluate(T.foo(x))\n", "unknown name 'T.foo'"));
  CHECK(err_body("x: T.int32", "    T.evaluate(T.Add(x, T.int64(1)))\n", "T.Add operands differ in type"));
  CHECK(err_body("x: T.int32", "    x[0] = 1\n", "only buffer elements can be assigned"));
  CHECK(err_body("x: T.int32", "    with T.block(\"b\"):\n        vi = T.axis.remap(\"S\", [x])\n",
                 "T.axis.remap needs loop variables"));
  CHECK(err_body("x: T.int32", "    vi = T.axis.spatial(4, x)\n", "T.axis.spatial is only allowed inside a block"));
  CHECK(err_body("a: T.handle", "    B = T.match_buffer(a, (4,), foo=1)\n", "unexpected keyword argument 'foo'"));
  CHECK(err_body("a: T.handle", "    A = T.match_buffer(a, (4,), \"float99\")\n", "unknown dtype 'float99'"));
  CHECK(err_body("a: T.handle", "    A = T.match_buffer(a, (4,), align=x)\n", "align must be an integer literal"));
  CHECK(err_body("x: T.int32", "    if x:\n        T.evaluate(1)\n", "an if condition must be bool, not int32"));
  CHECK(err_body("x: T.int32", "    T.evaluate(T.float32(\"foo\"))\n", "invalid float literal 'foo'"));
  CHECK(err_body("x: T.int32", "    T.func_attr({1: 2})\n", "attribute keys must be strings"));
  CHECK(err_body("x: T.int32", "    for i in range(2):\n        break\n", "'break' is not supported in TVMScript"));
  CHECK(err_body("x: T.int32", "    for i, j in range(4):\n        T.evaluate(i)\n", "cannot unpack 1 value into 2 names"));
  CHECK(err_body("x: T.int32", "    T.evaluate(x.foo)\n", "unsupported attribute 'foo'"));
  CHECK(err_body("x: T.int32", "    T.evaluate(T.int32)\n", "T.int32 is not a value"));
  CHECK(err_body("x: T.int32", "    T.evaluate(T.int8(128))\n", "value 128 is out of range for int8"));
  CHECK(err_body("x: T.int32", "    T.evaluate(T.int64(-9223372036854775809))\n",
                 "value -9223372036854775809 is out of range for int64"));
  CHECK(err_body("x: T.int32", "    T.evaluate(T.uint32(-1))\n", "value -1 is out of range for uint32"));
  CHECK(err_body("x: T.int32", "    T.evaluate(T.float16(1e10))\n", "value 10000000000.0 is out of range for float16"));
  CHECK(err_body("x: T.int32", "    T.evaluate(T.float32(1e300))\n", "value 1e+300 is out of range for float32"));
  CHECK(err_body("A: T.Buffer(\"4\", \"float32\")", "    A[0] = T.float32(0.0)\n", "buffer shape must be a tuple"));
  CHECK(err_body("A: T.Buffer((4, 4), \"float32\")", "    for i, j in T.grid(4, 4):\n        with T.block(\"b\"):\n"
                 "            vi, vj = T.axis.remap(\"SX\", [i, j])\n", "invalid iterator kind 'X'"));
  CHECK(err_body("A: T.Buffer((4, 4), \"float32\")", "    for i, j in T.grid(4, 4):\n        with T.block(\"b\"):\n"
                 "            vi = T.axis.remap(\"SS\", [i, j])\n", "cannot unpack 2 values into 1 name"));
  CHECK(err_body("x: T.int32", "    y = T.launch_thread(x, 4)\n", "T.launch_thread expects a thread tag"));
  CHECK(err_body("x: T.int32", "    T.evaluate(n)\n", "undefined name 'n'"));
}

/* ---- TVM's parser completions and thread launches ----------------------------------------- */

TEST(literals_at_the_limits) {
  CHECK(rt_body("A: T.Buffer((3,), \"int64\"), B: T.Buffer((1,), \"uint64\")",
                "    A[0] = T.int64(-9223372036854775808)\n    A[1] = T.int64(9223372036854775807)\n"
                "    B[0] = T.uint64(18446744073709551615)\n"));
}

TEST(launch_thread) {
  CHECK(rt_body("A: T.Buffer((128,), \"float32\")",
                "    blockIdx_x = T.launch_thread(\"blockIdx.x\", 4)\n"
                "    A[blockIdx_x] = T.float32(0.0)\n"));
  CHECK(rt_body("A: T.Buffer((128,), \"float32\")",
                "    with T.launch_thread(\"threadIdx.x\", 32) as threadIdx_x:\n"
                "        A[threadIdx_x] = T.float32(0.0)\n"
                "    A[0] = T.float32(1.0)\n"));
  /* T.env_thread + T.launch_thread(var, extent) is the same IR */
  char *s = func("A: T.Buffer((128,), \"float32\")",
                 "    tx = T.env_thread(\"threadIdx.x\")\n    T.launch_thread(tx, 8)\n    A[tx] = T.float32(0.0)\n");
  CHECK(roundtrip(s, HDR "@T.prim_func\ndef main(A: T.Buffer((128,), \"float32\")):\n"
                         "    tx = T.launch_thread(\"threadIdx.x\", 8)\n    A[tx] = T.float32(0.0)\n"));
  free(s);
}

TEST(let_expr_var) {
  CHECK(rt_body("A: T.Buffer((4,), \"int32\")", "    x = T.int32()\n    A[0] = T.Let(x + 1, where={x: A[1]})\n"));
}

TEST(reads_writes_detected) {
  /* a reduction: the init's buffer is left out of the reads; a loop inside
   * the block relaxes to its range; a buffer allocated in the block is left out */
  char *s = func("A: T.Buffer((16, 16), \"float32\"), C: T.Buffer((16,), \"float32\")",
                 "    for i in range(16):\n        with T.block(\"r\"):\n            vi = T.axis.spatial(16, i)\n"
                 "            X = T.alloc_buffer((16,))\n"
                 "            with T.init():\n                C[vi] = T.float32(0.0)\n"
                 "            for k in range(4):\n                X[k] = A[vi, k * 4 + 1]\n"
                 "                C[vi] = C[vi] + X[k] + A[vi, k]\n");
  CHECK(roundtrip(s, HDR "@T.prim_func\ndef main(A: T.Buffer((16, 16), \"float32\"), C: T.Buffer((16,), \"float32\")):\n"
                         "    # with T.block(\"root\"):\n"
                         "    for i in range(16):\n        with T.block(\"r\"):\n            vi = T.axis.spatial(16, i)\n"
                         "            T.reads(A[vi, 0:14])\n            T.writes(C[vi])\n"
                         "            X = T.alloc_buffer((16,))\n"
                         "            with T.init():\n                C[vi] = T.float32(0.0)\n"
                         "            for k in range(4):\n                X[k] = A[vi, k * 4 + 1]\n"
                         "                C[vi] = C[vi] + X[k] + A[vi, k]\n"));
  free(s);
  /* only the missing one is detected; a nested block contributes its regions */
  s = func("A: T.Buffer((16,), \"float32\"), B: T.Buffer((16,), \"float32\")",
           "    with T.block(\"root\"):\n"
           "        for i in range(4):\n            with T.block(\"o\"):\n                vi = T.axis.spatial(4, i)\n"
           "                T.writes(B[vi * 4:vi * 4 + 4])\n"
           "                for j in range(4):\n                    with T.block(\"in\"):\n"
           "                        vj = T.axis.spatial(4, j)\n"
           "                        B[vi * 4 + vj] = A[vi * 4 + vj]\n");
  CHECK(roundtrip(s, HDR "@T.prim_func\ndef main(A: T.Buffer((16,), \"float32\"), B: T.Buffer((16,), \"float32\")):\n"
                         "    # with T.block(\"root\"):\n"
                         "    for i in range(4):\n        with T.block(\"o\"):\n            vi = T.axis.spatial(4, i)\n"
                         "            T.reads(A[vi * 4:vi * 4 + 4])\n            T.writes(B[vi * 4:vi * 4 + 4])\n"
                         "            for j in range(4):\n                with T.block(\"in\"):\n"
                         "                    vj = T.axis.spatial(4, j)\n"
                         "                    T.reads(A[vi * 4 + vj])\n                    T.writes(B[vi * 4 + vj])\n"
                         "                    B[vi * 4 + vj] = A[vi * 4 + vj]\n"));
  free(s);
}

TEST(implicit_shape_vars) {
  /* the seed's spelling: undefined names in a parameter's buffer shape */
  char *s = func("X: T.Buffer[(n, 4), \"float32\"]", "    for i in range(n):\n        X[i, 0] = T.float32(0.0)\n");
  CHECK(roundtrip(s, HDR "@T.prim_func\ndef main(X_handle: T.handle):\n    n = T.int64()\n"
                         "    X = T.match_buffer(X_handle, (n, 4))\n"
                         "    for i in range(n):\n        X[i, 0] = T.float32(0.0)\n"));
  free(s);
}

/* Deep inputs report instead of overflowing the stack. */
TEST(deep_inputs) {
  StrBuf sb = {0};
  sb_puts(&sb, HDR "@T.prim_func\ndef main(x: T.int32):\n    T.evaluate(");
  for (int i = 0; i < 150; i++) sb_puts(&sb, "(x + ");
  sb_puts(&sb, "1");
  for (int i = 0; i < 150; i++) sb_puts(&sb, ")");
  sb_puts(&sb, ")\n");
  CHECK(roundtrip(sb.data, NULL));
  sb.len = 0;
  sb_puts(&sb, HDR "@T.prim_func\ndef main(x: T.int32):\n");
  for (int i = 0; i < 600; i++) sb_printf(&sb, "    v%d = x + %d\n", i, i);
  sb_puts(&sb, "    T.evaluate(x)\n");
  IrCtx *cx = ir_ctx_new();
  char *err = NULL;
  Node *m = parse(cx, sb.data, &err); /* either parses or says it is too deep */
  CHECK(m || strstr(err, "too deep"));
  free(err);
  ir_ctx_free(cx);
  sb_free(&sb);
}

TEST(print_node_fragments) {
  IrCtx *cx = ir_ctx_new();
  Node *n = ir_var(cx, "n", DT_INT64);
  Node *e = ir_bin(cx, NK_MUL, n, ir_int(cx, DT_INT64, 2));
  StrBuf sb = {0};
  script_print_node(e, &sb);
  CHECK_STREQ(sb.data, "n * T.int64(2)");
  sb_free(&sb);
  Node *si = ir_alloc(cx, NK_SI_TENSOR, span_none());
  si->dtype = DT_FLOAT32;
  IR_AS(IrSITensor, si)->ndim = 2;
  script_print_node(ir_finish(cx, si), &sb);
  CHECK_STREQ(sb.data, "R.Tensor(dtype=\"float32\", ndim=2)");
  sb_free(&sb);
  ir_ctx_free(cx);
}

int main(void) {
  RUN(print_node_fragments);
  RUN(matmul_module);
  RUN(implicit_root_structure);
  RUN(private_and_global_symbol);
  RUN(func_attrs_values);
  RUN(match_buffer_symbolic);
  RUN(symbolic_var_forms);
  RUN(return_type);
  RUN(older_spellings);
  RUN(loops);
  RUN(block_axes);
  RUN(block_regions_whole_axis);
  RUN(concise_scopes);
  RUN(with_scopes);
  RUN(allocate_with_buffer_view);
  RUN(if_while_evaluate);
  RUN(stores);
  RUN(literals);
  RUN(operators);
  RUN(intrinsics);
  RUN(name_clashes);
  RUN(predicates_return_loop_control);
  RUN(primexpr_api);
  RUN(errors);
  RUN(literals_at_the_limits);
  RUN(launch_thread);
  RUN(let_expr_var);
  RUN(reads_writes_detected);
  RUN(implicit_shape_vars);
  RUN(deep_inputs);
  sources_free();
  return harness_report();
}
