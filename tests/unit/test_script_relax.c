/*
 * test_script_relax.c — the Relax half of TVMScript: parse → print gives
 * TVM v0.23's canonical text, printing is a fixpoint
 * (print(parse(print(m))) == print(m)) and the reparse is structurally
 * equal; the IR built for each construct has TVM's shape; syntax misuse
 * gives a clear diagnostic.
 */
#include "harness.h"
#include "script/script_impl.h"

#include <stdlib.h>
#include <string.h>

/* Parse text; NULL (with the rendered diagnostics in *errs) on failure. */
static Node *parse(IrCtx *cx, const char *text, char **errs) {
  DiagCtx d;
  diag_init(&d);
  SourceFile *f = source_new("t.py", text, strlen(text));
  Node *m = script_parse(cx, f, &d);
  StrBuf sb = {0};
  diag_render(&d, &sb);
  if (errs) *errs = sb_take(&sb);
  sb_free(&sb);
  diag_free(&d);
  source_free(f);
  return m;
}

static char *print(const Node *m) {
  StrBuf sb = {0};
  script_print(m, &sb);
  return sb_take(&sb);
}

/* Print src, check the round trip, return the printed text (caller frees). */
static char *roundtrip(const char *src) {
  IrCtx *cx = ir_ctx_new();
  char *errs = NULL;
  Node *m = parse(cx, src, &errs);
  if (!m) fprintf(stderr, "parse failed:\n%s", errs);
  CHECK(m != NULL);
  free(errs);
  char *out = NULL;
  if (m) {
    out = print(m);
    Node *m2 = parse(cx, out, &errs);
    if (!m2) fprintf(stderr, "reparse failed:\n%s\n--- text:\n%s", errs, out);
    CHECK(m2 != NULL);
    free(errs);
    if (m2) {
      char *out2 = print(m2);
      CHECK_STREQ(out2, out);
      StrBuf why = {0};
      bool eq = ir_struct_equal_explain(m, m2, &why);
      if (!eq) fprintf(stderr, "not structurally equal: %s\n", why.data);
      CHECK(eq);
      sb_free(&why);
      free(out2);
    }
  }
  ir_ctx_free(cx);
  return out;
}

static void expect_print(const char *src, const char *want) {
  char *out = roundtrip(src);
  CHECK_STREQ(out, want);
  free(out);
}

static void expect_error(const char *src, const char *needle) {
  IrCtx *cx = ir_ctx_new();
  char *errs = NULL;
  Node *m = parse(cx, src, &errs);
  CHECK(m == NULL);
  if (!errs || !strstr(errs, needle))
    fprintf(stderr, "expected an error containing \"%s\", got:\n%s\n", needle, errs ? errs : "(none)");
  CHECK(errs && strstr(errs, needle));
  free(errs);
  ir_ctx_free(cx);
}

static const Node *nth_binding(const Node *f, int block, int i) {
  const IrSeqExpr *s = IR_AS(IrSeqExpr, IR_AS(IrFunction, f)->body);
  return IR_AS(IrArray, s->blocks.v[block])->items.v[i];
}

/* ---- expected output, construct by construct ------------------------------ */

TEST(print_basic) {
  expect_print(
    "@R.function\n"
    "def main(x: R.Tensor((2, 3), dtype=\"float32\"), y: R.Tensor((2, 3), \"float32\")) -> R.Tensor((2, 3), dtype=\"float32\"):\n"
    "    z = R.add(x, y)\n"
    "    return z\n",
    "# from tvm.script import relax as R\n"
    "\n"
    "@R.function\n"
    "def main(x: R.Tensor((2, 3), dtype=\"float32\"), y: R.Tensor((2, 3), dtype=\"float32\")) -> R.Tensor((2, 3), dtype=\"float32\"):\n"
    "    z = R.add(x, y)\n"
    "    return z\n");
}

TEST(print_symbolic) {
  expect_print(
    "@R.function\n"
    "def main(x: R.Tensor((\"n\", \"m\"), \"float32\"), y: R.Tensor((\"m\",), \"float32\")) -> R.Tensor((\"n * m\",), \"float32\"):\n"
    "    n = T.int64()\n"
    "    m = T.int64()\n"
    "    z: R.Tensor((n, m), \"float32\") = R.add(x, y)\n"
    "    w: R.Tensor((n * m,), \"float32\") = R.reshape(z, R.shape([n * m]))\n"
    "    return w\n",
    "# from tvm.script import tir as T\n"
    "# from tvm.script import relax as R\n"
    "\n"
    "@R.function\n"
    "def main(x: R.Tensor((\"n\", \"m\"), dtype=\"float32\"), y: R.Tensor((\"m\",), dtype=\"float32\")) -> R.Tensor((\"n * m\",), dtype=\"float32\"):\n"
    "    n = T.int64()\n"
    "    m = T.int64()\n"
    "    z: R.Tensor((n, m), dtype=\"float32\") = R.add(x, y)\n"
    "    w: R.Tensor((n * m,), dtype=\"float32\") = R.reshape(z, R.shape([n * m]))\n"
    "    return w\n");
}

TEST(print_dataflow) {
  expect_print(
    "@R.function\n"
    "def main(x: R.Tensor((4,), \"float32\")):\n"
    "    with R.dataflow():\n"
    "        a: R.Tensor((4,), \"float32\") = R.exp(x)\n"
    "        b: R.Tensor((4,), \"float32\") = R.multiply(a, a)\n"
    "        c: R.Tensor((4,), \"float32\") = R.add(a, b)\n"
    "        R.output(b, c)\n"
    "    d = (b, c)\n"
    "    e = d[0]\n"
    "    return e\n",
    "# from tvm.script import relax as R\n"
    "\n"
    "@R.function\n"
    "def main(x: R.Tensor((4,), dtype=\"float32\")) -> R.Tensor((4,), dtype=\"float32\"):\n"
    "    with R.dataflow():\n"
    "        a: R.Tensor((4,), dtype=\"float32\") = R.exp(x)\n"
    "        b: R.Tensor((4,), dtype=\"float32\") = R.multiply(a, a)\n"
    "        c: R.Tensor((4,), dtype=\"float32\") = R.add(a, b)\n"
    "        R.output(b, c)\n"
    "    d: R.Tuple(R.Tensor((4,), dtype=\"float32\"), R.Tensor((4,), dtype=\"float32\")) = b, c\n"
    "    e: R.Tensor((4,), dtype=\"float32\") = d[0]\n"
    "    return e\n");
}

TEST(print_module) {
  expect_print(
    "@I.ir_module\n"
    "class Module:\n"
    "    @R.function\n"
    "    def main(x: R.Tensor((\"n\",), \"float32\")) -> R.Tensor((\"n\",), \"float32\"):\n"
    "        n = T.int64()\n"
    "        cls = Module\n"
    "        with R.dataflow():\n"
    "            lv = R.call_tir(cls.relu, (x,), out_sinfo=R.Tensor((n,), \"float32\"))\n"
    "            lv1: R.Tensor((n,), \"float32\") = R.call_tir(cls.relu, (lv,), out_sinfo=R.Tensor((n,), \"float32\"))\n"
    "            lv2: R.Tensor(dtype=\"float32\", ndim=1) = R.call_tir(cls.relu, (lv1,), out_sinfo=R.Tensor((n,), \"float32\"), tir_vars=R.shape([n]))\n"
    "            gv: R.Tensor((n,), \"float32\") = cls.relu(lv2)\n"
    "            R.output(gv)\n"
    "        return gv\n"
    "\n"
    "    @R.function(private=True)\n"
    "    def relu(x: R.Tensor((\"n\",), \"float32\")) -> R.Tensor((\"n\",), \"float32\"):\n"
    "        y = R.nn.relu(x)\n"
    "        return y\n",
    "# from tvm.script import ir as I\n"
    "# from tvm.script import tir as T\n"
    "# from tvm.script import relax as R\n"
    "\n"
    "@I.ir_module\n"
    "class Module:\n"
    "    @R.function(private=True)\n"
    "    def relu(x: R.Tensor((\"n\",), dtype=\"float32\")) -> R.Tensor((\"n\",), dtype=\"float32\"):\n"
    "        n = T.int64()\n"
    "        y = R.nn.relu(x)\n"
    "        return y\n"
    "\n"
    "    @R.function\n"
    "    def main(x: R.Tensor((\"n\",), dtype=\"float32\")) -> R.Tensor((\"n\",), dtype=\"float32\"):\n"
    "        n = T.int64()\n"
    "        cls = Module\n"
    "        with R.dataflow():\n"
    "            lv = R.call_tir(cls.relu, (x,), out_sinfo=R.Tensor((n,), dtype=\"float32\"))\n"
    "            lv1 = R.call_tir(cls.relu, (lv,), out_sinfo=R.Tensor((n,), dtype=\"float32\"))\n"
    "            lv2: R.Tensor(dtype=\"float32\", ndim=1) = R.call_tir(cls.relu, (lv1,), out_sinfo=R.Tensor((n,), dtype=\"float32\"), tir_vars=R.shape([n]))\n"
    "            gv: R.Tensor((n,), dtype=\"float32\") = cls.relu(lv2)\n"
    "            R.output(gv)\n"
    "        return gv\n");
}

TEST(print_match_cast) {
  expect_print(
    "@R.function\n"
    "def main(x: R.Tensor(dtype=\"float32\", ndim=2), s: R.Shape(ndim=2)) -> R.Tensor(dtype=\"float32\", ndim=2):\n"
    "    m = T.int64()\n"
    "    k = T.int64()\n"
    "    lv = R.match_cast(x, R.Tensor((m, k), \"float32\"))\n"
    "    sh = R.match_cast(s, R.Shape([m, k]))\n"
    "    lv2: R.Tensor((k, m), \"float32\") = R.permute_dims(lv, axes=[1, 0])\n"
    "    return lv2\n",
    "# from tvm.script import tir as T\n"
    "# from tvm.script import relax as R\n"
    "\n"
    "@R.function\n"
    "def main(x: R.Tensor(dtype=\"float32\", ndim=2), s: R.Shape(ndim=2)) -> R.Tensor(dtype=\"float32\", ndim=2):\n"
    "    m = T.int64()\n"
    "    k = T.int64()\n"
    "    lv: R.Tensor((m, k), dtype=\"float32\") = R.match_cast(x, R.Tensor((m, k), dtype=\"float32\"))\n"
    "    sh: R.Shape([m, k]) = R.match_cast(s, R.Shape([m, k]))\n"
    "    lv2: R.Tensor((k, m), dtype=\"float32\") = R.permute_dims(lv, axes=[1, 0])\n"
    "    return lv2\n");
}

TEST(print_ifelse) {
  expect_print(
    "@R.function\n"
    "def main(c: R.Tensor((), \"bool\"), x: R.Tensor((3,), \"float32\")) -> R.Tensor((3,), \"float32\"):\n"
    "    if c:\n"
    "        lv = R.add(x, x)\n"
    "        y: R.Tensor((3,), \"float32\") = lv\n"
    "    else:\n"
    "        lv = R.multiply(x, x)\n"
    "        y: R.Tensor((3,), \"float32\") = R.subtract(lv, x)\n"
    "    return y\n",
    "# from tvm.script import relax as R\n"
    "\n"
    "@R.function\n"
    "def main(c: R.Tensor((), dtype=\"bool\"), x: R.Tensor((3,), dtype=\"float32\")) -> R.Tensor((3,), dtype=\"float32\"):\n"
    "    if c:\n"
    "        lv = R.add(x, x)\n"
    "        y: R.Tensor((3,), dtype=\"float32\") = lv\n"
    "    else:\n"
    "        lv = R.multiply(x, x)\n"
    "        y_else: R.Tensor((3,), dtype=\"float32\") = R.subtract(lv, x)\n"
    "        y: R.Tensor((3,), dtype=\"float32\") = y_else\n"
    "    return y\n");
}

TEST(print_nested) {
  expect_print(
    "@R.function\n"
    "def main(x: R.Tensor((\"n\",), \"float32\")) -> R.Tensor((\"n\",), \"float32\"):\n"
    "    n = T.int64()\n"
    "\n"
    "    @R.function\n"
    "    def inner(y: R.Tensor((n,), \"float32\")) -> R.Tensor((n,), \"float32\"):\n"
    "        z = R.exp(y)\n"
    "        return z\n"
    "\n"
    "    @R.function(pure=False)\n"
    "    def noisy(y: R.Tensor((3,), \"float32\")) -> R.Tensor((3,), \"float32\"):\n"
    "        R.print(y, format=\"y={}\")\n"
    "        return y\n"
    "\n"
    "    a: R.Tensor((n,), \"float32\") = inner(x)\n"
    "    return a\n",
    "# from tvm.script import tir as T\n"
    "# from tvm.script import relax as R\n"
    "\n"
    "@R.function\n"
    "def main(x: R.Tensor((\"n\",), dtype=\"float32\")) -> R.Tensor((\"n\",), dtype=\"float32\"):\n"
    "    n = T.int64()\n"
    "    # from tvm.script import tir as T\n"
    "    # from tvm.script import relax as R\n"
    "    \n"
    "    @R.function\n"
    "    def inner(y: R.Tensor((n,), dtype=\"float32\")) -> R.Tensor((n,), dtype=\"float32\"):\n"
    "        z = R.exp(y)\n"
    "        return z\n"
    "\n"
    "    # from tvm.script import tir as T\n"
    "    # from tvm.script import relax as R\n"
    "    \n"
    "    @R.function(pure=False)\n"
    "    def noisy(y: R.Tensor((3,), dtype=\"float32\")) -> R.Tensor((3,), dtype=\"float32\"):\n"
    "        R.print(y, format=R.str(\"y={}\"))\n"
    "        return y\n"
    "\n"
    "    a: R.Tensor((n,), dtype=\"float32\") = inner(x)\n"
    "    return a\n");
}

TEST(print_consts) {
  expect_print(
    "@R.function\n"
    "def main() -> R.Tensor((2, 2), \"float32\"):\n"
    "    a = R.const(1.5, \"float32\")\n"
    "    b = R.const(2)\n"
    "    c = R.const([[1.0, 2.5], [-3.0, 0.1]], \"float32\")\n"
    "    d = R.const([True, False])\n"
    "    e = R.const(-7, \"int8\")\n"
    "    f = R.const([1, 2, 255], \"uint8\")\n"
    "    g = R.const(0.5, \"float16\")\n"
    "    h = R.const([[]], \"float64\")\n"
    "    p = R.prim_value(T.int64(3))\n"
    "    q = R.prim_value(2.5)\n"
    "    s = R.str(\"hi \\\"there\\\"\")\n"
    "    t = R.dtype(\"bfloat16\")\n"
    "    sh = R.shape([1, 2, 3])\n"
    "    u = R.tuple()\n"
    "    v = (a, (b, sh))\n"
    "    w = v[1][0]\n"
    "    return c\n",
    "# from tvm.script import tir as T\n"
    "# from tvm.script import relax as R\n"
    "\n"
    "@R.function\n"
    "def main() -> R.Tensor((2, 2), dtype=\"float32\"):\n"
    "    a: R.Tensor((), dtype=\"float32\") = R.const(1.5, \"float32\")\n"
    "    b: R.Tensor((), dtype=\"int32\") = R.const(2, \"int32\")\n"
    "    c: R.Tensor((2, 2), dtype=\"float32\") = R.const([[1.0, 2.5], [-3.0, 0.10000000149011612]], \"float32\")\n"
    "    d: R.Tensor((2,), dtype=\"bool\") = R.const([True, False], \"bool\")\n"
    "    e: R.Tensor((), dtype=\"int8\") = R.const(-7, \"int8\")\n"
    "    f: R.Tensor((3,), dtype=\"uint8\") = R.const([1, 2, 255], \"uint8\")\n"
    "    g: R.Tensor((), dtype=\"float16\") = R.const(0.5, \"float16\")\n"
    "    h: R.Tensor((1, 0), dtype=\"float64\") = R.const([[]], \"float64\")\n"
    "    p: R.Prim(value=3) = R.prim_value(3)\n"
    "    q: R.Prim(value=T.float32(2.5)) = R.prim_value(T.float32(2.5))\n"
    "    s: R.Object = R.str(\"hi \\\"there\\\"\")\n"
    "    t: R.Object = R.dtype(\"bfloat16\")\n"
    "    sh: R.Shape([1, 2, 3]) = R.shape([1, 2, 3])\n"
    "    R.tuple()\n"
    "    v: R.Tuple(R.Tensor((), dtype=\"float32\"), R.Tuple(R.Tensor((), dtype=\"int32\"), R.Shape([1, 2, 3]))) = a, (b, sh)\n"
    "    gv: R.Tuple(R.Tensor((), dtype=\"int32\"), R.Shape([1, 2, 3])) = v[1]\n"
    "    w: R.Tensor((), dtype=\"int32\") = gv[0]\n"
    "    return c\n");
}

TEST(print_sinfo) {
  expect_print(
    "@R.function(pure=False, private=True)\n"
    "def f(a: R.Prim(\"int64\"), b: R.Prim(value=\"k\"), c: R.Object, d: R.Callable((R.Tensor((2,), \"float32\"), R.Shape), R.Tensor((2,), \"float32\")), e: R.Callable, g: R.Callable(ret=R.Shape(ndim=1), purity=True), h: R.Shape, i: R.Shape([\"k\", 3]), j: R.Tuple, l: R.Tuple(R.Tensor, R.Tensor(dtype=\"int32\", ndim=3), R.Tuple(R.Object)), m: R.Tensor(\"float16\"), o: R.Tensor(ndim=4), q: R.Tensor((), \"bool\"), r: R.Tensor((\"k * 2\", 4), \"float32\", vdevice=\"cuda:0:global\"), s: R.Callable((R.Object,), R.Object, False)) -> R.Tuple(R.Prim(\"int64\"), R.Object):\n"
    "    k = T.int64()\n"
    "    R.func_attr({\"a\": 1, \"b\": \"x\", \"c\": [1, 2.5, \"y\"], \"d\": {\"e\": True}, \"f\": None, \"g\": T.int32(7)})\n"
    "    out = (a, c)\n"
    "    return out\n",
    "# from tvm.script import tir as T\n"
    "# from tvm.script import relax as R\n"
    "\n"
    "@R.function(pure=False, private=True)\n"
    "def main(a: R.Prim(\"int64\"), b: R.Prim(value=\"k\"), c: R.Object, d: R.Callable((R.Tensor((2,), dtype=\"float32\"), R.Shape(ndim=-1)), R.Tensor((2,), dtype=\"float32\"), True), e: R.Callable, g: R.Callable(ret=R.Shape(ndim=1), purity=True), h: R.Shape(ndim=-1), i: R.Shape([\"k\", 3]), j: R.Tuple, l: R.Tuple(R.Tensor, R.Tensor(dtype=\"int32\", ndim=3), R.Tuple(R.Object)), m: R.Tensor(dtype=\"float16\"), o: R.Tensor(ndim=4), q: R.Tensor((), dtype=\"bool\"), r: R.Tensor((\"k * 2\", 4), dtype=\"float32\", vdevice=\"cuda:0:global\"), s: R.Callable((R.Object,), R.Object, False)) -> R.Tuple(R.Prim(\"int64\"), R.Object):\n"
    "    k = T.int64()\n"
    "    R.func_attr({\"a\": 1, \"b\": \"x\", \"c\": [1, 2.5, \"y\"], \"d\": {\"e\": True}, \"f\": None, \"g\": T.int32(7)})\n"
    "    out: R.Tuple(R.Prim(\"int64\"), R.Object) = a, c\n"
    "    return out\n");
}

TEST(print_seed) {
  expect_print(
    "@I.ir_module\n"
    "class Module:\n"
    "    @R.function\n"
    "    def main(x: R.Tensor[(\"n\", \"d\"), \"float32\"], w: R.Tensor[(\"d\", 16), \"float32\"]) -> R.Tensor:\n"
    "        n = T.int64()\n"
    "        d = T.int64()\n"
    "        lv0 = R.call_dps((n, 16), Module.matmul, [x, w])\n"
    "        lv1 = R.call_dps((n, 16), \"ext.relu\", [lv0])\n"
    "        lv2 = R.call_tir(Module.matmul, (lv1, w), out_ty=R.Tensor((n, 16), \"float32\"))\n"
    "        return lv2\n"
    "\n"
    "    @R.function\n"
    "    def matmul(a: R.Tensor((\"n\", \"d\"), \"float32\"), b: R.Tensor((\"d\", 16), \"float32\")) -> R.Tensor((\"n\", 16), \"float32\"):\n"
    "        c = R.matmul(a, b)\n"
    "        return c\n",
    "# from tvm.script import ir as I\n"
    "# from tvm.script import tir as T\n"
    "# from tvm.script import relax as R\n"
    "\n"
    "@I.ir_module\n"
    "class Module:\n"
    "    @R.function\n"
    "    def matmul(a: R.Tensor((\"n\", \"d\"), dtype=\"float32\"), b: R.Tensor((\"d\", 16), dtype=\"float32\")) -> R.Tensor((\"n\", 16), dtype=\"float32\"):\n"
    "        n = T.int64()\n"
    "        d = T.int64()\n"
    "        c = R.matmul(a, b, out_dtype=\"void\")\n"
    "        return c\n"
    "\n"
    "    @R.function\n"
    "    def main(x: R.Tensor((\"n\", \"d\"), dtype=\"float32\"), w: R.Tensor((\"d\", 16), dtype=\"float32\")) -> R.Tensor:\n"
    "        n = T.int64()\n"
    "        d = T.int64()\n"
    "        cls = Module\n"
    "        lv0 = R.call_tir(cls.matmul, (x, w), out_sinfo=R.Tensor((n, 16), dtype=\"float32\"))\n"
    "        lv1 = R.call_dps_packed(\"ext.relu\", (lv0,), out_sinfo=R.Tensor((n, 16), dtype=\"float32\"))\n"
    "        lv2 = R.call_tir(cls.matmul, (lv1, w), out_sinfo=R.Tensor((n, 16), dtype=\"float32\"))\n"
    "        return lv2\n");
}

TEST(print_packed) {
  expect_print(
    "@R.function(pure=False)\n"
    "def main(x: R.Tensor((2,), \"float32\"), n: R.Prim(\"int64\")) -> R.Tensor((2,), \"float32\"):\n"
    "    a = R.call_packed(\"my.func\", x, n, sinfo_args=R.Tensor((2,), \"float32\"))\n"
    "    b = R.call_pure_packed(\"my.pure\", a, sinfo_args=(R.Tensor((2,), \"float32\"),))\n"
    "    c = R.call_dps_packed(\"my.dps\", (b,), out_sinfo=R.Tensor((2,), \"float32\"))\n"
    "    d = R.call_dps_packed(\"my.dps2\", c, out_sinfo=[R.Tensor((2,), \"float32\"), R.Tensor((1,), \"int32\")])\n"
    "    e = R.call_tir_inplace(R.ExternFunc(\"f\"), (x, c), out_sinfo=R.Tensor((2,), \"float32\"), inplace_indices=0)\n"
    "    R.print(x, e, format=\"{} {}\")\n"
    "    R.assert_op(R.const(True), x, format=\"x={}\")\n"
    "    f = R.nn.conv2d(x, x, strides=[1, 1], padding=(0, 0), data_layout=\"NHWC\", out_layout=None, out_dtype=\"\")\n"
    "    g = R.nn.layer_norm(x, x, x, -1, 0.5, False)\n"
    "    return c\n",
    "# from tvm.script import relax as R\n"
    "\n"
    "@R.function(pure=False)\n"
    "def main(x: R.Tensor((2,), dtype=\"float32\"), n: R.Prim(\"int64\")) -> R.Tensor((2,), dtype=\"float32\"):\n"
    "    a: R.Tensor((2,), dtype=\"float32\") = R.call_packed(\"my.func\", x, n, sinfo_args=(R.Tensor((2,), dtype=\"float32\"),))\n"
    "    b: R.Tensor((2,), dtype=\"float32\") = R.call_pure_packed(\"my.pure\", a, sinfo_args=(R.Tensor((2,), dtype=\"float32\"),))\n"
    "    c = R.call_dps_packed(\"my.dps\", (b,), out_sinfo=R.Tensor((2,), dtype=\"float32\"))\n"
    "    d = R.call_dps_packed(\"my.dps2\", (c,), out_sinfo=[R.Tensor((2,), dtype=\"float32\"), R.Tensor((1,), dtype=\"int32\")])\n"
    "    e: R.Tensor((2,), dtype=\"float32\") = R.call_tir_inplace(\"f\", (x, c), out_sinfo=R.Tensor((2,), dtype=\"float32\"), inplace_indices=[0])\n"
    "    R.print(x, e, format=R.str(\"{} {}\"))\n"
    "    R.assert_op(R.const(True, \"bool\"), x, format=R.str(\"x={}\"))\n"
    "    f = R.nn.conv2d(x, x, strides=[1, 1], padding=[0, 0, 0, 0], dilation=[1, 1], groups=1, data_layout=\"NHWC\", kernel_layout=\"OIHW\", out_layout=\"NHWC\", out_dtype=\"\")\n"
    "    g = R.nn.layer_norm(x, x, x, axes=[-1], epsilon=0.5, center=False, scale=True)\n"
    "    return c\n");
}

TEST(print_normalize) {
  expect_print(
    "@R.function\n"
    "def main(x: R.Tensor((2,), \"float32\")):\n"
    "    with R.dataflow():\n"
    "        a = R.add(R.exp(x), R.multiply(x, R.negative(x)))\n"
    "        t = (a, x)\n"
    "        b = R.add(t[0], t[1])\n"
    "        R.output(b)\n"
    "    return R.add(R.exp(b), b)\n",
    "# from tvm.script import relax as R\n"
    "\n"
    "@R.function\n"
    "def main(x: R.Tensor((2,), dtype=\"float32\")):\n"
    "    with R.dataflow():\n"
    "        lv = R.exp(x)\n"
    "        lv1 = R.negative(x)\n"
    "        lv2 = R.multiply(x, lv1)\n"
    "        a = R.add(lv, lv2)\n"
    "        t = a, x\n"
    "        lv3 = t[0]\n"
    "        lv4 = t[1]\n"
    "        b = R.add(lv3, lv4)\n"
    "        R.output(b)\n"
    "    gv = R.exp(b)\n"
    "    gv1 = R.add(gv, b)\n"
    "    return gv1\n");
}

/* ---- the IR the parser builds ---------------------------------------------- */

TEST(ir_dataflow_vars) {
  IrCtx *cx = ir_ctx_new();
  Node *f = parse(cx,
                  "@R.function\n"
                  "def main(x: R.Tensor((4,), \"float32\")):\n"
                  "    with R.dataflow():\n"
                  "        a = R.exp(x)\n"
                  "        b = R.exp(a)\n"
                  "        a = R.exp(b)\n"
                  "        R.output(a)\n"
                  "    return a\n",
                  NULL);
  CHECK(f && f->kind == NK_RX_FUNC);
  if (f) {
    const IrSeqExpr *s = IR_AS(IrSeqExpr, IR_AS(IrFunction, f)->body);
    CHECK(s->blocks.n == 1 && s->blocks.v[0]->kind == NK_DATAFLOW_BLOCK);
    CHECK(IR_AS(IrBinding, nth_binding(f, 0, 0))->var->kind == NK_RX_DFVAR);
    CHECK(IR_AS(IrBinding, nth_binding(f, 0, 1))->var->kind == NK_RX_DFVAR);
    CHECK(IR_AS(IrBinding, nth_binding(f, 0, 2))->var->kind == NK_RX_VAR);
    CHECK(s->body == IR_AS(IrBinding, nth_binding(f, 0, 2))->var);
    Node *gs = ir_attrs_get(IR_AS(IrFunction, f)->attrs, "global_symbol");
    CHECK(gs && !strcmp(IR_AS(IrStr, gs)->value, "main"));
  }
  ir_ctx_free(cx);
}

TEST(ir_call_tir) {
  IrCtx *cx = ir_ctx_new();
  Node *m = parse(cx,
                  "@I.ir_module\n"
                  "class Module:\n"
                  "    @R.function(private=True)\n"
                  "    def f(x: R.Tensor((\"n\",), \"float32\")) -> R.Tensor((\"n\",), \"float32\"):\n"
                  "        return x\n"
                  "    @R.function\n"
                  "    def main(x: R.Tensor((\"n\",), \"float32\")):\n"
                  "        n = T.int64()\n"
                  "        cls = Module\n"
                  "        y = R.call_tir(cls.f, (x,), out_sinfo=R.Tensor((n,), \"float32\"), tir_vars=R.shape([n]))\n"
                  "        return y\n",
                  NULL);
  CHECK(m && m->kind == NK_MODULE);
  if (m) {
    const Node *f = ir_module_lookup(m, "main");
    const IrBinding *b = IR_AS(IrBinding, nth_binding(f, 0, 0));
    const IrRxCall *c = IR_AS(IrRxCall, b->value);
    CHECK(c->op->kind == NK_RX_OP && !strcmp(IR_AS(IrStr, c->op)->value, "relax.call_tir"));
    CHECK(c->args.n == 3 && c->args.v[0]->kind == NK_GLOBAL_VAR && c->args.v[1]->kind == NK_RX_TUPLE &&
          c->args.v[2]->kind == NK_RX_SHAPE);
    CHECK(c->sinfo_args.n == 1 && c->sinfo_args.v[0]->kind == NK_SI_TENSOR);
    CHECK(b->var->sinfo == c->sinfo_args.v[0]);
    /* The symbolic n of the shape is the parameter's n. */
    const Node *x = IR_AS(IrFunction, f)->params.v[0];
    const Node *xs = IR_AS(IrSITensor, x->sinfo)->shape;
    const Node *os = IR_AS(IrSITensor, c->sinfo_args.v[0])->shape;
    CHECK(IR_AS(IrArray, xs)->items.v[0] == IR_AS(IrArray, os)->items.v[0]);
    CHECK(dtype_eq(IR_AS(IrArray, xs)->items.v[0]->dtype, DT_INT64));
    const Node *p = ir_module_lookup(m, "f");
    CHECK(!ir_attrs_get(IR_AS(IrFunction, p)->attrs, "global_symbol"));
  }
  ir_ctx_free(cx);
}

TEST(ir_consts_and_attrs) {
  IrCtx *cx = ir_ctx_new();
  Node *f = parse(cx,
                  "@R.function\n"
                  "def main(x: R.Tensor((2, 2), \"float32\")):\n"
                  "    c = R.const([[1, 2], [3, 4]], \"float32\")\n"
                  "    y = R.nn.conv2d(x, c, strides=[1, 1], data_layout=\"NCHW\")\n"
                  "    return y\n",
                  NULL);
  CHECK(f != NULL);
  if (f) {
    const Node *c = IR_AS(IrBinding, nth_binding(f, 0, 0))->value;
    CHECK(c->kind == NK_RX_CONST);
    const Node *td = IR_AS(IrUnary, c)->a;
    CHECK(td->kind == NK_TENSOR_DATA && dtype_eq(td->dtype, DT_FLOAT32));
    float v[4];
    memcpy(v, IR_AS(IrTensorData, td)->data.data, sizeof v);
    CHECK(v[0] == 1 && v[3] == 4 && IR_AS(IrTensorData, td)->shape.n == 2);
    const IrRxCall *call = IR_AS(IrRxCall, IR_AS(IrBinding, nth_binding(f, 0, 1))->value);
    CHECK(!strcmp(IR_AS(IrStr, call->op)->value, "relax.nn.conv2d") && call->args.n == 2);
    CHECK(call->attrs.n == 8); /* every Conv2DAttrs field, defaults filled */
    CHECK(!strcmp(IR_AS(IrStr, IR_AS(IrBinary, call->attrs.v[0])->a)->value, "strides"));
    CHECK(IR_AS(IrBinary, call->attrs.v[0])->b->kind == NK_ARRAY);
    CHECK(IR_AS(IrBinary, call->attrs.v[4])->b->kind == NK_STRING);
  }
  ir_ctx_free(cx);
}

TEST(print_sinfo_fragment) {
  IrCtx *cx = ir_ctx_new();
  Node *f = parse(cx,
                  "@R.function\n"
                  "def main(x: R.Tensor((\"n\", 4), \"float32\")):\n"
                  "    return x\n",
                  NULL);
  CHECK(f != NULL);
  if (f) {
    StrBuf sb = {0};
    ScriptPrinter pr = {0};
    pr.out = &sb;
    rx_print_sinfo(&pr, IR_AS(IrFunction, f)->params.v[0]->sinfo);
    CHECK_STREQ(sb.data, "R.Tensor((n, 4), dtype=\"float32\")");
    pr_reset(&pr);
    sb_free(&sb);
  }
  ir_ctx_free(cx);
}

/* Names a scope defined are free again after it (as in TVM). */
TEST(print_scoped_names) {
  expect_print("@R.function\n"
               "def main(c: R.Tensor((), \"bool\"), x: R.Tensor((2,), \"float32\")):\n"
               "    if c:\n"
               "        t = R.exp(x)\n"
               "        y = R.add(t, t)\n"
               "    else:\n"
               "        t = R.negative(x)\n"
               "        y = R.add(t, t)\n"
               "    t = y\n"
               "    return t\n",
               "# from tvm.script import relax as R\n"
               "\n"
               "@R.function\n"
               "def main(c: R.Tensor((), dtype=\"bool\"), x: R.Tensor((2,), dtype=\"float32\")):\n"
               "    if c:\n"
               "        t = R.exp(x)\n"
               "        y_then = R.add(t, t)\n"
               "        y = y_then\n"
               "    else:\n"
               "        t = R.negative(x)\n"
               "        y_else = R.add(t, t)\n"
               "        y = y_else\n"
               "    t = y\n"
               "    return t\n");
}

/* ---- errors ---------------------------------------------------------------- */

#define FN(body) "@R.function\ndef main(x: R.Tensor((4,), \"float32\")):\n" body

TEST(errors_dataflow) {
  expect_error(FN("    R.output(x)\n    return x\n"), "R.output is only allowed");
  expect_error(FN("    with R.dataflow():\n        y = R.exp(x)\n        R.print(y)\n        R.output(y)\n"
                  "    return y\n"),
               "only bindings and a final R.output");
  expect_error(FN("    with R.dataflow():\n        y = R.exp(x)\n        R.output(y)\n        z = R.exp(y)\n"
                  "    return y\n"),
               "R.output must be the last statement");
  expect_error(FN("    with R.dataflow():\n        with R.dataflow():\n            y = R.exp(x)\n"
                  "            R.output(y)\n        R.output(y)\n    return x\n"),
               "dataflow blocks cannot be nested");
  expect_error(FN("    with R.dataflow():\n        y = R.exp(x)\n        R.output(x)\n    return x\n"),
               "R.output expects variables bound in this dataflow block");
  expect_error(FN("    with R.dataflow() as d:\n        y = R.exp(x)\n        R.output(y)\n    return y\n"),
               "binds no variable");
}

TEST(errors_sinfo) {
  expect_error("@R.function\ndef main(x: R.Tensor((4,), \"float32\", \"x\")):\n    return x\n",
               "R.Tensor takes at most 2 positional arguments");
  expect_error("@R.function\ndef main(x: R.Tensor((4,), \"floa32\")):\n    return x\n",
               "unknown dtype 'floa32'");
  expect_error("@R.function\ndef main(x: R.Tensor((4,), dtyp=\"float32\")):\n    return x\n",
               "R.Tensor got an unexpected keyword argument 'dtyp'");
  expect_error("@R.function\ndef main(x: R.Tensor((4,), \"float32\", ndim=3)):\n    return x\n",
               "does not match");
  expect_error("@R.function\ndef main(x: R.Foo):\n    return x\n", "expected a struct info annotation");
  expect_error("@R.function\ndef main(x):\n    return x\n", "needs a struct info annotation");
  expect_error("@R.function\ndef main(x: R.Prim()):\n    return x\n", "R.Prim needs a dtype or a value");
  expect_error("@R.function\ndef main(x: R.Shape(ndim=2, rank=3)):\n    return x\n", "unexpected keyword argument 'rank'");
  expect_error(FN("    y: R.Tensor((\"m\",), \"float32\") = x\n    return y\n"), "undefined symbolic variable \"m\"");
  expect_error("@R.function\ndef main(x: R.Tensor((\"n +\",), \"float32\")):\n    return x\n", "in shape string");
  expect_error(FN("    y = R.match_cast(x, R.Tensor((4,), \"float32\"), 1)\n    return y\n"),
               "R.match_cast expects a value and a struct info");
  expect_error(FN("    y: R.Tensor((3,), \"float32\") = R.match_cast(x, R.Tensor((4,), \"float32\"))\n    return y\n"),
               "annotation differs");
}

TEST(errors_statements) {
  expect_error(FN("    y = R.exp(x)\n"), "must end with a return statement");
  expect_error(FN("    return x\n    y = x\n"), "statements after return");
  expect_error(FN("    y = R.add(x, z)\n    return y\n"), "undefined name 'z'");
  expect_error(FN("    y = cls.f(x)\n    return y\n"), "undefined name 'cls'");
  expect_error(FN("    if x:\n        y = x\n    return y\n"), "needs an else branch");
  expect_error(FN("    if x:\n        y = x\n    else:\n        z = x\n    return x\n"),
               "both branches must end by assigning the same variable");
  expect_error(FN("    for i in range(3):\n        pass\n    return x\n"), "for loops are not supported in Relax functions");
  expect_error(FN("    y = R.add(x, R.match_cast(x, R.Tensor))\n    return y\n"), "whole right-hand side");
  expect_error(FN("    a, b = x\n    return x\n"), "must assign a single name");
  expect_error(FN("    y = R.call_tir(\"f\", (x,))\n    return y\n"), "needs out_sinfo");
  expect_error(FN("    y = R.call_tir(\"f\", (x,), out_sinf=R.Tensor)\n    return y\n"),
               "R.call_tir got an unexpected keyword argument 'out_sinf'");
  expect_error(FN("    y = R.const([[1, 2], [3]], \"float32\")\n    return y\n"), "rectangular");
  expect_error(FN("    y = R.const(1, \"float32x4\")\n    return y\n"), "R.const cannot hold");
  expect_error(FN("    y = R.Tensor((4,), \"float32\")\n    return y\n"), "struct info annotation, not a value");
  expect_error(FN("    R.func_attr(1)\n    return x\n"), "R.func_attr expects one dict argument");
  expect_error(FN("    y = metadata[\"relax.expr.Constant\"][0]\n    return y\n"), "is not in this file's metadata");
  expect_error("@R.function(pur=False)\ndef main(x: R.Object):\n    return x\n",
               "@R.function got an unexpected keyword argument 'pur'");
  expect_error(FN("    @T.prim_func\n    def g():\n        pass\n    return x\n"), "PrimFunc cannot be defined");
  expect_error(FN("    y = x[0]\n    return y\n"), "only a tuple can be indexed");
}

TEST(errors_relax_rules) {
  expect_error("@R.function\ndef main(x: R.Object, x: R.Object):\n    return x\n", "duplicate parameter 'x'");
  expect_error(FN("    with R.dataflow():\n        y = R.exp(x)\n        return y\n"),
               "return is not allowed inside a dataflow block");
  expect_error(FN("    with R.dataflow():\n        lv = R.exp(x)\n        gv = R.exp(lv)\n        R.output(gv)\n"
                  "    return lv\n"),
               "dataflow variable 'lv' used outside its dataflow block");
  expect_error(FN("    R.add(x, x)\n    return x\n"), "non-void expression must be bound to a variable");
  expect_error(FN("    R.shape([1])\n    return x\n"), "its struct info is R.Shape([1])");
  expect_error(FN("    while x:\n        pass\n    return x\n"), "while loops are not supported");
  expect_error(FN("    R.output(x)\n    return x\n"), "R.output is only allowed inside a dataflow block");
  expect_error("@R.function\ndef main(x: R.Tensor((4,), \"float32\", dtype=\"int32\")):\n    return x\n",
               "2:39: error: R.Tensor got multiple values for argument 'dtype'");
  expect_error("@R.function\n# c\ndef main(x: R.Object):\n    y = x\n", "3:1: error: a Relax function must end");
}

/* A failed binding or parameter still binds its name: one error, no cascade. */
TEST(errors_no_cascade) {
  const char *srcs[] = {
    "@R.function\ndef main(x: R.Tensor((4,), \"flaot32\")):\n    return x\n",
    FN("    y: R.Tensor((4,), \"float32\") = R.exp(q)\n    z = R.exp(y)\n    return z\n"),
    FN("    with R.dataflow():\n        gv = R.exp(q)\n        R.output(gv)\n    return gv\n"),
    FN("    if x:\n        y = x\n    else:\n        z = x\n    return y\n"),
  };
  for (size_t i = 0; i < sizeof srcs / sizeof *srcs; i++) {
    IrCtx *cx = ir_ctx_new();
    char *errs = NULL;
    CHECK(parse(cx, srcs[i], &errs) == NULL);
    int n = 0;
    for (const char *e = errs; (e = strstr(e, "error:")); e++) n++;
    if (n != 1) fprintf(stderr, "expected one error, got:\n%s", errs);
    CHECK(n == 1);
    free(errs);
    ir_ctx_free(cx);
  }
}

/* Module-level R.ExternFunc; calls to module functions take their declared
 * return; the seed's undefined names in parameter shapes declare variables. */
TEST(print_module_extern_and_calls) {
  expect_print(
    "@I.ir_module\n"
    "class Module:\n"
    "    ext = R.ExternFunc(\"my_ext\")\n"
    "    @R.function\n"
    "    def main(x: R.Tensor[(n, d), \"float32\"]):\n"
    "        y = Module.helper(x)\n"
    "        z = R.call_packed(\"f\", y, sinfo_args=(R.Object,))\n"
    "        return y\n"
    "    @R.function\n"
    "    def helper(x: R.Tensor((\"n\", \"d\"), \"float32\")) -> R.Tensor(dtype=\"float32\", ndim=2):\n"
    "        return x\n",
    "# from tvm.script import ir as I\n"
    "# from tvm.script import tir as T\n"
    "# from tvm.script import relax as R\n"
    "\n"
    "@I.ir_module\n"
    "class Module:\n"
    "    ext = R.ExternFunc(\"my_ext\")\n"
    "    @R.function\n"
    "    def helper(x: R.Tensor((\"n\", \"d\"), dtype=\"float32\")) -> R.Tensor(dtype=\"float32\", ndim=2):\n"
    "        n = T.int64()\n"
    "        d = T.int64()\n"
    "        return x\n"
    "\n"
    "    @R.function\n"
    "    def main(x: R.Tensor((\"n\", \"d\"), dtype=\"float32\")) -> R.Tensor(dtype=\"float32\", ndim=2):\n"
    "        n = T.int64()\n"
    "        d = T.int64()\n"
    "        cls = Module\n"
    "        y: R.Tensor(dtype=\"float32\", ndim=2) = cls.helper(x)\n"
    "        z: R.Object = R.call_packed(\"f\", y, sinfo_args=(R.Object,))\n"
    "        return y\n");
}

/* Deep nesting is an error, not a stack overflow. */
TEST(errors_depth) {
  StrBuf sb = {0};
  sb_puts(&sb, "@R.function\ndef main(x: ");
  for (int i = 0; i < 1000; i++) sb_puts(&sb, "R.Tuple(");
  sb_puts(&sb, "R.Object");
  for (int i = 0; i < 1000; i++) sb_putc(&sb, ')');
  sb_puts(&sb, "):\n    return x\n");
  expect_error(sb.data, "");
  sb_free(&sb);
}

/* Every prefix of a valid program fails cleanly or parses. */
TEST(truncations) {
  const char *src = "@I.ir_module\nclass Module:\n    @R.function\n"
                    "    def main(x: R.Tensor((\"n\", 4), \"float32\")) -> R.Tensor((\"n\", 4), \"float32\"):\n"
                    "        n = T.int64()\n        cls = Module\n        with R.dataflow():\n"
                    "            y = R.call_tir(cls.main, (x,), out_sinfo=R.Tensor((n, 4), \"float32\"))\n"
                    "            z: R.Tensor((n, 4), \"float32\") = R.add(y, R.const(1.0, \"float32\"))\n"
                    "            R.output(z)\n        return z\n";
  size_t len = strlen(src);
  for (size_t i = 0; i <= len; i++) {
    char *t = strndup(src, i);
    IrCtx *cx = ir_ctx_new();
    char *errs = NULL;
    Node *m = parse(cx, t, &errs);
    if (m) {
      char *out = print(m);
      free(out);
    }
    free(errs);
    ir_ctx_free(cx);
    free(t);
  }
  CHECK(1);
}

int main(void) {
  RUN(print_basic);
  RUN(print_symbolic);
  RUN(print_dataflow);
  RUN(print_module);
  RUN(print_match_cast);
  RUN(print_ifelse);
  RUN(print_nested);
  RUN(print_consts);
  RUN(print_sinfo);
  RUN(print_seed);
  RUN(print_packed);
  RUN(print_normalize);
  RUN(ir_dataflow_vars);
  RUN(ir_call_tir);
  RUN(ir_consts_and_attrs);
  RUN(print_sinfo_fragment);
  RUN(print_scoped_names);
  RUN(errors_dataflow);
  RUN(errors_sinfo);
  RUN(errors_statements);
  RUN(errors_relax_rules);
  RUN(errors_no_cascade);
  RUN(print_module_extern_and_calls);
  RUN(errors_depth);
  RUN(truncations);
  return harness_report();
}
