/*
 * codegen_c_expr.c — PrimExprs to C expressions.
 *
 * c_expr(e, n, lane) writes n's value: the whole value (lane NULL), or for a
 * vector n, the scalar value of one lane (lane is C text, a constant or a
 * loop index).  Scalars ignore lane, so a scalar operand of a vector
 * expression is used as is.  Whole vectors are native GCC vector
 * expressions where that is exact (+ - * on vectors, / on float vectors,
 * contiguous loads of 32/64-bit-free storage types, vector variables);
 * anything else becomes a lane loop `({ V t; for (l) t[l] = <lane l>; t; })`.
 * Side conditions: integer division by zero and signed overflow behave as
 * in C (the IR says nothing else); float16/bfloat16 values are computed in
 * float32 and rounded only where a Cast or a store says so.
 */
#include <stdlib.h>
#include <string.h>

#include "c_impl.h"

#define OUT (e->out)

const char *c_storage_type(DType t) {
  switch (t.code) {
  case DT_CODE_BOOL: return "uint8_t";
  case DT_CODE_INT:
    return t.bits == 8 ? "int8_t" : t.bits == 16 ? "int16_t" : t.bits == 32 ? "int32_t" : "int64_t";
  case DT_CODE_UINT:
    return t.bits == 8 ? "uint8_t" : t.bits == 16 ? "uint16_t" : t.bits == 32 ? "uint32_t" : "uint64_t";
  case DT_CODE_FLOAT: return t.bits == 16 ? "uint16_t" : t.bits == 32 ? "float" : "double";
  case DT_CODE_BFLOAT: return "uint16_t";
  default: return "void *";
  }
}

const char *c_compute_type(DType t) {
  if (dtype_is_bool(t)) return "bool";
  if (dtype_is_float(t)) return t.bits == 64 ? "double" : "float";
  return c_storage_type(t);
}

static bool is16f(DType t) { return dtype_is_float(t) && t.bits == 16; }

/* The element name used in vector typedef names, by compute type. */
static const char *velem(DType t) {
  if (dtype_is_bool(t)) return "int8";
  if (dtype_is_float(t)) return t.bits == 64 ? "float64" : "float32";
  return dtype_str(dtype_element(t));
}

static int pow2_at_least(int n) {
  int p = 1;
  while (p < n) p <<= 1;
  return p;
}

const char *c_value_type(CEmit *e, DType t) {
  if (t.lanes <= 1) return c_compute_type(t);
  char name[64];
  snprintf(name, sizeof name, "sv_%sx%d", velem(t), t.lanes);
  if (!strmap_has(&e->vtypes, name)) {
    const char *el = dtype_is_bool(t) ? "int8_t" : c_compute_type(t);
    int esz = dtype_is_bool(t) ? 1 : dtype_is_float(t) ? (t.bits == 64 ? 8 : 4) : t.bits / 8;
    StrBuf sb = {0};
    sb_printf(&sb, "typedef %s %s __attribute__((vector_size(%d)));\n", el, name,
              esz * pow2_at_least(t.lanes));
    strmap_put(&e->vtypes, name, sb_take(&sb));
  }
  return intern(name);
}

const char *c_temp(CEmit *e, const char *prefix) {
  char b[32];
  snprintf(b, sizeof b, "_%s%d", prefix, e->ntemp++);
  return arena_strdup(e->arena, b);
}

char *c_expr_str(CEmit *e, const Node *n, const char *lane) {
  StrBuf sb = {0}, *save = e->out;
  e->out = &sb;
  c_expr(e, n, lane);
  e->out = save;
  return sb.data ? sb_take(&sb) : xstrdup("");
}

void c_str_lit(StrBuf *sb, const char *s) {
  sb_putc(sb, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') sb_printf(sb, "\\%c", *p);
    else if (*p == '\n') sb_puts(sb, "\\n");
    else if (*p < 32 || *p >= 127) sb_printf(sb, "\\%03o", *p);
    else sb_putc(sb, (char)*p);
  }
  sb_putc(sb, '"');
}

/* ---- leaves ---- */

static void int_lit(CEmit *e, DType t, int64_t v) {
  if (dtype_is_bool(t)) sb_puts(OUT, v ? "true" : "false");
  else if (t.bits == 64 && v == INT64_MIN) sb_puts(OUT, "INT64_MIN");
  else if (t.bits == 64) sb_printf(OUT, "INT64_C(%lld)", (long long)v);
  else if (t.bits == 32 && v == INT32_MIN) sb_puts(OUT, "INT32_MIN");
  else if (t.bits == 32) sb_printf(OUT, "%lld", (long long)v);
  else sb_printf(OUT, "((%s)%lld)", c_storage_type(t), (long long)v);
}

static void uint_lit(CEmit *e, DType t, int64_t v) {
  if (t.bits == 64) sb_printf(OUT, "UINT64_C(%llu)", (unsigned long long)v);
  else sb_printf(OUT, "((%s)%lluu)", c_storage_type(t), (unsigned long long)v);
}

static void float_lit(CEmit *e, DType t, double v) {
  bool dbl = t.bits == 64;
  if (v != v) {
    sb_puts(OUT, dbl ? "((double)NAN)" : "NAN");
  } else if (v > 1.7976931348623157e308 || v < -1.7976931348623157e308) {
    sb_puts(OUT, v > 0 ? (dbl ? "((double)INFINITY)" : "INFINITY") : (dbl ? "(-(double)INFINITY)" : "(-INFINITY)"));
  } else {
    char b[64];
    snprintf(b, sizeof b, dbl ? "%.17g" : "%.9g", v);
    sb_puts(OUT, b);
    if (!strpbrk(b, ".eE")) sb_puts(OUT, ".0");
    if (!dbl) sb_putc(OUT, 'f');
  }
}

/* ---- helpers ---- */

static void sub(CEmit *e, const Node *n, const char *lane) { c_expr(e, n, n->dtype.lanes > 1 ? lane : NULL); }

/* Suffix of the strata_min_/max_ helpers for a compute type. */
static const char *sfx(DType t) {
  if (dtype_is_bool(t)) return "b";
  if (dtype_is_float(t)) return t.bits == 64 ? "f64" : "f32";
  static const char *i[] = {"i8", "i16", "i32", "i64"}, *u[] = {"u8", "u16", "u32", "u64"};
  int k = t.bits == 8 ? 0 : t.bits == 16 ? 1 : t.bits == 32 ? 2 : 3;
  return dtype_is_uint(t) ? u[k] : i[k];
}

static void wrap_open(CEmit *e, DType t) {
  if (dtype_is_integral(t) && !dtype_is_bool(t) && t.bits < 32) sb_printf(OUT, "((%s)", c_storage_type(t));
}
static void wrap_close(CEmit *e, DType t) {
  if (dtype_is_integral(t) && !dtype_is_bool(t) && t.bits < 32) sb_putc(OUT, ')');
}

static void binop(CEmit *e, const Node *n, const char *op, const char *lane) {
  const IrBinary *b = IR_AS(IrBinary, n);
  DType t = n->dtype;
  wrap_open(e, t);
  sb_putc(OUT, '(');
  sub(e, b->a, lane);
  sb_printf(OUT, " %s ", op);
  sub(e, b->b, lane);
  sb_putc(OUT, ')');
  wrap_close(e, t);
}

static void call2(CEmit *e, const char *fn, const Node *a, const Node *b, const char *lane) {
  sb_printf(OUT, "%s(", fn);
  sub(e, a, lane);
  sb_puts(OUT, ", ");
  sub(e, b, lane);
  sb_putc(OUT, ')');
}

static void divmod(CEmit *e, const Node *n, const char *lane) {
  const IrBinary *b = IR_AS(IrBinary, n);
  DType t = dtype_element(b->a->dtype);
  char fn[48];
  if (dtype_is_float(t)) {
    const char *f = t.bits == 64 ? "" : "f";
    switch (n->kind) {
    case NK_DIV: binop(e, n, "/", lane); return;
    case NK_MOD: snprintf(fn, sizeof fn, "fmod%s", f); break;
    case NK_FLOORDIV:
      sb_printf(OUT, "floor%s(", f);
      binop(e, n, "/", lane);
      sb_putc(OUT, ')');
      return;
    default: snprintf(fn, sizeof fn, "strata_floormod_%s", sfx(t)); break;
    }
    call2(e, fn, b->a, b->b, lane);
    return;
  }
  if (n->kind == NK_DIV || n->kind == NK_MOD || dtype_is_uint(t) || dtype_is_bool(t)) {
    binop(e, n, n->kind == NK_DIV || n->kind == NK_FLOORDIV ? "/" : "%", lane);
    return;
  }
  const char *w = t.bits == 64 ? "i64" : "i32";
  snprintf(fn, sizeof fn, "strata_floor%s_%s", n->kind == NK_FLOORDIV ? "div" : "mod", w);
  wrap_open(e, t);
  call2(e, fn, b->a, b->b, lane);
  wrap_close(e, t);
}

static void cast(CEmit *e, const Node *n, const char *lane) {
  DType t = dtype_element(n->dtype);
  const Node *a = IR_AS(IrUnary, n)->a;
  if (dtype_is_bool(t)) {
    sb_puts(OUT, "((");
    sub(e, a, lane);
    sb_puts(OUT, ") != 0)");
  } else if (is16f(t)) {
    sb_printf(OUT, "strata_round_%s((float)(", t.code == DT_CODE_BFLOAT ? "bf16" : "f16");
    sub(e, a, lane);
    sb_puts(OUT, "))");
  } else {
    sb_printf(OUT, "((%s)(", c_compute_type(t));
    sub(e, a, lane);
    sb_puts(OUT, "))");
  }
}

void c_elem_ref(CEmit *e, const Node *buf, const char *index) {
  const IrBuffer *b = IR_AS(IrBuffer, buf);
  int64_t off = 0;
  sb_printf(OUT, "((%s *)%s)[", c_storage_type(dtype_element(buf->dtype)), c_var_use(e, b->data));
  sb_puts(OUT, index);
  if (b->elem_offset && !(ir_is_const_int(b->elem_offset, &off) && off == 0)) {
    sb_puts(OUT, " + ");
    c_expr(e, b->elem_offset, NULL);
  }
  sb_putc(OUT, ']');
}

void c_load_conv(CEmit *e, DType t, const char *text) {
  if (t.code == DT_CODE_BFLOAT) sb_printf(OUT, "strata_bf2f(%s)", text);
  else if (is16f(t)) sb_printf(OUT, "strata_h2f(%s)", text);
  else if (dtype_is_bool(t)) sb_printf(OUT, "(%s != 0)", text);
  else sb_puts(OUT, text);
}

static void load_lane(CEmit *e, const Node *n, const char *lane) {
  const IrBufferLoad *l = IR_AS(IrBufferLoad, n);
  if (l->indices.n != 1) {
    c_error(e, n, "buffer '%s' is not flattened (%d indices)", IR_AS(IrBuffer, l->buffer)->name,
            l->indices.n);
    return;
  }
  char *ix = c_expr_str(e, l->indices.v[0], lane);
  StrBuf ref = {0}, *save = OUT;
  OUT = &ref;
  c_elem_ref(e, l->buffer, ix);
  OUT = save;
  if (l->predicate) {
    sb_putc(OUT, '(');
    sub(e, l->predicate, lane);
    sb_puts(OUT, " ? ");
  }
  c_load_conv(e, dtype_element(l->buffer->dtype), ref.data);
  if (l->predicate) sb_puts(OUT, " : 0)");
  free(ix);
  sb_free(&ref);
}

/* A Ramp with a constant stride of 1. */
static bool unit_ramp(const Node *ix, const Node **base) {
  int64_t s;
  if (ix->kind != NK_RAMP || !ir_is_const_int(IR_AS(IrRamp, ix)->stride, &s) || s != 1) return false;
  *base = IR_AS(IrRamp, ix)->base;
  return true;
}

/* ---- calls ---- */

typedef struct MathFn {
  const char *op, *c; /* C name of the double version; float adds 'f' */
} MathFn;

static const MathFn mathfns[] = {
    {"exp", "exp"},     {"exp2", "exp2"},   {"log", "log"},       {"log2", "log2"},
    {"log10", "log10"}, {"log1p", "log1p"}, {"sqrt", "sqrt"},     {"tanh", "tanh"},
    {"erf", "erf"},     {"fabs", "fabs"},   {"floor", "floor"},   {"ceil", "ceil"},
    {"round", "nearbyint"}, {"nearbyint", "nearbyint"}, {"trunc", "trunc"}, {"sin", "sin"},
    {"cos", "cos"},     {"tan", "tan"},     {"sinh", "sinh"},     {"cosh", "cosh"},
    {"asin", "asin"},   {"acos", "acos"},   {"atan", "atan"},     {"asinh", "asinh"},
    {"acosh", "acosh"}, {"atanh", "atanh"}, {"pow", "pow"},       {"atan2", "atan2"},
    {"fmod", "fmod"},   {"hypot", "hypot"}, {"copysign", "copysign"}, {"nextafter", "nextafter"},
    {"fma", "fma"},     {"ldexp", "ldexp"}, {"fmin", "fmin"},     {"fmax", "fmax"},
};

static void args_lane(CEmit *e, const IrCall *c, int from, const char *lane) {
  for (int32_t i = from; i < c->args.n; i++) {
    if (i > from) sb_puts(OUT, ", ");
    sub(e, c->args.v[i], lane);
  }
}

/* "strata.*" intrinsics of the packed entry (scalar only). */
static bool strata_call(CEmit *e, const Node *n, const IrCall *c) {
  const char *op = c->op + 7;
  Node *const *a = c->args.v;
#define ARG(i) c_expr(e, a[i], NULL)
#define T0() (sb_puts(OUT, "((const DLTensor *)"), ARG(0), sb_putc(OUT, ')'))
  if (!strncmp(op, "arg_", 4)) {
    if (c->args.n != 2) return false;
    const char *f = !strcmp(op, "arg_type_code") ? "type_code"
                    : !strcmp(op, "arg_tensor")  ? "v_tensor"
                    : !strcmp(op, "arg_int64")   ? "v_int64"
                    : !strcmp(op, "arg_float64") ? "v_float64"
                    : !strcmp(op, "arg_handle")  ? "v_handle"
                                                 : NULL;
    if (!f) return false;
    sb_puts(OUT, "((const StrataAny *)");
    ARG(0);
    sb_puts(OUT, ")[");
    ARG(1);
    sb_printf(OUT, "].%s", f);
    return true;
  }
  if (c->args.n < 1) return false;
  if (!strcmp(op, "tensor_ndim")) { T0(); sb_puts(OUT, "->ndim"); }
  else if (!strcmp(op, "tensor_dtype_code")) { sb_puts(OUT, "(int32_t)"); T0(); sb_puts(OUT, "->dtype.code"); }
  else if (!strcmp(op, "tensor_dtype_bits")) { sb_puts(OUT, "(int32_t)"); T0(); sb_puts(OUT, "->dtype.bits"); }
  else if (!strcmp(op, "tensor_dtype_lanes")) { sb_puts(OUT, "(int32_t)"); T0(); sb_puts(OUT, "->dtype.lanes"); }
  else if (!strcmp(op, "tensor_device_type")) { T0(); sb_puts(OUT, "->device.device_type"); }
  else if (!strcmp(op, "tensor_strides_compact")) { sb_puts(OUT, "strata_strides_compact("); T0(); sb_putc(OUT, ')'); }
  else if (!strcmp(op, "tensor_data")) { sb_puts(OUT, "strata_tensor_data("); T0(); sb_putc(OUT, ')'); }
  else if (!strcmp(op, "tensor_shape") && c->args.n == 2) {
    T0();
    sb_puts(OUT, "->shape[");
    ARG(1);
    sb_putc(OUT, ']');
  } else if (!strcmp(op, "is_aligned") && c->args.n == 2) {
    sb_puts(OUT, "((uintptr_t)(");
    ARG(0);
    sb_puts(OUT, ") % (uintptr_t)(");
    ARG(1);
    sb_puts(OUT, ") == 0)");
  } else {
    return false;
  }
  return true;
#undef ARG
#undef T0
}

static void call(CEmit *e, const Node *n, const char *lane) {
  const IrCall *c = IR_AS(IrCall, n);
  DType t = dtype_element(n->dtype);
  if (!strncmp(c->op, "strata.", 7)) {
    if (!strata_call(e, n, c)) c_error(e, n, "unsupported intrinsic '%s' (%d arguments)", c->op, c->args.n);
    return;
  }
  const char *op = strncmp(c->op, "tir.", 4) ? c->op : c->op + 4;
  DType at = c->args.n ? dtype_element(c->args.v[0]->dtype) : t;
  const char *f = at.bits == 64 ? "" : "f";
  for (size_t i = 0; i < sizeof mathfns / sizeof mathfns[0]; i++)
    if (!strcmp(op, mathfns[i].op) && dtype_is_float(at)) {
      sb_printf(OUT, "%s%s(", mathfns[i].c, f);
      args_lane(e, c, 0, lane);
      sb_putc(OUT, ')');
      return;
    }
  if (!strcmp(op, "exp10") && dtype_is_float(at)) {
    sb_printf(OUT, "pow%s(10, ", f);
    args_lane(e, c, 0, lane);
    sb_putc(OUT, ')');
  } else if (!strcmp(op, "rsqrt") && dtype_is_float(at)) {
    sb_printf(OUT, "(1 / sqrt%s(", f);
    args_lane(e, c, 0, lane);
    sb_puts(OUT, "))");
  } else if (!strcmp(op, "sigmoid") && dtype_is_float(at)) {
    sb_printf(OUT, "strata_sigmoid_%s(", sfx(at));
    args_lane(e, c, 0, lane);
    sb_putc(OUT, ')');
  } else if ((!strcmp(op, "isnan") || !strcmp(op, "isinf") || !strcmp(op, "isfinite"))) {
    if (dtype_is_float(at)) {
      sb_printf(OUT, "(%s(", op);
      args_lane(e, c, 0, lane);
      sb_puts(OUT, ") != 0)");
    } else {
      sb_puts(OUT, !strcmp(op, "isfinite") ? "true" : "false");
    }
  } else if (!strcmp(op, "fabs") || !strcmp(op, "abs")) { /* integer abs */
    sb_printf(OUT, "((%s)strata_max_%s(", c_compute_type(t), sfx(t));
    args_lane(e, c, 0, lane);
    sb_puts(OUT, ", -");
    args_lane(e, c, 0, lane);
    sb_puts(OUT, "))");
  } else if (!strcmp(op, "bitwise_and") || !strcmp(op, "bitwise_or") || !strcmp(op, "bitwise_xor") ||
             !strcmp(op, "shift_left") || !strcmp(op, "shift_right")) {
    const char *o = op[8] == 'a' ? "&" : op[8] == 'o' ? "|" : op[8] == 'x' ? "^" : op[6] == 'l' ? "<<" : ">>";
    sb_printf(OUT, "((%s)(", c_compute_type(t));
    sub(e, c->args.v[0], lane);
    sb_printf(OUT, " %s ", o);
    sub(e, c->args.v[1], lane);
    sb_puts(OUT, "))");
  } else if (!strcmp(op, "bitwise_not")) {
    sb_printf(OUT, "((%s)~", c_compute_type(t));
    sub(e, c->args.v[0], lane);
    sb_putc(OUT, ')');
  } else if (!strcmp(op, "popcount")) {
    sb_printf(OUT, "((%s)__builtin_popcountll((uint64_t)(%s)", c_compute_type(t),
              at.bits < 64 ? (at.bits == 8 ? "uint8_t" : at.bits == 16 ? "uint16_t" : "uint32_t") : "uint64_t");
    sub(e, c->args.v[0], lane);
    sb_puts(OUT, "))");
  } else if (!strcmp(op, "clz")) {
    sb_printf(OUT, "((%s)strata_clz64((uint64_t)(%s)", c_compute_type(t),
              at.bits < 64 ? (at.bits == 8 ? "uint8_t" : at.bits == 16 ? "uint16_t" : "uint32_t") : "uint64_t");
    sub(e, c->args.v[0], lane);
    sb_printf(OUT, ", %d))", at.bits);
  } else if (!strcmp(op, "likely")) {
    sub(e, c->args.v[0], lane);
  } else if (!strcmp(op, "if_then_else") && c->args.n == 3) {
    sb_putc(OUT, '(');
    sub(e, c->args.v[0], lane);
    sb_puts(OUT, " ? ");
    sub(e, c->args.v[1], lane);
    sb_puts(OUT, " : ");
    sub(e, c->args.v[2], lane);
    sb_putc(OUT, ')');
  } else if ((!strcmp(op, "call_extern") || !strcmp(op, "call_pure_extern")) && c->args.n >= 1 &&
             c->args.v[0]->kind == NK_STRING) {
    sb_printf(OUT, "%s(", IR_AS(IrStr, c->args.v[0])->value);
    args_lane(e, c, 1, lane);
    sb_putc(OUT, ')');
  } else if (!strcmp(op, "reinterpret") && c->args.n == 1) {
    const char *src = c_storage_type(at), *dst = c_storage_type(t), *s = c_temp(e, "s"), *d = c_temp(e, "d");
    sb_printf(OUT, "({ %s %s = ", src, s);
    if (at.code == DT_CODE_BFLOAT) sb_puts(OUT, "strata_f2bf(");
    else if (is16f(at)) sb_puts(OUT, "strata_f2h(");
    else sb_putc(OUT, '(');
    sub(e, c->args.v[0], lane);
    sb_printf(OUT, "); %s %s; memcpy(&%s, &%s, sizeof %s); ", dst, d, d, s, d);
    c_load_conv(e, t, d);
    sb_puts(OUT, "; })");
  } else {
    c_error(e, n, "unsupported call '%s' for %s", c->op, dtype_str(n->dtype));
  }
}

/* ---- let, shuffle, vectors ---- */

static void let(CEmit *e, const Node *n, const char *lane) {
  const IrLet *l = IR_AS(IrLet, n);
  sb_puts(OUT, "({ ");
  char *val = c_expr_str(e, l->value, NULL);
  const char *name = c_var_define(e, l->var, c_value_type(e, l->value->dtype));
  sb_printf(OUT, "%s %s = %s; ", c_value_type(e, l->value->dtype), name, val);
  free(val);
  sub(e, l->body, lane);
  sb_puts(OUT, "; })");
}

static void shuffle_whole(CEmit *e, const Node *n) {
  const IrShuffle *s = IR_AS(IrShuffle, n);
  const char *vt = c_value_type(e, n->dtype), *r = c_temp(e, "t");
  sb_printf(OUT, "({ %s %s; ", vt, r);
  for (int32_t i = 0; i < s->indices.n; i++) {
    int64_t k = 0;
    if (!ir_is_const_int(s->indices.v[i], &k)) { c_error(e, n, "Shuffle index is not a constant"); return; }
    int32_t v = 0;
    while (v < s->vectors.n && k >= s->vectors.v[v]->dtype.lanes) k -= s->vectors.v[v++]->dtype.lanes;
    if (v == s->vectors.n) { c_error(e, n, "Shuffle index out of range"); return; }
    char lane[24];
    snprintf(lane, sizeof lane, "%lld", (long long)k);
    sb_printf(OUT, "%s[%d] = ", r, i);
    sub(e, s->vectors.v[v], lane);
    sb_puts(OUT, "; ");
  }
  sb_printf(OUT, "%s; })", r);
}

static void lane_loop(CEmit *e, const Node *n) {
  const char *vt = c_value_type(e, n->dtype), *r = c_temp(e, "t"), *l = c_temp(e, "l");
  sb_printf(OUT, "({ %s %s; for (int %s = 0; %s < %d; ++%s) %s[%s] = ", vt, r, l, l, n->dtype.lanes, l, r, l);
  c_expr(e, n, l);
  sb_printf(OUT, "; %s; })", r);
}

/* Whole vector value, natively where exact. */
static void vector_whole(CEmit *e, const Node *n) {
  DType t = n->dtype;
  bool pow2 = (t.lanes & (t.lanes - 1)) == 0, plain = !dtype_is_bool(t);
  const Node *base = NULL;
  switch (n->kind) {
  case NK_VAR:
  case NK_SIZEVAR: sb_puts(OUT, c_var_use(e, n)); return;
  case NK_LET: let(e, n, NULL); return;
  case NK_SHUFFLE: shuffle_whole(e, n); return;
  case NK_ADD:
  case NK_SUB:
  case NK_MUL:
  case NK_DIV: {
    const IrBinary *b = IR_AS(IrBinary, n);
    if (!pow2 || !plain || (n->kind == NK_DIV && !dtype_is_float(t)) ||
        (dtype_is_integral(t) && t.bits < 32) || b->a->dtype.lanes != t.lanes || b->b->dtype.lanes != t.lanes)
      break;
    static const char *ops[] = {"+", "-", "*", "/"};
    sb_putc(OUT, '(');
    vector_whole(e, b->a);
    sb_printf(OUT, " %s ", ops[n->kind - NK_ADD]);
    vector_whole(e, b->b);
    sb_putc(OUT, ')');
    return;
  }
  case NK_BUFFER_LOAD: {
    const IrBufferLoad *l = IR_AS(IrBufferLoad, n);
    DType et = dtype_element(l->buffer->dtype);
    if (!pow2 || l->predicate || l->indices.n != 1 || !unit_ramp(l->indices.v[0], &base) || is16f(et) ||
        dtype_is_bool(et) || l->buffer->dtype.lanes != 1)
      break;
    const char *vt = c_value_type(e, t), *r = c_temp(e, "t");
    char *b = c_expr_str(e, base, NULL);
    sb_printf(OUT, "({ %s %s; memcpy(&%s, &", vt, r, r);
    c_elem_ref(e, l->buffer, b);
    sb_printf(OUT, ", %d); %s; })", t.lanes * dtype_bytes(et), r);
    free(b);
    return;
  }
  default: break;
  }
  lane_loop(e, n);
}

/* ---- dispatch ---- */

void c_expr(CEmit *e, const Node *n, const char *lane) {
  if (n->dtype.lanes > 1 && !lane) {
    vector_whole(e, n);
    return;
  }
  if (n->dtype.lanes <= 1) lane = NULL;
  switch (n->kind) {
  case NK_INT:
    if (dtype_is_uint(n->dtype)) uint_lit(e, n->dtype, IR_AS(IrIntImm, n)->value);
    else int_lit(e, n->dtype, IR_AS(IrIntImm, n)->value);
    return;
  case NK_FLOAT: float_lit(e, n->dtype, IR_AS(IrFloatImm, n)->value); return;
  case NK_STRING: c_str_lit(OUT, IR_AS(IrStr, n)->value); return;
  case NK_VAR:
  case NK_SIZEVAR:
    sb_puts(OUT, c_var_use(e, n));
    if (lane) sb_printf(OUT, "[%s]", lane);
    return;
  case NK_CAST: cast(e, n, lane); return;
  case NK_ADD: binop(e, n, "+", lane); return;
  case NK_SUB: binop(e, n, "-", lane); return;
  case NK_MUL: binop(e, n, "*", lane); return;
  case NK_DIV:
  case NK_MOD:
  case NK_FLOORDIV:
  case NK_FLOORMOD: divmod(e, n, lane); return;
  case NK_MIN:
  case NK_MAX: {
    const IrBinary *b = IR_AS(IrBinary, n);
    char fn[32];
    snprintf(fn, sizeof fn, "strata_%s_%s", n->kind == NK_MIN ? "min" : "max", sfx(dtype_element(n->dtype)));
    call2(e, fn, b->a, b->b, lane);
    return;
  }
  case NK_EQ: binop(e, n, "==", lane); return;
  case NK_NE: binop(e, n, "!=", lane); return;
  case NK_LT: binop(e, n, "<", lane); return;
  case NK_LE: binop(e, n, "<=", lane); return;
  case NK_GT: binop(e, n, ">", lane); return;
  case NK_GE: binop(e, n, ">=", lane); return;
  case NK_AND: binop(e, n, "&&", lane); return;
  case NK_OR: binop(e, n, "||", lane); return;
  case NK_NOT:
    sb_puts(OUT, "(!");
    sub(e, IR_AS(IrUnary, n)->a, lane);
    sb_putc(OUT, ')');
    return;
  case NK_SELECT: {
    const IrSelect *s = IR_AS(IrSelect, n);
    sb_putc(OUT, '(');
    sub(e, s->cond, lane);
    sb_puts(OUT, " ? ");
    sub(e, s->t, lane);
    sb_puts(OUT, " : ");
    sub(e, s->f, lane);
    sb_putc(OUT, ')');
    return;
  }
  case NK_BUFFER_LOAD: load_lane(e, n, lane); return;
  case NK_RAMP: {
    const IrRamp *r = IR_AS(IrRamp, n);
    sb_putc(OUT, '(');
    c_expr(e, r->base, NULL);
    sb_printf(OUT, " + (%s)%s * ", c_compute_type(r->base->dtype), lane);
    c_expr(e, r->stride, NULL);
    sb_putc(OUT, ')');
    return;
  }
  case NK_BROADCAST: c_expr(e, IR_AS(IrBroadcast, n)->value, NULL); return;
  case NK_LET: let(e, n, lane); return;
  case NK_CALL: call(e, n, lane); return;
  case NK_SHUFFLE:
    sb_putc(OUT, '(');
    shuffle_whole(e, n);
    sb_printf(OUT, ")[%s]", lane);
    return;
  default: c_error(e, n, "%s is not a PrimExpr the C code generator handles", ir_kind_name(n->kind));
  }
}
