/*
 * sampling.c — the sampling instructions: sample_perfect_tile,
 * sample_categorical and sample_compute_location.
 *
 * Each draws from the schedule's splitmix64 stream (sch_rand, seeded by
 * sch_new), so a seed fixes every result.  Each records its decision in the
 * trace; given that decision back (a replayed trace), it returns the same
 * result without drawing.  As in TVM, a perfect-tile decision that no longer
 * divides the loop falls back to (L, 1, ..., 1)-like tiles, and a
 * compute-location decision that is no longer legal is sampled afresh.
 *
 * Compute locations are loop references; the two non-loop locations are loop
 * references without a loop variable whose value is -1 (compute root) or -2
 * (compute inline), TVM's RootRV and InlineRV.
 */
#include "schedule_impl.h"

#include <stdlib.h>

/* A uniform integer in [0, n). */
static int64_t rand_below(Schedule *s, int64_t n) {
  return n <= 1 ? 0 : (int64_t)(sch_rand(s) % (uint64_t)n);
}

/* A uniformly chosen divisor of len that is at most cap (cap <= 0: no cap). */
static int64_t rand_divisor(Schedule *s, int64_t len, int64_t cap) {
  int64_t ndiv = 0;
  for (int64_t d = 1; d <= len && (cap <= 0 || d <= cap); d++)
    if (len % d == 0) ndiv++;
  int64_t pick = rand_below(s, ndiv);
  for (int64_t d = 1; d <= len; d++)
    if (len % d == 0 && pick-- == 0) return d;
  return 1;
}

/* Fresh tiles: the innermost bounded by max_inner, the outermost the rest. */
static void fresh_tiles(Schedule *s, int64_t extent, int n, int64_t max_inner, int64_t *out) {
  int64_t len = extent;
  for (int i = n - 1; i > 0; i--) {
    out[i] = rand_divisor(s, len, i == n - 1 ? max_inner : 0);
    len /= out[i];
  }
  out[0] = len;
}

/* TVM's replay rule: keep each inner tile while it still divides. */
static void replay_tiles(int64_t extent, int n, const int64_t *decision, int64_t *out) {
  int64_t len = extent;
  for (int i = n - 1; i > 0; i--) {
    out[i] = decision[i];
    if (out[i] <= 0 || len % out[i] != 0) out[i] = len;
    len /= out[i];
  }
  out[0] = len;
}

static int record_tiles(Schedule *s, SchRV loop, int n, int max_inner, const int64_t *tiles,
                        SchRV *outs) {
  SchArg *dec = calloc((size_t)n, sizeof(SchArg));
  for (int i = 0; i < n; i++) {
    outs[i] = sch_rv_expr(s, tiles[i]);
    dec[i] = sch_arg_int(tiles[i]);
  }
  SchArg in[] = {sch_arg_rv(loop)};
  SchArg at[] = {sch_arg_int(n), sch_arg_int(max_inner)};
  SchArg d = sch_arg_list(dec, n);
  int rc = sch_record(s, "SamplePerfectTile", in, 1, at, 2, &d, outs, n);
  free(dec);
  return rc;
}

int sch_sample_perfect_tile(Schedule *s, SchRV loop, int n, int max_innermost_factor,
                            const int64_t *decision, SchRV *outs) {
  Node *f = sch_loop_lookup(s, loop, NULL);
  if (!f) return -1;
  if (n < 1 || n > 64)
    return sch_fail(s, "sample_perfect_tile: n must be in [1, 64], got %d", n);
  int64_t extent, tiles[64];
  if (!ir_is_const_int(IR_AS(IrFor, f)->extent, &extent)) {
    for (int i = 0; i < n; i++) tiles[i] = 1; /* TVM: [-1, 1, ..., 1] */
    tiles[0] = -1;
  } else if (extent <= 0) {
    return sch_fail(s, "sample_perfect_tile: the loop extent %lld is not positive",
                    (long long)extent);
  } else if (decision) {
    replay_tiles(extent, n, decision, tiles);
  } else {
    fresh_tiles(s, extent, n, max_innermost_factor, tiles);
  }
  return record_tiles(s, loop, n, max_innermost_factor, tiles, outs);
}

/* Index drawn with weights probs (TVM's std::discrete_distribution). */
static int draw_weighted(Schedule *s, const double *probs, int n) {
  double total = 0;
  for (int i = 0; i < n; i++) total += probs[i];
  double u = (double)(sch_rand(s) >> 11) * 0x1.0p-53 * total;
  for (int i = 0; i < n; i++) {
    if (u < probs[i]) return i;
    u -= probs[i];
  }
  for (int i = n - 1; i >= 0; i--)
    if (probs[i] > 0) return i;
  return 0;
}

int sch_sample_categorical(Schedule *s, const int64_t *candidates, const double *probs, int n,
                           const int64_t *decision, SchRV *out) {
  if (n < 1) return sch_fail(s, "sample_categorical: no candidates");
  double total = 0;
  for (int i = 0; i < n; i++) {
    if (!(probs[i] >= 0))
      return sch_fail(s, "sample_categorical: probability %d is negative or NaN", i);
    total += probs[i];
  }
  if (!(total > 0)) return sch_fail(s, "sample_categorical: the probabilities sum to zero");
  int64_t i;
  if (decision) {
    i = *decision;
    if (i < 0 || i >= n)
      return sch_fail(s, "sample_categorical: decision %lld is out of range [0, %d)",
                      (long long)i, n);
  } else {
    i = draw_weighted(s, probs, n);
  }
  SchArg *c = calloc((size_t)n * 2, sizeof(SchArg));
  for (int k = 0; k < n; k++) {
    c[k] = sch_arg_int(candidates[k]);
    c[n + k] = sch_arg_float(probs[k]);
  }
  *out = sch_rv_expr(s, candidates[i]);
  SchArg at[] = {sch_arg_list(c, n), sch_arg_list(c + n, n)};
  SchArg d = sch_arg_int(i);
  int rc = sch_record(s, "SampleCategorical", NULL, 0, at, 2, &d, out, 1);
  free(c);
  return rc;
}

/* ---- compute locations --------------------------------------------------------- */

/* Would compute_at(block, loop #idx of the first consumer) or compute_inline
 * (idx == -2) succeed?  Tried on a scratch schedule over the current module. */
static bool location_legal(Schedule *s, const char *block, const char *consumer, int idx) {
  Schedule *t = sch_new(s->cx, s->mod, s->func_name, 0);
  SchRV b, c, loops[64];
  int n = 0;
  bool ok = false;
  if (sch_get_block(t, block, NULL, &b) == 0) {
    if (idx == -2) {
      ok = sch_compute_inline(t, b) == 0;
    } else if (sch_get_block(t, consumer, NULL, &c) == 0 &&
               sch_get_loops(t, c, loops, 64, &n) == 0 && idx < n && idx < 64) {
      ok = sch_compute_at(t, b, loops[idx], true, -1) == 0;
    }
  }
  sch_free(t);
  return ok;
}

/* Candidate locations in TVM's order: -2 (inline) if legal, -1 (root), then
 * the loops of the first consumer where compute_at is legal; vars[i] gets
 * the loop variable of candidate i.  Queries run on a scratch schedule so
 * that they leave nothing in this trace. */
static int collect_locations(Schedule *s, const char *name, int *cand, Node **vars, int max) {
  Schedule *t = sch_new(s->cx, s->mod, s->func_name, 0);
  SchRV b, consumers[64], loops[64];
  int nc = 0, nl = 0, n = 0;
  if (location_legal(s, name, NULL, -2)) vars[n] = NULL, cand[n++] = -2;
  vars[n] = NULL, cand[n++] = -1;
  if (sch_get_block(t, name, NULL, &b) == 0 && sch_get_consumers(t, b, consumers, 64, &nc) == 0 &&
      nc > 0 && sch_get_loops(t, consumers[0], loops, 64, &nl) == 0) {
    const char *cname = t->rvs.data[consumers[0]].block_name;
    for (int i = 0; i < nl && i < 64 && n < max; i++)
      if (location_legal(s, name, cname, i)) vars[n] = t->rvs.data[loops[i]].loop_var, cand[n++] = i;
  }
  sch_free(t);
  return n;
}

int sch_sample_compute_location(Schedule *s, SchRV block, const int64_t *decision, SchRV *out) {
  if (!sch_block_lookup(s, block, NULL)) return -1;
  int cand[66];
  Node *vars[66];
  int n = collect_locations(s, s->rvs.data[block].block_name, cand, vars, 66);
  int pick = -1;
  if (decision)
    for (int i = 0; i < n; i++)
      if (cand[i] == *decision) pick = i;
  if (pick < 0) pick = (int)rand_below(s, n);
  *out = sch_rv_loop(s, vars[pick]);
  if (!vars[pick]) s->rvs.data[*out].value = cand[pick];
  SchArg in[] = {sch_arg_rv(block)};
  SchArg d = sch_arg_int(cand[pick]);
  return sch_record(s, "SampleComputeLocation", in, 1, NULL, 0, &d, out, 1);
}

/* ---- instruction kinds ------------------------------------------------------------ */

static bool int_list(const SchArg *a, int64_t *out, int max, int *n) {
  if (a->kind != SCH_ARG_LIST || a->nitems > max) return false;
  for (int i = 0; i < a->nitems; i++) {
    if (a->items[i].kind != SCH_ARG_INT && a->items[i].kind != SCH_ARG_BOOL) return false;
    out[i] = a->items[i].i;
  }
  *n = a->nitems;
  return true;
}

static bool is_int_arg(const SchArg *a) { return a->kind == SCH_ARG_INT || a->kind == SCH_ARG_BOOL; }

static int apply_sample_perfect_tile(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "l", "ii")) return -1;
  int64_t n = in->attrs[0].i, dec[64];
  int nd = 0;
  if (n < 1 || n > 64 || n > in->noutputs)
    return sch_fail(s, "sample_perfect_tile: n must be in [1, 64], got %lld", (long long)n);
  bool has = in->decision.kind != SCH_ARG_NONE;
  if (has && (!int_list(&in->decision, dec, 64, &nd) || nd != n))
    return sch_fail(s, "sample_perfect_tile: the decision must be a list of %lld integers",
                    (long long)n);
  *nouts = 0;
  if (sch_sample_perfect_tile(s, in->inputs[0].rv, (int)n, (int)in->attrs[1].i, has ? dec : NULL,
                              outs))
    return -1;
  *nouts = (int)n;
  return 0;
}

static int apply_sample_categorical(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "", "IF")) return -1;
  const SchArg *c = &in->attrs[0], *p = &in->attrs[1];
  if (c->kind != SCH_ARG_LIST || p->kind != SCH_ARG_LIST || c->nitems != p->nitems)
    return sch_fail(s, "sample_categorical: candidates and probs must be lists of one length");
  int n = c->nitems;
  int64_t *cand = calloc((size_t)n + 1, sizeof(int64_t));
  double *probs = calloc((size_t)n + 1, sizeof(double));
  int rc = 0;
  for (int i = 0; i < n && rc == 0; i++) {
    const SchArg *pi = &p->items[i];
    if (!is_int_arg(&c->items[i]) || (pi->kind != SCH_ARG_FLOAT && !is_int_arg(pi)))
      rc = sch_fail(s, "sample_categorical: candidates must be integers and probs numbers");
    cand[i] = c->items[i].i;
    probs[i] = pi->kind == SCH_ARG_FLOAT ? pi->f : (double)pi->i;
  }
  bool has = in->decision.kind != SCH_ARG_NONE;
  if (rc == 0 && has && !is_int_arg(&in->decision))
    rc = sch_fail(s, "sample_categorical: the decision must be an integer");
  if (rc == 0) rc = sch_sample_categorical(s, cand, probs, n, has ? &in->decision.i : NULL, outs);
  *nouts = rc == 0;
  free(cand);
  free(probs);
  return rc;
}

static int apply_sample_compute_location(Schedule *s, const SchInst *in, SchRV *outs, int *nouts) {
  *nouts = 0;
  if (sch_inst_check(s, in, "b", "")) return -1;
  bool has = in->decision.kind != SCH_ARG_NONE;
  if (has && !is_int_arg(&in->decision))
    return sch_fail(s, "sample_compute_location: the decision must be an integer");
  int rc = sch_sample_compute_location(s, in->inputs[0].rv, has ? &in->decision.i : NULL, outs);
  *nouts = rc == 0;
  return rc;
}

static const char *const no_names[] = {NULL};
static const char *const loop_input[] = {"loop", NULL};
static const char *const block_input[] = {"block", NULL};
static const char *const tile_attrs[] = {"n", "max_innermost_factor", NULL};
static const char *const categorical_attrs[] = {"candidates", "probs", NULL};

const SchInstKind sch_kind_sample_perfect_tile = {"SamplePerfectTile", "sample_perfect_tile",
                                                  apply_sample_perfect_tile, loop_input, tile_attrs};
const SchInstKind sch_kind_sample_categorical = {"SampleCategorical", "sample_categorical",
                                                 apply_sample_categorical, no_names,
                                                 categorical_attrs};
const SchInstKind sch_kind_sample_compute_location = {"SampleComputeLocation",
                                                      "sample_compute_location",
                                                      apply_sample_compute_location, block_input,
                                                      no_names};
