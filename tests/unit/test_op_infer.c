/*
 * test_op_infer.c — struct-info inference of Relax operators
 * (src/relax/op_infer*.c).  The cases are TVMScript files under
 * tests/relax/op_infer/ whose bindings carry the struct info TVM infers,
 * written by hand as the annotation: for every binding whose value is an
 * operator call with a rule, the inferred struct info must equal the
 * annotation.  Error cases check the diagnostic for shapes TVM rejects.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "relax/op_infer.h"
#include "script/script.h"

static int nchecked;

static Node *parse(IrCtx *cx, const char *name, const char *text, DiagCtx *d) {
  SourceFile *f = ir_ctx_own_source(cx, source_new(name, text, strlen(text)));
  return script_parse(cx, f, d);
}

static const char *op_name(const Node *call) {
  const Node *op = IR_AS(IrRxCall, call)->op;
  if (!op || op->kind != NK_RX_OP) return NULL;
  const char *n = IR_AS(IrStr, op)->value;
  return strncmp(n, "relax.", 6) == 0 ? n + 6 : n;
}

/* Check every annotated op binding of every function in mod. */
static void check_bindings(IrCtx *cx, const char *file, Node *mod) {
  const IrModule *m = IR_AS(IrModule, mod);
  for (int32_t i = 0; i < m->funcs.n; i++) {
    Node *f = IR_AS(IrBinary, m->funcs.v[i])->b;
    if (f->kind != NK_RX_FUNC) continue;
    const IrSeqExpr *seq = IR_AS(IrSeqExpr, IR_AS(IrFunction, f)->body);
    for (int32_t b = 0; b < seq->blocks.n; b++) {
      const IrArray *blk = IR_AS(IrArray, seq->blocks.v[b]);
      for (int32_t k = 0; k < blk->items.n; k++) {
        const IrBinding *bd = IR_AS(IrBinding, blk->items.v[k]);
        if (bd->value->kind != NK_RX_CALL || !op_name(bd->value) || !rx_op_has_infer(op_name(bd->value)))
          continue;
        DiagCtx d;
        diag_init(&d);
        Node *got = rx_op_infer(cx, bd->value, &d);
        nchecked++;
        StrBuf a = {0}, g = {0};
        script_print_node(bd->var->sinfo, &a);
        if (got) script_print_node(got, &g);
        if (!got || !ir_struct_equal(got, bd->var->sinfo)) {
          fprintf(stderr, "%s: %s: R.%s inferred %s, expected %s\n", file, IR_AS(IrVar, bd->var)->name,
                  op_name(bd->value), got ? g.data : "nothing", a.data);
          if (d.items.len) diag_print(&d, stderr);
          harness_cur_failed = 1;
        }
        sb_free(&a);
        sb_free(&g);
        diag_free(&d);
      }
    }
  }
}

TEST(annotated_cases) {
  const char *dir = "tests/relax/op_infer";
  DIR *dp = opendir(dir);
  CHECK(dp != NULL);
  if (!dp) return;
  struct dirent *e;
  int nfiles = 0;
  while ((e = readdir(dp))) {
    size_t n = strlen(e->d_name);
    if (n < 4 || strcmp(e->d_name + n - 3, ".py")) continue;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    size_t len;
    char *text = read_file(path, &len);
    IrCtx *cx = ir_ctx_new();
    DiagCtx d;
    diag_init(&d);
    Node *mod = parse(cx, path, text, &d);
    if (!mod) diag_print(&d, stderr);
    CHECK(mod != NULL);
    if (mod) check_bindings(cx, path, mod);
    nfiles++;
    diag_free(&d);
    ir_ctx_free(cx);
    free(text);
  }
  closedir(dp);
  CHECK(nfiles >= 3);
  CHECK(nchecked >= 25);
}

/* A call whose inference must fail with a message containing want. */
static void expect_error(const char *sig, const char *call, const char *want) {
  char text[2048];
  snprintf(text, sizeof text,
           "# from tvm.script import relax as R\n\n@R.function\ndef main(%s):\n    v: R.Object = %s\n"
           "    return v\n",
           sig, call);
  IrCtx *cx = ir_ctx_new();
  DiagCtx d;
  diag_init(&d);
  Node *f = parse(cx, "err.py", text, &d);
  CHECK(f != NULL);
  if (f) {
    const IrSeqExpr *seq = IR_AS(IrSeqExpr, IR_AS(IrFunction, f)->body);
    const IrBinding *bd = IR_AS(IrBinding, IR_AS(IrArray, seq->blocks.v[0])->items.v[0]);
    Node *got = rx_op_infer(cx, bd->value, &d);
    bool found = false;
    for (int32_t i = 0; i < d.items.len; i++) found |= strstr(d.items.data[i].message, want) != NULL;
    if (got || !found) {
      fprintf(stderr, "%s: expected an error containing '%s'\n", call, want);
      diag_print(&d, stderr);
      harness_cur_failed = 1;
    }
  }
  diag_free(&d);
  ir_ctx_free(cx);
}

TEST(shape_errors) {
  expect_error("x: R.Tensor((2, 3), \"float32\"), y: R.Tensor((4, 3), \"float32\")", "R.add(x, y)", "R.add");
  expect_error("a: R.Tensor((4, 8), \"float32\"), b: R.Tensor((7, 16), \"float32\")", "R.matmul(a, b)", "R.matmul");
  expect_error("x: R.Tensor((2, 3), \"float32\")", "R.sum(x, axis=[5])", "axis");
  expect_error("x: R.Tensor((2, 3), \"float32\"), w: R.Tensor((16, 3, 3, 3), \"float32\")", "R.nn.conv2d(x, w)",
               "R.nn.conv2d");
}

int main(void) {
  RUN(annotated_cases);
  RUN(shape_errors);
  return harness_report();
}
