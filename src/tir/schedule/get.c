/*
 * get.c — the getters: get_block, get_loops, get_child_blocks,
 * get_producers and get_consumers.  Each hands out fresh references and
 * records TVM's instruction (GetBlock, GetLoops, GetChildBlocks,
 * GetProducers, GetConsumers); their instruction kinds are defined here.
 */
#include <stdlib.h>
#include <string.h>

#include "schedule_impl.h"

/* ---- block and loop collection ------------------------------------------------ */

static void child_blocks(Node *n, void *ud);

/* BlockRealizes below n, in program order, without entering them. */
static void collect_blocks(Node *n, PtrVec *out) {
  if (!n || !ir_is_stmt(n)) return;
  if (n->kind == NK_BLOCK_REALIZE) {
    ptrvec_push(out, n);
    return;
  }
  ir_visit_children(n, child_blocks, out);
}

static void child_blocks(Node *n, void *ud) { collect_blocks(n, ud); }

void sch_collect_child_blocks(Node *stmt, PtrVec *out) {
  if (stmt && stmt->kind == NK_BLOCK_REALIZE) {
    collect_blocks(sch_block_of(stmt)->body, out);
  } else if (stmt && stmt->kind == NK_FOR) {
    collect_blocks(IR_AS(IrFor, stmt)->body, out);
  } else {
    collect_blocks(stmt, out);
  }
}

int sch_path_loops(const SchPath *path, int depth, Node **out, int max) {
  int n = 0;
  for (int d = depth - 1; d >= 0; d--) {
    Node *p = path->nodes[d];
    if (p->kind == NK_BLOCK || p->kind == NK_BLOCK_REALIZE) break;
    if (p->kind == NK_FOR) n++;
  }
  int k = n;
  for (int d = depth - 1; d >= 0 && k > 0; d--) {
    Node *p = path->nodes[d];
    if (p->kind == NK_FOR) {
      k--;
      if (k < max) out[k] = p;
    }
  }
  return n;
}

/* Hand out references for blocks, record the instruction. */
static int give_blocks(Schedule *s, const char *kind, SchRV in_rv, PtrVec *blocks, SchRV *out,
                       int max, int *n) {
  SchRV *rvs = xcalloc((size_t)blocks->len + 1, sizeof(SchRV));
  for (int32_t i = 0; i < blocks->len; i++) {
    rvs[i] = sch_rv_block(s, sch_block_of(blocks->data[i])->name);
    if (i < max) out[i] = rvs[i];
  }
  *n = blocks->len;
  SchArg in = sch_arg_rv(in_rv);
  sch_record(s, kind, &in, 1, NULL, 0, NULL, rvs, blocks->len);
  free(rvs);
  ptrvec_free(blocks);
  return 0;
}

/* ---- getters ------------------------------------------------------------------ */

int sch_get_block(Schedule *s, const char *name, const char *func_name, SchRV *out) {
  if (func_name && strcmp(func_name, s->func_name) != 0)
    return sch_fail(s, "get_block: function \"%s\" is not the one being scheduled (\"%s\")",
                    func_name, s->func_name);
  SchRV tmp = sch_rv_block(s, name);
  if (!sch_block_lookup(s, tmp, NULL)) {
    s->rvs.len--; /* the failed call leaves no reference behind */
    return sch_fail(s, "get_block: the block with name \"%s\" is not found", name);
  }
  *out = tmp;
  SchArg attrs[] = {sch_arg_str(name), sch_arg_str(s->func_name)};
  return sch_record(s, "GetBlock", NULL, 0, attrs, 2, NULL, out, 1);
}

int sch_get_loops(Schedule *s, SchRV block, SchRV *out, int max, int *n) {
  SchPath path = {0};
  if (!sch_block_lookup(s, block, &path)) return sch_path_free(&path), -1;
  int cnt = sch_path_loops(&path, path.n - 1, NULL, 0);
  Node **loops = xcalloc((size_t)cnt + 1, sizeof(Node *));
  SchRV *rvs = xcalloc((size_t)cnt + 1, sizeof(SchRV));
  sch_path_loops(&path, path.n - 1, loops, cnt);
  for (int i = 0; i < cnt; i++) {
    rvs[i] = sch_rv_loop(s, IR_AS(IrFor, loops[i])->var);
    if (i < max) out[i] = rvs[i];
  }
  *n = cnt;
  SchArg in = sch_arg_rv(block);
  sch_record(s, "GetLoops", &in, 1, NULL, 0, NULL, rvs, cnt);
  free(loops);
  free(rvs);
  sch_path_free(&path);
  return 0;
}

int sch_get_child_blocks(Schedule *s, SchRV block_or_loop, SchRV *out, int max, int *n) {
  Node *st = sch_stmt_lookup(s, block_or_loop, NULL);
  if (!st) return -1;
  PtrVec blocks = {0};
  sch_collect_child_blocks(st, &blocks);
  return give_blocks(s, "GetChildBlocks", block_or_loop, &blocks, out, max, n);
}

static int get_deps(Schedule *s, SchRV block, bool producers, SchRV *out, int max, int *n) {
  SchPath path = {0};
  if (!sch_block_lookup(s, block, &path)) return sch_path_free(&path), -1;
  PtrVec blocks = {0};
  sch_block_deps(&path, producers, &blocks);
  sch_path_free(&path);
  return give_blocks(s, producers ? "GetProducers" : "GetConsumers", block, &blocks, out, max, n);
}

int sch_get_producers(Schedule *s, SchRV block, SchRV *out, int max, int *n) {
  return get_deps(s, block, true, out, max, n);
}

int sch_get_consumers(Schedule *s, SchRV block, SchRV *out, int max, int *n) {
  return get_deps(s, block, false, out, max, n);
}

/* ---- instruction kinds ---------------------------------------------------------- */

static int apply_get_block(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "", "sS") ||
      sch_get_block(s, in->attrs[0].s, in->attrs[1].kind == SCH_ARG_STR ? in->attrs[1].s : NULL, outs))
    return -1;
  *nouts = 1;
  return 0;
}

/* A getter's result count against the replayer's room for outputs. */
static int fit_outs(Schedule *s, const char *prim, int rc, const SchInst *in, int *nouts) {
  if (rc || *nouts <= in->noutputs) return rc;
  int n = *nouts;
  *nouts = 0;
  return sch_fail(s, "%s: %d results; a trace step may bind at most %d", prim, n, (int)in->noutputs);
}

static int apply_get_loops(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "b", "")) return -1;
  return fit_outs(s, "get_loops", sch_get_loops(s, in->inputs[0].rv, outs, in->noutputs, nouts), in, nouts);
}

static int apply_get_child_blocks(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "r", "")) return -1;
  return fit_outs(s, "get_child_blocks", sch_get_child_blocks(s, in->inputs[0].rv, outs, in->noutputs, nouts), in,
                  nouts);
}

static int apply_get_producers(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "b", "")) return -1;
  return fit_outs(s, "get_producers", sch_get_producers(s, in->inputs[0].rv, outs, in->noutputs, nouts), in, nouts);
}

static int apply_get_consumers(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "b", "")) return -1;
  return fit_outs(s, "get_consumers", sch_get_consumers(s, in->inputs[0].rv, outs, in->noutputs, nouts), in, nouts);
}

static const char *const no_names[] = {NULL};
static const char *const get_block_attrs[] = {"name", "func_name", NULL};
static const char *const block_input[] = {"block", NULL};
static const char *const block_or_loop_input[] = {"block_or_loop", NULL};

const SchInstKind sch_kind_get_block = {"GetBlock", "get_block", apply_get_block, no_names, get_block_attrs};
const SchInstKind sch_kind_get_loops = {"GetLoops", "get_loops", apply_get_loops, block_input, no_names};
const SchInstKind sch_kind_get_child_blocks = {"GetChildBlocks", "get_child_blocks",
                                               apply_get_child_blocks, block_or_loop_input, no_names};
const SchInstKind sch_kind_get_producers = {"GetProducers", "get_producers", apply_get_producers,
                                            block_input, no_names};
const SchInstKind sch_kind_get_consumers = {"GetConsumers", "get_consumers", apply_get_consumers,
                                            block_input, no_names};
