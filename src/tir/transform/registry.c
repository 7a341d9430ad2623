/*
 * registry.c — the table of TIR passes, the default pipeline and the runner
 * with its driver hooks (print after a pass, verify after each, time each).
 *
 * TO ADD A PASS: write it in its own file (a function of type TirPassFn),
 * declare it in transform.h under "the passes", and add one line to
 * tir_passes[] below, {name, function, description}, in pipeline order; then
 * put its name in tir_pipeline_default (the commented-out names are the
 * slots waiting for Simplify, VectorizeLoop, UnrollLoop, StorageRewrite,
 * LowerIntrin and MakePackedAPI).  Nothing else needs to change.
 */
#include <string.h>
#include <time.h>

#include "../../ir/check.h"
#include "../../script/script.h"
#include "transform.h"

const TirPass tir_passes[] = {
    {"LowerInitBlock", tir_lower_init_block, "T.init() becomes an if on the first reduction iteration"},
    {"PlanAndUpdateBufferAllocationLocation", tir_plan_alloc_location,
     "alloc_buffers move to the lowest common ancestor of their uses"},
    {"ConvertBlocksToOpaque", tir_convert_blocks_to_opaque, "block iter vars replaced by their bindings"},
    {"CompactBufferAllocation", tir_compact_buffer_alloc, "alloc_buffers shrunk to their accessed region"},
    {"LowerMatchBuffer", tir_lower_match_buffer, "match_buffers replaced by accesses to their source"},
    {"LowerOpaqueBlock", tir_lower_opaque_block, "blocks become Allocate/DeclBuffer, if and attr statements"},
    {"FlattenBuffer", tir_flatten_buffer, "every buffer 1-D, indices linearized"},
    {"Simplify", tir_simplify, "expressions simplified under loop ranges and conditions"},
    {"VectorizeLoop", tir_vectorize_loop, "vectorized loops become Ramp/Broadcast code, or serial"},
    {"UnrollLoop", tir_unroll_loop, "T.unroll loops replaced by copies of their body"},
    {"StorageRewrite", tir_storage_rewrite, "temporaries with disjoint lifetimes share storage"},
    {"LowerIntrin", tir_lower_intrin, "floordiv/floormod and non-C intrinsics legalized"},
    {"MakePackedAPI", tir_make_packed_api, "packed entry with argument checks and unpacking"},
    /* add new passes here: {"Name", tir_name_fn, "what it leaves behind"}, */
};
const int tir_npasses = (int)(sizeof tir_passes / sizeof tir_passes[0]);

const char *const tir_pipeline_default[] = {
    "LowerInitBlock",
    "PlanAndUpdateBufferAllocationLocation",
    "ConvertBlocksToOpaque",
    "CompactBufferAllocation",
    "LowerMatchBuffer",
    "LowerOpaqueBlock",
    "FlattenBuffer",
    "Simplify",
    "VectorizeLoop",
    "UnrollLoop",
    "StorageRewrite",
    "LowerIntrin",
    "MakePackedAPI",
    NULL,
};

const TirPass *tir_pass_lookup(const char *name) {
  for (int i = 0; i < tir_npasses; i++)
    if (!strcmp(tir_passes[i].name, name)) return &tir_passes[i];
  return NULL;
}

static Node *apply_func(IrCtx *cx, const TirPass *p, Node *func, const char *name, DiagCtx *diag) {
  TirPassCtx pc = {cx, name, diag};
  int32_t before = diag_errors(diag);
  Node *r = p->fn(&pc, func);
  if (!r && diag_errors(diag) == before) diag_error(diag, func->span, "%s: pass %s failed on this function", name, p->name);
  return diag_errors(diag) > before ? NULL : r;
}

Node *tir_pass_apply(IrCtx *cx, const TirPass *p, Node *root, DiagCtx *diag) {
  if (!root) return NULL;
  if (root->kind == NK_PRIM_FUNC) return apply_func(cx, p, root, "main", diag);
  if (root->kind != NK_MODULE) {
    diag_error(diag, root->span, "pass %s needs a module or a PrimFunc, not %s", p->name, ir_kind_name(root->kind));
    return NULL;
  }
  const IrModule *m = IR_AS(IrModule, root);
  Node **nv = NULL;
  for (int32_t i = 0; i < m->funcs.n; i++) {
    IrBinary *pair = IR_AS(IrBinary, m->funcs.v[i]);
    if (!pair->b || pair->b->kind != NK_PRIM_FUNC) continue;
    Node *nf = apply_func(cx, p, pair->b, IR_AS(IrVar, pair->a)->name, diag);
    if (!nf) return NULL;
    if (nf == pair->b) continue;
    if (!nv) {
      nv = arena_alloc(cx->arena, sizeof(Node *) * (size_t)m->funcs.n);
      memcpy(nv, m->funcs.v, sizeof(Node *) * (size_t)m->funcs.n);
    }
    Node *np = ir_clone(cx, m->funcs.v[i]);
    IR_AS(IrBinary, np)->b = nf;
    nv[i] = ir_finish(cx, np);
  }
  if (!nv) return root;
  Node *nm = ir_clone(cx, root);
  IR_AS(IrModule, nm)->funcs.v = nv;
  return ir_finish(cx, nm);
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

Node *tir_pipeline_run(IrCtx *cx, Node *root, const char *const *names, int n, const TirPipelineOpts *opts,
                       DiagCtx *diag) {
  TirPipelineOpts none = {0};
  if (!opts) opts = &none;
  FILE *out = opts->out ? opts->out : stderr;
  for (int i = 0; (n < 0 || i < n) && names[i] && root; i++) {
    const TirPass *p = tir_pass_lookup(names[i]);
    if (!p) {
      diag_error(diag, span_none(), "unknown TIR pass '%s'", names[i]);
      return NULL;
    }
    double t0 = now_ms();
    root = tir_pass_apply(cx, p, root, diag);
    if (opts->time) fprintf(out, "# %-40s %9.3f ms\n", p->name, now_ms() - t0);
    if (!root) return NULL;
    if (opts->print_after && (!strcmp(opts->print_after, "all") || !strcmp(opts->print_after, p->name))) {
      StrBuf sb = {0};
      script_print(root, &sb);
      fprintf(out, "# after %s\n%s", p->name, sb.data ? sb.data : "");
      sb_free(&sb);
    }
    if (opts->verify_each && ir_check(root, diag)) {
      diag_note(diag, span_none(), "the IR is ill-formed after pass %s", p->name);
      return NULL;
    }
  }
  return root;
}
