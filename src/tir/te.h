/*
 * te.h — the tensor-expression builder: describe a computation as tensors
 * defined by index formulas, then turn it into a TIR PrimFunc of blocks
 * exactly as Apache TVM's `te.create_prim_func` does.  The Relax operator
 * legalization builds every op's PrimFunc through it.
 *
 * A tutorial (C = A . B, 128 x 128):
 *   static Node *matmul(TeCtx *te, Node *const *ij, void *ud) {
 *     TeMatmul *m = ud;                        // holds A, B and the axis k
 *     Node *k = m->k->var;
 *     Node *a = te_load(te, m->A, (Node *[]){ij[0], k});
 *     Node *b = te_load(te, m->B, (Node *[]){k, ij[1]});
 *     return te_sum(te, ir_bin(te_ir(te), NK_MUL, a, b), 1, &m->k);
 *   }
 *   TeCtx *te = te_ctx_new(cx);
 *   Node *n128 = ir_int(cx, DT_INT32, 128), *sh[] = {n128, n128};
 *   m.A = te_placeholder(te, "A", 2, sh, DT_FLOAT32);
 *   m.B = te_placeholder(te, "B", 2, sh, DT_FLOAT32);
 *   m.k = te_reduce_axis(te, NULL, n128, "k");
 *   TeTensor *C = te_compute(te, "C", 2, sh, (const char *[]){"i", "j"}, matmul, &m);
 *   Node *f = te_create_prim_func(te, (TeTensor *[]){m.A, m.B, C}, 3);
 *   if (!f) fprintf(stderr, "%s\n", te_error(te));
 *   te_ctx_free(te);                           // nodes stay, owned by cx
 *
 * What create_prim_func produces (TVM's CreatePrimFunc + ScriptComplete):
 *   - parameters `var_<name>: T.handle` bound in buffer_map to one buffer per
 *     argument tensor (a symbolic shape var becomes defined there);
 *   - attrs {"global_symbol": "main", "tir.noalias": True};
 *   - a root block "root" whose alloc_buffers are the compute tensors that are
 *     not arguments, holding one loop nest per compute stage in dependency
 *     (post-DFS) order;
 *   - per stage: serial loops named after the axes (spatial first, then the
 *     reduce axes), a block named after the tensor (made unique: "sum",
 *     "sum_1"), block vars `v_<axis>` bound with the loop vars, reads/writes
 *     inferred (as the TVMScript parser infers them), and for a reduction a
 *     `T.init()` storing the identity, the body storing combiner(acc, value);
 *     with two outputs (argmax) the new values go through LetStmts
 *     `v_<buffer>` first, as TVM does;
 *   - data-parallel bodies and reduction sources simplified with arith.
 * Index dtypes: a loop and block var takes the wider of its domain's min and
 * extent dtypes, so int64 shapes give int64 loops.
 *
 * Errors: the builders never abort on bad input; the first problem is kept
 * (te_error) and later calls return NULL.  All nodes live in the IrCtx.
 */
#ifndef STRATA_TIR_TE_H
#define STRATA_TIR_TE_H

#include "../ir/ir.h"

typedef struct TeCtx TeCtx;
typedef struct TeTensor TeTensor;
typedef struct TeOp TeOp;

/* A reduce axis: `var` ranges over [min, min + extent). */
typedef struct TeIterVar {
  Node *var;
  Node *min, *extent;
} TeIterVar;

/* A tensor: a placeholder (op NULL) or one output of a compute stage. */
struct TeTensor {
  const char *name; /* also its buffer's name */
  int ndim;
  Node **shape;
  DType dtype;
  Node *buffer;    /* the Buffer that stands for the tensor (decl_buffer) */
  TeOp *op;        /* NULL for a placeholder */
  int value_index; /* which output of op */
  const char *block_name; /* its block in a data-parallel stage (TVM's tensor name) */
};

/* Builds the body of a compute from its index vars (one per dimension). */
typedef Node *(*TeComputeFn)(TeCtx *te, Node *const *idx, void *ud);
/* Several bodies at once (nout of them into bodies[]); false on failure. */
typedef bool (*TeComputeMultiFn)(TeCtx *te, Node *const *idx, void *ud, Node **bodies);

TeCtx *te_ctx_new(IrCtx *cx);
void te_ctx_free(TeCtx *te);
IrCtx *te_ir(TeCtx *te);
/* The first error recorded, or NULL. */
const char *te_error(const TeCtx *te);

/* An input tensor.  Each shape dim is an integer PrimExpr: an IntImm or an
 * expression of (int32/int64) vars for symbolic shapes. */
TeTensor *te_placeholder(TeCtx *te, const char *name, int ndim, Node *const *shape, DType dtype);

/* One compute stage with one output: out[idx] = fn(idx).  axis_names names
 * the index vars (NULL: "i0", "i1", ...); each var has its dim's dtype.  The
 * body may be a reduction (te_sum ...) only at its top. */
TeTensor *te_compute(TeCtx *te, const char *name, int ndim, Node *const *shape,
                     const char *const *axis_names, TeComputeFn fn, void *ud);
/* A stage with nout outputs of one shape.  Either every body is data
 * parallel, or the bodies are the outputs of one multi-value reduction in
 * order (te_argmax).  Outputs are named "<name>_v0", "<name>_v1", ... (TVM's
 * "<name>.v0" as its printer writes it).  Writes outs[]; false on error. */
bool te_compute_multi(TeCtx *te, const char *name, int ndim, Node *const *shape,
                      const char *const *axis_names, int nout, TeComputeMultiFn fn, void *ud,
                      TeTensor **outs);

/* t[indices] inside a compute body (a BufferLoad of t's buffer). */
Node *te_load(TeCtx *te, TeTensor *t, Node *const *indices);

/* A reduce axis over [min, min + extent); min NULL means 0.  Constant bounds
 * are widened to the other bound's dtype, so (0, n: int64) is all int64. */
TeIterVar *te_reduce_axis(TeCtx *te, Node *min, Node *extent, const char *name);

/* Commutative reductions of value over axes, usable only as the whole body
 * of a compute.  Identities as TVM: sum 0, prod 1, max the dtype's lowest
 * finite value (T.min_value), min its highest. */
Node *te_sum(TeCtx *te, Node *value, int naxes, TeIterVar *const *axes);
Node *te_prod(TeCtx *te, Node *value, int naxes, TeIterVar *const *axes);
Node *te_max(TeCtx *te, Node *value, int naxes, TeIterVar *const *axes);
Node *te_min(TeCtx *te, Node *value, int naxes, TeIterVar *const *axes);

/* The (index, value) pair reduction of TOPI's argmax / argmin: out[0] is
 * the index body, out[1] the value body, for te_compute_multi with nout 2.
 * Combiner (argmax; argmin swaps > for <):
 *   idx = select(acc_v > v || (acc_v == v && acc_i < i), acc_i, i)
 *   val = select(acc_v > v, acc_v, v)
 * so ties keep the first index (select_last: `acc_i > i`, the last); the
 * identity is (-1, lowest value) for argmax, (-1, highest) for argmin. */
bool te_argmax(TeCtx *te, Node *index, Node *value, int naxes, TeIterVar *const *axes,
               bool select_last, Node *out[2]);
bool te_argmin(TeCtx *te, Node *index, Node *value, int naxes, TeIterVar *const *axes,
               bool select_last, Node *out[2]);

/* The PrimFunc computing args (inputs and outputs, in parameter order) from
 * the placeholders among them; every placeholder the computation reads must
 * be an argument.  extra_vars (may be NULL when nvars is 0) are scalar vars
 * appended to the parameters (Relax's tir_vars).  NULL on error. */
Node *te_create_prim_func(TeCtx *te, TeTensor *const *args, int nargs);
Node *te_create_prim_func_vars(TeCtx *te, TeTensor *const *args, int nargs, Node *const *extra_vars,
                               int nvars);

#endif
