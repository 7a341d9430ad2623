/*
 * print_tir.c — PrimExprs, types and buffer declarations as TVM prints
 * them: int32 literals bare and other literals as `T.int64(4)`,
 * `T.float32(1.0)`; Python operators only where tvm::add & co. would build
 * the same node (tir_fold_changes), `T.Add(a, b)` otherwise; parentheses by
 * Python precedence, the right operand parenthesised at equal precedence.
 * Statements and functions are in print_tir_stmt.c.
 */
#include <math.h>
#include <string.h>

#include "tir_script.h"

/* Python precedence levels, as TVM's doc printer numbers them. */
enum { P_OR = 3, P_AND = 4, P_NOT = 5, P_CMP = 6, P_ADD = 11, P_MUL = 12, P_ATOM = 15 };

static void pexpr(ScriptPrinter *pr, const Node *e);

const char *tir_py_binop(int k) {
  switch (k) {
  case NK_ADD: return "+";
  case NK_SUB: return "-";
  case NK_MUL: return "*";
  case NK_DIV: return "/";
  case NK_FLOORDIV: return "//";
  case NK_FLOORMOD: return "%";
  case NK_EQ: return "==";
  case NK_NE: return "!=";
  case NK_LT: return "<";
  case NK_LE: return "<=";
  case NK_GT: return ">";
  case NK_GE: return ">=";
  case NK_AND: return "and";
  case NK_OR: return "or";
  default: return NULL;
  }
}

static const char *call_op(int k) {
  switch (k) {
  case NK_ADD: return "Add";
  case NK_SUB: return "Sub";
  case NK_MUL: return "Mul";
  case NK_DIV: return "Div";
  case NK_MOD: return "truncmod";
  case NK_FLOORDIV: return "FloorDiv";
  case NK_FLOORMOD: return "FloorMod";
  case NK_MIN: return "min";
  case NK_MAX: return "max";
  case NK_EQ: return "EQ";
  case NK_NE: return "NE";
  case NK_LT: return "LT";
  case NK_LE: return "LE";
  case NK_GT: return "GT";
  case NK_GE: return "GE";
  case NK_AND: return "And";
  case NK_OR: return "Or";
  default: return NULL;
  }
}

/* Is this binary node printed with its Python operator? */
static bool sugared(const Node *e) {
  const IrBinary *b = IR_AS(IrBinary, e);
  if (!tir_py_binop(e->kind) || tir_fold_changes(e->kind, b->a, b->b)) return false;
  if (e->kind == NK_DIV) return !(dtype_is_integral(b->a->dtype) && dtype_is_integral(b->b->dtype));
  return true;
}

static int prec(const Node *e) {
  if (e->kind == NK_NOT) return P_NOT;
  if (!ir_is_binary(e->kind) || !sugared(e)) return P_ATOM;
  switch (e->kind) {
  case NK_ADD: case NK_SUB: return P_ADD;
  case NK_MUL: case NK_DIV: case NK_FLOORDIV: case NK_FLOORMOD: return P_MUL;
  case NK_AND: return P_AND;
  case NK_OR: return P_OR;
  default: return P_CMP;
  }
}

static void child(ScriptPrinter *pr, const Node *e, int parent, bool paren_same) {
  int c = prec(e);
  bool paren = c < parent || (paren_same && c == parent);
  if (paren) sb_putc(pr->out, '(');
  pexpr(pr, e);
  if (paren) sb_putc(pr->out, ')');
}

void tir_print_dtype_str(ScriptPrinter *pr, DType t) { sb_printf(pr->out, "\"%s\"", dtype_str(t)); }

/* A float as TVM's LiteralDoc: "inf"/"nan" quoted, integral values with
 * one decimal, others with 17 significant digits. */
static void print_float(ScriptPrinter *pr, double v) {
  if (isinf(v)) sb_puts(pr->out, v < 0 ? "\"-inf\"" : "\"inf\"");
  else if (isnan(v)) sb_puts(pr->out, signbit(v) ? "\"-nan\"" : "\"nan\"");
  else if (nearbyint(v) == v) sb_printf(pr->out, "%.1f", v);
  else sb_printf(pr->out, "%.17g", v);
}

static void print_int(ScriptPrinter *pr, DType t, int64_t v) {
  if (dtype_eq(t, DT_INT32)) sb_printf(pr->out, "%lld", (long long)v);
  else if (dtype_is_bool(t)) sb_printf(pr->out, "T.bool(%s)", v ? "True" : "False");
  else if (dtype_is_uint(t) && t.bits == 64) sb_printf(pr->out, "T.%s(%llu)", dtype_str(t), (unsigned long long)v);
  else sb_printf(pr->out, "T.%s(%lld)", dtype_str(t), (long long)v);
}

const char *tir_var_name(ScriptPrinter *pr, const Node *v) {
  const char *n = pr_name(pr, v);
  return n ? n : pr_define(pr, v, IR_AS(IrVar, v)->name);
}

static void args(ScriptPrinter *pr, NodeList l) {
  for (int32_t i = 0; i < l.n; i++) {
    if (i) sb_puts(pr->out, ", ");
    pexpr(pr, l.v[i]);
  }
}

static void print_call(ScriptPrinter *pr, const Node *e) {
  const IrCall *c = IR_AS(IrCall, e);
  const char *name = strncmp(c->op, "tir.", 4) ? c->op : c->op + 4;
  const TirCallInfo *ci = tir_call_info(name);
  sb_printf(pr->out, "T.%s(", name);
  if (ci && ci->rule == TCALL_DTYPE_FIRST) {
    tir_print_dtype_str(pr, e->dtype);
    if (c->args.n) sb_puts(pr->out, ", ");
  }
  args(pr, c->args);
  if (ci && ci->rule == TCALL_DTYPE_LAST) {
    if (c->args.n) sb_puts(pr->out, ", ");
    tir_print_dtype_str(pr, e->dtype);
  }
  sb_putc(pr->out, ')');
}

/* `base + k` for a literal offset k of base's type, folded when base is constant. */
static void print_offset(ScriptPrinter *pr, const Node *base, int64_t k) {
  int64_t b;
  if (ir_is_const_int(base, &b)) {
    print_int(pr, base->dtype, b + k);
  } else if (k == 0) {
    pexpr(pr, base);
  } else {
    child(pr, base, P_ADD, false);
    sb_puts(pr->out, " + ");
    print_int(pr, base->dtype, k);
  }
}

static void print_index(ScriptPrinter *pr, const Node *ix) {
  int64_t st;
  if (ix->kind == NK_RAMP && ir_is_const_int(IR_AS(IrRamp, ix)->stride, &st)) {
    const IrRamp *r = IR_AS(IrRamp, ix);
    pexpr(pr, r->base);
    sb_putc(pr->out, ':');
    print_offset(pr, r->base, r->lanes * st);
    if (st != 1) {
      sb_putc(pr->out, ':');
      pexpr(pr, r->stride);
    }
    return;
  }
  pexpr(pr, ix);
}

static const char *buffer_name(ScriptPrinter *pr, const Node *buf) {
  const char *n = pr_name(pr, buf);
  return n ? n : pr_define(pr, buf, IR_AS(IrBuffer, buf)->name);
}

static void print_load(ScriptPrinter *pr, const Node *e) {
  const IrBufferLoad *l = IR_AS(IrBufferLoad, e);
  if (l->predicate) { /* A.vload([indices], predicate=mask) */
    sb_printf(pr->out, "%s.vload([", buffer_name(pr, l->buffer));
    args(pr, l->indices);
    sb_puts(pr->out, "], predicate=");
    pexpr(pr, l->predicate);
    sb_putc(pr->out, ')');
    return;
  }
  sb_printf(pr->out, "%s[", buffer_name(pr, l->buffer));
  if (!l->indices.n) sb_puts(pr->out, "()");
  for (int32_t i = 0; i < l->indices.n; i++) {
    if (i) sb_puts(pr->out, ", ");
    print_index(pr, l->indices.v[i]);
  }
  sb_putc(pr->out, ']');
}

static void print_binary(ScriptPrinter *pr, const Node *e) {
  const IrBinary *b = IR_AS(IrBinary, e);
  if (sugared(e)) {
    int pc = prec(e);
    child(pr, b->a, pc, false);
    sb_printf(pr->out, " %s ", tir_py_binop(e->kind));
    child(pr, b->b, pc, true);
    return;
  }
  sb_printf(pr->out, "T.%s(", call_op(e->kind));
  pexpr(pr, b->a);
  sb_puts(pr->out, ", ");
  pexpr(pr, b->b);
  sb_putc(pr->out, ')');
}

static void pexpr(ScriptPrinter *pr, const Node *e) {
  StrBuf *o = pr->out;
  if (ir_is_binary(e->kind)) {
    print_binary(pr, e);
    return;
  }
  switch (e->kind) {
  case NK_INT: print_int(pr, e->dtype, IR_AS(IrIntImm, e)->value); break;
  case NK_FLOAT:
    sb_printf(o, "T.%s(", dtype_str(e->dtype));
    print_float(pr, IR_AS(IrFloatImm, e)->value);
    sb_putc(o, ')');
    break;
  case NK_STRING: pr_print_str(pr, IR_AS(IrStr, e)->value); break;
  case NK_VAR:
  case NK_SIZEVAR: sb_puts(o, tir_var_name(pr, e)); break;
  case NK_CAST:
    sb_puts(o, "T.Cast(");
    tir_print_dtype_str(pr, e->dtype);
    sb_puts(o, ", ");
    pexpr(pr, IR_AS(IrUnary, e)->a);
    sb_putc(o, ')');
    break;
  case NK_NOT:
    sb_puts(o, "not ");
    child(pr, IR_AS(IrUnary, e)->a, P_NOT, false);
    break;
  case NK_SELECT:
    sb_puts(o, "T.Select(");
    pexpr(pr, IR_AS(IrSelect, e)->cond);
    sb_puts(o, ", ");
    pexpr(pr, IR_AS(IrSelect, e)->t);
    sb_puts(o, ", ");
    pexpr(pr, IR_AS(IrSelect, e)->f);
    sb_putc(o, ')');
    break;
  case NK_BUFFER_LOAD: print_load(pr, e); break;
  case NK_RAMP:
    sb_puts(o, "T.Ramp(");
    pexpr(pr, IR_AS(IrRamp, e)->base);
    sb_puts(o, ", ");
    pexpr(pr, IR_AS(IrRamp, e)->stride);
    sb_printf(o, ", %lld)", (long long)IR_AS(IrRamp, e)->lanes);
    break;
  case NK_BROADCAST:
    sb_puts(o, "T.Broadcast(");
    pexpr(pr, IR_AS(IrBroadcast, e)->value);
    sb_printf(o, ", %lld)", (long long)IR_AS(IrBroadcast, e)->lanes);
    break;
  case NK_LET: {
    const IrLet *l = IR_AS(IrLet, e);
    const char *vn = tir_var_name(pr, l->var);
    sb_puts(o, "T.Let(");
    pexpr(pr, l->body);
    sb_printf(o, ", where={%s: ", vn);
    pexpr(pr, l->value);
    sb_puts(o, "})");
    break;
  }
  case NK_CALL: print_call(pr, e); break;
  case NK_SHUFFLE:
    sb_puts(o, "T.Shuffle([");
    args(pr, IR_AS(IrShuffle, e)->vectors);
    sb_puts(o, "], [");
    args(pr, IR_AS(IrShuffle, e)->indices);
    sb_puts(o, "])");
    break;
  default: sb_printf(o, "<%s>", ir_kind_name(e->kind)); break;
  }
}

void tir_print_expr(ScriptPrinter *pr, const Node *e) { pexpr(pr, e); }

void tir_print_end(ScriptPrinter *pr, const Node *min, const Node *extent) {
  int64_t a, b;
  if (ir_is_const_int(min, &a) && ir_is_const_int(extent, &b) && dtype_eq(min->dtype, extent->dtype)) {
    print_int(pr, min->dtype, a + b);
  } else if (ir_is_const_int(min, &a) && a == 0) {
    pexpr(pr, extent);
  } else if (ir_is_const_int(extent, &b) && b == 0) {
    pexpr(pr, min);
  } else {
    child(pr, min, P_ADD, false);
    sb_puts(pr->out, " + ");
    child(pr, extent, P_ADD, true);
  }
}

/* ---- types and variable creation --------------------------------------------- */

void tir_print_type(ScriptPrinter *pr, const Node *v) {
  const Node *ty = IR_AS(IrVar, v)->type_anno;
  if (ty && ty->kind == NK_PTR_TYPE) {
    sb_puts(pr->out, "T.handle(");
    tir_print_dtype_str(pr, ty->dtype);
    if (*IR_AS(IrStr, ty)->value) {
      sb_puts(pr->out, ", ");
      pr_print_str(pr, IR_AS(IrStr, ty)->value);
    }
    sb_putc(pr->out, ')');
    return;
  }
  sb_printf(pr->out, "T.%s", dtype_is_handle(v->dtype) ? "handle" : dtype_str(v->dtype));
}

void tir_print_var_creation(ScriptPrinter *pr, const Node *v) {
  const Node *ty = IR_AS(IrVar, v)->type_anno;
  bool size = v->kind == NK_SIZEVAR;
  tir_print_type(pr, v);
  if (ty && ty->kind == NK_PTR_TYPE) {
    if (size) { /* T.handle("float32", "global", is_size_var=True) */
      pr->out->len--;
      sb_puts(pr->out, ", is_size_var=True)");
    }
    return;
  }
  sb_puts(pr->out, size ? "(is_size_var=True)" : "()");
}

/* `n = T.int32()` or `n, m = T.int64(), T.int64()` for the given new vars. */
static void define_vars(ScriptPrinter *pr, const Node **vs, int n) {
  if (!n) return;
  pr_line_start(pr);
  for (int i = 0; i < n; i++) sb_printf(pr->out, "%s%s", i ? ", " : "", tir_var_name(pr, vs[i]));
  sb_puts(pr->out, " = ");
  for (int i = 0; i < n; i++) {
    if (i) sb_puts(pr->out, ", ");
    tir_print_var_creation(pr, vs[i]);
  }
  sb_putc(pr->out, '\n');
}

typedef struct FreeVars {
  ScriptPrinter *pr;
  PtrVec vars;
} FreeVars;

static bool collect_free(Node *n, void *ud) {
  FreeVars *fv = ud;
  if (ir_is_tir_var(n) && !pr_name(fv->pr, n)) {
    for (int32_t i = 0; i < fv->vars.len; i++)
      if (fv->vars.data[i] == n) return false;
    ptrvec_push(&fv->vars, n);
  }
  return ir_is_expr(n);
}

void tir_declare_free_vars(ScriptPrinter *pr, NodeList exprs) {
  FreeVars fv = {pr, {0}};
  for (int32_t i = 0; i < exprs.n; i++) ir_walk(exprs.v[i], collect_free, &fv);
  define_vars(pr, (const Node **)fv.vars.data, fv.vars.len);
  ptrvec_free(&fv.vars);
}

/* ---- buffers ------------------------------------------------------------------- */

void tir_buffer_predefine(ScriptPrinter *pr, const Node *buf) {
  const IrBuffer *B = IR_AS(IrBuffer, buf);
  const Node *vs[B->shape.n > 0 ? B->shape.n : 1];
  int n = 0;
  for (int32_t i = 0; i < B->shape.n; i++) {
    const Node *d = B->shape.v[i];
    bool seen = false;
    for (int j = 0; j < n; j++) seen = seen || vs[j] == d;
    if (ir_is_tir_var(d) && !pr_name(pr, d) && !seen) vs[n++] = d;
  }
  define_vars(pr, vs, n);
}

void tir_print_region(ScriptPrinter *pr, const Node *region) {
  const IrBufferRegion *r = IR_AS(IrBufferRegion, region);
  sb_printf(pr->out, "%s[", buffer_name(pr, r->buffer));
  if (!r->region.n) sb_puts(pr->out, "()"); /* a 0-dim buffer, as TVM prints it */
  for (int32_t i = 0; i < r->region.n; i++) {
    const IrRange *rg = IR_AS(IrRange, r->region.v[i]);
    int64_t e;
    if (i) sb_puts(pr->out, ", ");
    pexpr(pr, rg->min);
    if (ir_is_const_int(rg->extent, &e) && e == 1) continue;
    sb_putc(pr->out, ':');
    tir_print_end(pr, rg->min, rg->extent);
  }
  sb_putc(pr->out, ']');
}

/* Define `name` for an inline-defined buffer field (A.data, A.elem_offset). */
static void define_inline(ScriptPrinter *pr, const Node *v, const char *bname, const char *field) {
  StrBuf sb = {0};
  sb_printf(&sb, "%s.%s", bname, field);
  ptrmap_put(&pr->names, v, (void *)intern(sb.data));
  sb_free(&sb);
}

static void print_shape(ScriptPrinter *pr, NodeList shape) {
  sb_putc(pr->out, '(');
  args(pr, shape);
  if (shape.n == 1) sb_putc(pr->out, ',');
  sb_putc(pr->out, ')');
}

static void buffer_kwargs(ScriptPrinter *pr, const Node *buf, const char *bname) {
  const IrBuffer *B = IR_AS(IrBuffer, buf);
  StrBuf *o = pr->out;
  if (pr_name(pr, B->data)) {
    sb_printf(o, ", data=%s", pr_name(pr, B->data));
  } else {
    define_inline(pr, B->data, bname, "data");
  }
  if (B->strides.n) {
    sb_puts(o, ", strides=(");
    for (int32_t i = 0; i < B->strides.n; i++) {
      const Node *s = B->strides.v[i];
      if (i) sb_puts(o, ", ");
      if (ir_is_tir_var(s) && !pr_name(pr, s)) {
        pr_print_str(pr, IR_AS(IrVar, s)->name);
        StrBuf sb = {0};
        sb_printf(&sb, "strides[%d]", i);
        define_inline(pr, s, bname, sb.data);
        sb_free(&sb);
      } else {
        pexpr(pr, s);
      }
    }
    sb_puts(o, B->strides.n == 1 ? ",)" : ")");
  }
  bool need_factor = false;
  int64_t off;
  if (ir_is_const_int(B->elem_offset, &off)) {
    if (off != 0) {
      sb_puts(o, ", elem_offset=");
      pexpr(pr, B->elem_offset);
    }
  } else if (ir_is_tir_var(B->elem_offset) && !pr_name(pr, B->elem_offset)) {
    define_inline(pr, B->elem_offset, bname, "elem_offset");
    need_factor = true;
  } else {
    sb_puts(o, ", elem_offset=");
    pexpr(pr, B->elem_offset);
  }
  if (strcmp(B->scope, "global")) {
    sb_puts(o, ", scope=");
    pr_print_str(pr, B->scope);
  }
  if (B->align != 64) sb_printf(o, ", align=%lld", (long long)B->align);
  if (need_factor || B->offset_factor != 1) sb_printf(o, ", offset_factor=%lld", (long long)B->offset_factor);
  if (B->buffer_type == 1) sb_puts(o, ", buffer_type=\"auto\"");
  if (B->axis_separators.n) {
    sb_puts(o, ", axis_separators=[");
    args(pr, B->axis_separators);
    sb_putc(o, ']');
  }
}

void tir_print_buffer_call(ScriptPrinter *pr, const Node *buf, const char *method, const Node *first,
                           bool annot) {
  const IrBuffer *B = IR_AS(IrBuffer, buf);
  const char *bname = buffer_name(pr, buf);
  sb_printf(pr->out, "T.%s(", method);
  if (first) {
    if (first->kind == NK_BUFFER_REGION) tir_print_region(pr, first);
    else pexpr(pr, first);
    sb_puts(pr->out, ", ");
  }
  print_shape(pr, B->shape);
  if (annot || !dtype_eq(buf->dtype, DT_FLOAT32)) {
    sb_puts(pr->out, ", ");
    tir_print_dtype_str(pr, buf->dtype);
  }
  if (annot) define_inline(pr, B->data, bname, "data");
  else buffer_kwargs(pr, buf, bname);
  sb_putc(pr->out, ')');
}
