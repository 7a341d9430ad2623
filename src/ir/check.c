/*
 * check.c — ir_check: well-formedness of a module or a bare function.  The
 * module-level rules live here (function entries are GlobalVar/function
 * pairs with unique names); each function goes to its dialect's checker:
 * tir/verify.c for PrimFuncs, relax/well_formed.c for Relax functions.
 * Struct info built while checking lives in a scratch context freed at the
 * end, so the checked IR is never touched.
 */
#include "check.h"

#include <string.h>

#include "relax/relax.h"
#include "tir/tir.h"

/* The name a bare function goes by: its global_symbol, else "main". */
static const char *bare_name(const Node *f) {
  NodeList attrs = f->kind == NK_PRIM_FUNC ? IR_AS(IrPrimFunc, f)->attrs : IR_AS(IrFunction, f)->attrs;
  Node *g = ir_attrs_get(attrs, "global_symbol");
  return g && g->kind == NK_STRING ? IR_AS(IrStr, g)->value : "main";
}

static void check_func(IrCtx *cx, const Node *mod, const Node *f, const char *name, DiagCtx *diag) {
  if (f->kind == NK_PRIM_FUNC)
    tir_verify_prim_func(f, name, diag);
  else if (f->kind == NK_RX_FUNC)
    rx_check_function(cx, mod, f, name, diag);
  else if (f->kind != NK_RX_EXTERN)
    diag_error(diag, f->span, "'%s' is bound to a %s, not a function", name, ir_kind_name(f->kind));
}

static void check_module(IrCtx *cx, const Node *mod, DiagCtx *diag) {
  const IrModule *m = IR_AS(IrModule, mod);
  StrMap seen = {0};
  for (int32_t i = 0; i < m->funcs.n; i++) {
    const Node *pair = m->funcs.v[i];
    const Node *gv = pair && pair->kind == NK_PAIR ? IR_AS(IrBinary, pair)->a : NULL;
    const Node *f = gv ? IR_AS(IrBinary, pair)->b : NULL;
    if (!gv || gv->kind != NK_GLOBAL_VAR || !f) {
      diag_error(diag, pair ? pair->span : mod->span, "a module entry must bind a global name to a function");
      continue;
    }
    const char *name = IR_AS(IrVar, gv)->name ? IR_AS(IrVar, gv)->name : "?";
    if (strmap_has(&seen, name))
      diag_error(diag, pair->span.file ? pair->span : gv->span, "duplicate definition of function '%s' in the module", name);
    strmap_put(&seen, name, (void *)f);
    check_func(cx, mod, f, name, diag);
  }
  strmap_free(&seen);
}

int ir_check(const Node *root, DiagCtx *diag) {
  int32_t before = diag_errors(diag);
  if (!root) return 0;
  IrCtx *cx = ir_ctx_new();
  if (root->kind == NK_MODULE)
    check_module(cx, root, diag);
  else if (root->kind == NK_PRIM_FUNC || root->kind == NK_RX_FUNC)
    check_func(cx, NULL, root, bare_name(root), diag);
  else
    diag_error(diag, root->span, "expected a module or a function to check, got %s", ir_kind_name(root->kind));
  ir_ctx_free(cx);
  return diag_errors(diag) - before;
}
