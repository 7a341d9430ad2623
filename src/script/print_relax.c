/*
 * print_relax.c — the Relax half of the TVMScript printer: `@R.function`
 * definitions, bindings, dataflow blocks, ifs, local functions, calls and
 * struct info, in the canonical form Apache TVM v0.23 prints.
 *
 * TVM's rules we follow (src/script/printer/relax/ in TVM):
 *  - symbolic variables are declared `n = T.int64()` at the top of the
 *    outermost function body, in order of first appearance; those first
 *    seen in the top-level signature print there as strings ("n"), and so
 *    does any dimension that mentions one ("n * 2");
 *  - `cls = Module` is declared (same place) when a function first refers to
 *    another global function of the module (`cls.f`);
 *  - bindings carry their struct info as an annotation, except call_tir /
 *    call_dps_packed bindings whose variable has exactly the out_sinfo;
 *  - integers inside Relax print bare (they are int64), bools as True/False;
 *  - a top-level function without "global_symbol" prints `private=True`, and
 *    a global_symbol equal to its name is implicit.
 * The printer reads what from_relax*.c builds and prints nothing the parser
 * would not read back into the same structure.
 */
#include "rx_script.h"
#include "relax/op_schema.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct RxPrinter {
  ScriptPrinter *pr;
  StrBuf *decls;    /* the outermost function's declaration lines, or NULL */
  int decl_indent;
  PtrMap func_vars; /* TIR vars first defined in the top-level signature */
  bool collecting;  /* printing the top-level signature */
  bool cls_done;    /* `cls = Module` declared */
  /* What has been printed before a nested function's header (TVM lists the
   * prefixes used so far): the module text, the outermost function's
   * signature, declarations and body, then the text of each enclosing
   * nested function. */
  const StrBuf *so_far[4 + 16];
  int nso_far;
} RxPrinter;

static void expr(RxPrinter *rp, const Node *e);
static void sinfo(RxPrinter *rp, const Node *s);
static void seq_body(RxPrinter *rp, const Node *seq, bool is_ret, const char *lhs, const char *ann);
static void function(RxPrinter *rp, const Node *f, const char *name, bool top);

#define OUT (rp->pr->out)

static void puts_(RxPrinter *rp, const char *s) { sb_puts(OUT, s); }

/* Print into a fresh buffer; the caller frees the result. */
static StrBuf *redirect(RxPrinter *rp, StrBuf *tmp) {
  StrBuf *old = rp->pr->out;
  *tmp = (StrBuf){0};
  rp->pr->out = tmp;
  return old;
}

static const char *buf_str(StrBuf *b) { return b->data ? b->data : ""; }

static void append(StrBuf *dst, const StrBuf *src) {
  if (src->len) sb_putn(dst, src->data, src->len);
}

/* ---- literals -------------------------------------------------------------- */

/* A float as TVM's Python printer writes it. */
static void print_float(StrBuf *o, double v) {
  if (isnan(v))
    sb_puts(o, "\"nan\"");
  else if (isinf(v))
    sb_puts(o, v < 0 ? "\"-inf\"" : "\"inf\"");
  else if (nearbyint(v) == v)
    sb_printf(o, "%.1f", v);
  else
    sb_printf(o, "%.17g", v);
}

static void print_dtype(RxPrinter *rp, DType t) { sb_printf(OUT, "\"%s\"", dtype_str(t)); }

/* ---- PrimExprs inside Relax ------------------------------------------------ */

static bool declare_var(Node *n, void *ud) {
  RxPrinter *rp = ud;
  if (!ir_is_tir_var(n) || pr_name(rp->pr, n)) return true;
  const char *name = pr_define(rp->pr, n, IR_AS(IrVar, n)->name);
  if (rp->collecting) ptrmap_put(&rp->func_vars, n, n);
  if (rp->decls) {
    sb_indent(rp->decls, rp->decl_indent);
    sb_printf(rp->decls, "%s = T.%s(%s)\n", name, dtype_str(n->dtype),
              n->kind == NK_SIZEVAR ? "is_size_var=True" : "");
  }
  return true;
}

static int prec_of(int k) {
  switch (k) {
  case NK_OR: return 1;
  case NK_AND: return 2;
  case NK_NOT: return 3;
  case NK_EQ: case NK_NE: case NK_LT: case NK_LE: case NK_GT: case NK_GE: return 4;
  case NK_ADD: case NK_SUB: return 10;
  case NK_MUL: case NK_FLOORDIV: case NK_FLOORMOD: return 11;
  default: return 20;
  }
}

/* Python operators inside Relax shapes: TIR's, except that a Div of
 * integers has no Python spelling here and prints as a call. */
static const char *op_text(int k) { return k == NK_DIV ? NULL : tir_py_binop(k); }

static void prim_rec(RxPrinter *rp, const Node *e, int parent, bool right) {
  int p = prec_of(e->kind);
  bool paren = p < parent || (right && p == parent && p != 20);
  if (paren) sb_putc(OUT, '(');
  const char *op = op_text(e->kind);
  if (e->kind == NK_INT && dtype_is_bool(e->dtype)) {
    puts_(rp, IR_AS(IrIntImm, e)->value ? "True" : "False");
  } else if (e->kind == NK_INT && dtype_eq(e->dtype, DT_INT64)) {
    sb_printf(OUT, "%lld", (long long)IR_AS(IrIntImm, e)->value);
  } else if (e->kind == NK_INT && dtype_is_integral(e->dtype)) {
    sb_printf(OUT, "T.%s(%lld)", dtype_str(e->dtype), (long long)IR_AS(IrIntImm, e)->value);
  } else if (ir_is_tir_var(e)) {
    const char *n = pr_name(rp->pr, e);
    puts_(rp, n ? n : IR_AS(IrVar, e)->name);
  } else if (op) {
    prim_rec(rp, IR_AS(IrBinary, e)->a, p, false);
    sb_printf(OUT, " %s ", op);
    prim_rec(rp, IR_AS(IrBinary, e)->b, p, true);
  } else if (e->kind == NK_NOT) {
    puts_(rp, "not ");
    prim_rec(rp, IR_AS(IrUnary, e)->a, p, false);
  } else if (e->kind == NK_MIN || e->kind == NK_MAX) {
    puts_(rp, e->kind == NK_MIN ? "T.min(" : "T.max(");
    prim_rec(rp, IR_AS(IrBinary, e)->a, 0, false);
    puts_(rp, ", ");
    prim_rec(rp, IR_AS(IrBinary, e)->b, 0, false);
    sb_putc(OUT, ')');
  } else {
    tir_print_expr(rp->pr, e);
  }
  if (paren) sb_putc(OUT, ')');
}

static void prim(RxPrinter *rp, const Node *e) {
  ir_walk((Node *)e, declare_var, rp);
  prim_rec(rp, e, 0, false);
}

static bool mentions_func_var(Node *n, void *ud) {
  RxPrinter *rp = *(RxPrinter **)ud;
  if (ir_is_tir_var(n) && ptrmap_has(&rp->func_vars, n)) ((void **)ud)[1] = n;
  return true;
}

/* A shape dimension (TVM's PrintShapeVar): a string in the signature when
 * it mentions a variable the signature defines. */
static void dim(RxPrinter *rp, const Node *e) {
  ir_walk((Node *)e, declare_var, rp);
  void *ud[2] = {rp, NULL};
  if (rp->collecting) ir_walk((Node *)e, mentions_func_var, ud);
  if (!ud[1]) {
    prim_rec(rp, e, 0, false);
    return;
  }
  StrBuf tmp;
  StrBuf *old = redirect(rp, &tmp);
  prim_rec(rp, e, 0, false);
  rp->pr->out = old;
  pr_print_str(rp->pr, buf_str(&tmp));
  sb_free(&tmp);
}

static void dims(RxPrinter *rp, NodeList l, char open, char close) {
  sb_putc(OUT, open);
  for (int32_t i = 0; i < l.n; i++) {
    if (i) puts_(rp, ", ");
    dim(rp, l.v[i]);
  }
  if (open == '(' && l.n == 1) sb_putc(OUT, ',');
  sb_putc(OUT, close);
}

/* ---- struct info ------------------------------------------------------------ */

/* `name=` separators for a call being printed. */
static void arg_sep(RxPrinter *rp, int *n) {
  if ((*n)++) puts_(rp, ", ");
}

static void tensor_sinfo(RxPrinter *rp, const Node *s) {
  const IrSITensor *t = IR_AS(IrSITensor, s);
  bool has_dtype = !dtype_is_void(s->dtype), has_ndim = !t->shape && t->ndim != -1;
  if (!t->shape && !has_dtype && !has_ndim && !t->vdevice) {
    puts_(rp, "R.Tensor");
    return;
  }
  puts_(rp, "R.Tensor(");
  int n = 0;
  if (t->shape) {
    arg_sep(rp, &n);
    if (t->shape->kind == NK_RX_SHAPE)
      dims(rp, IR_AS(IrArray, t->shape)->items, '(', ')');
    else
      expr(rp, t->shape);
  }
  if (has_dtype) {
    arg_sep(rp, &n);
    puts_(rp, "dtype=");
    print_dtype(rp, s->dtype);
  }
  if (has_ndim) {
    arg_sep(rp, &n);
    sb_printf(OUT, "ndim=%lld", (long long)t->ndim);
  }
  if (t->vdevice && t->vdevice->kind == NK_STRING) {
    arg_sep(rp, &n);
    puts_(rp, "vdevice=");
    pr_print_str(rp->pr, IR_AS(IrStr, t->vdevice)->value);
  }
  sb_putc(OUT, ')');
}

static void func_sinfo(RxPrinter *rp, const Node *s) {
  const IrSIFunc *f = IR_AS(IrSIFunc, s);
  if (f->opaque) {
    bool ret = f->ret && f->ret->kind != NK_SI_OBJECT;
    if (!ret && !f->purity) {
      puts_(rp, "R.Callable");
      return;
    }
    puts_(rp, "R.Callable(");
    int n = 0;
    if (ret) {
      arg_sep(rp, &n);
      puts_(rp, "ret=");
      sinfo(rp, f->ret);
    }
    if (f->purity) {
      arg_sep(rp, &n);
      puts_(rp, "purity=True");
    }
    sb_putc(OUT, ')');
    return;
  }
  puts_(rp, "R.Callable((");
  for (int32_t i = 0; i < f->params.n; i++) {
    if (i) puts_(rp, ", ");
    sinfo(rp, f->params.v[i]);
  }
  if (f->params.n == 1) sb_putc(OUT, ',');
  puts_(rp, "), ");
  sinfo(rp, f->ret);
  puts_(rp, f->purity ? ", True)" : ", False)");
}

static void sinfo(RxPrinter *rp, const Node *s) {
  switch (s->kind) {
  case NK_SI_OBJECT: puts_(rp, "R.Object"); return;
  case NK_SI_PRIM:
    if (IR_AS(IrUnary, s)->a) {
      puts_(rp, "R.Prim(value=");
      dim(rp, IR_AS(IrUnary, s)->a);
    } else {
      puts_(rp, "R.Prim(");
      print_dtype(rp, s->dtype);
    }
    sb_putc(OUT, ')');
    return;
  case NK_SI_SHAPE: {
    const IrSIShape *sh = IR_AS(IrSIShape, s);
    if (sh->has_values) {
      puts_(rp, "R.Shape(");
      dims(rp, sh->values, '[', ']');
      sb_putc(OUT, ')');
    } else {
      sb_printf(OUT, "R.Shape(ndim=%lld)", (long long)sh->ndim);
    }
    return;
  }
  case NK_SI_TENSOR: tensor_sinfo(rp, s); return;
  case NK_SI_TUPLE: {
    NodeList l = IR_AS(IrArray, s)->items;
    if (!l.n) {
      puts_(rp, "R.Tuple");
      return;
    }
    puts_(rp, "R.Tuple(");
    for (int32_t i = 0; i < l.n; i++) {
      if (i) puts_(rp, ", ");
      sinfo(rp, l.v[i]);
    }
    sb_putc(OUT, ')');
    return;
  }
  case NK_SI_FUNC: func_sinfo(rp, s); return;
  default: sb_printf(OUT, "<%s>", ir_kind_name(s->kind)); return;
  }
}

void rx_print_sinfo(ScriptPrinter *pr, const Node *si) {
  RxPrinter rp = {0};
  rp.pr = pr;
  sinfo(&rp, si);
  ptrmap_free(&rp.func_vars);
}

/* ---- expressions ------------------------------------------------------------ */

static void const_elem(RxPrinter *rp, const Node *td, int64_t i) {
  DType t = td->dtype;
  if (dtype_is_bool(t))
    puts_(rp, rxp_const_get_i(td, i) ? "True" : "False");
  else if (dtype_is_float(t))
    print_float(OUT, rxp_const_get_f(td, i));
  else if (dtype_is_uint(t))
    sb_printf(OUT, "%llu", (unsigned long long)rxp_const_get_i(td, i));
  else
    sb_printf(OUT, "%lld", (long long)rxp_const_get_i(td, i));
}

static void const_nested(RxPrinter *rp, const Node *td, int32_t d, int64_t *pos) {
  const IrTensorData *x = IR_AS(IrTensorData, td);
  if (d == x->shape.n) {
    const_elem(rp, td, (*pos)++);
    return;
  }
  int64_t n = 0;
  ir_is_const_int(x->shape.v[d], &n);
  sb_putc(OUT, '[');
  for (int64_t i = 0; i < n; i++) {
    if (i) puts_(rp, ", ");
    const_nested(rp, td, d + 1, pos);
  }
  sb_putc(OUT, ']');
}

/* R.const(v, "dtype"); tensors print inline as nested lists (TVM would
 * print a metadata reference, which needs the metadata section). */
static void constant(RxPrinter *rp, const Node *c) {
  const Node *td = IR_AS(IrUnary, c)->a;
  puts_(rp, "R.const(");
  int64_t pos = 0;
  const_nested(rp, td, 0, &pos);
  puts_(rp, ", ");
  print_dtype(rp, td->dtype);
  sb_putc(OUT, ')');
}

static void global_var(RxPrinter *rp, const Node *gv) {
  if (rp->pr->module_name) {
    if (!rp->cls_done && rp->decls) {
      sb_indent(rp->decls, rp->decl_indent);
      sb_printf(rp->decls, "cls = %s\n", rp->pr->module_name);
    }
    rp->cls_done = true;
    sb_printf(OUT, "cls.%s", IR_AS(IrVar, gv)->name);
  } else {
    puts_(rp, IR_AS(IrVar, gv)->name);
  }
}

/* Attribute values: see attr_value in from_relax.c for the mapping. */
static void attr_val(RxPrinter *rp, const Node *v) {
  if (!v) {
    puts_(rp, "None");
    return;
  }
  switch (v->kind) {
  case NK_STRING: pr_print_str(rp->pr, IR_AS(IrStr, v)->value); return;
  case NK_FLOAT:
    if (dtype_eq(v->dtype, DT_FLOAT64)) {
      print_float(OUT, IR_AS(IrFloatImm, v)->value);
      return;
    }
    break;
  case NK_ARRAY:
  case NK_MAP: {
    NodeList l = IR_AS(IrArray, v)->items;
    bool map = v->kind == NK_MAP;
    sb_putc(OUT, map ? '{' : '[');
    for (int32_t i = 0; i < l.n; i++) {
      if (i) puts_(rp, ", ");
      if (map) {
        attr_val(rp, IR_AS(IrBinary, l.v[i])->a);
        puts_(rp, ": ");
        attr_val(rp, IR_AS(IrBinary, l.v[i])->b);
      } else {
        attr_val(rp, l.v[i]);
      }
    }
    sb_putc(OUT, map ? '}' : ']');
    return;
  }
  default: break;
  }
  if (ir_cat(v) == CAT_RX || v->kind == NK_GLOBAL_VAR || ir_is_rx_var(v))
    expr(rp, v);
  else
    prim(rp, v);
}

/* The first argument of a call: an extern function prints as its name. */
static void callee(RxPrinter *rp, const Node *a) {
  if (a->kind == NK_RX_EXTERN)
    pr_print_str(rp->pr, IR_AS(IrStr, a)->value);
  else
    expr(rp, a);
}

static bool is_op(const Node *op, const char *name) {
  return op->kind == NK_RX_OP && !strcmp(IR_AS(IrStr, op)->value, name);
}

static bool call_dps(RxPrinter *rp, const IrRxCall *c) {
  const Node *op = c->op;
  bool tir = is_op(op, "relax.call_tir"), inplace = is_op(op, "relax.call_tir_inplace"),
       packed = is_op(op, "relax.call_dps_packed");
  if (!(tir || inplace || packed) || c->args.n < 2 || c->args.n > 3 || c->sinfo_args.n != 1) return false;
  sb_printf(OUT, "R.%s(", IR_AS(IrStr, op)->value + 6);
  callee(rp, c->args.v[0]);
  puts_(rp, ", ");
  expr(rp, c->args.v[1]);
  puts_(rp, ", out_sinfo=");
  const Node *o = c->sinfo_args.v[0];
  if (o->kind == NK_SI_TUPLE) {
    NodeList l = IR_AS(IrArray, o)->items;
    sb_putc(OUT, '[');
    for (int32_t i = 0; i < l.n; i++) {
      if (i) puts_(rp, ", ");
      sinfo(rp, l.v[i]);
    }
    sb_putc(OUT, ']');
  } else {
    sinfo(rp, o);
  }
  if (inplace) {
    puts_(rp, ", inplace_indices=");
    const Node *idx = ir_attrs_get(c->attrs, "inplace_indices");
    if (idx) attr_val(rp, idx);
    else puts_(rp, "[]");
  }
  if (!packed && c->args.n == 3) {
    puts_(rp, ", tir_vars=");
    expr(rp, c->args.v[2]);
  }
  sb_putc(OUT, ')');
  return true;
}

/* R.print / R.assert_op: the format string is the keyword `format`. */
static bool format_call(RxPrinter *rp, const IrRxCall *c) {
  bool print = is_op(c->op, "relax.print"), as = is_op(c->op, "relax.assert_op");
  int fpos = print ? 0 : 1;
  if (!(print || as) || c->args.n <= fpos) return false;
  sb_printf(OUT, "R.%s(", print ? "print" : "assert_op");
  int n = 0;
  for (int32_t i = 0; i < c->args.n; i++) {
    if (i == fpos) continue;
    arg_sep(rp, &n);
    expr(rp, c->args.v[i]);
  }
  arg_sep(rp, &n);
  puts_(rp, "format=");
  expr(rp, c->args.v[fpos]);
  sb_putc(OUT, ')');
  return true;
}

/* The attribute named key of a call: its index, or -1. */
static int32_t attr_find(NodeList attrs, const char *key) {
  for (int32_t i = 0; i < attrs.n; i++)
    if (!strcmp(IR_AS(IrStr, IR_AS(IrBinary, attrs.v[i])->a)->value, key)) return i;
  return -1;
}

/* An op of the operator table (src/relax/op_schema.c) prints every attribute
 * in TVM's field order, as TVM does; one the call lacks (a call built by a
 * pass rather than the parser) prints its default.  Attributes the table
 * does not know, and all attributes of other callees, follow as they are. */
static void op_attrs(RxPrinter *rp, const IrRxCall *c, int *n) {
  const RxOpSchema *s = c->op->kind == NK_RX_OP ? rx_op_find_op(IR_AS(IrStr, c->op)->value) : NULL;
  for (int32_t j = 0; s && j < s->nattrs; j++) {
    const RxAttrSpec *a = &s->attrs[j];
    int32_t k = attr_find(c->attrs, a->name);
    if (k < 0 && a->dflt && a->dflt[0] == '@') k = attr_find(c->attrs, a->dflt + 1);
    if (k < 0 && !a->dflt) continue;
    arg_sep(rp, n);
    sb_printf(OUT, "%s=", a->name);
    if (k >= 0) attr_val(rp, IR_AS(IrBinary, c->attrs.v[k])->b);
    else if (a->dflt[0] != '@') puts_(rp, a->dflt);
    else puts_(rp, s->attrs[rx_op_attr_index(s, a->dflt + 1)].dflt);
  }
  for (int32_t i = 0; i < c->attrs.n; i++) {
    const IrBinary *kv = IR_AS(IrBinary, c->attrs.v[i]);
    if (s && rx_op_attr_index(s, IR_AS(IrStr, kv->a)->value) >= 0) continue;
    arg_sep(rp, n);
    sb_printf(OUT, "%s=", IR_AS(IrStr, kv->a)->value);
    attr_val(rp, kv->b);
  }
}

static void call(RxPrinter *rp, const Node *e) {
  const IrRxCall *c = IR_AS(IrRxCall, e);
  if (call_dps(rp, c) || format_call(rp, c)) return;
  int n = 0;
  const Node *op = c->op;
  if (op->kind == NK_RX_EXTERN) {
    puts_(rp, "R.call_packed(");
    pr_print_str(rp->pr, IR_AS(IrStr, op)->value);
    n = 1;
  } else if (op->kind == NK_RX_OP) {
    const char *name = IR_AS(IrStr, op)->value;
    if (!strncmp(name, "relax.", 6)) sb_printf(OUT, "R.%s(", name + 6);
    else sb_printf(OUT, "%s(", name);
  } else {
    expr(rp, op);
    sb_putc(OUT, '(');
  }
  for (int32_t i = 0; i < c->args.n; i++) {
    arg_sep(rp, &n);
    if (i == 0) callee(rp, c->args.v[i]);
    else expr(rp, c->args.v[i]);
  }
  op_attrs(rp, c, &n);
  if (c->sinfo_args.n) {
    arg_sep(rp, &n);
    puts_(rp, "sinfo_args=(");
    for (int32_t i = 0; i < c->sinfo_args.n; i++) {
      if (i) puts_(rp, ", ");
      sinfo(rp, c->sinfo_args.v[i]);
    }
    puts_(rp, c->sinfo_args.n == 1 ? ",)" : ")");
  }
  sb_putc(OUT, ')');
}

static void expr(RxPrinter *rp, const Node *e) {
  switch (e->kind) {
  case NK_RX_VAR:
  case NK_RX_DFVAR: {
    const char *n = pr_name(rp->pr, e);
    puts_(rp, n ? n : IR_AS(IrVar, e)->name);
    return;
  }
  case NK_GLOBAL_VAR: global_var(rp, e); return;
  case NK_RX_CONST: constant(rp, e); return;
  case NK_RX_TUPLE: {
    NodeList l = IR_AS(IrArray, e)->items;
    if (!l.n) {
      puts_(rp, "R.tuple()");
      return;
    }
    sb_putc(OUT, '(');
    for (int32_t i = 0; i < l.n; i++) {
      if (i) puts_(rp, ", ");
      expr(rp, l.v[i]);
    }
    puts_(rp, l.n == 1 ? ",)" : ")");
    return;
  }
  case NK_RX_GETITEM:
    expr(rp, IR_AS(IrGetItem, e)->tuple);
    sb_printf(OUT, "[%lld]", (long long)IR_AS(IrGetItem, e)->index);
    return;
  case NK_RX_CALL: call(rp, e); return;
  case NK_RX_SHAPE:
    puts_(rp, "R.shape(");
    dims(rp, IR_AS(IrArray, e)->items, '[', ']');
    sb_putc(OUT, ')');
    return;
  case NK_RX_PRIM:
    puts_(rp, "R.prim_value(");
    prim(rp, IR_AS(IrUnary, e)->a);
    sb_putc(OUT, ')');
    return;
  case NK_RX_STR:
    puts_(rp, "R.str(");
    pr_print_str(rp->pr, IR_AS(IrStr, e)->value);
    sb_putc(OUT, ')');
    return;
  case NK_RX_DTYPE:
    puts_(rp, "R.dtype(");
    print_dtype(rp, e->dtype);
    sb_putc(OUT, ')');
    return;
  case NK_RX_EXTERN:
    puts_(rp, "R.ExternFunc(");
    pr_print_str(rp->pr, IR_AS(IrStr, e)->value);
    sb_putc(OUT, ')');
    return;
  case NK_RX_OP: {
    const char *name = IR_AS(IrStr, e)->value;
    if (!strncmp(name, "relax.", 6)) sb_printf(OUT, "R.%s", name + 6);
    else puts_(rp, name);
    return;
  }
  default:
    if (ir_is_expr(e)) {
      prim(rp, e);
      return;
    }
    sb_printf(OUT, "<%s>", ir_kind_name(e->kind));
    return;
  }
}

/* The right-hand side of an assignment: TVM's AssignDoc prints a tuple of
 * two or more fields without parentheses (`t = x, y`). */
static void rhs_expr(RxPrinter *rp, const Node *e) {
  NodeList l = e->kind == NK_RX_TUPLE ? IR_AS(IrArray, e)->items : ir_list_empty();
  if (l.n < 2) {
    expr(rp, e);
    return;
  }
  for (int32_t i = 0; i < l.n; i++) {
    if (i) puts_(rp, ", ");
    expr(rp, l.v[i]);
  }
}

/* ---- bindings and blocks --------------------------------------------------- */

static bool is_unit(const Node *s) { return s && s->kind == NK_SI_TUPLE && !IR_AS(IrArray, s)->items.n; }

/* TVM hides the annotation of a call_tir / call_dps_packed binding whose
 * variable has the declared out_sinfo. */
static bool hide_ann(const Node *var, const Node *value) {
  if (!var->sinfo) return true;
  if (value->kind != NK_RX_CALL) return false;
  const IrRxCall *c = IR_AS(IrRxCall, value);
  if (!is_op(c->op, "relax.call_tir") && !is_op(c->op, "relax.call_dps_packed")) return false;
  return c->sinfo_args.n == 1 && ir_struct_equal(c->sinfo_args.v[0], var->sinfo);
}

static void line(RxPrinter *rp) { pr_line_start(rp->pr); }

static void assign(RxPrinter *rp, const char *lhs, const char *ann, const char *rhs) {
  line(rp);
  if (ann && *ann) sb_printf(OUT, "%s: %s = %s\n", lhs, ann, rhs);
  else sb_printf(OUT, "%s = %s\n", lhs, rhs);
}

static void if_binding(RxPrinter *rp, const Node *var, const Node *value) {
  StrBuf ann = {0};
  if (var->sinfo) {
    StrBuf *old = redirect(rp, &ann);
    sinfo(rp, var->sinfo);
    rp->pr->out = old;
  }
  const char *lhs = pr_define(rp->pr, var, IR_AS(IrVar, var)->name);
  const IrSelect *s = IR_AS(IrSelect, value);
  StrBuf cond;
  StrBuf *old = redirect(rp, &cond);
  expr(rp, s->cond);
  rp->pr->out = old;
  line(rp);
  sb_printf(OUT, "if %s:\n", buf_str(&cond));
  rp->pr->indent += 4;
  StrMap saved = pr_scope_save(rp->pr);
  seq_body(rp, s->t, false, lhs, buf_str(&ann));
  pr_scope_restore(rp->pr, &saved);
  rp->pr->indent -= 4;
  line(rp);
  puts_(rp, "else:\n");
  rp->pr->indent += 4;
  saved = pr_scope_save(rp->pr);
  seq_body(rp, s->f, false, lhs, buf_str(&ann));
  pr_scope_restore(rp->pr, &saved);
  rp->pr->indent -= 4;
  sb_free(&cond);
  sb_free(&ann);
}

static void binding(RxPrinter *rp, const Node *b) {
  const IrBinding *x = IR_AS(IrBinding, b);
  const Node *var = x->var, *value = x->value;
  StrBuf rhs, ann = {0};
  StrBuf *old;
  if (b->kind == NK_MATCH_CAST) {
    if (var->sinfo) {
      old = redirect(rp, &ann);
      sinfo(rp, var->sinfo);
      rp->pr->out = old;
    }
    old = redirect(rp, &rhs);
    puts_(rp, "R.match_cast(");
    expr(rp, value);
    puts_(rp, ", ");
    sinfo(rp, x->sinfo);
    sb_putc(OUT, ')');
    rp->pr->out = old;
  } else if (value->kind == NK_RX_IF) {
    if_binding(rp, var, value);
    return;
  } else if (value->kind == NK_RX_FUNC) {
    const char *name = pr_define(rp->pr, var, IR_AS(IrVar, var)->name);
    StrMap saved = pr_scope_save(rp->pr);
    function(rp, value, name, false);
    pr_scope_restore(rp->pr, &saved);
    return;
  } else {
    old = redirect(rp, &rhs);
    rhs_expr(rp, value);
    rp->pr->out = old;
    if (is_unit(var->sinfo) && is_unit(value->sinfo)) {
      line(rp);
      sb_printf(OUT, "%s\n", buf_str(&rhs));
      sb_free(&rhs);
      return;
    }
    if (!hide_ann(var, value)) {
      old = redirect(rp, &ann);
      sinfo(rp, var->sinfo);
      rp->pr->out = old;
    }
  }
  assign(rp, pr_define(rp->pr, var, IR_AS(IrVar, var)->name), buf_str(&ann), buf_str(&rhs));
  sb_free(&rhs);
  sb_free(&ann);
}

static void blocks(RxPrinter *rp, NodeList bl) {
  for (int32_t i = 0; i < bl.n; i++) {
    NodeList bs = IR_AS(IrArray, bl.v[i])->items;
    if (bl.v[i]->kind != NK_DATAFLOW_BLOCK) {
      for (int32_t j = 0; j < bs.n; j++) binding(rp, bs.v[j]);
      continue;
    }
    line(rp);
    puts_(rp, "with R.dataflow():\n");
    rp->pr->indent += 4;
    for (int32_t j = 0; j < bs.n; j++) binding(rp, bs.v[j]);
    line(rp);
    puts_(rp, "R.output(");
    int n = 0;
    for (int32_t j = 0; j < bs.n; j++) {
      const Node *v = IR_AS(IrBinding, bs.v[j])->var;
      if (v->kind == NK_RX_DFVAR) continue;
      arg_sep(rp, &n);
      expr(rp, v);
    }
    puts_(rp, ")\n");
    rp->pr->indent -= 4;
  }
}

/* A SeqExpr: its blocks, then `return body` or `lhs[: ann] = body`. */
static void seq_body(RxPrinter *rp, const Node *seq, bool is_ret, const char *lhs, const char *ann) {
  const IrSeqExpr *s = IR_AS(IrSeqExpr, seq);
  blocks(rp, s->blocks);
  StrBuf body;
  StrBuf *old = redirect(rp, &body);
  if (is_ret) expr(rp, s->body);
  else rhs_expr(rp, s->body);
  rp->pr->out = old;
  if (is_ret) {
    line(rp);
    sb_printf(OUT, "return %s\n", buf_str(&body));
  } else {
    assign(rp, lhs, ann, buf_str(&body));
  }
  sb_free(&body);
}

/* ---- functions -------------------------------------------------------------- */

static void signature(RxPrinter *rp, const Node *f, const char *name, bool top) {
  const IrFunction *fn = IR_AS(IrFunction, f);
  bool priv = top && !ir_attrs_get(fn->attrs, "global_symbol");
  line(rp);
  if (!fn->is_pure || priv)
    sb_printf(OUT, "@R.function(%s%s%s)\n", fn->is_pure ? "" : "pure=False",
              !fn->is_pure && priv ? ", " : "", priv ? "private=True" : "");
  else
    puts_(rp, "@R.function\n");
  /* TVM prints the return annotation before the parameters, so symbolic
   * variables are named (and declared) in that order. */
  StrBuf ret = {0};
  if (fn->ret_sinfo) {
    StrBuf *old = redirect(rp, &ret);
    sinfo(rp, fn->ret_sinfo);
    rp->pr->out = old;
  }
  line(rp);
  sb_printf(OUT, "def %s(", name);
  for (int32_t i = 0; i < fn->params.n; i++) {
    const Node *v = fn->params.v[i];
    if (i) puts_(rp, ", ");
    puts_(rp, pr_define(rp->pr, v, IR_AS(IrVar, v)->name));
    if (v->sinfo) {
      puts_(rp, ": ");
      sinfo(rp, v->sinfo);
    }
  }
  sb_putc(OUT, ')');
  if (fn->ret_sinfo) {
    puts_(rp, " -> ");
    append(OUT, &ret);
  }
  puts_(rp, ":\n");
  sb_free(&ret);
}

static void func_attrs(RxPrinter *rp, const Node *f, const char *name, bool top) {
  NodeList attrs = IR_AS(IrFunction, f)->attrs;
  int n = 0;
  for (int32_t i = 0; i < attrs.n; i++) {
    const IrBinary *kv = IR_AS(IrBinary, attrs.v[i]);
    const char *key = IR_AS(IrStr, kv->a)->value;
    if (top && !strcmp(key, "global_symbol") && kv->b && kv->b->kind == NK_STRING &&
        !strcmp(IR_AS(IrStr, kv->b)->value, name))
      continue;
    if (!n++) {
      line(rp);
      puts_(rp, "R.func_attr({");
    } else {
      puts_(rp, ", ");
    }
    pr_print_str(rp->pr, key);
    puts_(rp, ": ");
    attr_val(rp, kv->b);
  }
  if (n) puts_(rp, "})\n");
}

/* Does printed text use the prefix `X.` outside string literals? */
static bool uses_prefix(const StrBuf *b, const char *x) {
  const char *s = buf_str((StrBuf *)b);
  size_t n = strlen(x);
  char quote = 0;
  for (const char *c = s; *c; c++) {
    if (quote) {
      if (*c == '\\' && c[1]) c++;
      else if (*c == quote) quote = 0;
      continue;
    }
    if (*c == '"' || *c == '\'') {
      quote = *c;
      continue;
    }
    bool start = c == s || !(c[-1] == '_' || c[-1] == '.' || (c[-1] >= 'a' && c[-1] <= 'z') ||
                             (c[-1] >= 'A' && c[-1] <= 'Z') || (c[-1] >= '0' && c[-1] <= '9'));
    if (start && !strncmp(c, x, n)) return true;
  }
  return false;
}

/* TVM wraps every Relax function, nested ones included, in the header of
 * the prefixes used so far (HeaderWrapper; the module strips it from
 * top-level functions): `# from tvm.script import ...` lines, then an empty
 * comment, which prints as a line holding only the indentation. */
static void nested_header(RxPrinter *rp, const StrBuf *func) {
  bool ir = uses_prefix(rp->so_far[0], "I.module_attrs"), tir = uses_prefix(func, "T.");
  for (int i = 0; i < rp->nso_far && !tir; i++) tir = uses_prefix(rp->so_far[i], "T.");
  static const char *const lines[] = {"ir as I", "tir as T", "relax as R"};
  bool used[] = {ir, tir, true};
  for (int i = 0; i < 3; i++) {
    if (!used[i]) continue;
    line(rp);
    sb_printf(OUT, "# from tvm.script import %s\n", lines[i]);
  }
  line(rp);
  sb_putc(OUT, '\n');
}

/* A function: decorator, signature, (top level: declarations), attributes
 * and body.  Nested functions declare their symbolic variables in the
 * outermost function, as TVM does, and repeat the header comment. */
static void function(RxPrinter *rp, const Node *f, const char *name, bool top) {
  const IrFunction *fn = IR_AS(IrFunction, f);
  StrBuf sig, decls = {0}, body = {0};
  if (top) rp->so_far[0] = OUT;
  StrBuf *old = redirect(rp, &sig);
  if (top) {
    rp->so_far[1] = &sig;
    rp->so_far[2] = &decls;
    rp->so_far[3] = &body;
    rp->nso_far = 4;
    rp->decls = &decls;
    rp->decl_indent = rp->pr->indent + 4;
    rp->collecting = true;
  }
  signature(rp, f, name, top);
  rp->collecting = false;
  rp->pr->out = &decls; /* top: declarations and attributes; nested: the whole def */
  bool pushed = !top && rp->nso_far < (int)(sizeof rp->so_far / sizeof *rp->so_far);
  if (pushed) rp->so_far[rp->nso_far++] = &decls;
  if (!top) append(OUT, &sig);
  rp->pr->indent += 4;
  func_attrs(rp, f, name, top);
  if (top) redirect(rp, &body);
  seq_body(rp, fn->body, true, NULL, NULL);
  rp->pr->indent -= 4;
  rp->pr->out = old;
  if (pushed) rp->nso_far--;
  if (top) {
    append(OUT, &sig);
    append(OUT, &decls);
    append(OUT, &body);
    rp->decls = NULL;
  } else {
    nested_header(rp, &decls);
    append(OUT, &decls);
    sb_putc(OUT, '\n'); /* TVM ends every def with a blank line */
  }
  sb_free(&body);
  sb_free(&sig);
  sb_free(&decls);
}

void rx_print_function(ScriptPrinter *pr, const Node *f, const char *name, bool in_module) {
  RxPrinter rp = {0};
  rp.pr = pr;
  function(&rp, f, name, true);
  ptrmap_free(&rp.func_vars);
}
