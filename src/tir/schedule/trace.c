/*
 * trace.c — a schedule's trace in TVM's Python form: printing it exactly as
 * TVM's Trace::AsPython does, and parsing that form back (the Python subset
 * parser of script/pyast.h) to replay each call through the instruction-kind
 * table on another schedule.
 *
 *   b0 = sch.get_block(name="C", func_name="main")
 *   l1, l2, l3 = sch.get_loops(block=b0)
 *   l4, l5 = sch.split(loop=l1, factors=[None, 16], preserve_unit_iters=True, disable_predication=False)
 *
 * Output names are TVM's: a letter for the kind (b block, l loop, v
 * expression) and the number of names given before it.  A single output of a
 * list-returning method prints as `l1, = ...`.
 *
 * How a kind's arguments map to the Python call is read from its table entry
 * (instructions.c): input names in order, where "name*" takes the remaining
 * inputs as one list argument (Split's factors) and "*name" takes them as
 * positional arguments (Fuse, Reorder); then the attribute names; then
 * `decision=` for sampling instructions.  The few kinds whose Python order
 * interleaves inputs and attributes, and the defaults of optional
 * arguments, are listed here (trace_form.c would be the place if it grows).
 *
 * An index map argument (transform_layout) is an SCH_ARG_NODE holding an
 * Array of two Arrays: the source variables and the new indices; it prints
 * as TVM's IndexMap::ToPythonString does, `lambda i, j: (j, i,)`.  The pair
 * of attributes buffer_index, buffer_index_type prints as one argument,
 * `buffer=("write", 0)` (TransformLayout, ReIndex).  TransformLayout's pad
 * value is a constant here but an IndexMap in TVM, so it prints as
 * `pad_value=lambda indices_0, indices_1: (T.float32(0.0),)` (one index per
 * result of the index map, named as IndexMap.from_func names them); it
 * parses from that, a constant (`T.float32(0.0)`, `0.0`) or None.
 */
#include "schedule_impl.h"

#include <stdlib.h>
#include <string.h>

#include "script/pyast.h"
#include "script/script.h"

/* ---- the Python form of a kind ---------------------------------------------------- */

/* SLOT_BUFFER: two attributes, buffer_index (index) and buffer_index_type
 * (index2), as one tuple argument `buffer=("read", 0)`. */
typedef enum SlotKind { SLOT_INPUT, SLOT_REST_LIST, SLOT_REST_POS, SLOT_ATTR, SLOT_BUFFER } SlotKind;

typedef struct Slot {
  SlotKind kind;
  const char *name;
  int index;  /* input or attribute index */
  int index2; /* SLOT_BUFFER: the buffer_index_type attribute */
} Slot;

enum { MAX_SLOTS = 16 };

/* Methods whose outputs print as a list even when there is one. */
static const char *const list_output_kinds[] = {
    "GetLoops", "GetChildBlocks", "GetProducers", "GetConsumers", "GetOutputBlocks",
    "Split",    "LoopPartition",  "SamplePerfectTile", "SamplePartitionedTile", NULL};

/* Python orders that differ from "inputs, then attributes". */
static const struct {
  const char *kind;
  const char *order[6];
} py_orders[] = {
    {"Annotate", {"block_or_loop", "ann_key", "ann_val"}},
    {"CacheRead", {"block", "read_buffer_index", "storage_scope", "consumer_blocks"}},
    {"CacheWrite", {"block", "write_buffer_index", "storage_scope", "consumer_blocks"}},
    {"TransformLayout", {"block", "buffer", "index_map", "pad_value", "assume_injective_transform"}},
    {"ReIndex", {"block", "buffer"}},
};

/* Kinds whose buffer_index / buffer_index_type attributes print as `buffer=(...)`. */
static const char *const buffer_tuple_kinds[] = {"TransformLayout", "ReIndex", NULL};

/* Arguments TVM leaves out of the Python form when they are an empty list. */
static const struct {
  const char *kind, *name;
} omit_if_empty[] = {{"CacheRead", "consumer_blocks"}, {"CacheWrite", "consumer_blocks"}};

static bool omitted(const char *kind, const char *name, const SchArg *a) {
  if (a->kind != SCH_ARG_LIST || a->nitems) return false;
  for (size_t i = 0; i < sizeof(omit_if_empty) / sizeof(omit_if_empty[0]); i++)
    if (!strcmp(omit_if_empty[i].kind, kind) && !strcmp(omit_if_empty[i].name, name)) return true;
  return false;
}

static bool outputs_as_list(const char *kind) {
  for (int i = 0; list_output_kinds[i]; i++)
    if (strcmp(kind, list_output_kinds[i]) == 0) return true;
  return false;
}

static int find_slot(const Slot *sl, int n, const char *name) {
  for (int i = 0; i < n; i++)
    if (strcmp(sl[i].name, name) == 0) return i;
  return -1;
}

/* Fold buffer_index and buffer_index_type into one SLOT_BUFFER; the new count. */
static int merge_buffer_slots(const char *kind, Slot *sl, int n) {
  bool listed = false;
  for (int i = 0; buffer_tuple_kinds[i]; i++) listed |= !strcmp(buffer_tuple_kinds[i], kind);
  int bi = find_slot(sl, n, "buffer_index"), bt = find_slot(sl, n, "buffer_index_type");
  if (!listed || bi < 0 || bt < 0 || sl[bi].kind != SLOT_ATTR || sl[bt].kind != SLOT_ATTR) return n;
  sl[bi] = (Slot){SLOT_BUFFER, intern("buffer"), sl[bi].index, sl[bt].index};
  memmove(&sl[bt], &sl[bt + 1], sizeof(Slot) * (size_t)(n - bt - 1));
  return n - 1;
}

static void reorder_slots(const char *kind, Slot *sl, int n) {
  for (size_t k = 0; k < sizeof(py_orders) / sizeof(py_orders[0]); k++) {
    if (strcmp(py_orders[k].kind, kind) != 0) continue;
    Slot out[MAX_SLOTS];
    int m = 0;
    for (int i = 0; i < 6 && py_orders[k].order[i]; i++) {
      int j = find_slot(sl, n, py_orders[k].order[i]);
      if (j >= 0) out[m++] = sl[j];
    }
    if (m == n) memcpy(sl, out, sizeof(Slot) * (size_t)n);
  }
}

/* The keyword slots of a kind, in Python order. */
static int kind_slots(const SchInstKind *k, Slot *sl) {
  int n = 0;
  for (int i = 0; k->input_names && k->input_names[i] && n < MAX_SLOTS; i++) {
    const char *nm = k->input_names[i];
    size_t len = strlen(nm);
    Slot s = {SLOT_INPUT, intern(nm), i, 0};
    if (nm[0] == '*') s.kind = SLOT_REST_POS, s.name = intern(nm + 1);
    else if (len && nm[len - 1] == '*') s.kind = SLOT_REST_LIST, s.name = intern_n(nm, len - 1);
    sl[n++] = s;
  }
  for (int i = 0; k->attr_names && k->attr_names[i] && n < MAX_SLOTS; i++)
    sl[n++] = (Slot){SLOT_ATTR, intern(k->attr_names[i]), i, 0};
  n = merge_buffer_slots(k->name, sl, n);
  reorder_slots(k->name, sl, n);
  return n;
}

/* Inputs [*lo, *hi) a rest slot covers, given ninputs inputs. */
static void rest_range(const Slot *sl, int n, int slot, int ninputs, int *lo, int *hi) {
  int after = 0;
  for (int i = 0; i < n; i++)
    if (sl[i].kind != SLOT_ATTR && sl[i].kind != SLOT_BUFFER && sl[i].index > sl[slot].index) after++;
  *lo = sl[slot].index;
  *hi = ninputs - after;
  if (*hi < *lo) *hi = *lo;
}

/* ---- printing ------------------------------------------------------------------- */

typedef struct Names {
  int32_t *id; /* per reference: its number, or -1 */
  int32_t n;   /* references */
  int32_t next;
} Names;

static void put_rv(StrBuf *sb, const Schedule *s, const Names *nm, SchRV rv) {
  if (rv < 0 || rv >= nm->n || nm->id[rv] < 0) {
    sb_printf(sb, "_rv%d", rv); /* a reference no recorded instruction made */
    return;
  }
  SchRVKind k = s->rvs.data[rv].kind;
  sb_printf(sb, "%c%d", k == SCH_RV_BLOCK ? 'b' : k == SCH_RV_LOOP ? 'l' : 'v', nm->id[rv]);
}

static bool is_index_map(const Node *n) {
  if (!n || n->kind != NK_ARRAY || IR_AS(IrArray, n)->items.n != 2) return false;
  Node *const *v = IR_AS(IrArray, n)->items.v;
  return v[0] && v[0]->kind == NK_ARRAY && v[1] && v[1]->kind == NK_ARRAY;
}

static void put_index_map(StrBuf *sb, const Node *n) {
  IrArray *a = IR_AS(IrArray, n);
  IrArray *src = IR_AS(IrArray, a->items.v[0]), *dst = IR_AS(IrArray, a->items.v[1]);
  sb_puts(sb, "lambda ");
  for (int i = 0; i < src->items.n; i++) {
    if (i) sb_puts(sb, ", ");
    script_print_node(src->items.v[i], sb);
  }
  sb_puts(sb, ": (");
  for (int i = 0; i < dst->items.n; i++) {
    if (i) sb_putc(sb, ' ');
    script_print_node(dst->items.v[i], sb);
    sb_putc(sb, ',');
  }
  sb_putc(sb, ')');
}

/* TransformLayout's constant pad value as the IndexMap TVM records:
 * `lambda indices_0, ..., indices_{n-1}: (value,)`, n the map's results. */
static void put_pad_value(StrBuf *sb, const SchInst *in, const SchArg *pad) {
  const Node *map = in->ninputs > 1 ? in->inputs[1].node : NULL;
  int n = map && in->inputs[1].kind == SCH_ARG_NODE && is_index_map(map)
              ? IR_AS(IrArray, IR_AS(IrArray, map)->items.v[1])->items.n
              : 0;
  sb_puts(sb, "lambda ");
  for (int i = 0; i < n; i++) sb_printf(sb, "%sindices_%d", i ? ", " : "", i);
  sb_puts(sb, ": (");
  script_print_node(pad->node, sb);
  sb_puts(sb, ",)");
}

static void put_arg(StrBuf *sb, const Schedule *s, const Names *nm, const SchArg *a) {
  switch (a->kind) {
  case SCH_ARG_NONE: sb_puts(sb, "None"); break;
  case SCH_ARG_RV: put_rv(sb, s, nm, a->rv); break;
  case SCH_ARG_INT: sb_printf(sb, "%lld", (long long)a->i); break;
  case SCH_ARG_BOOL: sb_puts(sb, a->i ? "True" : "False"); break;
  case SCH_ARG_FLOAT: sb_printf(sb, "%.17g", a->f); break;
  case SCH_ARG_STR: sb_printf(sb, "\"%s\"", a->s ? a->s : ""); break;
  case SCH_ARG_LIST:
    sb_putc(sb, '[');
    for (int i = 0; i < a->nitems; i++) {
      if (i) sb_puts(sb, ", ");
      put_arg(sb, s, nm, &a->items[i]);
    }
    sb_putc(sb, ']');
    break;
  case SCH_ARG_EXPR: script_print_node(a->node, sb); break;
  case SCH_ARG_NODE:
    if (is_index_map(a->node)) put_index_map(sb, a->node);
    else script_print_node(a->node, sb);
    break;
  }
}

static void put_sep(StrBuf *sb, bool *first) {
  if (!*first) sb_puts(sb, ", ");
  *first = false;
}

static void put_slot(StrBuf *sb, const Schedule *s, const Names *nm, const SchInst *in,
                     const Slot *sl, int n, int i, bool *first) {
  int lo, hi;
  switch (sl[i].kind) {
  case SLOT_INPUT:
    if (sl[i].index >= in->ninputs || omitted(in->kind, sl[i].name, &in->inputs[sl[i].index])) return;
    put_sep(sb, first);
    sb_printf(sb, "%s=", sl[i].name);
    put_arg(sb, s, nm, &in->inputs[sl[i].index]);
    return;
  case SLOT_ATTR: {
    if (sl[i].index >= in->nattrs) return;
    const SchArg *a = &in->attrs[sl[i].index];
    put_sep(sb, first);
    sb_printf(sb, "%s=", sl[i].name);
    if (a->kind == SCH_ARG_EXPR && !strcmp(in->kind, "TransformLayout") && !strcmp(sl[i].name, "pad_value"))
      put_pad_value(sb, in, a);
    else
      put_arg(sb, s, nm, a);
    return;
  }
  case SLOT_BUFFER:
    if (sl[i].index >= in->nattrs || sl[i].index2 >= in->nattrs) return;
    put_sep(sb, first);
    sb_printf(sb, "%s=(\"%s\", ", sl[i].name, in->attrs[sl[i].index2].i == 1 ? "write" : "read");
    put_arg(sb, s, nm, &in->attrs[sl[i].index]);
    sb_putc(sb, ')');
    return;
  case SLOT_REST_LIST:
    rest_range(sl, n, i, in->ninputs, &lo, &hi);
    put_sep(sb, first);
    sb_printf(sb, "%s=[", sl[i].name);
    for (int k = lo; k < hi; k++) {
      if (k > lo) sb_puts(sb, ", ");
      put_arg(sb, s, nm, &in->inputs[k]);
    }
    sb_putc(sb, ']');
    return;
  case SLOT_REST_POS:
    rest_range(sl, n, i, in->ninputs, &lo, &hi);
    for (int k = lo; k < hi; k++) {
      put_sep(sb, first);
      put_arg(sb, s, nm, &in->inputs[k]);
    }
    return;
  }
}

static void put_outputs(StrBuf *sb, const Schedule *s, Names *nm, const SchInst *in) {
  if (in->noutputs == 0) return;
  for (int i = 0; i < in->noutputs; i++) {
    SchRV rv = in->outputs[i];
    if (rv >= 0 && rv < nm->n) nm->id[rv] = nm->next;
    nm->next++;
    if (i) sb_puts(sb, ", ");
    put_rv(sb, s, nm, rv);
  }
  if (in->noutputs == 1 && outputs_as_list(in->kind)) sb_putc(sb, ',');
  sb_puts(sb, " = ");
}

/* One instruction; inputs are named before the outputs are. */
static void put_inst(StrBuf *sb, const Schedule *s, Names *nm, const SchInst *in) {
  const SchInstKind *k = sch_inst_kind_lookup(in->kind);
  StrBuf call = {0};
  bool first = true;
  sb_printf(&call, "sch.%s(", k ? k->py_method : in->kind);
  if (k) {
    Slot sl[MAX_SLOTS];
    int n = kind_slots(k, sl);
    for (int i = 0; i < n; i++) put_slot(&call, s, nm, in, sl, n, i, &first);
  }
  if (in->decision.kind != SCH_ARG_NONE) {
    put_sep(&call, &first);
    sb_puts(&call, "decision=");
    put_arg(&call, s, nm, &in->decision);
  }
  sb_putc(&call, ')');
  put_outputs(sb, s, nm, in);
  sb_putn(sb, call.data, call.len);
  sb_putc(sb, '\n');
  sb_free(&call);
}

void sch_trace_print(const Schedule *s, StrBuf *out) {
  Names nm = {calloc((size_t)s->rvs.len + 1, sizeof(int32_t)), s->rvs.len, 0};
  for (int i = 0; i < nm.n; i++) nm.id[i] = -1;
  for (int i = 0; i < s->trace.len; i++) put_inst(out, s, &nm, &s->trace.data[i]);
  free(nm.id);
}

void sch_trace_print_func(const Schedule *s, StrBuf *out) {
  StrBuf body = {0};
  sch_trace_print(s, &body);
  sb_puts(out, "# from tvm import tir\ndef apply_trace(sch: tir.Schedule) -> None:\n");
  if (!body.len) sb_puts(out, "  pass\n");
  for (size_t i = 0; i < body.len;) {
    size_t j = i;
    while (j < body.len && body.data[j] != '\n') j++;
    sb_puts(out, "  ");
    sb_putn(out, body.data + i, j - i + 1);
    i = j + 1;
  }
  sb_free(&body);
}

/* ---- parsing and replay ---------------------------------------------------------- */

typedef struct Replay {
  Schedule *s;
  DiagCtx *diag;
  StrMap names; /* Python name -> reference + 1 */
  Arena *arena; /* argument storage for the call being built */
  int failed;
} Replay;

static void *err_at(Replay *r, Span sp, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void *err_at(Replay *r, Span sp, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_vadd(r->diag, DIAG_ERROR, sp, fmt, ap);
  va_end(ap);
  r->failed = 1;
  return NULL;
}

/* Defaults of optional Python arguments (TVM's tir.Schedule signatures). */
typedef struct Default {
  const char *method, *name;
  SchArgKind kind;
  int64_t i;
} Default;
static const Default defaults[] = {
    {"get_block", "func_name", SCH_ARG_NONE, 0},
    {"split", "preserve_unit_iters", SCH_ARG_BOOL, 1},
    {"split", "disable_predication", SCH_ARG_BOOL, 0},
    {"fuse", "preserve_unit_iters", SCH_ARG_BOOL, 1},
    {"compute_at", "preserve_unit_loops", SCH_ARG_BOOL, 0},
    {"compute_at", "index", SCH_ARG_INT, -1},
    {"reverse_compute_at", "preserve_unit_loops", SCH_ARG_BOOL, 0},
    {"reverse_compute_at", "index", SCH_ARG_INT, -1},
    {"blockize", "preserve_unit_iters", SCH_ARG_BOOL, 1},
    {"tensorize", "preserve_unit_iters", SCH_ARG_BOOL, 1},
    {"sample_perfect_tile", "max_innermost_factor", SCH_ARG_INT, 16},
    {"cache_read", "consumer_blocks", SCH_ARG_LIST, 0},
    {"cache_write", "consumer_blocks", SCH_ARG_LIST, 0},
    {"transform_layout", "pad_value", SCH_ARG_NONE, 0},
    {"transform_layout", "assume_injective_transform", SCH_ARG_BOOL, 0},
};

static SchArg default_arg(const char *method, const char *name, bool *found) {
  SchArg a = sch_arg_none();
  a.rv = -1;
  *found = false;
  for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
    if (strcmp(defaults[i].method, method) == 0 && strcmp(defaults[i].name, name) == 0) {
      a.kind = defaults[i].kind;
      a.i = defaults[i].i;
      *found = true;
    }
  return a;
}

static SchArg *new_args(Replay *r, int n) {
  return n > 0 ? arena_alloc(r->arena, sizeof(SchArg) * (size_t)n) : NULL;
}

/* ---- constants: T.float32(0.0), T.int64(4) ---- */

static Node *dtype_const(Replay *r, const PyExpr *e) {
  const PyExpr *f = e->a, *v = e->nitems == 1 ? e->items[0] : NULL;
  DType t;
  if (f->kind != PY_ATTR || f->a->kind != PY_NAME || strcmp(f->a->name, "T") != 0 || !dtype_parse(f->name, &t) ||
      !v || e->nkws)
    return err_at(r, e->span, "unsupported call in a trace (expected a constant such as T.float32(0.0))");
  bool neg = v->kind == PY_UNARY && !strcmp(v->op, "-");
  const PyExpr *num = neg ? v->a : v;
  if (num->kind == PY_INT && !num->int_overflow && !dtype_is_float(t))
    return ir_int(r->s->cx, t, neg ? -num->ival : num->ival);
  if ((num->kind == PY_INT && !num->int_overflow) || num->kind == PY_FLOAT) {
    double d = num->kind == PY_INT ? (double)num->ival : num->fval;
    if (dtype_is_float(t)) return ir_float(r->s->cx, t, neg ? -d : d);
  }
  return err_at(r, e->span, "T.%s() takes one number of its type", f->name);
}

/* ---- index maps: lambda i, j: (j, i,) ---- */

typedef struct LambdaEnv {
  const char **names;
  Node **vars;
  int n;
} LambdaEnv;

static Node *lambda_expr(Replay *r, const LambdaEnv *env, const PyExpr *e, int depth);

static Node *lambda_binary(Replay *r, const LambdaEnv *env, const PyExpr *e, int depth) {
  static const struct { const char *op; NodeKind k; } ops[] = {
      {"+", NK_ADD}, {"-", NK_SUB}, {"*", NK_MUL}, {"//", NK_FLOORDIV}, {"%", NK_FLOORMOD}};
  Node *a = lambda_expr(r, env, e->a, depth + 1), *b = a ? lambda_expr(r, env, e->b, depth + 1) : NULL;
  if (!b) return NULL;
  for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
    if (strcmp(e->op, ops[i].op) == 0) return ir_bin(r->s->cx, ops[i].k, a, b);
  return err_at(r, e->span, "operator '%s' is not allowed in an index map", e->op);
}

static Node *lambda_expr(Replay *r, const LambdaEnv *env, const PyExpr *e, int depth) {
  if (depth > 64) return err_at(r, e->span, "index map expression nested too deeply");
  int64_t v;
  switch (e->kind) {
  case PY_INT: return ir_int(r->s->cx, DT_INT32, e->ival);
  case PY_NAME:
    for (int i = 0; i < env->n; i++)
      if (env->names[i] == e->name) return env->vars[i];
    if (strmap_has(&r->names, e->name) &&
        sch_rv_int(r->s, (SchRV)(intptr_t)strmap_get(&r->names, e->name) - 1, &v) == 0)
      return ir_int(r->s->cx, DT_INT32, v);
    return err_at(r, e->span, "unknown name '%s' in an index map", e->name);
  case PY_UNARY:
    if (strcmp(e->op, "-") == 0) {
      Node *a = lambda_expr(r, env, e->a, depth + 1);
      return a ? ir_bin(r->s->cx, NK_SUB, ir_int(r->s->cx, a->dtype, 0), a) : NULL;
    }
    break;
  case PY_BINARY: return lambda_binary(r, env, e, depth);
  case PY_CALL: return dtype_const(r, e);
  default: break;
  }
  return err_at(r, e->span, "unsupported expression in an index map");
}

static Node *new_array(IrCtx *cx, Node **items, int n) {
  Node *a = ir_alloc(cx, NK_ARRAY, span_none());
  IR_AS(IrArray, a)->items = ir_list(cx, items, n);
  return ir_finish(cx, a);
}

static bool lambda_arg(Replay *r, const PyExpr *e, SchArg *out) {
  IrCtx *cx = r->s->cx;
  int n = e->nitems;
  LambdaEnv env = {arena_alloc(r->arena, sizeof(char *) * (size_t)(n + 1)),
                   arena_alloc(r->arena, sizeof(Node *) * (size_t)(n + 1)), n};
  for (int i = 0; i < n; i++) {
    env.names[i] = e->items[i]->name;
    env.vars[i] = ir_var(cx, e->items[i]->name, DT_INT32);
  }
  const PyExpr *body = e->a;
  bool tup = body->kind == PY_TUPLE || body->kind == PY_LIST;
  int nd = tup ? body->nitems : 1;
  Node **dst = arena_alloc(r->arena, sizeof(Node *) * (size_t)(nd + 1));
  for (int i = 0; i < nd; i++)
    if (!(dst[i] = lambda_expr(r, &env, tup ? body->items[i] : body, 0))) return false;
  Node *parts[2] = {new_array(cx, env.vars, n), new_array(cx, dst, nd)};
  out->kind = SCH_ARG_NODE;
  out->node = new_array(cx, parts, 2);
  return true;
}

/* ---- argument values ---- */

static bool value_of1(Replay *r, const PyExpr *e, SchArg *out, int depth);

/* Argument kinds are checked by each kind's apply (sch_inst_check); a
 * non-reference value carries rv -1 (no reference), never reference 0. */
static bool value_of(Replay *r, const PyExpr *e, SchArg *out, int depth) {
  bool ok = value_of1(r, e, out, depth);
  if (out->kind != SCH_ARG_RV) out->rv = -1;
  return ok;
}

static bool value_of1(Replay *r, const PyExpr *e, SchArg *out, int depth) {
  memset(out, 0, sizeof(*out));
  if (depth > 32) return err_at(r, e->span, "argument nested too deeply"), false;
  switch (e->kind) {
  case PY_NONE: out->kind = SCH_ARG_NONE; return true;
  case PY_TRUE: case PY_FALSE: *out = sch_arg_bool(e->kind == PY_TRUE); return true;
  case PY_INT:
    if (e->int_overflow) return err_at(r, e->span, "integer out of range"), false;
    *out = sch_arg_int(e->ival);
    return true;
  case PY_FLOAT: *out = sch_arg_float(e->fval); return true;
  case PY_STR:
    if ((int32_t)strlen(e->str) != e->str_len)
      return err_at(r, e->span, "string contains a NUL byte"), false;
    *out = sch_arg_str(e->str);
    return true;
  case PY_UNARY:
    if (strcmp(e->op, "-") == 0 && e->a->kind == PY_INT && !e->a->int_overflow)
      return *out = sch_arg_int(-e->a->ival), true;
    if (strcmp(e->op, "-") == 0 && e->a->kind == PY_FLOAT) return *out = sch_arg_float(-e->a->fval), true;
    break;
  case PY_NAME:
    if (!strmap_has(&r->names, e->name))
      return err_at(r, e->span, "undefined name '%s'", e->name), false;
    *out = sch_arg_rv((SchRV)(intptr_t)strmap_get(&r->names, e->name) - 1);
    return true;
  case PY_LIST: case PY_TUPLE: {
    SchArg *items = new_args(r, e->nitems);
    for (int i = 0; i < e->nitems; i++)
      if (!value_of(r, e->items[i], &items[i], depth + 1)) return false;
    *out = sch_arg_list(items, e->nitems);
    return true;
  }
  case PY_LAMBDA: return lambda_arg(r, e, out);
  case PY_CALL: {
    Node *c = dtype_const(r, e);
    if (c) *out = sch_arg_expr(c);
    return c != NULL;
  }
  default: break;
  }
  return err_at(r, e->span, "unsupported argument in a trace"), false;
}

/* ---- calls ---- */

/* Bound argument values, one per slot (rest-positional: a list). */
typedef struct Bound {
  SchArg v[MAX_SLOTS];
  bool set[MAX_SLOTS];
  SchArg decision;
} Bound;

static bool bind_positional(Replay *r, const PyExpr *call, const Slot *sl, int n, Bound *b) {
  int slot = 0;
  for (int i = 0; i < call->nitems; i++) {
    const PyExpr *a = call->items[i];
    if (slot >= n) return err_at(r, a->span, "too many positional arguments"), false;
    if (sl[slot].kind == SLOT_REST_POS) { /* takes every remaining positional */
      int m = call->nitems - i;
      SchArg *items = new_args(r, m);
      for (int k = 0; k < m; k++)
        if (!value_of(r, call->items[i + k], &items[k], 0)) return false;
      b->v[slot] = sch_arg_list(items, m);
      b->set[slot] = true;
      return true;
    }
    if (!value_of(r, a, &b->v[slot], 0)) return false;
    b->set[slot++] = true;
  }
  return true;
}

static bool bind_keywords(Replay *r, const PyExpr *call, const SchInstKind *k, const Slot *sl,
                          int n, Bound *b) {
  for (int i = 0; i < call->nkws; i++) {
    const PyKeyword *kw = &call->kws[i];
    if (!kw->name) return err_at(r, kw->span, "'**' arguments are not allowed in a trace"), false;
    if (strcmp(kw->name, "decision") == 0) {
      if (!value_of(r, kw->value, &b->decision, 0)) return false;
      continue;
    }
    int j = find_slot(sl, n, kw->name);
    if (j < 0)
      return err_at(r, kw->span, "sch.%s() has no argument '%s'", k->py_method, kw->name), false;
    if (b->set[j])
      return err_at(r, kw->span, "argument '%s' given more than once", kw->name), false;
    if (!value_of(r, kw->value, &b->v[j], 0)) return false;
    b->set[j] = true;
  }
  return true;
}

/* Spread a list value into inputs [at, at + n). */
static bool spread(Replay *r, Span sp, const Slot *sl, const SchArg *v, SchArg *inputs, int *nin) {
  if (v->kind == SCH_ARG_NONE) return true;
  if (v->kind != SCH_ARG_LIST)
    return err_at(r, sp, "argument '%s' must be a list", sl->name), false;
  for (int i = 0; i < v->nitems; i++) inputs[(*nin)++] = v->items[i];
  return true;
}

/* `buffer=("read" | "write", i)` as the attributes buffer_index, buffer_index_type. */
static bool buffer_tuple(Replay *r, const PyExpr *call, const SchInstKind *k, const SchArg *v, SchArg *idx,
                         SchArg *type) {
  const SchArg *it = v->items;
  bool ok = v->kind == SCH_ARG_LIST && v->nitems == 2 && it[0].kind == SCH_ARG_STR && it[0].s &&
            (!strcmp(it[0].s, "read") || !strcmp(it[0].s, "write")) && it[1].kind == SCH_ARG_INT;
  if (!ok)
    return err_at(r, call->span, "sch.%s(): argument 'buffer' must be (\"read\" or \"write\", index)",
                  k->py_method), false;
  *idx = it[1];
  *type = sch_arg_int(strcmp(it[0].s, "write") == 0);
  type->rv = -1;
  return true;
}

/* Lay the bound slots out as the instruction's inputs and attributes. */
static bool build_inst(Replay *r, const PyExpr *call, const SchInstKind *k, const Slot *sl,
                       int n, Bound *b, SchInst *in) {
  int nin = 0, nattr = 0, cap = 0;
  for (int i = 0; i < n; i++) {
    bool has_default = true;
    if (!b->set[i]) b->v[i] = default_arg(k->py_method, sl[i].name, &has_default);
    if (!has_default && sl[i].kind != SLOT_REST_POS)
      return err_at(r, call->span, "sch.%s() is missing argument '%s'", k->py_method, sl[i].name),
             false;
    cap += sl[i].kind == SLOT_REST_LIST || sl[i].kind == SLOT_REST_POS ? b->v[i].nitems : 1;
  }
  in->inputs = new_args(r, cap);
  in->attrs = new_args(r, n + 1);
  SchArg *attr_at = new_args(r, n + 1);
  for (int idx = 0;; idx++) { /* inputs in table order */
    int i = -1;
    for (int j = 0; j < n; j++)
      if (sl[j].kind != SLOT_ATTR && sl[j].kind != SLOT_BUFFER && sl[j].index == idx) i = j;
    if (i < 0) break;
    if (sl[i].kind == SLOT_INPUT) in->inputs[nin++] = b->v[i];
    else if (!spread(r, call->span, &sl[i], &b->v[i], in->inputs, &nin)) return false;
  }
  for (int i = 0; i < n; i++)
    if (sl[i].kind == SLOT_ATTR) attr_at[sl[i].index] = b->v[i], nattr++;
    else if (sl[i].kind == SLOT_BUFFER) {
      if (!buffer_tuple(r, call, k, &b->v[i], &attr_at[sl[i].index], &attr_at[sl[i].index2])) return false;
      nattr += 2;
    }
  memcpy(in->attrs, attr_at, sizeof(SchArg) * (size_t)nattr);
  in->kind = k->name;
  in->ninputs = nin;
  in->nattrs = nattr;
  in->decision = b->decision;
  return true;
}

/* Name the outputs: `x = ...`, `a, b = ...`, `a, = ...`, `_` skips one. */
static bool bind_outputs(Replay *r, const PyExpr *target, const SchRV *outs, int nouts) {
  if (!target) return true;
  bool tup = target->kind == PY_TUPLE || target->kind == PY_LIST;
  int nt = tup ? target->nitems : 1;
  if (nt != nouts)
    return err_at(r, target->span, "%d name%s to assign, but the call returns %d", nt,
                  nt == 1 ? "" : "s", nouts), false;
  for (int i = 0; i < nt; i++) {
    const PyExpr *t = tup ? target->items[i] : target;
    if (t->kind != PY_NAME) return err_at(r, t->span, "can only assign to names"), false;
    if (strcmp(t->name, "_") != 0) strmap_put(&r->names, t->name, (void *)(intptr_t)(outs[i] + 1));
  }
  return true;
}

/* One `[targets =] sch.method(args)` statement. */
static void replay_call(Replay *r, const PyStmt *st, const PyExpr *target, const PyExpr *call) {
  if (call->kind != PY_CALL || call->a->kind != PY_ATTR || call->a->a->kind != PY_NAME) {
    err_at(r, st->span, "expected a schedule call `sch.method(...)`");
    return;
  }
  const char *method = call->a->name;
  const SchInstKind *k = sch_inst_kind_by_method(method);
  if (!k || !k->apply) {
    err_at(r, call->a->span, "unknown schedule method '%s'", method);
    return;
  }
  Slot sl[MAX_SLOTS];
  int n = kind_slots(k, sl);
  Bound b;
  memset(&b, 0, sizeof(b));
  SchInst in;
  memset(&in, 0, sizeof(in));
  if (!bind_positional(r, call, sl, n, &b) || !bind_keywords(r, call, k, sl, n, &b) ||
      !build_inst(r, call, k, sl, n, &b, &in))
    return;
  SchRV outs[256];
  int nouts = 0;
  in.noutputs = 256; /* capacity of outs: the apply writes at most this many */
  if (sch_inst_check_arity(r->s, k, &in) != 0 || k->apply(r->s, &in, outs, &nouts) != 0) {
    err_at(r, st->span, "sch.%s failed: %s", method, sch_error(r->s));
    return;
  }
  bind_outputs(r, target, outs, nouts);
}

static void replay_body(Replay *r, const PyBody *body, int depth) {
  for (int i = 0; i < body->len && !r->failed; i++) {
    const PyStmt *st = body->stmts[i];
    switch (st->kind) {
    case PYS_IMPORT: case PYS_PASS: break;
    case PYS_FUNCDEF:
      if (depth > 0) err_at(r, st->span, "nested function in a trace");
      else replay_body(r, &st->body, depth + 1);
      break;
    case PYS_EXPR:
      if (st->value->kind == PY_STR) break; /* a docstring */
      replay_call(r, st, NULL, st->value);
      break;
    case PYS_ASSIGN: replay_call(r, st, st->target, st->value); break;
    default: err_at(r, st->span, "unsupported statement in a trace"); break;
    }
  }
}

int sch_trace_apply_text(Schedule *s, const SourceFile *file, DiagCtx *diag) {
  int before = diag_errors(diag);
  Replay r = {s, diag, {0}, arena_new(), 0};
  PyModule *m = py_parse_file(r.arena, file, diag);
  if (diag_errors(diag) == before) replay_body(&r, &m->body, 0);
  strmap_free(&r.names);
  arena_free(r.arena);
  return diag_errors(diag) > before || r.failed ? -1 : 0;
}

/* ---- shared with trace_json.c ----------------------------------------------------- */

void sch_arg_print_py(const Schedule *s, const SchArg *a, StrBuf *out) {
  Names nm = {NULL, 0, 0};
  put_arg(out, s, &nm, a);
}

/* An index map `lambda ...: (...)`, or a constant such as `T.float32(0.0)`
 * (a pad value in a JSON trace). */
bool sch_arg_parse_lambda(Schedule *s, const char *text, SchArg *out) {
  SourceFile *f = source_new("<index map>", text, strlen(text));
  DiagCtx d;
  diag_init(&d);
  Replay r = {s, &d, {0}, arena_new(), 0};
  PyExpr *e = py_parse_expr(r.arena, f, &d);
  bool ok = e && e->kind == PY_LAMBDA && lambda_arg(&r, e, out);
  if (e && e->kind == PY_CALL) {
    Node *c = dtype_const(&r, e);
    if ((ok = c != NULL)) *out = sch_arg_expr(c);
  }
  out->rv = -1;
  if (!ok) sch_fail(s, "invalid index map '%s'", text);
  strmap_free(&r.names);
  arena_free(r.arena);
  diag_free(&d);
  source_free(f);
  return ok;
}
