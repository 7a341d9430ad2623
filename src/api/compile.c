/*
 * compile.c — the public build API of include/strata/strata.h: the default
 * lowering pipeline (tir/transform), the C code generator (codegen/c) and
 * the system C compiler; plus the calling signatures a driver needs to run a
 * function without its source, and evaluation of their shape expressions.
 */
#include <stdlib.h>
#include <string.h>

#include "api_impl.h"
#include "codegen/codegen.h"
#include "script/script.h"
#include "tir/transform/transform.h"

static char *render(const DiagCtx *d) {
  StrBuf sb = {0};
  diag_render(d, &sb);
  return sb.data ? sb_take(&sb) : xstrdup("error\n");
}

/* The root as a module: a bare PrimFunc becomes the module {"main": f}. */
static Node *as_module(IrCtx *cx, Node *root) {
  if (root->kind == NK_MODULE) return root;
  Node *gv = ir_alloc(cx, NK_GLOBAL_VAR, span_none());
  IR_AS(IrVar, gv)->name = intern("main");
  gv = ir_finish(cx, gv);
  Node *pair = ir_alloc(cx, NK_PAIR, span_none());
  IR_AS(IrBinary, pair)->a = gv;
  IR_AS(IrBinary, pair)->b = root;
  pair = ir_finish(cx, pair);
  Node *m = ir_alloc(cx, NK_MODULE, span_none());
  IR_AS(IrModule, m)->funcs = ir_list(cx, &pair, 1);
  return ir_finish(cx, m);
}

char *strata_signatures(const StrataModule *m) {
  StrBuf sb = {0};
  Node *mod = as_module(m->cx, m->root);
  const IrModule *M = IR_AS(IrModule, mod);
  for (int32_t i = 0; i < M->funcs.n; i++) {
    const IrBinary *p = IR_AS(IrBinary, M->funcs.v[i]);
    if (p->b && p->b->kind == NK_PRIM_FUNC) codegen_c_signature(p->b, IR_AS(IrVar, p->a)->name, &sb);
  }
  return sb.data ? sb_take(&sb) : xstrdup("");
}

int strata_emit_c(const StrataModule *m, const StrataBuildOptions *opts, char **c_source, char **errors) {
  StrataBuildOptions none = {0};
  if (!opts) opts = &none;
  *c_source = NULL;
  if (errors) *errors = NULL;
  Node *mod = as_module(m->cx, m->root);
  int nprim = 0;
  for (int32_t i = 0; i < IR_AS(IrModule, mod)->funcs.n; i++) {
    const Node *f = IR_AS(IrBinary, IR_AS(IrModule, mod)->funcs.v[i])->b;
    nprim += f && f->kind == NK_PRIM_FUNC;
  }
  if (!nprim) {
    if (errors) *errors = xstrdup("error: the module has no PrimFunc to build\n");
    return -1;
  }
  char *sigs = strata_signatures(m);
  DiagCtx d;
  diag_init(&d);
  TirPipelineOpts po = {0};
  po.print_after = opts->print_after;
  po.verify_each = opts->verify_each != 0;
  po.time = opts->time_passes != 0;
  Node *low = tir_pipeline_run(m->cx, mod, tir_pipeline_default, -1, &po, &d);
  StrBuf out = {0};
  if (low && !diag_errors(&d)) codegen_c_module(low, sigs, &out, &d);
  free(sigs);
  if (!low || diag_errors(&d)) {
    if (errors) *errors = render(&d);
    diag_free(&d);
    sb_free(&out);
    return -1;
  }
  diag_free(&d);
  *c_source = sb_take(&out);
  return 0;
}

int strata_build(const StrataModule *m, const StrataBuildOptions *opts, const char *out_path,
                 char **errors) {
  char *src = NULL;
  if (strata_emit_c(m, opts, &src, errors) != 0) return -1;
  char *err = NULL;
  int rc = codegen_c_build(src, opts && opts->target ? opts->target : "c", out_path, &err);
  free(src);
  if (rc != 0) {
    if (errors) *errors = err;
    else free(err);
    return -1;
  }
  return 0;
}

/* ---- shape expressions ---- */

static bool eval(const Node *n, const PtrMap *vals, long long *out) {
  int64_t k;
  if (ir_is_const_int(n, &k)) {
    *out = k;
    return true;
  }
  if (ir_is_tir_var(n)) {
    long long *v = ptrmap_get(vals, n);
    if (!v) return false;
    *out = *v;
    return true;
  }
  if (n->kind == NK_CAST) return eval(IR_AS(IrUnary, n)->a, vals, out);
  if (n->kind == NK_SELECT) {
    long long c;
    const IrSelect *s = IR_AS(IrSelect, n);
    return eval(s->cond, vals, &c) && eval(c ? s->t : s->f, vals, out);
  }
  if (!ir_is_binary(n->kind)) return false;
  long long a, b;
  if (!eval(IR_AS(IrBinary, n)->a, vals, &a) || !eval(IR_AS(IrBinary, n)->b, vals, &b)) return false;
  switch (n->kind) {
  case NK_ADD: *out = a + b; return true;
  case NK_SUB: *out = a - b; return true;
  case NK_MUL: *out = a * b; return true;
  case NK_DIV:
  case NK_MOD:
  case NK_FLOORDIV:
  case NK_FLOORMOD: {
    if (b == 0) return false;
    long long q = a / b, r = a % b;
    if ((n->kind == NK_FLOORDIV || n->kind == NK_FLOORMOD) && r != 0 && ((r < 0) != (b < 0))) q--, r += b;
    *out = (n->kind == NK_DIV || n->kind == NK_FLOORDIV) ? q : r;
    return true;
  }
  case NK_MIN: *out = a < b ? a : b; return true;
  case NK_MAX: *out = a > b ? a : b; return true;
  case NK_EQ: *out = a == b; return true;
  case NK_NE: *out = a != b; return true;
  case NK_LT: *out = a < b; return true;
  case NK_LE: *out = a <= b; return true;
  case NK_GT: *out = a > b; return true;
  case NK_GE: *out = a >= b; return true;
  case NK_AND: *out = a && b; return true;
  case NK_OR: *out = a || b; return true;
  default: return false;
  }
}

int strata_eval_shape(const char *expr, int n, const char *const *names, const char *const *dtypes,
                      const long long *values, long long *out, char **errors) {
  IrCtx *cx = ir_ctx_new();
  SourceFile *f = source_new("<shape>", expr, strlen(expr));
  StrMap vars = {0};
  PtrMap vals = {0};
  for (int i = 0; i < n; i++) {
    DType t = DT_INT64;
    if (dtypes && dtypes[i]) dtype_parse(dtypes[i], &t);
    Node *v = ir_var(cx, names[i], t);
    strmap_put(&vars, names[i], v);
    ptrmap_put(&vals, v, (void *)&values[i]);
  }
  DiagCtx d;
  diag_init(&d);
  Node *e = script_parse_primexpr(cx, f, &vars, &d);
  int rc = 0;
  if (!e || diag_errors(&d)) {
    if (errors) *errors = render(&d);
    rc = -1;
  } else if (!eval(e, &vals, out)) {
    if (errors) {
      StrBuf sb = {0};
      sb_printf(&sb, "cannot compute the shape '%s' from the bound variables", expr);
      *errors = sb_take(&sb);
    }
    rc = -1;
  }
  diag_free(&d);
  strmap_free(&vars);
  ptrmap_free(&vals);
  source_free(f);
  ir_ctx_free(cx);
  return rc;
}
