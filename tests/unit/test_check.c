/*
 * test_check.c — well-formedness checks (ir/check.c, tir/verify.c,
 * relax/well_formed.c) and struct-info inference (relax/struct_info.c).
 * IR is built directly with the constructors; every error case asserts the
 * exact message, and that it is the only one.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "ir/check.h"
#include "relax/relax.h"
#include "script/script.h"
#include "tir/tir.h"

static IrCtx *cx;

#define ARR(...) ((Node *[]){__VA_ARGS__}), (int32_t)(sizeof((Node *[]){__VA_ARGS__}) / sizeof(Node *))
#define NONE NULL, 0

/* ---- checking helpers ------------------------------------------------------- */

static int check_count(Node *root) {
  DiagCtx d;
  diag_init(&d);
  int n = ir_check(root, &d);
  if (n) {
    for (int32_t i = 0; i < d.items.len; i++) fprintf(stderr, "  unexpected: %s\n", d.items.data[i].message);
  }
  diag_free(&d);
  return n;
}

/* root has exactly one error, with this message. */
static void expect_err(Node *root, const char *msg) {
  DiagCtx d;
  diag_init(&d);
  int n = ir_check(root, &d);
  CHECK(n == 1);
  CHECK_STREQ(d.items.len ? d.items.data[0].message : "(no error)", msg);
  for (int32_t i = 1; i < d.items.len; i++) fprintf(stderr, "  also: %s\n", d.items.data[i].message);
  diag_free(&d);
}

/* ---- TIR builders ----------------------------------------------------------- */

static Node *i32(int64_t v) { return ir_int(cx, DT_INT32, v); }
static Node *i64(int64_t v) { return ir_int(cx, DT_INT64, v); }
static Node *f32(double v) { return ir_float(cx, DT_FLOAT32, v); }
static Node *v32(const char *n) { return ir_var(cx, n, DT_INT32); }
static Node *v64(const char *n) { return ir_var(cx, n, DT_INT64); }
static Node *bin(NodeKind k, Node *a, Node *b) { return ir_bin(cx, k, a, b); }

static Node *buf(const char *name, DType t, Node *const *shape, int32_t n) {
  Node *b = ir_alloc(cx, NK_BUFFER, span_none());
  b->dtype = t;
  IrBuffer *B = IR_AS(IrBuffer, b);
  B->name = intern(name);
  B->data = ir_var(cx, name, DT_HANDLE);
  B->shape = ir_list(cx, shape, n);
  B->scope = intern("global");
  return ir_finish(cx, b);
}

static Node *load(Node *b, Node *const *idx, int32_t n) { return ir_buffer_load(cx, b, idx, n); }

static Node *store(Node *b, Node *val, Node *const *idx, int32_t n) {
  Node *s = ir_alloc(cx, NK_BUFFER_STORE, span_none());
  IR_AS(IrBufferStore, s)->buffer = b;
  IR_AS(IrBufferStore, s)->value = val;
  IR_AS(IrBufferStore, s)->indices = ir_list(cx, idx, n);
  return ir_finish(cx, s);
}

static Node *seq(Node *const *items, int32_t n) {
  Node *s = ir_alloc(cx, NK_SEQ, span_none());
  IR_AS(IrArray, s)->items = ir_list(cx, items, n);
  return ir_finish(cx, s);
}

static Node *loop(Node *v, Node *ext, Node *body) {
  Node *f = ir_alloc(cx, NK_FOR, span_none());
  IrFor *F = IR_AS(IrFor, f);
  F->var = v;
  F->min = ir_int(cx, v->dtype, 0);
  F->extent = ext;
  F->kind = FOR_SERIAL;
  F->body = body;
  return ir_finish(cx, f);
}

static Node *iv(Node *var, Node *ext, int type) {
  Node *n = ir_alloc(cx, NK_ITER_VAR, span_none());
  IR_AS(IrIterVar, n)->dom = ir_range(cx, ir_int(cx, var->dtype, 0), ext);
  IR_AS(IrIterVar, n)->var = var;
  IR_AS(IrIterVar, n)->iter_type = type;
  return ir_finish(cx, n);
}

static Node *block_full(const char *name, Node *const *ivs, int32_t n, Node *body, Node *init,
                        Node *const *allocs, int32_t nalloc) {
  Node *b = ir_alloc(cx, NK_BLOCK, span_none());
  IrBlock *B = IR_AS(IrBlock, b);
  B->name = intern(name);
  B->iter_vars = ir_list(cx, ivs, n);
  B->body = body;
  B->init = init;
  B->alloc_buffers = ir_list(cx, allocs, nalloc);
  return ir_finish(cx, b);
}

static Node *realize_p(Node *const *vals, int32_t n, Node *pred, Node *blk) {
  Node *r = ir_alloc(cx, NK_BLOCK_REALIZE, span_none());
  IR_AS(IrBlockRealize, r)->iter_values = ir_list(cx, vals, n);
  IR_AS(IrBlockRealize, r)->predicate = pred;
  IR_AS(IrBlockRealize, r)->block = blk;
  return ir_finish(cx, r);
}

static Node *realize(Node *const *vals, int32_t n, Node *blk) { return realize_p(vals, n, ir_bool(cx, true), blk); }

static Node *pair(Node *a, Node *b) {
  Node *p = ir_alloc(cx, NK_PAIR, span_none());
  IR_AS(IrBinary, p)->a = a;
  IR_AS(IrBinary, p)->b = b;
  return ir_finish(cx, p);
}

/* A PrimFunc whose parameters are one handle per buffer, in order. */
static Node *pfunc(Node *const *bufs, int32_t nb, Node *body) {
  PtrVec params = {0}, bmap = {0};
  for (int32_t i = 0; i < nb; i++) {
    Node *h = ir_var(cx, IR_AS(IrBuffer, bufs[i])->name, DT_HANDLE);
    ptrvec_push(&params, h);
    ptrvec_push(&bmap, pair(h, bufs[i]));
  }
  Node *f = ir_alloc(cx, NK_PRIM_FUNC, span_none());
  IR_AS(IrPrimFunc, f)->params = ir_list_from_vec(cx, &params);
  IR_AS(IrPrimFunc, f)->buffer_map = ir_list_from_vec(cx, &bmap);
  IR_AS(IrPrimFunc, f)->body = body;
  ptrvec_free(&params);
  ptrvec_free(&bmap);
  return ir_finish(cx, f);
}

static Node *gv(const char *name) {
  Node *g = ir_alloc(cx, NK_GLOBAL_VAR, span_none());
  IR_AS(IrVar, g)->name = intern(name);
  return ir_finish(cx, g);
}

static Node *module(Node *const *pairs, int32_t n) {
  Node *m = ir_alloc(cx, NK_MODULE, span_none());
  IR_AS(IrModule, m)->funcs = ir_list(cx, pairs, n);
  return ir_finish(cx, m);
}

static Node *entry(const char *name, Node *f) { return pair(gv(name), f); }

/* `f` in a module, so messages name it. */
static Node *as_mod(Node *f) { return module(ARR(entry("f", f))); }

/* ---- the good TIR programs -------------------------------------------------- */

static Node *mat(const char *name) { return buf(name, DT_FLOAT32, ARR(i32(16), i32(16))); }

/* C = A @ B, with a reduction block, inside an opaque root block. */
static Node *matmul(Node *A, Node *B, Node *C) {
  Node *i = v32("i"), *j = v32("j"), *k = v32("k");
  Node *vi = v32("vi"), *vj = v32("vj"), *vk = v32("vk");
  Node *upd = store(C,
                    bin(NK_ADD, load(C, ARR(vi, vj)),
                        bin(NK_MUL, load(A, ARR(vi, vk)), load(B, ARR(vk, vj)))),
                    ARR(vi, vj));
  Node *init = store(C, f32(0), ARR(vi, vj));
  Node *blk = block_full("C", ARR(iv(vi, i32(16), ITER_SPATIAL), iv(vj, i32(16), ITER_SPATIAL),
                                  iv(vk, i32(16), ITER_REDUCE)),
                         upd, init, NONE);
  Node *nest = loop(i, i32(16), loop(j, i32(16), loop(k, i32(16), realize(ARR(i, j, k), blk))));
  Node *root = block_full("root", NONE, nest, NULL, NONE);
  return pfunc(ARR(A, B, C), realize(NONE, root));
}

TEST(tir_good_matmul) {
  CHECK(check_count(as_mod(matmul(mat("A"), mat("B"), mat("C")))) == 0);
}

TEST(tir_good_symbolic) {
  /* B[i] = A[i] * 2 over A, B of shape (n,); a let and an allocation. */
  Node *n = v32("n"), *i = v32("i"), *x = v32("x");
  Node *A = buf("A", DT_FLOAT32, ARR(n)), *B = buf("B", DT_FLOAT32, ARR(n));
  Node *tmp_data = ir_var(cx, "tmp", DT_HANDLE);
  Node *tmp = buf("tmp", DT_FLOAT32, ARR(i32(1)));
  IR_AS(IrBuffer, tmp)->data = tmp_data;
  Node *body = loop(i, n, seq(ARR(store(tmp, bin(NK_MUL, load(A, ARR(i)), f32(2)), ARR(i32(0))),
                                  store(B, load(tmp, ARR(i32(0))), ARR(i)))));
  Node *alloc = ir_alloc(cx, NK_ALLOCATE, span_none());
  alloc->dtype = DT_FLOAT32;
  IR_AS(IrAllocate, alloc)->var = tmp_data;
  IR_AS(IrAllocate, alloc)->extents = ir_list(cx, ARR(i32(1)));
  IR_AS(IrAllocate, alloc)->body = body;
  alloc = ir_finish(cx, alloc);
  Node *let = ir_alloc(cx, NK_LET_STMT, span_none());
  IR_AS(IrLet, let)->var = x;
  IR_AS(IrLet, let)->value = bin(NK_ADD, n, i32(1));
  IR_AS(IrLet, let)->body = alloc;
  let = ir_finish(cx, let);
  CHECK(check_count(as_mod(pfunc(ARR(A, B), let))) == 0);
}

TEST(tir_good_vector_store) {
  /* B[ramp(0, 1, 4)] = broadcast(1.0, 4) on a flat buffer */
  Node *B = buf("B", DT_FLOAT32, ARR(i32(16)));
  Node *st = store(B, ir_broadcast(cx, f32(1), 4), ARR(ir_ramp(cx, i32(0), i32(1), 4)));
  CHECK(check_count(as_mod(pfunc(ARR(B), st))) == 0);
}

TEST(tir_good_composite_param_shape) {
  /* A: (n * 2,) listed before B: (n,) — n is defined by B's bare dimension */
  Node *n = v32("n");
  Node *A = buf("A", DT_FLOAT32, ARR(bin(NK_MUL, n, i32(2)))), *B = buf("B", DT_FLOAT32, ARR(n));
  Node *i = v32("i");
  Node *body = loop(i, n, store(B, load(A, ARR(i)), ARR(i)));
  CHECK(check_count(as_mod(pfunc(ARR(A, B), body))) == 0);
}

/* ---- TIR errors --------------------------------------------------------------- */

TEST(tir_undefined_var) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  expect_err(as_mod(pfunc(ARR(B), store(B, f32(1), ARR(v32("m"))))),
             "symbolic variable 'm' is used before it is defined");
}

TEST(tir_loop_var_outside_loop) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  Node *i = v32("i");
  Node *body = seq(ARR(loop(i, i32(8), store(B, f32(1), ARR(i))), store(B, f32(2), ARR(i))));
  expect_err(as_mod(pfunc(ARR(B), body)), "loop variable 'i' is used outside its loop");
}

TEST(tir_block_uses_loop_var) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  Node *i = v32("i"), *vi = v32("vi");
  Node *blk = block_full("B", ARR(iv(vi, i32(8), ITER_SPATIAL)), store(B, f32(1), ARR(i)), NULL, NONE);
  expect_err(as_mod(pfunc(ARR(B), loop(i, i32(8), realize(ARR(i), blk)))),
             "block 'B' uses the enclosing loop variable 'i'; a block may only use its own iter vars "
             "(bind 'i' through T.axis)");
}

TEST(tir_opaque_block_may_use_loop_var) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  Node *i = v32("i");
  Node *blk = block_full("B", NONE, store(B, f32(1), ARR(i)), NULL, NONE);
  CHECK(check_count(as_mod(pfunc(ARR(B), loop(i, i32(8), realize(NONE, blk))))) == 0);
}

TEST(tir_index_count) {
  Node *A = mat("A");
  expect_err(as_mod(pfunc(ARR(A), store(A, f32(0), ARR(i32(0), i32(1), i32(2))))),
             "buffer 'A' has 2 dimensions but is indexed with 3 indices");
}

TEST(tir_load_index_count) {
  Node *A = mat("A"), *B = buf("B", DT_FLOAT32, ARR(i32(16)));
  expect_err(as_mod(pfunc(ARR(A, B), store(B, load(A, ARR(i32(0))), ARR(i32(0))))),
             "buffer 'A' has 2 dimensions but is indexed with 1 index");
}

TEST(tir_store_dtype) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  expect_err(as_mod(pfunc(ARR(B), store(B, i32(3), ARR(i32(0))))),
             "value stored to buffer 'B' has dtype int32 but the buffer expects float32");
}

TEST(tir_store_lanes) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(16)));
  Node *st = store(B, ir_broadcast(cx, f32(1), 8), ARR(ir_ramp(cx, i32(0), i32(1), 4)));
  expect_err(as_mod(pfunc(ARR(B), st)),
             "value stored to buffer 'B' has dtype float32x8 but the buffer expects float32x4");
}

TEST(tir_buffer_not_in_scope) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8))), *D = buf("D", DT_FLOAT32, ARR(i32(8)));
  expect_err(as_mod(pfunc(ARR(B), store(B, load(D, ARR(i32(0))), ARR(i32(0))))),
             "buffer 'D' is not defined in function 'f' (not a parameter, allocated, declared or "
             "matched buffer)");
}

TEST(tir_buffer_outside_its_block) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8))), *T = buf("T", DT_FLOAT32, ARR(i32(8)));
  Node *b1 = block_full("b1", NONE, store(T, f32(0), ARR(i32(0))), NULL, ARR(T));
  Node *b2 = block_full("b2", NONE, store(B, load(T, ARR(i32(0))), ARR(i32(0))), NULL, NONE);
  expect_err(as_mod(pfunc(ARR(B), seq(ARR(realize(NONE, b1), realize(NONE, b2))))),
             "buffer 'T' is used outside the block or statement that defines it");
}

TEST(tir_iter_value_count) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8), i32(8)));
  Node *vi = v32("vi"), *vj = v32("vj");
  Node *blk = block_full("C", ARR(iv(vi, i32(8), ITER_SPATIAL), iv(vj, i32(8), ITER_SPATIAL)),
                         store(B, f32(1), ARR(vi, vj)), NULL, NONE);
  expect_err(as_mod(pfunc(ARR(B), realize(ARR(i32(0)), blk))), "block 'C' has 2 iter vars but 1 binding");
}

TEST(tir_iter_value_dtype) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  Node *vi = v32("vi");
  Node *blk = block_full("C", ARR(iv(vi, i32(8), ITER_SPATIAL)), store(B, f32(1), ARR(vi)), NULL, NONE);
  expect_err(as_mod(pfunc(ARR(B), realize(ARR(i64(0)), blk))),
             "block 'C' binds iter var 'vi' of dtype int32 to a value of dtype int64");
}

TEST(tir_reduce_var_in_write_index) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8))), *A = buf("A", DT_FLOAT32, ARR(i32(8)));
  Node *k = v32("k"), *vk = v32("vk");
  Node *blk = block_full("S", ARR(iv(vk, i32(8), ITER_REDUCE)),
                         store(B, bin(NK_ADD, load(B, ARR(vk)), load(A, ARR(vk))), ARR(vk)),
                         store(B, f32(0), ARR(i32(0))), NONE);
  expect_err(as_mod(pfunc(ARR(A, B), loop(k, i32(8), realize(ARR(k), blk)))),
             "block 'S' writes buffer 'B' at an index that uses its reduction iter var 'vk'");
}

TEST(tir_duplicate_var) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  Node *i = v32("i");
  expect_err(as_mod(pfunc(ARR(B), loop(i, i32(8), loop(i, i32(8), store(B, f32(1), ARR(i)))))),
             "duplicate definition of 'i' in function 'f'");
}

TEST(tir_duplicate_buffer) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8))), *T = buf("T", DT_FLOAT32, ARR(i32(8)));
  Node *b1 = block_full("b1", NONE, store(T, f32(0), ARR(i32(0))), NULL, ARR(T));
  Node *b2 = block_full("b2", NONE, store(T, f32(0), ARR(i32(1))), NULL, ARR(T));
  expect_err(as_mod(pfunc(ARR(B), seq(ARR(realize(NONE, b1), realize(NONE, b2))))),
             "duplicate definition of buffer 'T' in function 'f'");
}

TEST(tir_loop_extent_dtype) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  Node *i = v32("i");
  expect_err(as_mod(pfunc(ARR(B), loop(i, i64(8), store(B, f32(1), ARR(i))))),
             "loop variable 'i' has dtype int32 but its extent has dtype int64");
}

TEST(tir_loop_extent_float) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  Node *i = v32("i");
  expect_err(as_mod(pfunc(ARR(B), loop(i, f32(8), store(B, f32(1), ARR(i))))),
             "extent of loop 'i' must be an integer, got float32");
}

TEST(tir_binary_dtypes) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  Node *i = v32("i");
  expect_err(as_mod(pfunc(ARR(B), loop(i, i32(4), store(B, f32(1), ARR(bin(NK_ADD, i, i64(1))))))),
             "operands of '+' have different dtypes: int32 and int64");
}

static Node *if_stmt(Node *c, Node *t) {
  Node *s = ir_alloc(cx, NK_IF, span_none());
  IR_AS(IrIf, s)->cond = c;
  IR_AS(IrIf, s)->then_case = t;
  return ir_finish(cx, s);
}

TEST(tir_if_condition) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  expect_err(as_mod(pfunc(ARR(B), if_stmt(i32(1), store(B, f32(1), ARR(i32(0)))))),
             "condition of an if statement must be a scalar bool, got int32");
}

TEST(tir_while_condition) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  Node *w = ir_alloc(cx, NK_WHILE, span_none());
  IR_AS(IrWhile, w)->cond = i32(0);
  IR_AS(IrWhile, w)->body = store(B, f32(1), ARR(i32(0)));
  expect_err(as_mod(pfunc(ARR(B), ir_finish(cx, w))), "condition of a while loop must be a scalar bool, got int32");
}

TEST(tir_float_index) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  expect_err(as_mod(pfunc(ARR(B), store(B, f32(1), ARR(f32(0))))),
             "index 0 of buffer 'B' must be an integer, got float32");
}

TEST(tir_let_dtype) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  Node *x = v32("x");
  Node *let = ir_alloc(cx, NK_LET_STMT, span_none());
  IR_AS(IrLet, let)->var = x;
  IR_AS(IrLet, let)->value = i64(3);
  IR_AS(IrLet, let)->body = store(B, f32(1), ARR(x));
  expect_err(as_mod(pfunc(ARR(B), ir_finish(cx, let))),
             "let variable 'x' has dtype int32 but its value has dtype int64");
}

TEST(tir_let_var_outside) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  Node *x = v32("x");
  Node *let = ir_alloc(cx, NK_LET_STMT, span_none());
  IR_AS(IrLet, let)->var = x;
  IR_AS(IrLet, let)->value = i32(3);
  IR_AS(IrLet, let)->body = store(B, f32(1), ARR(x));
  let = ir_finish(cx, let);
  expect_err(as_mod(pfunc(ARR(B), seq(ARR(let, store(B, f32(2), ARR(x)))))),
             "variable 'x' is used outside the scope that defines it");
}

TEST(tir_buffer_map_non_param) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  Node *f = pfunc(ARR(B), store(B, f32(1), ARR(i32(0))));
  Node *q = ir_var(cx, "q", DT_HANDLE);
  IR_AS(IrBinary, IR_AS(IrPrimFunc, f)->buffer_map.v[0])->a = q; /* tests may poke */
  expect_err(as_mod(f), "the buffer map binds buffer 'B' to 'q', which is not a parameter");
}

TEST(tir_composite_shape_undefined) {
  Node *m = v32("m");
  Node *B = buf("B", DT_FLOAT32, ARR(bin(NK_MUL, m, i32(2))));
  expect_err(as_mod(pfunc(ARR(B), store(B, f32(1), ARR(i32(0))))),
             "symbolic variable 'm' is used before it is defined");
}

TEST(tir_select_condition) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  expect_err(as_mod(pfunc(ARR(B), store(B, ir_select(cx, i32(1), f32(1), f32(2)), ARR(i32(0))))),
             "condition of T.Select must be a bool, got int32");
}

TEST(tir_block_predicate) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  Node *vi = v32("vi");
  Node *blk = block_full("C", ARR(iv(vi, i32(8), ITER_SPATIAL)), store(B, f32(1), ARR(vi)), NULL, NONE);
  expect_err(as_mod(pfunc(ARR(B), realize_p(ARR(i32(0)), i32(1), blk))),
             "predicate of a block must be a scalar bool, got int32");
}

TEST(tir_and_operand) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  Node *c = bin(NK_AND, i32(1), ir_bool(cx, true));
  expect_err(as_mod(pfunc(ARR(B), if_stmt(c, store(B, f32(1), ARR(i32(0)))))),
             "operand of 'and'/'or' must be a bool, got int32");
}

TEST(tir_match_buffer_defines_vars) {
  /* with T.block: S = T.match_buffer(A[0:8], (m,)); S[0] = 1.0 */
  Node *A = buf("A", DT_FLOAT32, ARR(i32(8)));
  Node *m = v32("m");
  Node *S = buf("S", DT_FLOAT32, ARR(m));
  Node *region = ir_alloc(cx, NK_BUFFER_REGION, span_none());
  IR_AS(IrBufferRegion, region)->buffer = A;
  IR_AS(IrBufferRegion, region)->region = ir_list(cx, ARR(ir_range(cx, i32(0), i32(8))));
  region = ir_finish(cx, region);
  Node *mb = ir_alloc(cx, NK_MATCH_BUFFER, span_none());
  IR_AS(IrMatchBuffer, mb)->buffer = S;
  IR_AS(IrMatchBuffer, mb)->source = region;
  mb = ir_finish(cx, mb);
  Node *blk = block_full("m", NONE, store(S, f32(1), ARR(bin(NK_SUB, m, i32(1)))), NULL, NONE);
  IR_AS(IrBlock, blk)->match_buffers = ir_list(cx, ARR(mb));
  CHECK(check_count(as_mod(pfunc(ARR(A), realize(NONE, blk)))) == 0);
}

TEST(tir_span_fallback) {
  /* the error is reported at the offending store's span (the constant
   * index has none) */
  SourceFile *file = source_new("t.py", "abcdef\nghijkl\n", 14);
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  Node *st = ir_alloc(cx, NK_BUFFER_STORE, (Span){file, 7, 10});
  IR_AS(IrBufferStore, st)->buffer = B;
  IR_AS(IrBufferStore, st)->value = i32(1);
  IR_AS(IrBufferStore, st)->indices = ir_list(cx, ARR(i32(0)));
  st = ir_finish(cx, st);
  DiagCtx d;
  diag_init(&d);
  CHECK(ir_check(as_mod(pfunc(ARR(B), st)), &d) == 1);
  CHECK(d.items.len == 1 && d.items.data[0].span.file == file && d.items.data[0].span.lo == 7);
  StrBuf out = {0};
  diag_render(&d, &out);
  CHECK(out.data && strstr(out.data, "t.py:2:1: error: value stored"));
  sb_free(&out);
  diag_free(&d);
  source_free(file);
}

TEST(tir_bare_prim_func_and_errors_accumulate) {
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  Node *f = pfunc(ARR(B), seq(ARR(store(B, f32(1), ARR(v32("p"))), store(B, i32(1), ARR(i32(0), i32(1))))));
  DiagCtx d;
  diag_init(&d);
  CHECK(ir_check(f, &d) == 3);
  CHECK_STREQ(d.items.data[0].message, "symbolic variable 'p' is used before it is defined");
  CHECK_STREQ(d.items.data[1].message, "buffer 'B' has 1 dimension but is indexed with 2 indices");
  diag_free(&d);
  CHECK(ir_check(NULL, &d) == 0);
}

/* ---- Relax builders ----------------------------------------------------------- */

static Node *tensor(DType t, Node *const *dims, int32_t n) {
  return rx_sinfo_tensor(cx, rx_shape_new(cx, dims, n), n, t);
}

static Node *rvar_k(NodeKind k, const char *name, Node *si) {
  Node *v = ir_alloc(cx, k, span_none());
  IR_AS(IrVar, v)->name = intern(name);
  v->sinfo = si;
  return ir_finish(cx, v);
}
static Node *rv(const char *name, Node *si) { return rvar_k(NK_RX_VAR, name, si); }
static Node *dfv(const char *name, Node *si) { return rvar_k(NK_RX_DFVAR, name, si); }

static Node *bind_k(NodeKind k, Node *var, Node *value, Node *si) {
  Node *b = ir_alloc(cx, k, span_none());
  IR_AS(IrBinding, b)->var = var;
  IR_AS(IrBinding, b)->value = value;
  IR_AS(IrBinding, b)->sinfo = si;
  return ir_finish(cx, b);
}
static Node *bind(Node *var, Node *value) { return bind_k(NK_VAR_BINDING, var, value, NULL); }
static Node *mcast(Node *var, Node *value, Node *si) { return bind_k(NK_MATCH_CAST, var, value, si); }

static Node *bblock(bool df, Node *const *b, int32_t n) {
  Node *blk = ir_alloc(cx, df ? NK_DATAFLOW_BLOCK : NK_BINDING_BLOCK, span_none());
  IR_AS(IrArray, blk)->items = ir_list(cx, b, n);
  return ir_finish(cx, blk);
}

static Node *seqx(Node *const *blocks, int32_t n, Node *body) {
  Node *s = ir_alloc(cx, NK_RX_SEQ, span_none());
  IR_AS(IrSeqExpr, s)->blocks = ir_list(cx, blocks, n);
  IR_AS(IrSeqExpr, s)->body = body;
  return ir_finish(cx, s);
}

static Node *rfunc(Node *const *params, int32_t n, Node *body, Node *ret) {
  Node *f = ir_alloc(cx, NK_RX_FUNC, span_none());
  IR_AS(IrFunction, f)->params = ir_list(cx, params, n);
  IR_AS(IrFunction, f)->body = body;
  IR_AS(IrFunction, f)->ret_sinfo = ret;
  IR_AS(IrFunction, f)->is_pure = 1;
  return ir_finish(cx, f);
}

static Node *rop(const char *name) {
  Node *o = ir_alloc(cx, NK_RX_OP, span_none());
  IR_AS(IrStr, o)->value = intern(name);
  return ir_finish(cx, o);
}

static Node *rcall(Node *op, Node *const *args, int32_t n, Node *const *sargs, int32_t ns) {
  Node *c = ir_alloc(cx, NK_RX_CALL, span_none());
  IR_AS(IrRxCall, c)->op = op;
  IR_AS(IrRxCall, c)->args = ir_list(cx, args, n);
  IR_AS(IrRxCall, c)->sinfo_args = ir_list(cx, sargs, ns);
  return ir_finish(cx, c);
}

static Node *rtuple(Node *const *f, int32_t n) {
  Node *t = ir_alloc(cx, NK_RX_TUPLE, span_none());
  IR_AS(IrArray, t)->items = ir_list(cx, f, n);
  return ir_finish(cx, t);
}

static Node *call_tir(const char *callee, Node *const *args, int32_t n, Node *out) {
  return rcall(rop("relax.call_tir"), ARR(gv(callee), rtuple(args, n)), ARR(out));
}

static Node *getitem(Node *t, int64_t i) {
  Node *g = ir_alloc(cx, NK_RX_GETITEM, span_none());
  IR_AS(IrGetItem, g)->tuple = t;
  IR_AS(IrGetItem, g)->index = i;
  return ir_finish(cx, g);
}

static Node *rif(Node *c, Node *t, Node *f) {
  Node *n = ir_alloc(cx, NK_RX_IF, span_none());
  IR_AS(IrSelect, n)->cond = c;
  IR_AS(IrSelect, n)->t = t;
  IR_AS(IrSelect, n)->f = f;
  return ir_finish(cx, n);
}

static Node *t44(void) { return tensor(DT_FLOAT32, ARR(i64(4), i64(4))); }

/* add(A, B, C) for 4x4 tensors. */
static Node *add_prim(void) {
  Node *A = buf("A", DT_FLOAT32, ARR(i64(4), i64(4))), *B = buf("B", DT_FLOAT32, ARR(i64(4), i64(4)));
  Node *C = buf("C", DT_FLOAT32, ARR(i64(4), i64(4)));
  Node *i = v64("i"), *j = v64("j");
  Node *st = store(C, bin(NK_ADD, load(A, ARR(i, j)), load(B, ARR(i, j))), ARR(i, j));
  return pfunc(ARR(A, B, C), loop(i, i64(4), loop(j, i64(4), st)));
}

/* main(x, y): with dataflow: lv0 = call_tir(add, (x, y)); gv = lv0; return gv */
static Node *main_func(Node *callee_out, const char *callee) {
  Node *x = rv("x", t44()), *y = rv("y", t44());
  Node *lv0 = dfv("lv0", NULL), *g = rv("gv", NULL);
  Node *df = bblock(true, ARR(bind(lv0, call_tir(callee, ARR(x, y), callee_out)), bind(g, lv0)));
  return rfunc(ARR(x, y), seqx(ARR(df), g), t44());
}

static Node *rx_mod(Node *main) { return module(ARR(entry("add", add_prim()), entry("main", main))); }

/* ---- Relax: good modules -------------------------------------------------------- */

TEST(rx_good_call_tir) { CHECK(check_count(rx_mod(main_func(t44(), "add"))) == 0); }

TEST(rx_good_symbolic_match_cast_and_closure) {
  /* main(x: Tensor((n, 4))) -> Tensor((n, 4)):
   *   y = match_cast(x, Tensor((n, m)))      # defines m
   *   s = R.shape([n, m])
   *   f = fn(z: Tensor((k,))) -> Tensor((k,)): return x   # closure over x (ret wrong kind? no: Object-free)
   *   return x */
  Node *n = v64("n"), *m = v64("m");
  Node *x = rv("x", tensor(DT_FLOAT32, ARR(n, i64(4))));
  Node *y = rv("y", tensor(DT_FLOAT32, ARR(n, m)));
  Node *s = rv("s", NULL);
  Node *k = v64("k");
  Node *z = rv("z", tensor(DT_FLOAT32, ARR(k)));
  Node *inner = rfunc(ARR(z), seqx(NONE, x), NULL);
  Node *f = rv("f", NULL);
  Node *blk = bblock(false, ARR(mcast(y, x, tensor(DT_FLOAT32, ARR(n, m))),
                                bind(s, rx_shape_new(cx, ARR(n, m))), bind(f, inner)));
  Node *main = rfunc(ARR(x), seqx(ARR(blk), x), tensor(DT_FLOAT32, ARR(n, i64(4))));
  CHECK(check_count(module(ARR(entry("main", main)))) == 0);
}

TEST(rx_good_if_and_relax_call) {
  /* g(a: Tensor((n,))) -> Tensor((n,)); main(c: Prim(bool), x: Tensor((8,))):
   *   r = if c: (t = g(x); t) else: (u = x; u); return r */
  Node *n = v64("n");
  Node *a = rv("a", tensor(DT_FLOAT32, ARR(n)));
  Node *g = rfunc(ARR(a), seqx(NONE, a), tensor(DT_FLOAT32, ARR(n)));
  Node *c = rv("c", rx_sinfo_prim(cx, DT_BOOL, NULL)), *x = rv("x", tensor(DT_FLOAT32, ARR(i64(8))));
  Node *t = rv("t", NULL), *u = rv("u", NULL), *r = rv("r", tensor(DT_FLOAT32, ARR(i64(8))));
  Node *thn = seqx(ARR(bblock(false, ARR(bind(t, rcall(gv("g"), ARR(x), NONE))))), t);
  Node *els = seqx(ARR(bblock(false, ARR(bind(u, x)))), u);
  Node *main = rfunc(ARR(c, x), seqx(ARR(bblock(false, ARR(bind(r, rif(c, thn, els))))), r),
                     tensor(DT_FLOAT32, ARR(i64(8))));
  CHECK(check_count(module(ARR(entry("g", g), entry("main", main)))) == 0);
}

/* ---- Relax errors --------------------------------------------------------------- */

TEST(rx_undefined_global) {
  expect_err(rx_mod(main_func(t44(), "foo")), "the module has no function named 'foo'");
}

TEST(rx_call_tir_callee_not_prim) {
  Node *x = rv("x", t44());
  Node *other = rfunc(ARR(x), seqx(NONE, x), t44());
  Node *m = module(ARR(entry("add", add_prim()), entry("other", other), entry("main", main_func(t44(), "other"))));
  expect_err(m, "R.call_tir calls 'other', which is a Relax function, not a PrimFunc");
}

TEST(rx_call_tir_param_count) {
  Node *x = rv("x", t44());
  Node *lv = rv("lv", NULL);
  Node *main = rfunc(ARR(x), seqx(ARR(bblock(false, ARR(bind(lv, call_tir("add", ARR(x), t44()))))), lv), t44());
  expect_err(rx_mod(main),
             "R.call_tir passes 1 input, 1 output and 0 tir_vars to 'add', but the PrimFunc takes 3 "
             "parameters");
}

TEST(rx_call_arg_count) {
  Node *a = rv("a", t44());
  Node *g = rfunc(ARR(a), seqx(NONE, a), t44());
  Node *x = rv("x", t44()), *lv = rv("lv", NULL);
  Node *main = rfunc(ARR(x), seqx(ARR(bblock(false, ARR(bind(lv, rcall(gv("g"), ARR(x, x), NONE))))), lv), NULL);
  expect_err(module(ARR(entry("g", g), entry("main", main))), "function 'g' takes 1 argument but is called with 2");
}

TEST(rx_call_arg_mismatch) {
  Node *a = rv("a", t44());
  Node *g = rfunc(ARR(a), seqx(NONE, a), t44());
  Node *x = rv("x", tensor(DT_INT32, ARR(i64(4), i64(4)))), *lv = rv("lv", NULL);
  Node *main = rfunc(ARR(x), seqx(ARR(bblock(false, ARR(bind(lv, rcall(gv("g"), ARR(x), NONE))))), lv), NULL);
  expect_err(module(ARR(entry("g", g), entry("main", main))),
             "argument 1 of the call to 'g' does not match parameter 'a': dtype float32 vs int32");
}

TEST(rx_use_before_def) {
  Node *x = rv("x", t44()), *y = rv("y", NULL), *z = rv("z", NULL);
  Node *blk = bblock(false, ARR(bind(z, y), bind(y, x)));
  expect_err(module(ARR(entry("main", rfunc(ARR(x), seqx(ARR(blk), z), NULL)))),
             "variable 'y' is used before it is defined");
}

TEST(rx_dataflow_var_outside_block) {
  Node *x = rv("x", t44()), *lv0 = dfv("lv0", NULL), *o = rv("o", NULL);
  Node *df = bblock(true, ARR(bind(lv0, x)));
  Node *after = bblock(false, ARR(bind(o, lv0)));
  expect_err(module(ARR(entry("main", rfunc(ARR(x), seqx(ARR(df, after), o), NULL)))),
             "dataflow variable 'lv0' used outside its dataflow block (list it in R.output to use it "
             "after the block)");
}

TEST(rx_dataflow_var_result) {
  Node *x = rv("x", t44()), *lv0 = dfv("lv0", NULL);
  Node *df = bblock(true, ARR(bind(lv0, x)));
  expect_err(module(ARR(entry("main", rfunc(ARR(x), seqx(ARR(df), lv0), NULL)))),
             "dataflow variable 'lv0' used outside its dataflow block, as the result of function 'main' "
             "(list it in R.output to use it after the block)");
}

TEST(rx_dataflow_var_outside_dataflow) {
  Node *x = rv("x", t44()), *lv = dfv("lv", NULL), *o = rv("o", NULL);
  Node *blk = bblock(false, ARR(bind(lv, x), bind(o, x)));
  expect_err(module(ARR(entry("main", rfunc(ARR(x), seqx(ARR(blk), o), NULL)))),
             "dataflow variable 'lv' is defined outside a dataflow block");
}

TEST(rx_undefined_symbolic) {
  Node *m = v64("m");
  Node *x = rv("x", t44()), *y = rv("y", tensor(DT_FLOAT32, ARR(m, i64(4))));
  Node *blk = bblock(false, ARR(bind(y, x)));
  expect_err(module(ARR(entry("main", rfunc(ARR(x), seqx(ARR(blk), y), NULL)))),
             "symbolic variable 'm' is used before it is defined");
}

TEST(rx_undefined_symbolic_in_ret) {
  Node *k = v64("k");
  Node *x = rv("x", t44());
  expect_err(module(ARR(entry("main", rfunc(ARR(x), seqx(NONE, x), tensor(DT_FLOAT32, ARR(k, i64(4))))))),
             "symbolic variable 'k' is used before it is defined");
}

TEST(rx_bound_twice) {
  Node *x = rv("x", t44()), *y = rv("y", NULL);
  Node *blk = bblock(false, ARR(bind(y, x), bind(y, x)));
  expect_err(module(ARR(entry("main", rfunc(ARR(x), seqx(ARR(blk), y), NULL)))),
             "duplicate definition of 'y' in function 'main'");
}

TEST(rx_if_condition) {
  Node *c = rv("c", t44()), *r = rv("r", NULL);
  Node *iff = rif(c, seqx(NONE, c), seqx(NONE, c));
  expect_err(module(ARR(entry("main", rfunc(ARR(c), seqx(ARR(bblock(false, ARR(bind(r, iff)))), r), NULL)))),
             "the condition of an if must be a bool scalar (R.Prim(\"bool\") or a 0-d bool tensor), not a "
             "Tensor");
}

TEST(rx_if_condition_tensor_bool_ok) {
  Node *c = rv("c", tensor(DT_BOOL, NONE)), *r = rv("r", NULL);
  Node *iff = rif(c, seqx(NONE, c), seqx(NONE, c));
  CHECK(check_count(module(ARR(entry("main", rfunc(ARR(c), seqx(ARR(bblock(false, ARR(bind(r, iff)))), r), NULL))))) == 0);
}

TEST(rx_if_in_dataflow) {
  Node *c = rv("c", rx_sinfo_prim(cx, DT_BOOL, NULL)), *r = dfv("r", NULL), *o = rv("o", NULL);
  Node *iff = rif(c, seqx(NONE, c), seqx(NONE, c));
  Node *df = bblock(true, ARR(bind(r, iff), bind(o, r)));
  expect_err(module(ARR(entry("main", rfunc(ARR(c), seqx(ARR(df), o), NULL)))),
             "R.If is not allowed inside a dataflow block");
}

static Node *annotated_main(Node *ann, Node *value_si) {
  /* main(x: value_si): lv: ann = x; return lv */
  Node *x = rv("x", value_si), *lv = rv("lv", ann);
  return module(ARR(entry("main", rfunc(ARR(x), seqx(ARR(bblock(false, ARR(bind(lv, x)))), lv), NULL))));
}

TEST(rx_annotation_ndim) {
  expect_err(annotated_main(t44(), tensor(DT_FLOAT32, ARR(i64(4), i64(4), i64(1)))),
             "binding 'lv' is annotated as Tensor but its value is Tensor (2 dimensions vs 3)");
}

TEST(rx_annotation_dtype) {
  expect_err(annotated_main(t44(), tensor(DT_INT32, ARR(i64(4), i64(4)))),
             "binding 'lv' is annotated as Tensor but its value is Tensor (dtype float32 vs int32)");
}

TEST(rx_annotation_dim) {
  expect_err(annotated_main(t44(), tensor(DT_FLOAT32, ARR(i64(4), i64(5)))),
             "binding 'lv' is annotated as Tensor but its value is Tensor (dimension 1: 4 vs 5)");
}

TEST(rx_annotation_kind) {
  expect_err(annotated_main(t44(), rx_sinfo_shape(cx, ARR(i64(4)))),
             "binding 'lv' is annotated as Tensor but its value is Shape (Tensor vs Shape)");
}

TEST(rx_annotation_less_specific_ok) {
  /* annotating a more specific type than known is a cast's job, not an error */
  CHECK(check_count(annotated_main(t44(), rx_sinfo_tensor(cx, NULL, -1, DT_FLOAT32))) == 0);
  CHECK(check_count(annotated_main(t44(), rx_sinfo_object(cx))) == 0);
  CHECK(check_count(annotated_main(rx_sinfo_tensor(cx, NULL, 2, DT_VOID), t44())) == 0);
}

TEST(rx_match_cast_impossible) {
  Node *x = rv("x", tensor(DT_INT32, ARR(i64(4)))), *y = rv("y", NULL);
  Node *blk = bblock(false, ARR(mcast(y, x, tensor(DT_FLOAT32, ARR(i64(4))))));
  expect_err(module(ARR(entry("main", rfunc(ARR(x), seqx(ARR(blk), y), NULL)))),
             "match_cast of 'y' can never succeed: the target and the value differ (dtype float32 vs "
             "int32)");
}

TEST(rx_tuple_index) {
  Node *x = rv("x", t44()), *t = rv("t", NULL), *e = rv("e", NULL);
  Node *blk = bblock(false, ARR(bind(t, rtuple(ARR(x, x))), bind(e, getitem(t, 2))));
  expect_err(module(ARR(entry("main", rfunc(ARR(x), seqx(ARR(blk), e), NULL)))),
             "tuple index 2 is out of range for a tuple of 2 fields");
}

TEST(rx_getitem_non_tuple) {
  Node *x = rv("x", t44()), *e = rv("e", NULL);
  Node *blk = bblock(false, ARR(bind(e, getitem(x, 0))));
  expect_err(module(ARR(entry("main", rfunc(ARR(x), seqx(ARR(blk), e), NULL)))),
             "cannot take item 0 of a Tensor: TupleGetItem needs a tuple");
}

TEST(rx_return_mismatch) {
  Node *x = rv("x", t44()), *t = rv("t", NULL);
  Node *blk = bblock(false, ARR(bind(t, rtuple(ARR(x)))));
  expect_err(module(ARR(entry("main", rfunc(ARR(x), seqx(ARR(blk), t), t44())))),
             "function 'main' returns a Tuple that does not match the annotated return type Tensor (Tensor "
             "vs Tuple)");
}

TEST(rx_undefined_global_reference) {
  Node *x = rv("x", t44()), *h = rv("h", NULL);
  Node *blk = bblock(false, ARR(bind(h, gv("hh"))));
  expect_err(module(ARR(entry("main", rfunc(ARR(x), seqx(ARR(blk), x), NULL)))),
             "the module has no function named 'hh'");
}

TEST(rx_duplicate_function) {
  Node *m = module(ARR(entry("add", add_prim()), entry("add", add_prim()), entry("main", main_func(t44(), "add"))));
  expect_err(m, "duplicate definition of 'add' in the module");
}

TEST(rx_call_tir_not_global) {
  Node *x = rv("x", t44()), *lv = rv("lv", NULL);
  Node *c = rcall(rop("relax.call_tir"), ARR(x, rtuple(ARR(x))), ARR(t44()));
  expect_err(rx_mod(rfunc(ARR(x), seqx(ARR(bblock(false, ARR(bind(lv, c)))), lv), NULL)),
             "R.call_tir expects a global PrimFunc as its first argument");
}

TEST(rx_shape_expr_float) {
  Node *x = rv("x", t44()), *s = rv("s", NULL);
  Node *blk = bblock(false, ARR(bind(s, rx_shape_new(cx, ARR(f32(1))))));
  expect_err(module(ARR(entry("main", rfunc(ARR(x), seqx(ARR(blk), x), NULL)))),
             "shape values must be integers, got float32");
}

TEST(rx_bare_function_global) {
  /* a bare function has no module: every global is undefined */
  Node *x = rv("x", t44()), *lv = rv("lv", NULL);
  Node *f = rfunc(ARR(x), seqx(ARR(bblock(false, ARR(bind(lv, rcall(gv("g"), ARR(x), NONE))))), lv), NULL);
  expect_err(f, "global function 'g' is not defined (a bare function has no module)");
}

/* ---- Relax: call_tir against the PrimFunc's buffers ------------------------------ */

static Node *call_add_main(Node *x_si, Node *out) {
  Node *x = rv("x", x_si), *y = rv("y", t44()), *lv = rv("lv", NULL);
  Node *blk = bblock(false, ARR(bind(lv, call_tir("add", ARR(x, y), out))));
  return rx_mod(rfunc(ARR(x, y), seqx(ARR(blk), lv), NULL));
}

TEST(rx_call_tir_rank_mismatch) {
  expect_err(call_add_main(tensor(DT_FLOAT32, ARR(i64(16))), t44()),
             "rank mismatch: argument 1 ('x') of R.call_tir is a 1-d tensor, but parameter 'A' of 'add' "
             "is a 2-d buffer");
}

TEST(rx_call_tir_dtype_mismatch) {
  expect_err(call_add_main(tensor(DT_INT32, ARR(i64(4), i64(4))), t44()),
             "dtype mismatch: argument 1 ('x') of R.call_tir is int32, but parameter 'A' of 'add' is a "
             "float32 buffer");
}

TEST(rx_call_tir_output_rank_mismatch) {
  expect_err(call_add_main(t44(), tensor(DT_FLOAT32, ARR(i64(16)))),
             "rank mismatch: output 1 (out_sinfo) of R.call_tir is a 1-d tensor, but parameter 'C' of "
             "'add' is a 2-d buffer");
}

TEST(rx_call_tir_unknown_rank_ok) {
  CHECK(check_count(call_add_main(rx_sinfo_tensor(cx, NULL, -1, DT_VOID), t44())) == 0);
}

/* ---- Relax: purity ---------------------------------------------------------------- */

static Node *ext(const char *name) {
  Node *e = ir_alloc(cx, NK_RX_EXTERN, span_none());
  IR_AS(IrStr, e)->value = intern(name);
  return ir_finish(cx, e);
}

static Node *impure(Node *f) {
  IR_AS(IrFunction, f)->is_pure = 0;
  return f;
}

/* f(x): [with dataflow:] r = <call>; return x */
static Node *one_call_func(Node *x, Node *call, bool df) {
  Node *r = rv("r", NULL);
  return rfunc(ARR(x), seqx(ARR(bblock(df, ARR(bind(r, call)))), x), NULL);
}

static Node *packed(Node *x) { return rcall(ext("my_log"), ARR(x), ARR(rx_sinfo_object(cx))); }

TEST(rx_impure_call_in_pure_function) {
  Node *x = rv("x", t44());
  expect_err(module(ARR(entry("main", one_call_func(x, packed(x), false)))),
             "impure call 'R.call_packed' in a pure function 'main' (declare the function "
             "@R.function(pure=False), or call a packed function without side effects through "
             "R.call_pure_packed)");
}

TEST(rx_impure_function_may_call_impure) {
  Node *x = rv("x", t44());
  CHECK(check_count(module(ARR(entry("main", impure(one_call_func(x, packed(x), false)))))) == 0);
}

TEST(rx_impure_call_in_dataflow) {
  Node *x = rv("x", t44());
  expect_err(module(ARR(entry("main", impure(one_call_func(x, packed(x), true))))),
             "impure call 'R.call_packed' is not allowed inside a dataflow block (function 'main'); move "
             "it out of the block");
}

TEST(rx_impure_ops) {
  /* R.print and R.assert_op are impure; R.call_pure_packed and ordinary ops are not */
  Node *x = rv("x", t44());
  Node *pr = rcall(rop("relax.print"), ARR(x), NONE);
  expect_err(module(ARR(entry("main", one_call_func(x, pr, false)))),
             "impure call 'R.print' in a pure function 'main' (declare the function @R.function(pure=False))");
  Node *as = rcall(rop("assert_op"), ARR(x), NONE);
  expect_err(module(ARR(entry("main", one_call_func(x, as, false)))),
             "impure call 'R.assert_op' in a pure function 'main' (declare the function "
             "@R.function(pure=False))");
  Node *pp = rcall(rop("relax.call_pure_packed"), ARR(ext("f"), x), ARR(t44()));
  CHECK(check_count(module(ARR(entry("main", one_call_func(x, pp, true))))) == 0);
  Node *ex = rcall(rop("relax.exp"), ARR(x), NONE);
  CHECK(check_count(module(ARR(entry("main", one_call_func(x, ex, true))))) == 0);
  CHECK(!rx_op_is_pure("relax.vm.kill_object") && rx_op_is_pure("relax.call_tir"));
}

TEST(rx_call_impure_global) {
  Node *a = rv("a", t44());
  Node *g = impure(rfunc(ARR(a), seqx(NONE, a), t44()));
  Node *x = rv("x", t44());
  Node *main = one_call_func(x, rcall(gv("g"), ARR(x), NONE), false);
  expect_err(module(ARR(entry("g", g), entry("main", main))),
             "impure call 'cls.g' in a pure function 'main' (declare the function @R.function(pure=False))");
  Node *x2 = rv("x", t44());
  Node *main2 = impure(one_call_func(x2, rcall(gv("g"), ARR(x2), NONE), false));
  CHECK(check_count(module(ARR(entry("g", g), entry("main", main2)))) == 0);
}

TEST(rx_force_pure) {
  Node *x = rv("x", t44());
  Node *f = one_call_func(x, packed(x), false);
  IR_AS(IrFunction, f)->attrs = ir_list(cx, ARR(pair(ir_string(cx, "relax.force_pure"), ir_bool(cx, true))));
  CHECK(check_count(module(ARR(entry("main", f)))) == 0);
}

TEST(rx_nested_function_purity) {
  /* an impure local function inside a pure one is fine (defining it has no
   * effect); a pure local function may not call R.call_packed */
  Node *x = rv("x", t44()), *z = rv("z", t44()), *inner = rv("inner", NULL), *r = rv("r", NULL);
  Node *fi = impure(one_call_func(z, packed(z), false));
  Node *outer = rfunc(ARR(x), seqx(ARR(bblock(false, ARR(bind(inner, fi)))), x), NULL);
  CHECK(check_count(module(ARR(entry("main", outer)))) == 0);
  Node *x2 = rv("x", t44()), *z2 = rv("z", t44()), *inner2 = rv("inner", NULL);
  Node *fp = one_call_func(z2, packed(z2), false);
  Node *blk = bblock(false, ARR(bind(inner2, fp), bind(r, packed(x2))));
  Node *outer2 = impure(rfunc(ARR(x2), seqx(ARR(blk), x2), NULL));
  expect_err(module(ARR(entry("main", outer2))),
             "impure call 'R.call_packed' in a pure function 'inner' (declare the function "
             "@R.function(pure=False), or call a packed function without side effects through "
             "R.call_pure_packed)");
}

/* ---- span helpers ---------------------------------------------------------------- */

TEST(span_find_name) {
  const char *text = "y: R.Tensor((m,), dtype=\"m\") = f(m=1, T.m, mm, m)  # m\n    return  cls.g(x) # c\n";
  SourceFile *file = source_new("s.py", text, strlen(text));
  Span all = {file, 0, (uint32_t)strlen(text)};
  Span s = ir_span_find_name(all, "m");
  CHECK(s.lo == 13 && s.hi == 14);
  Span line = {file, 17, (uint32_t)(strchr(text, '\n') - text)}; /* from ", dtype" on */
  s = ir_span_find_name(line, "m");
  CHECK(s.lo == (uint32_t)(strstr(text, "mm, m") - text) + 4);
  s = ir_span_find_name(line, "absent");
  CHECK(s.lo == line.lo && s.hi == line.hi);
  s = ir_span_find_global(all, "g");
  CHECK(s.lo == (uint32_t)(strstr(text, "cls.g") - text) && s.hi == s.lo + 5);
  s = ir_span_return_value(all);
  CHECK(s.lo == (uint32_t)(strstr(text, "cls.g") - text) && s.hi == s.lo + 8);
  CHECK(ir_span_find_name(span_none(), "m").file == NULL);
  source_free(file);
}

TEST(malformed_ir_is_reported_not_fatal) {
  /* wrong kinds and missing fields anywhere: errors, never a crash */
  Node *B = buf("B", DT_FLOAT32, ARR(i32(8)));
  Node *badfor = ir_alloc(cx, NK_FOR, span_none());
  badfor = ir_finish(cx, badfor); /* no var, no extent, no body */
  Node *blk = block_full("x", ARR(iv(v32("vi"), i32(4), ITER_SPATIAL)), NULL, NULL, NONE);
  Node *body = seq(ARR(badfor, realize(ARR(i32(0)), blk), store(B, f32(1), NONE), t44()));
  DiagCtx d;
  diag_init(&d);
  CHECK(ir_check(as_mod(pfunc(ARR(B), body)), &d) >= 3);
  Node *x = rv("x", t44());
  Node *weird = bblock(false, ARR(bind(NULL, x), bind(x, NULL), t44()));
  Node *f = rfunc(ARR(x, NULL), seqx(ARR(weird, NULL), NULL), NULL);
  Node *m = module(ARR(entry("main", f), pair(NULL, NULL), entry("g", i32(3))));
  CHECK(ir_check(m, &d) >= 3);
  CHECK(ir_check(i32(1), &d) == 1);
  diag_free(&d);
}

/* ---- struct info inference ---------------------------------------------------------- */

TEST(sinfo_basic_forms) {
  Node *x = rv("x", t44());
  Node *shp = rx_shape_new(cx, ARR(i64(2)));
  Node *si = rx_infer_sinfo(cx, rtuple(ARR(x, shp)), NULL);
  CHECK(si->kind == NK_SI_TUPLE && IR_AS(IrArray, si)->items.n == 2);
  CHECK(rx_sinfo_equal(cx, IR_AS(IrArray, si)->items.v[0], t44()));
  CHECK(IR_AS(IrArray, si)->items.v[1]->kind == NK_SI_SHAPE);
  CHECK(rx_infer_sinfo(cx, getitem(rtuple(ARR(x)), 0), NULL) == t44() ||
        rx_sinfo_equal(cx, rx_infer_sinfo(cx, getitem(rtuple(ARR(x)), 0), NULL), t44()));
  Node *pv = ir_alloc(cx, NK_RX_PRIM, span_none());
  IR_AS(IrUnary, pv)->a = i64(3);
  pv = ir_finish(cx, pv);
  Node *ps = rx_infer_sinfo(cx, pv, NULL);
  CHECK(ps->kind == NK_SI_PRIM && dtype_eq(ps->dtype, DT_INT64) && IR_AS(IrUnary, ps)->a == i64(3));
  Node *str = ir_finish(cx, ir_alloc(cx, NK_RX_STR, span_none()));
  CHECK(rx_infer_sinfo(cx, str, NULL)->kind == NK_SI_OBJECT);
  /* call_tir: out_sinfo; call_packed: sinfo_args; an op: Object */
  CHECK(rx_sinfo_equal(cx, rx_infer_sinfo(cx, call_tir("add", ARR(x), t44()), NULL), t44()));
  Node *ext = ir_alloc(cx, NK_RX_EXTERN, span_none());
  IR_AS(IrStr, ext)->value = intern("my.func");
  ext = ir_finish(cx, ext);
  CHECK(rx_sinfo_equal(cx, rx_infer_sinfo(cx, rcall(ext, ARR(x), ARR(t44())), NULL), t44()));
  CHECK(rx_infer_sinfo(cx, rcall(ext, ARR(x), NONE), NULL)->kind == NK_SI_OBJECT);
  CHECK(rx_infer_sinfo(cx, rcall(rop("relax.add"), ARR(x, x), NONE), NULL)->kind == NK_SI_OBJECT);
  CHECK(rx_infer_sinfo(cx, ext, NULL)->kind == NK_SI_FUNC);
}

TEST(sinfo_constant) {
  Node *data = ir_alloc(cx, NK_TENSOR_DATA, span_none());
  data->dtype = DT_FLOAT32;
  IR_AS(IrTensorData, data)->shape = ir_list(cx, ARR(i64(2), i64(3)));
  data = ir_finish(cx, data);
  Node *c = ir_alloc(cx, NK_RX_CONST, span_none());
  IR_AS(IrUnary, c)->a = data;
  c = ir_finish(cx, c);
  Node *si = rx_infer_sinfo(cx, c, NULL);
  CHECK(rx_sinfo_equal(cx, si, tensor(DT_FLOAT32, ARR(i64(2), i64(3)))));
}

TEST(sinfo_seq_and_if_join) {
  Node *x = rv("x", t44()), *c = rv("c", rx_sinfo_prim(cx, DT_BOOL, NULL));
  Node *y = rv("y", tensor(DT_FLOAT32, ARR(i64(4), i64(8))));
  Node *a = rv("a", NULL);
  Node *thn = seqx(ARR(bblock(false, ARR(bind(a, x)))), a);
  Node *si = rx_infer_sinfo(cx, rif(c, thn, seqx(NONE, y)), NULL);
  /* same dtype and ndim, different shapes: Tensor(ndim=2, float32) */
  CHECK(si->kind == NK_SI_TENSOR && IR_AS(IrSITensor, si)->ndim == 2 && dtype_eq(si->dtype, DT_FLOAT32));
  CHECK(IR_AS(IrSITensor, si)->shape == NULL);
  Node *j = rx_sinfo_join(cx, t44(), tensor(DT_INT32, ARR(i64(1))));
  CHECK(j->kind == NK_SI_TENSOR && dtype_is_void(j->dtype) && IR_AS(IrSITensor, j)->ndim == -1);
  CHECK(rx_sinfo_join(cx, t44(), rx_sinfo_shape(cx, ARR(i64(1))))->kind == NK_SI_OBJECT);
  CHECK(rx_sinfo_equal(cx, rx_sinfo_join(cx, t44(), t44()), t44()));
}

TEST(sinfo_call_substitutes_symbolic) {
  /* g(a: Tensor((n, m))) -> Tensor((m, n * 2)); g(x: (4, 8)) : Tensor((8, 4 * 2)) */
  Node *n = v64("n"), *m = v64("m");
  Node *a = rv("a", tensor(DT_FLOAT32, ARR(n, m)));
  Node *g = rfunc(ARR(a), seqx(NONE, a), tensor(DT_FLOAT32, ARR(m, bin(NK_MUL, n, i64(2)))));
  Node *mod = module(ARR(entry("g", g)));
  Node *x = rv("x", tensor(DT_FLOAT32, ARR(i64(4), i64(8))));
  RxEnv env;
  rx_env_init(&env, cx, mod, NULL);
  Node *si = rx_env_infer(&env, rcall(gv("g"), ARR(x), NONE));
  CHECK(si->kind == NK_SI_TENSOR);
  Node *shape = IR_AS(IrSITensor, si)->shape;
  CHECK(shape && shape->kind == NK_RX_SHAPE);
  NodeList d = IR_AS(IrArray, shape)->items;
  CHECK(d.n == 2 && d.v[0] == i64(8) && d.v[1] == bin(NK_MUL, i64(4), i64(2)));
  /* a callee var the arguments do not bind is erased, keeping ndim */
  Node *k = v64("k");
  Node *b = rv("b", rx_sinfo_tensor(cx, NULL, -1, DT_FLOAT32));
  Node *h = rfunc(ARR(b), seqx(NONE, b), tensor(DT_FLOAT32, ARR(k)));
  Node *mod2 = module(ARR(entry("h", h)));
  env.mod = mod2;
  Node *s2 = rx_env_infer(&env, rcall(gv("h"), ARR(x), NONE));
  CHECK(s2->kind == NK_SI_TENSOR && IR_AS(IrSITensor, s2)->shape == NULL && IR_AS(IrSITensor, s2)->ndim == 1);
  /* the function itself */
  Node *fs = rx_env_infer(&env, g);
  CHECK(fs->kind == NK_SI_FUNC && IR_AS(IrSIFunc, fs)->params.n == 1);
  rx_env_free(&env);
}

TEST(sinfo_base_check_levels) {
  Node *n = v64("n");
  Node *tn = tensor(DT_FLOAT32, ARR(n, i64(4)));
  CHECK(rx_sinfo_base_check(cx, rx_sinfo_object(cx), t44(), NULL) == RX_BASE_PASS);
  CHECK(rx_sinfo_base_check(cx, t44(), rx_sinfo_object(cx), NULL) == RX_BASE_FAIL_STATIC);
  CHECK(rx_sinfo_base_check(cx, tn, t44(), NULL) == RX_BASE_FAIL_DYNAMIC);
  CHECK(rx_sinfo_base_check(cx, tn, tn, NULL) == RX_BASE_PASS);
  CHECK(rx_sinfo_base_check(cx, rx_sinfo_tensor(cx, NULL, 2, DT_FLOAT32), tn, NULL) == RX_BASE_PASS);
  CHECK(rx_sinfo_is_base_of(cx, rx_sinfo_tensor(cx, NULL, -1, DT_VOID), tn));
  CHECK(!rx_sinfo_is_base_of(cx, tn, rx_sinfo_tensor(cx, NULL, -1, DT_VOID)));
  StrBuf why = {0};
  CHECK(rx_sinfo_base_check(cx, rx_sinfo_tuple(cx, ARR(t44(), t44())),
                            rx_sinfo_tuple(cx, ARR(t44(), tensor(DT_FLOAT32, ARR(i64(4), i64(2))))),
                            &why) == RX_BASE_FAIL_KIND);
  CHECK_STREQ(why.data, "field 1: dimension 1: 4 vs 2");
  sb_free(&why);
  /* n + 1 vs n: the prover tells them apart */
  Node *a = tensor(DT_FLOAT32, ARR(bin(NK_ADD, n, i64(1)))), *b = tensor(DT_FLOAT32, ARR(n));
  CHECK(rx_sinfo_base_check(cx, a, b, NULL) == RX_BASE_FAIL_KIND);
  CHECK(rx_sinfo_base_check(NULL, a, b, NULL) == RX_BASE_FAIL_DYNAMIC);
  /* Prim values and functions */
  CHECK(rx_sinfo_base_check(cx, rx_sinfo_prim(cx, DT_INT64, i64(3)), rx_sinfo_prim(cx, DT_INT64, i64(4)), NULL) ==
        RX_BASE_FAIL_KIND);
  Node *f1 = rx_sinfo_func(cx, ARR(t44()), t44(), true), *f2 = rx_sinfo_func(cx, ARR(t44(), t44()), t44(), true);
  CHECK(rx_sinfo_base_check(cx, f1, f2, NULL) == RX_BASE_FAIL_KIND);
  CHECK(rx_sinfo_is_base_of(cx, rx_sinfo_func(cx, NULL, -1, NULL, false), f1));
  CHECK(rx_sinfo_equal(cx, f1, f1));
}

TEST(sinfo_bool_scalar) {
  bool unk;
  CHECK(rx_sinfo_is_bool_scalar(rx_sinfo_prim(cx, DT_BOOL, NULL), &unk) && !unk);
  CHECK(rx_sinfo_is_bool_scalar(rx_sinfo_tensor(cx, NULL, 0, DT_BOOL), &unk) && !unk);
  CHECK(!rx_sinfo_is_bool_scalar(rx_sinfo_tensor(cx, NULL, -1, DT_BOOL), &unk) && unk);
  CHECK(!rx_sinfo_is_bool_scalar(rx_sinfo_object(cx), &unk) && unk);
  CHECK(!rx_sinfo_is_bool_scalar(rx_sinfo_prim(cx, DT_INT32, NULL), &unk) && !unk);
  CHECK(!rx_sinfo_is_bool_scalar(rx_sinfo_tensor(cx, NULL, 1, DT_BOOL), &unk) && !unk);
}

/* ---- through the TVMScript parser ---------------------------------------------- */

static const char good_script[] =
    "# from tvm.script import ir as I\n"
    "# from tvm.script import tir as T\n"
    "# from tvm.script import relax as R\n"
    "\n"
    "@I.ir_module\n"
    "class Module:\n"
    "    @T.prim_func\n"
    "    def lowered(A: T.Buffer((128,), \"float32\"), B: T.Buffer((128,), \"float32\")):\n"
    "        T.func_attr({\"global_symbol\": \"lowered\", \"tir.noalias\": True})\n"
    "        for b in T.thread_binding(4, thread=\"blockIdx.x\"):\n"
    "            for t in T.thread_binding(32, thread=\"threadIdx.x\"):\n"
    "                buf = T.allocate([4], \"float32\", \"local\")\n"
    "                buf_1 = T.Buffer((4,), data=buf, scope=\"local\")\n"
    "                buf_1[0] = A[b * 32 + t]\n"
    "                B[b * 32 + t] = buf_1[0] * T.float32(2.0)\n"
    "\n"
    "    @T.prim_func\n"
    "    def flat(A: T.Buffer((4, 4), \"float32\")):\n"
    "        A_1 = T.Buffer((16,), data=A.data)\n"
    "        for i in T.serial(16):\n"
    "            A_1[i] = T.float32(0.0)\n"
    "        for j in T.vectorized(4):\n"
    "            A_1[T.Ramp(0, 1, 4)] = T.Broadcast(T.float32(1.0), 4)\n"
    "\n"
    "    @T.prim_func\n"
    "    def sched(A: T.Buffer((128, 128), \"float32\"), B: T.Buffer((128,), \"float32\")):\n"
    "        # with T.block(\"root\"):\n"
    "        C = T.alloc_buffer((128,))\n"
    "        for i0 in T.parallel(128):\n"
    "            for k in range(128):\n"
    "                with T.block(\"sum\"):\n"
    "                    vi, vk = T.axis.remap(\"SR\", [i0, k])\n"
    "                    T.reads(A[vi, vk])\n"
    "                    T.writes(C[vi])\n"
    "                    with T.init():\n"
    "                        C[vi] = T.float32(0.0)\n"
    "                    C[vi] = C[vi] + A[vi, vk]\n"
    "        for i in range(128):\n"
    "            with T.block(\"B\"):\n"
    "                v = T.axis.spatial(128, i)\n"
    "                T.where(i < 128)\n"
    "                B[v] = T.if_then_else(C[v] > T.float32(0.0), C[v], T.float32(0.0))\n"
    "\n"
    "    @R.function\n"
    "    def helper(x: R.Tensor((\"n\", \"m\"), dtype=\"float32\")) -> R.Tensor((\"m\", \"n\"), dtype=\"float32\"):\n"
    "        n = T.int64()\n"
    "        m = T.int64()\n"
    "        y = R.call_pure_packed(\"my.transpose\", x, sinfo_args=(R.Tensor((m, n), dtype=\"float32\"),))\n"
    "        return y\n"
    "\n"
    "    @R.function\n"
    "    def main(x: R.Tensor((8, 4), dtype=\"float32\"), c: R.Prim(\"bool\"), s: R.Shape([\"k\"])) -> R.Tuple(R.Tensor((4, 8), dtype=\"float32\"), R.Tensor(dtype=\"float32\", ndim=2)):\n"
    "        k = T.int64()\n"
    "        j = T.int64()\n"
    "        cls = Module\n"
    "        t = cls.helper(x)\n"
    "        u: R.Tensor((4, 8), dtype=\"float32\") = t\n"
    "        if c:\n"
    "            r = t\n"
    "        else:\n"
    "            r = u\n"
    "        z = R.match_cast(x, R.Tensor((k, j), dtype=\"float32\"))\n"
    "        tup = (u, z)\n"
    "        first = tup[0]\n"
    "        return (first, z)\n"
    "\n";

static const char bad_script[] =
    "# from tvm.script import ir as I\n"
    "# from tvm.script import tir as T\n"
    "# from tvm.script import relax as R\n"
    "\n"
    "@I.ir_module\n"
    "class Module:\n"
    "    @T.prim_func\n"
    "    def matmul(A: T.Buffer((16, 16), \"float32\"), B: T.Buffer((16, 16), \"float32\"), C: T.Buffer((16, 16), \"float32\")):\n"
    "        for i, j, k in T.grid(16, 16, 16):\n"
    "            with T.block(\"C\"):\n"
    "                vi, vj, vk = T.axis.remap(\"SSR\", [i, j, k])\n"
    "                with T.init():\n"
    "                    C[vi, vj] = T.float32(0.0)\n"
    "                C[vi, vj] = C[vi, vj] + A[vi, vk] * B[k, vj]\n"
    "\n"
    "    @R.function\n"
    "    def main(x: R.Tensor((16, 16), dtype=\"float32\")) -> R.Tensor((16, 16), dtype=\"float32\"):\n"
    "        cls = Module\n"
    "        with R.dataflow():\n"
    "            lv = R.call_tir(cls.matmul, (x,), out_sinfo=R.Tensor((16, 16), dtype=\"float32\"))\n"
    "            gv: R.Tensor((16, 8), dtype=\"float32\") = lv\n"
    "            R.output(gv)\n"
    "        return gv\n"
    "\n";

static const char purity_script[] =
    "# from tvm.script import ir as I\n"
    "# from tvm.script import tir as T\n"
    "# from tvm.script import relax as R\n"
    "\n"
    "@I.ir_module\n"
    "class Module:\n"
    "    @T.prim_func\n"
    "    def fill(A: T.Buffer((16,), \"float32\")):\n"
    "        m = T.int32()\n"
    "        for i in range(m):\n"
    "            A[i] = T.float32(0.0)\n"
    "\n"
    "    @R.function\n"
    "    def forced(x: R.Tensor((4,), dtype=\"float32\")) -> R.Tensor((4,), dtype=\"float32\"):\n"
    "        R.func_attr({\"relax.force_pure\": True})\n"
    "        r: R.Object = R.call_packed(\"my_log\", x, sinfo_args=(R.Object,))\n"
    "        return x\n"
    "\n"
    "    @R.function\n"
    "    def main(x: R.Tensor((4,), dtype=\"float32\")) -> R.Tensor((4,), dtype=\"float32\"):\n"
    "        cls = Module\n"
    "        y: R.Tensor((4,), dtype=\"float32\") = cls.forced(x)\n"
    "        with R.dataflow():\n"
    "            lv: R.Tuple = R.print(y, format=\"{}\")\n"
    "            gv: R.Tensor((4,), dtype=\"float32\") = R.exp(y)\n"
    "            R.output(gv)\n"
    "        return gv\n"
    "\n";

/* Parse text, then check it; returns the check's diagnostics in d. */
static int parse_check(const char *text, DiagCtx *d, SourceFile **file) {
  *file = source_new("m.py", text, strlen(text));
  Node *root = script_parse(cx, *file, d);
  if (!root) {
    for (int32_t i = 0; i < d->items.len; i++) fprintf(stderr, "  parse: %s\n", d->items.data[i].message);
    return -1;
  }
  return ir_check(root, d);
}

TEST(script_good_module) {
  DiagCtx d;
  diag_init(&d);
  SourceFile *f;
  int n = parse_check(good_script, &d, &f);
  CHECK(n == 0);
  for (int32_t i = 0; i < d.items.len; i++) fprintf(stderr, "  unexpected: %s\n", d.items.data[i].message);
  diag_free(&d);
  source_free(f);
}

TEST(script_bad_module) {
  DiagCtx d;
  diag_init(&d);
  SourceFile *f;
  CHECK(parse_check(bad_script, &d, &f) == 4);
  StrBuf out = {0};
  diag_render(&d, &out);
  CHECK(out.data && strstr(out.data, "m.py:14:55: error: block 'C' uses the enclosing loop variable 'k'"));
  CHECK(out.data && strstr(out.data, "m.py:20:18: error: R.call_tir passes 1 input, 1 output and 0 tir_vars to "
                                     "'matmul', but the PrimFunc takes 3 parameters"));
  CHECK(out.data && strstr(out.data, "m.py:21:13: error: binding 'gv' is annotated as Tensor but its value is "
                                     "Tensor (dimension 1: 8 vs 16)"));
  CHECK(out.data && strstr(out.data, "m.py:23:16: error: function 'main' returns a Tensor that does not match "
                                     "the annotated return type Tensor (dimension 1: 16 vs 8)"));
  sb_free(&out);
  diag_free(&d);
  source_free(f);
}

TEST(script_purity_and_spans) {
  /* force_pure exempts `forced`; R.print in main's dataflow block breaks
   * both rules; the PrimFunc uses an unbound symbolic var; each is reported
   * at its token */
  DiagCtx d;
  diag_init(&d);
  SourceFile *f;
  CHECK(parse_check(purity_script, &d, &f) == 3);
  StrBuf out = {0};
  diag_render(&d, &out);
  CHECK(out.data && strstr(out.data, "m.py:10:24: error: symbolic variable 'm' is used before it is defined"));
  CHECK(out.data && strstr(out.data, "m.py:24:27: error: impure call 'R.print' is not allowed inside a "
                                     "dataflow block (function 'main')"));
  CHECK(out.data && strstr(out.data, "m.py:24:27: error: impure call 'R.print' in a pure function 'main'"));
  if (out.data && d.items.len != 3) fprintf(stderr, "%s", out.data);
  sb_free(&out);
  diag_free(&d);
  source_free(f);
}

int main(void) {
  cx = ir_ctx_new();
  RUN(tir_good_matmul);
  RUN(tir_good_symbolic);
  RUN(tir_good_vector_store);
  RUN(tir_good_composite_param_shape);
  RUN(tir_undefined_var);
  RUN(tir_loop_var_outside_loop);
  RUN(tir_block_uses_loop_var);
  RUN(tir_opaque_block_may_use_loop_var);
  RUN(tir_index_count);
  RUN(tir_load_index_count);
  RUN(tir_store_dtype);
  RUN(tir_store_lanes);
  RUN(tir_buffer_not_in_scope);
  RUN(tir_buffer_outside_its_block);
  RUN(tir_iter_value_count);
  RUN(tir_iter_value_dtype);
  RUN(tir_reduce_var_in_write_index);
  RUN(tir_duplicate_var);
  RUN(tir_duplicate_buffer);
  RUN(tir_loop_extent_dtype);
  RUN(tir_loop_extent_float);
  RUN(tir_binary_dtypes);
  RUN(tir_if_condition);
  RUN(tir_while_condition);
  RUN(tir_float_index);
  RUN(tir_let_dtype);
  RUN(tir_let_var_outside);
  RUN(tir_buffer_map_non_param);
  RUN(tir_composite_shape_undefined);
  RUN(tir_select_condition);
  RUN(tir_block_predicate);
  RUN(tir_and_operand);
  RUN(tir_match_buffer_defines_vars);
  RUN(tir_span_fallback);
  RUN(tir_bare_prim_func_and_errors_accumulate);
  RUN(malformed_ir_is_reported_not_fatal);
  RUN(rx_good_call_tir);
  RUN(rx_good_symbolic_match_cast_and_closure);
  RUN(rx_good_if_and_relax_call);
  RUN(rx_undefined_global);
  RUN(rx_call_tir_callee_not_prim);
  RUN(rx_call_tir_param_count);
  RUN(rx_call_arg_count);
  RUN(rx_call_arg_mismatch);
  RUN(rx_use_before_def);
  RUN(rx_dataflow_var_outside_block);
  RUN(rx_dataflow_var_result);
  RUN(rx_dataflow_var_outside_dataflow);
  RUN(rx_undefined_symbolic);
  RUN(rx_undefined_symbolic_in_ret);
  RUN(rx_bound_twice);
  RUN(rx_if_condition);
  RUN(rx_if_condition_tensor_bool_ok);
  RUN(rx_if_in_dataflow);
  RUN(rx_annotation_ndim);
  RUN(rx_annotation_dtype);
  RUN(rx_annotation_dim);
  RUN(rx_annotation_kind);
  RUN(rx_annotation_less_specific_ok);
  RUN(rx_match_cast_impossible);
  RUN(rx_tuple_index);
  RUN(rx_getitem_non_tuple);
  RUN(rx_return_mismatch);
  RUN(rx_undefined_global_reference);
  RUN(rx_duplicate_function);
  RUN(rx_call_tir_not_global);
  RUN(rx_shape_expr_float);
  RUN(rx_bare_function_global);
  RUN(rx_call_tir_rank_mismatch);
  RUN(rx_call_tir_dtype_mismatch);
  RUN(rx_call_tir_output_rank_mismatch);
  RUN(rx_call_tir_unknown_rank_ok);
  RUN(rx_impure_call_in_pure_function);
  RUN(rx_impure_function_may_call_impure);
  RUN(rx_impure_call_in_dataflow);
  RUN(rx_impure_ops);
  RUN(rx_call_impure_global);
  RUN(rx_force_pure);
  RUN(rx_nested_function_purity);
  RUN(span_find_name);
  RUN(sinfo_basic_forms);
  RUN(sinfo_constant);
  RUN(sinfo_seq_and_if_join);
  RUN(sinfo_call_substitutes_symbolic);
  RUN(sinfo_base_check_levels);
  RUN(sinfo_bool_scalar);
  RUN(script_good_module);
  RUN(script_bad_module);
  RUN(script_purity_and_spans);
  ir_ctx_free(cx);
  return harness_report();
}
