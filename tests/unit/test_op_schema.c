/*
 * test_op_schema.c — the Relax operator table (src/relax/op_schema.c): lookup,
 * the table's own consistency, default attributes through the parser and the
 * printer for every entry, the Python-API conversions, arity and keyword
 * errors, and docs/ops.md being the table's rendering.
 *
 *   build/tests/test_op_schema               run the tests (from the repo root)
 *   build/tests/test_op_schema --write-docs  regenerate docs/ops.md
 */
#include "harness.h"
#include "relax/op_infer.h"
#include "relax/op_schema.h"
#include "script/script_impl.h"

#include <stdlib.h>
#include <string.h>

#define DOCS_PATH "docs/ops.md"

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

/* A one-binding function around `call`; x, y, z are Objects (struct-info
 * inference, tested in test_op_infer.c, leaves the result unknown). */
static char *wrap(const char *call) {
  StrBuf sb = {0};
  sb_printf(&sb,
            "@R.function\n"
            "def main(x: R.Object, y: R.Object, z: R.Object):\n"
            "    out = %s\n"
            "    return out\n",
            call);
  return sb_take(&sb);
}

/* Parse wrap(call), print it, check the round trip; returns the printed
 * right-hand side of the binding (caller frees), or NULL. */
static char *print_call(const char *call) {
  IrCtx *cx = ir_ctx_new();
  char *src = wrap(call), *errs = NULL, *res = NULL;
  Node *m = parse(cx, src, &errs);
  if (!m) fprintf(stderr, "parse of %s failed:\n%s", call, errs);
  CHECK(m != NULL);
  free(errs);
  if (m) {
    char *out = print(m);
    Node *m2 = parse(cx, out, &errs);
    if (!m2) fprintf(stderr, "reparse failed:\n%s\n--- text:\n%s", errs, out);
    CHECK(m2 != NULL);
    free(errs);
    if (m2) {
      char *out2 = print(m2);
      CHECK_STREQ(out2, out);
      free(out2);
      StrBuf why = {0};
      bool eq = ir_struct_equal_explain(m, m2, &why);
      if (!eq) fprintf(stderr, "%s: not structurally equal: %s\n", call, why.data);
      CHECK(eq);
      sb_free(&why);
    }
    const char *at = strstr(out, "    out");
    if (at) at = strstr(at, " = "); /* past an inferred annotation */
    if (at) {
      at += 3;
      size_t len = strcspn(at, "\n");
      res = malloc(len + 1);
      memcpy(res, at, len);
      res[len] = 0;
    }
    free(out);
  }
  free(src);
  ir_ctx_free(cx);
  return res;
}

static void expect_call(const char *call, const char *want) {
  char *got = print_call(call);
  CHECK_STREQ(got, want);
  free(got);
}

static void expect_error(const char *call, const char *needle) {
  IrCtx *cx = ir_ctx_new();
  char *src = wrap(call), *errs = NULL;
  Node *m = parse(cx, src, &errs);
  CHECK(m == NULL);
  if (!errs || !strstr(errs, needle))
    fprintf(stderr, "expected an error containing \"%s\", got:\n%s\n", needle, errs ? errs : "(none)");
  CHECK(errs && strstr(errs, needle));
  free(errs);
  free(src);
  ir_ctx_free(cx);
}

TEST(lookup) {
  CHECK(rx_op_count() >= 120);
  const RxOpSchema *s = rx_op_find("sum");
  CHECK(s && !strcmp(s->op, "relax.sum") && s->nattrs == 2);
  CHECK(s && !strcmp(s->attrs[0].name, "axis") && !strcmp(s->attrs[1].name, "keepdims"));
  CHECK(rx_op_find("nn.conv2d") && rx_op_find("nn.conv2d")->nattrs == 8);
  CHECK(rx_op_find_op("relax.image.resize2d") == rx_op_find("image.resize2d"));
  CHECK(rx_op_find("permute_dims") != NULL);
  CHECK(!rx_op_find("frobnicate") && !rx_op_find("nn.convolution") && !rx_op_find_op("nn.conv2d"));
  CHECK(rx_op_attr_index(rx_op_find("nn.conv2d"), "out_layout") == 6);
  /* Pools take padding before dilation in TVM's Python API, after it in the attrs. */
  const RxOpSchema *p = rx_op_find("nn.max_pool2d");
  CHECK(rx_op_attr_at_pos(p, 2) == rx_op_attr_index(p, "padding"));
  CHECK(rx_op_attr_at_pos(p, 3) == rx_op_attr_index(p, "dilation"));
}

/* Names unique, ops named relax.<name>, arguments and py_order well formed. */
TEST(table_consistent) {
  for (int32_t i = 0; i < rx_op_count(); i++) {
    const RxOpSchema *s = rx_op_at(i);
    CHECK(rx_op_find(s->name) == s);
    CHECK(!strncmp(s->op, "relax.", 6) && !strcmp(s->op + 6, s->name));
    CHECK(s->nattrs <= RX_OP_MAX_ATTRS && (s->nattrs == 0) == (s->attrs_type == NULL));
    CHECK(s->status && !strcmp(s->status, "parse/print"));
    CHECK(!strcmp(rx_op_status(s), rx_op_has_infer(s->name) ? "parse/print, infer" : "parse/print"));
    RxArgSpec as[RX_OP_MAX_ARGS];
    int32_t nreq, n = rx_op_args(s, as, &nreq);
    for (int32_t k = 0; k < n; k++) {
      CHECK(as[k].name[0] != 0);
      CHECK(rx_op_attr_index(s, as[k].name) < 0);
      if (k < nreq) CHECK(!as[k].optional);
    }
    bool seen[RX_OP_MAX_ATTRS] = {0};
    for (int32_t k = 0; k < s->nattrs; k++) {
      int32_t j = rx_op_attr_at_pos(s, k);
      CHECK(j >= 0 && !seen[j]);
      if (j >= 0) seen[j] = true;
      const char *d = s->attrs[k].dflt;
      if (d && d[0] == '@') CHECK(rx_op_attr_index(s, d + 1) >= 0);
    }
  }
}

TEST(defaults) {
  IrCtx *cx = ir_ctx_new();
  const RxOpSchema *s = rx_op_find("sum");
  bool ok;
  CHECK(rx_op_attr_default(cx, s, 0, &ok) == NULL && ok);
  Node *kd = rx_op_attr_default(cx, s, 1, &ok);
  CHECK(ok && kd && kd->kind == NK_INT && dtype_eq(kd->dtype, DT_BOOL) && !IR_AS(IrIntImm, kd)->value);
  const RxOpSchema *c = rx_op_find("nn.conv2d");
  Node *pad = rx_op_attr_default(cx, c, 1, &ok);
  CHECK(ok && pad && pad->kind == NK_ARRAY && IR_AS(IrArray, pad)->items.n == 4);
  Node *eps = rx_op_attr_default(cx, rx_op_find("nn.layer_norm"), 1, &ok);
  CHECK(ok && eps && eps->kind == NK_FLOAT && IR_AS(IrFloatImm, eps)->value == 1e-5);
  rx_op_attr_default(cx, c, 6, &ok); /* out_layout copies data_layout */
  CHECK(!ok);
  rx_op_attr_default(cx, rx_op_find("astype"), 0, &ok); /* required */
  CHECK(!ok);
  ir_ctx_free(cx);
}

/* A value the parser accepts for a required attribute of kind k. */
static const char *sample(RxAttrKind k) {
  switch (k) {
  case RX_ATTR_INTS: case RX_ATTR_OPT_INTS: return "[0]";
  case RX_ATTR_DTYPE: return "\"float16\"";
  case RX_ATTR_STR: return "\"ij\"";
  case RX_ATTR_FLOAT: return "0.5";
  case RX_ATTR_BOOL: return "True";
  default: return "1";
  }
}

/* Every entry: a call with its required arguments and attributes parses,
 * prints every other attribute with its default text, and round-trips. */
TEST(every_entry_defaults) {
  const char *vars[] = {"x", "y", "z", "x", "y", "z", "x", "y"};
  for (int32_t i = 0; i < rx_op_count(); i++) {
    const RxOpSchema *s = rx_op_at(i);
    RxArgSpec as[RX_OP_MAX_ARGS];
    int32_t nreq;
    rx_op_args(s, as, &nreq);
    StrBuf call = {0}, want = {0};
    sb_printf(&call, "R.%s(", s->name);
    for (int32_t k = 0; k < nreq; k++) sb_printf(&call, "%s%s", k ? ", " : "", vars[k]);
    for (int32_t k = 0; k < s->nattrs; k++) {
      const RxAttrSpec *a = &s->attrs[k];
      if (!a->dflt) sb_printf(&call, "%s%s=%s", nreq || k ? ", " : "", a->name, sample(a->kind));
    }
    sb_putc(&call, ')');
    char *got = print_call(call.data);
    CHECK(got != NULL);
    for (int32_t k = 0; got && k < s->nattrs; k++) {
      const RxAttrSpec *a = &s->attrs[k];
      if (!a->dflt || !strcmp(s->name, "arange")) continue;
      const char *d = a->dflt[0] == '@' ? s->attrs[rx_op_attr_index(s, a->dflt + 1)].dflt : a->dflt;
      sb_free(&want);
      sb_printf(&want, "%s=%s", a->name, d);
      if (!strstr(got, want.data)) fprintf(stderr, "%s: missing %s in %s\n", call.data, want.data, got);
      CHECK(strstr(got, want.data) != NULL);
    }
    free(got);
    sb_free(&call);
    sb_free(&want);
  }
}

/* TVM's Python API: attributes given positionally, scalars widened to lists,
 * paddings completed, list shapes made R.shape, prim-value defaults. */
TEST(conversions) {
  expect_call("R.sum(x, 1, True)", "R.sum(x, axis=[1], keepdims=True)");
  expect_call("R.sum(x, axis=None)", "R.sum(x, axis=None, keepdims=False)");
  expect_call("R.nn.conv2d(x, y, padding=(1, 2), strides=2)",
              "R.nn.conv2d(x, y, strides=[2, 2], padding=[1, 2, 1, 2], dilation=[1, 1], groups=1, "
              "data_layout=\"NCHW\", kernel_layout=\"OIHW\", out_layout=\"NCHW\", out_dtype=\"void\")");
  expect_call("R.nn.conv1d(x, y, 1, 3, out_dtype=None)",
              "R.nn.conv1d(x, y, strides=[1], padding=[3, 3], dilation=[1], groups=1, data_layout=\"NCW\", "
              "kernel_layout=\"OIW\", out_layout=\"NCW\", out_dtype=\"void\")");
  expect_call("R.nn.max_pool2d(x, 2, 2, 1)",
              "R.nn.max_pool2d(x, pool_size=[2, 2], strides=[2, 2], dilation=[1, 1], padding=[1, 1, 1, 1], "
              "ceil_mode=False, count_include_pad=False, layout=\"NCHW\", out_layout=\"NCHW\")");
  expect_call("R.nn.pad(x, [0, 1], \"reflect\")",
              "R.nn.pad(x, pad_width=[0, 1], pad_value=0.0, pad_mode=\"reflect\")");
  expect_call("R.zeros((2, 3), \"float32\")", "R.zeros(R.shape([2, 3]), dtype=\"float32\")");
  expect_call("R.reshape(x, [4])", "R.reshape(x, R.shape([4]))");
  expect_call("R.tril(x)", "R.tril(x, R.prim_value(0))");
  expect_call("R.triu(x, k=1)", "R.triu(x, R.prim_value(1))");
  expect_call("R.arange(10)", "R.arange(R.prim_value(0), R.prim_value(10), R.prim_value(1), dtype=\"int64\")");
  expect_call("R.arange(0, 1.5, 0.5)",
              "R.arange(R.prim_value(0), R.prim_value(T.float64(1.5)), R.prim_value(T.float64(0.5)), "
              "dtype=\"float32\")");
  expect_call("R.nn.layer_norm(x, y, z, -1, 1)",
              "R.nn.layer_norm(x, y, z, axes=[-1], epsilon=1.0, center=True, scale=True)");
  expect_call("R.concat((x, y))", "R.concat((x, y), axis=0)");
  expect_call("R.split(x, 2)", "R.split(x, indices_or_sections=2, axis=0)");
  expect_call("R.image.resize2d(x, (4, 4))",
              "R.image.resize2d(x, R.shape([4, 4]), roi=[0.0, 0.0, 0.0, 0.0], layout=\"NCHW\", method=\"linear\", "
              "coordinate_transformation_mode=\"half_pixel\", rounding_method=\"round\", cubic_alpha=-0.75, "
              "cubic_exclude=0, extrapolation_value=0.0, out_dtype=\"void\")");
}

TEST(errors) {
  expect_error("R.add(x)", "R.add expects 2 arguments, got 1");
  expect_error("R.add(x, y, z)", "R.add expects 2 arguments, got 3");
  expect_error("R.sum(x, [0], False, 1)", "R.sum expects 1 to 3 positional arguments, got 4");
  expect_error("R.sum(x, axes=[0])",
               "R.sum got an unexpected keyword argument 'axes' (valid: x, axis, keepdims)");
  expect_error("R.sum(x, [0], axis=[1])", "R.sum got multiple values for 'axis'");
  expect_error("R.astype(x)", "R.astype: attribute 'dtype' is required");
  expect_error("R.sum(x, axis=\"a\")", "R.sum: attribute 'axis' expects a list of integers");
  expect_error("R.nn.conv2d(x, y, padding=[1, 2, 3])", "attribute 'padding' expects 1, 2 or 4 values");
  expect_error("R.frobnicate(x)", "unknown Relax operator 'R.frobnicate'");
  expect_error("R.nn.convolution(x)", "unknown Relax operator 'R.nn.convolution'");
}

/* A call that lacks attributes (built by a pass) prints them with defaults. */
TEST(printer_fills_defaults) {
  IrCtx *cx = ir_ctx_new();
  char *src = wrap("R.nn.softmax(x, axis=1)"), *errs = NULL;
  Node *f = parse(cx, src, &errs);
  CHECK(f != NULL);
  if (f && f->kind == NK_RX_FUNC) {
    const Node *body = IR_AS(IrFunction, f)->body;
    const Node *blk = IR_AS(IrSeqExpr, body)->blocks.v[0];
    Node *b = IR_AS(IrArray, blk)->items.v[0];
    Node *call = ir_clone(cx, IR_AS(IrBinding, b)->value);
    IR_AS(IrRxCall, call)->attrs = ir_list_empty();
    /* Rebuild binding, block, body and function around the bare call. */
    Node *nb = ir_clone(cx, b);
    IR_AS(IrBinding, nb)->value = ir_finish(cx, call);
    nb = ir_finish(cx, nb);
    Node *nblk = ir_clone(cx, blk);
    IR_AS(IrArray, nblk)->items = ir_list(cx, &nb, 1);
    nblk = ir_finish(cx, nblk);
    Node *nbody = ir_clone(cx, body);
    IR_AS(IrSeqExpr, nbody)->blocks = ir_list(cx, &nblk, 1);
    nbody = ir_finish(cx, nbody);
    Node *nf = ir_clone(cx, f);
    IR_AS(IrFunction, nf)->body = nbody;
    nf = ir_finish(cx, nf);
    StrBuf sb = {0};
    script_print(nf, &sb);
    CHECK(sb.data && strstr(sb.data, "R.nn.softmax(x, axis=-1)"));
    if (sb.data && !strstr(sb.data, "axis=-1")) fprintf(stderr, "got %s\n", sb.data);
    sb_free(&sb);
  }
  free(errs);
  free(src);
  ir_ctx_free(cx);
}

static char *slurp(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return NULL;
  StrBuf sb = {0};
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
    for (size_t i = 0; i < n; i++) sb_putc(&sb, buf[i]);
  fclose(fp);
  return sb_take(&sb);
}

TEST(docs_match_table) {
  StrBuf want = {0};
  rx_op_render_docs(&want);
  char *have = slurp(DOCS_PATH);
  if (!have || strcmp(have, want.data))
    fprintf(stderr, DOCS_PATH " is stale: run build/tests/test_op_schema --write-docs\n");
  CHECK(have && !strcmp(have, want.data));
  free(have);
  sb_free(&want);
}

static int write_docs(void) {
  StrBuf sb = {0};
  rx_op_render_docs(&sb);
  FILE *fp = fopen(DOCS_PATH, "wb");
  if (!fp) {
    fprintf(stderr, "cannot write " DOCS_PATH " (run from the repository root)\n");
    sb_free(&sb);
    return 1;
  }
  fwrite(sb.data, 1, sb.len, fp);
  fclose(fp);
  sb_free(&sb);
  printf("wrote " DOCS_PATH "\n");
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "--write-docs")) return write_docs();
  RUN(lookup);
  RUN(table_consistent);
  RUN(defaults);
  RUN(every_entry_defaults);
  RUN(conversions);
  RUN(errors);
  RUN(printer_fills_defaults);
  RUN(docs_match_table);
  return harness_report();
}
