/*
 * make_packed_api.c — MakePackedAPI: give each PrimFunc the packed calling
 * convention of the runtime (`int fn(void *self, const StrataAny *args,
 * int32_t nargs, StrataAny *ret)`), checking and unpacking every argument at
 * entry (TVM's tir.transform.MakePackedAPI with its ArgBinder).
 *
 * The new function has params (self, args, nargs, ret), all handles but
 * nargs (int32), an empty buffer_map, ret type int32 and the attribute
 * "strata.packed_api" = True.  Its body, in order:
 *   1. assert nargs == N;
 *   2. per parameter i: assert its type code (strata.arg_type_code(args, i)
 *      is TENSOR 4 for a buffer, INT 1 for an integer or bool, FLOAT 2 for a
 *      float), then bind it: the param var of a buffer to
 *      strata.arg_tensor(args, i), an integer to strata.arg_int64, a float
 *      to strata.arg_float64 (cast to the param's dtype);
 *   3. per buffer: ndim, dtype code / bits / lanes, every dimension (a
 *      constant is asserted; a bare var is bound by its first occurrence
 *      and asserted equal at every later one), compact strides (explicit
 *      strides and offsets are refused), device type CPU (1);
 *   4. dimensions given by expressions, asserted once all vars are bound;
 *   5. per buffer: the data pointer bound to the buffer's data var
 *      (strata.tensor_data) and its 64-byte alignment;
 *   6. the original body, then `T.ret(0)`.
 * Every check is an AssertStmt whose message names the function, the
 * parameter and the mismatch: "main: argument 'A' must have 2 dimensions".
 * The intrinsic names (strata.*) are what the C code generator implements.
 * Before: lowered TIR with a buffer_map.  After: the packed form.
 */
#include <stdlib.h>
#include <string.h>

#include "transform.h"

enum { TC_INT = 1, TC_FLOAT = 2, TC_HANDLE = 3, TC_TENSOR = 4, DEV_CPU = 1, DATA_ALIGN = 64 };

/* The prologue: a list of LetStmt / AssertStmt shells whose bodies are
 * filled in from the back. */
typedef struct Api {
  IrCtx *cx;
  TirPassCtx *pc;
  PtrVec items;   /* shells */
  PtrMap bound;   /* var -> describing string ("'A' shape[0]") */
  PtrVec deferred; /* (cond, message) pairs of expression dims */
  bool error;
} Api;

static Node *str(Api *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static Node *str(Api *a, const char *fmt, ...) {
  StrBuf sb = {0};
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(&sb, fmt, ap);
  va_end(ap);
  Node *s = ir_string(a->cx, sb.data);
  sb_free(&sb);
  return s;
}

static void assert_(Api *a, Node *cond, Node *msg) {
  Node *s = ir_alloc(a->cx, NK_ASSERT, span_none());
  IR_AS(IrAssert, s)->cond = cond, IR_AS(IrAssert, s)->message = msg;
  ptrvec_push(&a->items, s);
}

static void let(Api *a, Node *var, Node *value) {
  Node *s = ir_alloc(a->cx, NK_LET_STMT, span_none());
  IR_AS(IrLet, s)->var = var, IR_AS(IrLet, s)->value = value;
  ptrvec_push(&a->items, s);
}

static Node *call(Api *a, DType t, const char *op, Node *x, Node *y) {
  Node *args[2] = {x, y};
  return ir_call(a->cx, t, op, args, y ? 2 : 1);
}
static Node *i32(Api *a, int64_t v) { return ir_int(a->cx, DT_INT32, v); }
static Node *i64(Api *a, int64_t v) { return ir_int(a->cx, DT_INT64, v); }
static Node *eq(Api *a, Node *x, Node *y) { return ir_bin(a->cx, NK_EQ, x, y); }
static Node *as64(Api *a, Node *e) { return dtype_eq(e->dtype, DT_INT64) ? e : ir_cast(a->cx, DT_INT64, e); }

typedef struct AllBound {
  Api *a;
  bool ok;
} AllBound;

static bool all_bound_walk(Node *n, void *ud) {
  AllBound *b = ud;
  if (ir_is_tir_var(n) && !ptrmap_has(&b->a->bound, n)) b->ok = false;
  return b->ok;
}

static bool all_bound(Api *a, Node *e) {
  AllBound b = {a, true};
  ir_walk(e, all_bound_walk, &b);
  return b.ok;
}

static void bind_dim(Api *a, const char *fn, const char *pname, Node *t, int k, Node *dim) {
  Node *got = call(a, DT_INT64, "strata.tensor_shape", t, i32(a, k));
  int64_t c;
  if (ir_is_const_int(dim, &c)) {
    assert_(a, eq(a, got, i64(a, c)),
            str(a, "%s: argument '%s' must have shape[%d] == %lld", fn, pname, k, (long long)c));
  } else if (ir_is_tir_var(dim) && !ptrmap_has(&a->bound, dim)) {
    let(a, dim, dtype_eq(dim->dtype, DT_INT64) ? got : ir_cast(a->cx, dim->dtype, got));
    StrBuf sb = {0};
    sb_printf(&sb, "'%s' shape[%d]", pname, k);
    ptrmap_put(&a->bound, dim, (void *)intern(sb.data));
    sb_free(&sb);
  } else if (ir_is_tir_var(dim)) {
    assert_(a, eq(a, got, as64(a, dim)),
            str(a, "%s: argument '%s' must have shape[%d] == %s (bound by %s)", fn, pname, k,
                IR_AS(IrVar, dim)->name, (const char *)ptrmap_get(&a->bound, dim)));
  } else {
    StrBuf e = {0};
    ptrvec_push(&a->deferred, eq(a, got, as64(a, dim)));
    sb_printf(&e, "%s: argument '%s' has a shape[%d] that does not match its declared expression", fn, pname, k);
    ptrvec_push(&a->deferred, ir_string(a->cx, e.data));
    sb_free(&e);
  }
}

static void bind_buffer(Api *a, const char *fn, Node *param, Node *buf) {
  const IrBuffer *B = IR_AS(IrBuffer, buf);
  const char *pname = B->name; /* the name the user wrote */
  DType dt = buf->dtype;
  assert_(a, eq(a, call(a, DT_INT32, "strata.tensor_ndim", param, NULL), i32(a, B->shape.n)),
          str(a, "%s: argument '%s' must have %d dimension%s", fn, pname, B->shape.n, B->shape.n == 1 ? "" : "s"));
  Node *code = call(a, DT_INT32, "strata.tensor_dtype_code", param, NULL);
  Node *bits = call(a, DT_INT32, "strata.tensor_dtype_bits", param, NULL);
  Node *lanes = call(a, DT_INT32, "strata.tensor_dtype_lanes", param, NULL);
  Node *ok = ir_bin(a->cx, NK_AND, ir_bin(a->cx, NK_AND, eq(a, code, i32(a, dt.code)), eq(a, bits, i32(a, dt.bits))),
                    eq(a, lanes, i32(a, dt.lanes)));
  assert_(a, ok, str(a, "%s: argument '%s' must have dtype %s", fn, pname, dtype_str(dt)));
  for (int32_t k = 0; k < B->shape.n; k++) bind_dim(a, fn, pname, param, k, B->shape.v[k]);
  if (B->strides.n) {
    diag_error(a->pc->diag, buf->span, "%s: argument '%s': buffers with explicit strides are not supported by the packed API",
               fn, pname);
    a->error = true;
  }
  int64_t off;
  if (B->elem_offset && !(ir_is_const_int(B->elem_offset, &off) && off == 0)) {
    diag_error(a->pc->diag, buf->span, "%s: argument '%s': a nonzero elem_offset is not supported by the packed API",
               fn, pname);
    a->error = true;
  }
  assert_(a, call(a, DT_BOOL, "strata.tensor_strides_compact", param, NULL),
          str(a, "%s: argument '%s' must be compact (row-major strides or none)", fn, pname));
  assert_(a, eq(a, call(a, DT_INT32, "strata.tensor_device_type", param, NULL), i32(a, DEV_CPU)),
          str(a, "%s: argument '%s' must be on the CPU (device type %d)", fn, pname, DEV_CPU));
}

/* The data pointer comes after every shape is bound: a buffer over it may
 * use any of the shape vars. */
static void bind_data(Api *a, const char *fn, Node *param, Node *buf) {
  const IrBuffer *B = IR_AS(IrBuffer, buf);
  let(a, B->data, call(a, DT_HANDLE, "strata.tensor_data", param, NULL));
  ptrmap_put(&a->bound, B->data, (void *)"data");
  assert_(a, call(a, DT_BOOL, "strata.is_aligned", B->data, i64(a, DATA_ALIGN)),
          str(a, "%s: argument '%s' data must be %d-byte aligned", fn, B->name, DATA_ALIGN));
}

static Node *find_buffer(const IrPrimFunc *F, Node *param) {
  for (int32_t i = 0; i < F->buffer_map.n; i++) {
    IrBinary *p = IR_AS(IrBinary, F->buffer_map.v[i]);
    if (p->a == param) return p->b;
  }
  return NULL;
}

static void unpack_param(Api *a, const char *fn, Node *args, int i, Node *param, Node *buf) {
  const char *pname = buf ? IR_AS(IrBuffer, buf)->name : IR_AS(IrVar, param)->name;
  bool is_buf = buf != NULL;
  Node *tc = call(a, DT_INT32, "strata.arg_type_code", args, i32(a, i));
  DType t = param->dtype;
  if (is_buf) {
    assert_(a, eq(a, tc, i32(a, TC_TENSOR)), str(a, "%s: argument '%s' must be a tensor", fn, pname));
    let(a, param, call(a, DT_HANDLE, "strata.arg_tensor", args, i32(a, i)));
  } else if (dtype_is_integral(t)) {
    assert_(a, eq(a, tc, i32(a, TC_INT)), str(a, "%s: argument '%s' must be an integer", fn, pname));
    Node *v = call(a, DT_INT64, "strata.arg_int64", args, i32(a, i));
    if (dtype_is_bool(t)) v = ir_bin(a->cx, NK_NE, v, i64(a, 0));
    else if (!dtype_eq(t, DT_INT64)) v = ir_cast(a->cx, t, v);
    let(a, param, v);
  } else if (dtype_is_float(t)) {
    assert_(a, eq(a, tc, i32(a, TC_FLOAT)), str(a, "%s: argument '%s' must be a float", fn, pname));
    Node *v = call(a, DT_FLOAT64, "strata.arg_float64", args, i32(a, i));
    let(a, param, dtype_eq(t, DT_FLOAT64) ? v : ir_cast(a->cx, t, v));
  } else {
    diag_error(a->pc->diag, param->span, "%s: parameter '%s' of type %s has no packed form (only buffers, integers and floats)",
               fn, pname, dtype_str(t));
    a->error = true;
    return;
  }
  ptrmap_put(&a->bound, param, (void *)"param");
}

/* Fill the shells' bodies from the back. */
static Node *close(Api *a, Node *body) {
  for (int32_t i = a->items.len - 1; i >= 0; i--) {
    Node *s = a->items.data[i];
    if (s->kind == NK_ASSERT)
      IR_AS(IrAssert, s)->body = body;
    else
      IR_AS(IrLet, s)->body = body;
    body = ir_finish(a->cx, s);
  }
  return body;
}

static Node *param_var(IrCtx *cx, const char *name, DType t) { return ir_var(cx, name, t); }

Node *tir_make_packed_api(TirPassCtx *pc, Node *func) {
  IrCtx *cx = pc->cx;
  const IrPrimFunc *F = IR_AS(IrPrimFunc, func);
  if (ir_attrs_get(F->attrs, "strata.packed_api")) return func;
  const char *fn = pc->name ? pc->name : "main";
  Api a = {cx, pc, {0}, {0}, {0}, false};
  Node *self = param_var(cx, "self", DT_HANDLE), *args = param_var(cx, "args", DT_HANDLE);
  Node *nargs = param_var(cx, "nargs", DT_INT32), *ret = param_var(cx, "ret", DT_HANDLE);
  int n = F->params.n;
  assert_(&a, eq(&a, nargs, i32(&a, n)), str(&a, "%s: expected %d argument%s", fn, n, n == 1 ? "" : "s"));
  for (int i = 0; i < n; i++)
    unpack_param(&a, fn, args, i, F->params.v[i], find_buffer(F, F->params.v[i]));
  for (int i = 0; i < n; i++) {
    Node *b = find_buffer(F, F->params.v[i]);
    if (b) bind_buffer(&a, fn, F->params.v[i], b);
  }
  for (int32_t i = 0; i + 1 < a.deferred.len; i += 2) {
    if (!all_bound(&a, a.deferred.data[i])) {
      diag_error(pc->diag, func->span, "%s: %s", fn,
                 "a buffer dimension uses a variable that no argument binds");
      a.error = true;
      break;
    }
    assert_(&a, a.deferred.data[i], a.deferred.data[i + 1]);
  }
  for (int i = 0; i < n; i++) {
    Node *b = find_buffer(F, F->params.v[i]);
    if (b) bind_data(&a, fn, F->params.v[i], b);
  }
  Node *body = NULL;
  if (!a.error) {
    Node *r0 = i32(&a, 0);
    Node *ev = ir_alloc(cx, NK_EVALUATE, span_none());
    IR_AS(IrUnary, ev)->a = ir_call(cx, DT_INT32, "tir.ret", &r0, 1);
    Node *parts[2] = {F->body, ir_finish(cx, ev)};
    body = close(&a, tir_seq(cx, parts, 2));
  }
  ptrvec_free(&a.items);
  ptrvec_free(&a.deferred);
  ptrmap_free(&a.bound);
  if (a.error) return NULL;
  /* attrs: the old ones plus strata.packed_api = True */
  Node **attrs = xmalloc(sizeof(Node *) * (size_t)(F->attrs.n + 1));
  memcpy(attrs, F->attrs.v, sizeof(Node *) * (size_t)F->attrs.n);
  Node *pair = ir_alloc(cx, NK_PAIR, span_none());
  IR_AS(IrBinary, pair)->a = ir_string(cx, "strata.packed_api");
  IR_AS(IrBinary, pair)->b = ir_bool(cx, true);
  attrs[F->attrs.n] = ir_finish(cx, pair);
  Node *nf = ir_clone(cx, func);
  IrPrimFunc *NF = IR_AS(IrPrimFunc, nf);
  Node *params[4] = {self, args, nargs, ret};
  NF->params = ir_list(cx, params, 4);
  NF->buffer_map = ir_list_empty();
  NF->attrs = ir_list(cx, attrs, F->attrs.n + 1);
  Node *rt = ir_alloc(cx, NK_PRIM_TYPE, span_none());
  rt->dtype = DT_INT32;
  NF->ret_type = ir_finish(cx, rt);
  NF->body = body;
  free(attrs);
  return ir_finish(cx, nf);
}
