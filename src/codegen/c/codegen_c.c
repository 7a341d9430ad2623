/*
 * codegen_c.c — a module of lowered PrimFuncs to one C file.
 *
 * Layout of the output: the prelude (codegen_c_prelude.c), the vector
 * typedefs used, the outlined bodies of parallel loops, one static function
 * per PrimFunc, then the exports: strata_lib_funcs (packed functions by
 * name), strata_lib_init (checks the runtime API version and keeps the
 * table) and, when given, strata_lib_signatures.
 *
 * Statements map one to one onto C: For → for (a parallel For becomes a
 * static function over its iterations, called through api->parallel_for
 * with a struct of the variables it uses; unrolled and vectorized Fors keep
 * a pragma), LetStmt → a declaration, AssertStmt → api->set_error + return
 * -1, Allocate → a 64-byte aligned stack array when small and constant,
 * else api->workspace_alloc/free, DeclBuffer/AttrStmt → their body.
 * Handle variables bound to tensor data or allocations are `restrict`
 * pointers typed by the buffers that use them.
 *
 * Before: the lowered form (see codegen.h); blocks, multi-dimensional
 * accesses or unknown intrinsics are reported as errors, never aborts.
 */
#include <stdlib.h>
#include <string.h>

#include "c_impl.h"

#define OUT (e->out)

static const DType mixed_dtype = {0, 0, 0};

void c_error(CEmit *e, const Node *n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  StrBuf sb = {0};
  sb_printf(&sb, "C codegen, function '%s': ", e->fname ? e->fname : "?");
  sb_vprintf(&sb, fmt, ap);
  va_end(ap);
  diag_error(e->diag, n ? n->span : span_none(), "%s", sb.data);
  sb_free(&sb);
}

/* ---- names ---- */

static const char *const reserved[] = {
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
    "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
    "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
    "volatile", "while", "bool", "true", "false", "api", "main", "NAN", "INFINITY", "errno", "memcpy",
    "DLTensor", "DLDevice", "DLDataType", "StrataAny", "NULL", "self", "args", "nargs", "ret"};

static const char *fresh_name(CEmit *e, const char *hint) {
  StrBuf sb = {0};
  if (!hint || !*hint) hint = "v";
  if (hint[0] == '_' || (hint[0] >= '0' && hint[0] <= '9')) sb_putc(&sb, 'v');
  for (const char *p = hint; *p; p++) {
    char c = *p;
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    sb_putc(&sb, ok ? c : '_');
  }
  for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
    if (!strcmp(sb.data, reserved[i])) sb_puts(&sb, "_");
  if (!strncmp(sb.data, "strata_", 7) || !strncmp(sb.data, "sv_", 3)) sb_puts(&sb, "_");
  char *base = sb_take(&sb), *name = xstrdup(base);
  for (int k = 1; strmap_has(&e->used, name); k++) {
    free(name);
    StrBuf t = {0};
    sb_printf(&t, "%s_%d", base, k);
    name = sb_take(&t);
  }
  strmap_put(&e->used, name, (void *)1);
  const char *r = arena_strdup(e->arena, name);
  free(base);
  free(name);
  return r;
}

const char *c_var_define(CEmit *e, const Node *v, const char *ctype) {
  CVar *cv = ptrmap_get(&e->vars, v);
  if (!cv) {
    cv = arena_alloc(e->arena, sizeof *cv);
    cv->name = fresh_name(e, IR_AS(IrVar, v)->name);
    ptrmap_put(&e->vars, v, cv);
  }
  cv->ctype = arena_strdup(e->arena, ctype);
  cv->frame = e->frames.len - 1;
  return cv->name;
}

const char *c_var_use(CEmit *e, const Node *v) {
  CVar *cv = ptrmap_get(&e->vars, v);
  if (!cv) {
    c_error(e, v, "variable '%s' is used but never defined", IR_AS(IrVar, v)->name);
    return "0";
  }
  for (int f = cv->frame + 1; f < e->frames.len; f++) {
    CFrame *fr = e->frames.data[f];
    bool have = false;
    for (int32_t i = 0; i < fr->captures.len && !have; i++) have = fr->captures.data[i] == v;
    if (!have) ptrvec_push(&fr->captures, (void *)v);
  }
  return cv->name;
}

/* ---- the element type behind each handle variable ---- */

static void note_ptr(CEmit *e, const Node *buf) {
  const Node *data = IR_AS(IrBuffer, buf)->data;
  if (!data) return;
  DType *old = ptrmap_get(&e->ptr_elem, data), t = dtype_element(buf->dtype);
  if (!old) {
    DType *d = arena_alloc(e->arena, sizeof *d);
    *d = t;
    ptrmap_put(&e->ptr_elem, data, d);
  } else if (old != &mixed_dtype && strcmp(c_storage_type(*old), c_storage_type(t))) {
    ptrmap_put(&e->ptr_elem, data, (void *)&mixed_dtype);
  }
}

static bool fill_ptr_elem(Node *n, void *ud) {
  CEmit *e = ud;
  if (n->kind == NK_BUFFER_LOAD) note_ptr(e, IR_AS(IrBufferLoad, n)->buffer);
  else if (n->kind == NK_BUFFER_STORE) note_ptr(e, IR_AS(IrBufferStore, n)->buffer);
  else if (n->kind == NK_DECL_BUFFER) note_ptr(e, IR_AS(IrDeclBuffer, n)->buffer);
  return true;
}

/* "float *restrict" for a handle var with one element type, else "void *". */
static const char *ptr_type(CEmit *e, const Node *v, bool restrict_) {
  const DType *t = ptrmap_get(&e->ptr_elem, v);
  StrBuf sb = {0};
  sb_printf(&sb, "%s *%s", t && t != &mixed_dtype ? c_storage_type(*t) : "void",
            restrict_ ? "restrict " : "");
  if (restrict_) sb.data[--sb.len] = 0;
  const char *r = arena_strdup(e->arena, sb.data);
  sb_free(&sb);
  return r;
}

/* ---- statements ---- */

/* "T name" with the pointer star against the name. */
static const char *decl(CEmit *e, const char *ty, const char *name) {
  size_t n = strlen(ty);
  StrBuf sb = {0};
  sb_printf(&sb, "%s%s%s", ty, n && ty[n - 1] == '*' ? "" : " ", name);
  const char *r = arena_strdup(e->arena, sb.data);
  sb_free(&sb);
  return r;
}

/* Drop one pair of parentheses around the whole of a C expression. */
static char *unparen(char *s) {
  size_t n = strlen(s);
  if (n < 2 || s[0] != '(' || s[1] == '{' || s[n - 1] != ')') return s;
  int depth = 0;
  for (size_t i = 0; i < n; i++) {
    depth += s[i] == '(' ? 1 : s[i] == ')' ? -1 : 0;
    if (depth == 0 && i < n - 1) return s;
  }
  memmove(s, s + 1, n - 2);
  s[n - 2] = 0;
  return s;
}

static void stmt(CEmit *e, const Node *s);

static void line(CEmit *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line(CEmit *e, const char *fmt, ...) {
  sb_indent(OUT, 2 * e->ind);
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(OUT, fmt, ap);
  va_end(ap);
}

static void block(CEmit *e, const Node *s) {
  e->ind++;
  stmt(e, s);
  e->ind--;
}

static bool is_call(const Node *n, const char *op) {
  return n && n->kind == NK_CALL && !strcmp(IR_AS(IrCall, n)->op, op);
}

static void let_stmt(CEmit *e, const Node *s) {
  const IrLet *l = IR_AS(IrLet, s);
  char *val = c_expr_str(e, l->value, NULL);
  const char *ty = dtype_is_handle(l->var->dtype)
                       ? ptr_type(e, l->var, is_call(l->value, "strata.tensor_data"))
                       : c_value_type(e, l->value->dtype);
  const char *name = c_var_define(e, l->var, ty);
  if (dtype_is_handle(l->var->dtype) && strcmp(ty, "void *"))
    line(e, "%s = (%.*s)(%s);\n", decl(e, ty, name), (int)(strchr(ty, '*') - ty + 1), ty, unparen(val));
  else
    line(e, "%s = %s;\n", decl(e, ty, name), unparen(val));
  free(val);
  stmt(e, l->body);
}

/* An error return from the current C function: every workspace allocation
 * still live in it is freed first, innermost first, so a failing assert or
 * parallel task leaks nothing. */
static void fail_return(CEmit *e, const char *value) {
  CFrame *fr = e->frames.data[e->frames.len - 1];
  for (int32_t i = fr->workspaces.len - 1; i >= 0; i--)
    line(e, "api->workspace_free(%s);\n", (const char *)fr->workspaces.data[i]);
  line(e, "return %s;\n", value);
}

static void assert_stmt(CEmit *e, const Node *s) {
  const IrAssert *a = IR_AS(IrAssert, s);
  char *c = unparen(c_expr_str(e, a->cond, NULL));
  line(e, "if (!(%s)) {\n", c);
  free(c);
  StrBuf msg = {0};
  if (a->message && a->message->kind == NK_STRING) c_str_lit(&msg, IR_AS(IrStr, a->message)->value);
  else c_str_lit(&msg, "assertion failed");
  e->ind++;
  const Node *lhs = a->cond->kind == NK_EQ ? IR_AS(IrBinary, a->cond)->a : NULL;
  if (lhs && lhs->dtype.lanes == 1 && (dtype_is_int(lhs->dtype) || dtype_is_uint(lhs->dtype)) &&
      !ir_is_const_int(lhs, NULL)) {
    /* `x == expected` failed: say what x was. */
    char *got = c_expr_str(e, lhs, NULL);
    line(e, "api->set_error(\"%%s, got %%lld\", %s, (long long)(%s));\n", msg.data, got);
    free(got);
  } else {
    line(e, "api->set_error(\"%%s\", %s);\n", msg.data);
  }
  fail_return(e, "-1");
  e->ind--;
  line(e, "}\n");
  sb_free(&msg);
  stmt(e, a->body);
}

static void store(CEmit *e, const Node *s) {
  const IrBufferStore *st = IR_AS(IrBufferStore, s);
  if (st->indices.n != 1) {
    c_error(e, s, "buffer '%s' is not flattened (%d indices)", IR_AS(IrBuffer, st->buffer)->name, st->indices.n);
    return;
  }
  DType et = dtype_element(st->buffer->dtype);
  const Node *ix = st->indices.v[0], *val = st->value;
  int lanes = val->dtype.lanes;
  const char *conv = et.code == DT_CODE_BFLOAT ? "strata_f2bf" : (dtype_is_float(et) && et.bits == 16) ? "strata_f2h" : "";
  if (lanes <= 1) {
    char *ixs = c_expr_str(e, ix, NULL), *vs = c_expr_str(e, val, NULL);
    sb_indent(OUT, 2 * e->ind);
    c_elem_ref(e, st->buffer, ixs);
    sb_printf(OUT, " = %s%s%s%s;\n", conv, *conv ? "(" : "", unparen(vs), *conv ? ")" : "");
    free(ixs);
    free(vs);
    return;
  }
  int64_t stride;
  bool contiguous = ix->kind == NK_RAMP && ir_is_const_int(IR_AS(IrRamp, ix)->stride, &stride) && stride == 1 &&
                    !st->predicate && !*conv && !dtype_is_bool(et) && st->buffer->dtype.lanes == 1;
  const char *v = c_temp(e, "v");
  char *vs = c_expr_str(e, val, NULL);
  line(e, "{\n");
  e->ind++;
  line(e, "%s %s = %s;\n", c_value_type(e, val->dtype), v, vs);
  free(vs);
  if (contiguous) {
    char *b = c_expr_str(e, IR_AS(IrRamp, ix)->base, NULL);
    line(e, "memcpy(&");
    c_elem_ref(e, st->buffer, b);
    sb_printf(OUT, ", &%s, %d);\n", v, lanes * dtype_bytes(et));
    free(b);
  } else {
    const char *l = c_temp(e, "l");
    char *ixs = c_expr_str(e, ix, l);
    line(e, "for (int %s = 0; %s < %d; ++%s) ", l, l, lanes, l);
    if (st->predicate) {
      char *p = c_expr_str(e, st->predicate, l);
      sb_printf(OUT, "if (%s) ", p);
      free(p);
    }
    c_elem_ref(e, st->buffer, ixs);
    sb_printf(OUT, " = %s(%s[%s]);\n", conv, v, l);
    free(ixs);
  }
  e->ind--;
  line(e, "}\n");
}

static void allocate(CEmit *e, const Node *s) {
  const IrAllocate *a = IR_AS(IrAllocate, s);
  DType et = dtype_element(s->dtype);
  int64_t n = 1, k;
  bool constant = true;
  for (int32_t i = 0; i < a->extents.n; i++) {
    if (ir_is_const_int(a->extents.v[i], &k)) n *= k;
    else constant = false;
  }
  const char *st = c_storage_type(et);
  int esz = dtype_bytes(et) * (s->dtype.lanes ? s->dtype.lanes : 1);
  StrBuf ty = {0};
  sb_printf(&ty, "%s *restrict", st);
  const char *name = c_var_define(e, a->var, ty.data);
  sb_free(&ty);
  if (s->kind == NK_ALLOCATE_CONST) {
    c_error(e, s, "AllocateConst is not supported by the C code generator yet");
    return;
  }
  if (constant && n * esz <= 65536) {
    const char *arr = c_temp(e, "a");
    line(e, "%s %s[%lld] __attribute__((aligned(64)));\n", st, arr, (long long)(n > 0 ? n * esz / dtype_bytes(et) : 1));
    line(e, "%s *restrict %s = %s;\n", st, name, arr);
    stmt(e, a->body);
    return;
  }
  StrBuf bytes = {0};
  sb_printf(&bytes, "(size_t)%d", esz);
  for (int32_t i = 0; i < a->extents.n; i++) {
    char *x = c_expr_str(e, a->extents.v[i], NULL);
    sb_printf(&bytes, " * (size_t)(%s)", x);
    free(x);
  }
  line(e, "%s *restrict %s = (%s *)api->workspace_alloc(%s);\n", st, name, st, bytes.data);
  line(e, "if (!%s) {\n", name);
  e->ind++;
  fail_return(e, "-1");
  e->ind--;
  line(e, "}\n");
  sb_free(&bytes);
  CFrame *fr = e->frames.data[e->frames.len - 1];
  ptrvec_push(&fr->workspaces, (void *)name);
  stmt(e, a->body);
  ptrvec_pop(&fr->workspaces);
  line(e, "api->workspace_free(%s);\n", name);
}

static void for_serial(CEmit *e, const Node *s) {
  const IrFor *f = IR_AS(IrFor, s);
  const char *ty = c_compute_type(f->var->dtype);
  char *mn = c_expr_str(e, f->min, NULL), *ex = c_expr_str(e, f->extent, NULL);
  const char *end = c_temp(e, "n");
  const char *v = c_var_define(e, f->var, ty);
  int64_t k;
  if (f->kind == FOR_UNROLLED && ir_is_const_int(f->extent, &k)) line(e, "#pragma GCC unroll %lld\n", (long long)k);
  else if (f->kind == FOR_UNROLLED) line(e, "#pragma GCC unroll 8\n");
  else if (f->kind == FOR_VECTORIZED) line(e, "#pragma GCC ivdep\n");
  int64_t m;
  if (ir_is_const_int(f->min, &m) && m == 0)
    line(e, "for (%s %s = 0, %s = %s; %s < %s; ++%s) {\n", ty, v, end, ex, v, end, v);
  else
    line(e, "for (%s %s = %s, %s = %s + %s; %s < %s; ++%s) {\n", ty, v, mn, end, v, ex, v, end, v);
  free(mn);
  free(ex);
  block(e, f->body);
  line(e, "}\n");
}

/* A parallel For: its body becomes `static int F_parK(task, ntasks, cdata)`
 * over a struct of the variables it uses; the loop calls api->parallel_for. */
static void for_parallel(CEmit *e, const Node *s) {
  const IrFor *f = IR_AS(IrFor, s);
  char fn[160];
  snprintf(fn, sizeof fn, "%s_par%d", e->cname, e->npar++);
  CFrame *fr = xcalloc(1, sizeof *fr);
  ptrvec_push(&e->frames, fr);
  StrBuf body = {0}, *save = OUT;
  int save_ind = e->ind;
  OUT = &body;
  e->ind = 1;
  const char *ty = c_compute_type(f->var->dtype);
  char *mn = c_expr_str(e, f->min, NULL);
  const char *v = c_var_define(e, f->var, ty);
  line(e, "%s %s = (%s)(%s + (%s)_task);\n", ty, v, ty, mn, ty);
  free(mn);
  stmt(e, f->body);
  line(e, "return 0;\n");
  ptrvec_pop(&e->frames);
  OUT = &e->outlined;
  sb_printf(OUT, "typedef struct {\n");
  for (int32_t i = 0; i < fr->captures.len; i++) {
    CVar *cv = ptrmap_get(&e->vars, fr->captures.data[i]);
    sb_printf(OUT, "  %s %s;\n", cv->ctype, cv->name);
  }
  if (!fr->captures.len) sb_puts(OUT, "  int unused;\n");
  sb_printf(OUT, "} %s_ctx;\n\n", fn);
  sb_printf(OUT, "static int %s(int64_t _task, int64_t _ntasks, void *_cdata) {\n", fn);
  sb_printf(OUT, "  const %s_ctx *_c = (const %s_ctx *)_cdata;\n  (void)_c;\n  (void)_ntasks;\n", fn, fn);
  for (int32_t i = 0; i < fr->captures.len; i++) {
    CVar *cv = ptrmap_get(&e->vars, fr->captures.data[i]);
    sb_printf(OUT, "  %s %s = _c->%s;\n", cv->ctype, cv->name, cv->name);
  }
  sb_putn(OUT, body.data ? body.data : "", body.len);
  sb_puts(OUT, "}\n\n");
  sb_free(&body);
  OUT = save;
  e->ind = save_ind;
  /* the call site: captures are uses in the enclosing frame */
  StrBuf init = {0};
  for (int32_t i = 0; i < fr->captures.len; i++)
    sb_printf(&init, "%s%s", i ? ", " : "", c_var_use(e, fr->captures.data[i]));
  char *ex = c_expr_str(e, f->extent, NULL);
  const char *cd = c_temp(e, "c"), *rc = c_temp(e, "rc");
  line(e, "{\n");
  line(e, "  %s_ctx %s = {%s};\n", fn, cd, init.len ? init.data : "0");
  line(e, "  int %s = api->parallel_for((int64_t)(%s), %s, &%s);\n", rc, ex, fn, cd);
  line(e, "  if (%s != 0) {\n", rc);
  e->ind += 2;
  fail_return(e, rc);
  e->ind -= 2;
  line(e, "  }\n");
  line(e, "}\n");
  free(ex);
  sb_free(&init);
  ptrvec_free(&fr->captures);
  ptrvec_free(&fr->workspaces);
  free(fr);
}

static void evaluate(CEmit *e, const Node *s) {
  const Node *x = IR_AS(IrUnary, s)->a;
  if (is_call(x, "tir.ret")) {
    if (e->frames.len > 1) {
      c_error(e, s, "T.ret inside a parallel loop");
      return;
    }
    char *v = unparen(c_expr_str(e, IR_AS(IrCall, x)->args.v[0], NULL));
    line(e, "return %s;\n", v);
    free(v);
    return;
  }
  int64_t k;
  if (ir_is_const_int(x, &k)) return;
  char *v = c_expr_str(e, x, NULL);
  line(e, "(void)(%s);\n", v);
  free(v);
}

static void stmt(CEmit *e, const Node *s) {
  if (!s) return;
  switch (s->kind) {
  case NK_SEQ: {
    const IrArray *a = IR_AS(IrArray, s);
    for (int32_t i = 0; i < a->items.n; i++) stmt(e, a->items.v[i]);
    return;
  }
  case NK_LET_STMT: let_stmt(e, s); return;
  case NK_ATTR_STMT: stmt(e, IR_AS(IrAttrStmt, s)->body); return;
  case NK_ASSERT: assert_stmt(e, s); return;
  case NK_BUFFER_STORE: store(e, s); return;
  case NK_ALLOCATE:
  case NK_ALLOCATE_CONST: allocate(e, s); return;
  case NK_DECL_BUFFER: stmt(e, IR_AS(IrDeclBuffer, s)->body); return;
  case NK_EVALUATE: evaluate(e, s); return;
  case NK_IF: {
    const IrIf *i = IR_AS(IrIf, s);
    char *c = unparen(c_expr_str(e, i->cond, NULL));
    line(e, "if (%s) {\n", c);
    free(c);
    block(e, i->then_case);
    if (i->else_case) {
      line(e, "} else {\n");
      block(e, i->else_case);
    }
    line(e, "}\n");
    return;
  }
  case NK_WHILE: {
    const IrWhile *w = IR_AS(IrWhile, s);
    char *c = c_expr_str(e, w->cond, NULL);
    line(e, "while (%s) {\n", c);
    free(c);
    block(e, w->body);
    line(e, "}\n");
    return;
  }
  case NK_FOR:
    if (IR_AS(IrFor, s)->kind == FOR_PARALLEL) for_parallel(e, s);
    else if (IR_AS(IrFor, s)->kind == FOR_THREAD_BINDING) c_error(e, s, "thread-bound loops need a GPU target");
    else for_serial(e, s);
    return;
  default:
    c_error(e, s, "%s is not lowered (run the lowering pipeline first)", ir_kind_name(s->kind));
  }
}

/* ---- functions and the module ---- */

static bool packed(const Node *f) {
  const Node *a = ir_attrs_get(IR_AS(IrPrimFunc, f)->attrs, "strata.packed_api");
  int64_t v;
  return a && ir_is_const_int(a, &v) && v;
}

static void func(CEmit *e, const char *name, const Node *f, StrBuf *fns, PtrVec *exported) {
  const IrPrimFunc *pf = IR_AS(IrPrimFunc, f);
  CFrame top = {0};
  ptrvec_push(&e->frames, &top);
  strmap_free(&e->used);
  e->fname = name;
  e->cname = fresh_name(e, name);
  e->ind = 1;
  e->npar = 0;
  ir_walk((Node *)pf->body, fill_ptr_elem, e);
  StrBuf head = {0}, body = {0};
  bool pk = packed(f);
  if (pk && pf->params.n != 4) c_error(e, f, "a packed-API function must have 4 parameters");
  if (pk) {
    static const char *pt[] = {"void *", "const StrataAny *", "int32_t ", "StrataAny *"};
    static const char *pn[] = {"_self", "_args", "_nargs", "_ret"};
    sb_printf(&head, "static int strata_fn_%s(void *_self, const StrataAny *_args, int32_t _nargs, StrataAny *_ret) {\n",
              e->cname);
    OUT = &body;
    for (int32_t i = 0; i < pf->params.n && i < 4; i++) {
      const char *v = c_var_define(e, pf->params.v[i], i == 2 ? "int32_t" : "void *");
      line(e, "%s = %s%s;\n", decl(e, i == 2 ? "int32_t" : "void *", v), i == 2 ? "" : "(void *)", pn[i]);
      line(e, "(void)%s;\n", v);
      (void)pt;
    }
  } else {
    sb_printf(&head, "int32_t strata_c_%s(", e->cname);
    for (int32_t i = 0; i < pf->params.n; i++) {
      const Node *p = pf->params.v[i];
      const char *ty = dtype_is_handle(p->dtype) ? ptr_type(e, p, true) : c_compute_type(p->dtype);
      const char *v = c_var_define(e, p, ty);
      sb_printf(&head, "%s%s %s", i ? ", " : "", ty, v);
    }
    sb_puts(&head, pf->params.n ? ") {\n" : "void) {\n");
    OUT = &body;
  }
  stmt(e, pf->body);
  const Node *last = pf->body;
  for (;;) { /* the statement that runs last, through scopes */
    if (last && last->kind == NK_SEQ && IR_AS(IrArray, last)->items.n)
      last = IR_AS(IrArray, last)->items.v[IR_AS(IrArray, last)->items.n - 1];
    else if (last && (last->kind == NK_LET_STMT)) last = IR_AS(IrLet, last)->body;
    else if (last && last->kind == NK_ASSERT) last = IR_AS(IrAssert, last)->body;
    else if (last && last->kind == NK_DECL_BUFFER) last = IR_AS(IrDeclBuffer, last)->body;
    else if (last && last->kind == NK_ATTR_STMT) last = IR_AS(IrAttrStmt, last)->body;
    else break;
  }
  if (!(last && last->kind == NK_EVALUATE && is_call(IR_AS(IrUnary, last)->a, "tir.ret"))) line(e, "return 0;\n");
  sb_putn(fns, head.data, head.len);
  sb_putn(fns, body.data ? body.data : "", body.len);
  sb_puts(fns, "}\n\n");
  sb_free(&head);
  sb_free(&body);
  if (pk) {
    ptrvec_push(exported, (void *)name);
    ptrvec_push(exported, (void *)e->cname);
  }
  ptrvec_pop(&e->frames);
  ptrvec_free(&top.captures);
  ptrvec_free(&top.workspaces);
  ptrmap_free(&e->ptr_elem);
}

int codegen_c_module(const Node *mod, const char *signatures, StrBuf *out, DiagCtx *diag) {
  CEmit e = {0};
  e.diag = diag;
  e.arena = arena_new();
  int before = diag_errors(diag);
  StrBuf fns = {0};
  PtrVec exported = {0};
  const IrModule *m = IR_AS(IrModule, mod);
  for (int32_t i = 0; i < m->funcs.n; i++) {
    const IrBinary *p = IR_AS(IrBinary, m->funcs.v[i]);
    if (!p->b || p->b->kind != NK_PRIM_FUNC) continue;
    func(&e, IR_AS(IrVar, p->a)->name, p->b, &fns, &exported);
  }
  sb_puts(out, "/* Generated by Strata's C code generator. */\n");
  for (int i = 0; c_prelude[i]; i++) sb_puts(out, c_prelude[i]);
  for (int32_t i = 0; i < e.vtypes.cap; i++)
    if (e.vtypes.keys && e.vtypes.keys[i]) {
      sb_puts(out, e.vtypes.vals[i]);
      free(e.vtypes.vals[i]);
    }
  c_intrin_prelude(&e.outlined, &fns, out); /* tensor intrinsics, only when called */
  sb_puts(out, "\n");
  if (e.outlined.len) sb_putn(out, e.outlined.data, e.outlined.len);
  if (fns.len) sb_putn(out, fns.data, fns.len);
  sb_puts(out, "/* ---- exports ---- */\n");
  sb_puts(out, "const StrataLibFunc strata_lib_funcs[] = {\n");
  for (int32_t i = 0; i < exported.len; i += 2) {
    sb_puts(out, "  {");
    c_str_lit(out, exported.data[i]);
    sb_printf(out, ", strata_fn_%s},\n", (const char *)exported.data[i + 1]);
  }
  sb_puts(out, "  {NULL, NULL},\n};\n\n");
  sb_puts(out, "int strata_lib_init(const StrataRuntimeApi *a) {\n"
               "  if (!a || a->version < STRATA_RUNTIME_API_VERSION) return -1;\n"
               "  api = a;\n  return 0;\n}\n");
  if (signatures) {
    sb_puts(out, "\nconst char strata_lib_signatures[] =\n");
    const char *p = signatures;
    while (*p) {
      const char *nl = strchr(p, '\n');
      size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);
      char *ln = xstrndup(p, n);
      sb_puts(out, "    ");
      c_str_lit(out, ln);
      sb_putc(out, '\n');
      free(ln);
      p += n;
    }
    sb_puts(out, "    \"\";\n");
  }
  sb_free(&fns);
  sb_free(&e.outlined);
  ptrvec_free(&exported);
  strmap_free(&e.vtypes);
  strmap_free(&e.used);
  ptrmap_free(&e.vars);
  ptrvec_free(&e.frames);
  arena_free(e.arena);
  return diag_errors(diag) - before;
}

/* A shape expression as TVMScript text (the forms shapes use). */
static void shape_text(const Node *n, StrBuf *out) {
  int64_t k;
  if (ir_is_const_int(n, &k)) {
    if (dtype_eq(n->dtype, DT_INT32)) sb_printf(out, "%lld", (long long)k);
    else sb_printf(out, "T.%s(%lld)", dtype_str(n->dtype), (long long)k);
    return;
  }
  if (ir_is_tir_var(n)) {
    sb_puts(out, IR_AS(IrVar, n)->name);
    return;
  }
  if (n->kind == NK_CAST) {
    sb_printf(out, "T.Cast(\"%s\", ", dtype_str(n->dtype));
    shape_text(IR_AS(IrUnary, n)->a, out);
    sb_putc(out, ')');
    return;
  }
  static const struct { int k; const char *op; } ops[] = {
      {NK_ADD, " + "}, {NK_SUB, " - "}, {NK_MUL, " * "}, {NK_FLOORDIV, " // "}, {NK_FLOORMOD, " % "},
      {NK_MIN, "T.min"}, {NK_MAX, "T.max"}, {NK_DIV, "T.truncdiv"}, {NK_MOD, "T.truncmod"}};
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    if (n->kind != ops[i].k) continue;
    bool fn = ops[i].op[0] == 'T';
    sb_puts(out, fn ? ops[i].op : "");
    sb_putc(out, '(');
    shape_text(IR_AS(IrBinary, n)->a, out);
    sb_puts(out, fn ? ", " : ops[i].op);
    shape_text(IR_AS(IrBinary, n)->b, out);
    sb_putc(out, ')');
    return;
  }
  sb_puts(out, "?");
}

void codegen_c_signature(const Node *func_, const char *name, StrBuf *out) {
  const IrPrimFunc *pf = IR_AS(IrPrimFunc, func_);
  sb_printf(out, "func %s\n", name);
  PtrMap seen = {0};
  for (int32_t j = 0; j < pf->buffer_map.n; j++) {
    const IrBuffer *b = IR_AS(IrBuffer, IR_AS(IrBinary, pf->buffer_map.v[j])->b);
    for (int32_t k = 0; k < b->shape.n; k++) {
      const Node *d = b->shape.v[k];
      if (!ir_is_tir_var(d) || ptrmap_has(&seen, d)) continue;
      ptrmap_put(&seen, d, (void *)1);
      sb_printf(out, "var %s %s\n", IR_AS(IrVar, d)->name, dtype_str(d->dtype));
    }
  }
  ptrmap_free(&seen);
  for (int32_t i = 0; i < pf->params.n; i++) {
    const Node *p = pf->params.v[i], *buf = NULL;
    for (int32_t j = 0; j < pf->buffer_map.n; j++) {
      const IrBinary *pr = IR_AS(IrBinary, pf->buffer_map.v[j]);
      if (pr->a == p) buf = pr->b;
    }
    if (!buf) {
      sb_printf(out, "param %s scalar %s\n", IR_AS(IrVar, p)->name, dtype_str(p->dtype));
      continue;
    }
    const IrBuffer *b = IR_AS(IrBuffer, buf);
    sb_printf(out, "param %s tensor %s", b->name, dtype_str(buf->dtype));
    for (int32_t k = 0; k < b->shape.n; k++) {
      sb_puts(out, k ? "; " : " ");
      shape_text(b->shape.v[k], out);
    }
    sb_putc(out, '\n');
  }
}
