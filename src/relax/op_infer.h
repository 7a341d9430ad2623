/*
 * op_infer.h — struct-info inference for the operators of the Relax op table
 * (op_schema.c), following the FInferStructInfo rules of Apache TVM v0.23
 * (src/relax/op/tensor, nn, image).
 *
 *   Node *si = rx_op_infer(cx, call, &diag);   // NULL: not inferred
 *
 * The call's arguments carry their struct info in hdr.sinfo (the parser sets
 * it); attributes are the full list op_schema.c builds.  Unknown ranks and
 * dtypes propagate as in TVM (ndim -1, dtype void).  Shape and dtype errors
 * TVM rejects at compile time (dims that are provably not broadcastable,
 * wrong ranks, axes out of range, mismatched dtypes) are reported into diag
 * at the call's span, naming the op and the argument, and give NULL.
 * Ops without inference yet, or arguments whose struct info is unknown
 * (Object), also give NULL.
 *
 * The rules live in op_infer_ewise.c (elementwise, creation, activations,
 * norms), op_infer_manip.c (reductions, sorting, shape manipulation) and
 * op_infer_nn.c (matmul, convolution, pooling, resize); op_infer.c holds
 * the dispatch table and the helpers below.
 */
#ifndef STRATA_RELAX_OP_INFER_H
#define STRATA_RELAX_OP_INFER_H

#include "ir/ir.h"

Node *rx_op_infer(IrCtx *cx, Node *call, DiagCtx *diag);
/* Has the op named name (without "relax.") an inference rule? */
bool rx_op_has_infer(const char *name);

/* ---- for the rule files ---------------------------------------------------- */

typedef struct RxInfer {
  IrCtx *cx;
  Node *call;
  const char *op; /* "nn.conv2d" */
  DiagCtx *diag;
} RxInfer;

typedef Node *(*RxInferFn)(RxInfer *I);

typedef struct RxInferRule {
  const char *name;
  RxInferFn fn;
} RxInferRule;

/* NULL-terminated tables of the rule files */
extern const RxInferRule rx_infer_ewise[], rx_infer_manip[], rx_infer_nn[];

/* Report "R.<op>: <msg>" at the call; returns NULL. */
Node *rxi_error(RxInfer *I, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int32_t rxi_nargs(RxInfer *I);
Node *rxi_arg(RxInfer *I, int32_t i);
/* Struct info of argument i, NULL when absent or Object. */
Node *rxi_arg_si(RxInfer *I, int32_t i);
/* Argument i as a tensor: its struct info, or NULL (an error is reported
 * when it is known and not a tensor, naming the argument `what`). */
Node *rxi_tensor(RxInfer *I, int32_t i, const char *what);
/* Attribute values (NULL for None or absent). */
Node *rxi_attr(RxInfer *I, const char *name);
bool rxi_attr_int(RxInfer *I, const char *name, int64_t *v); /* false: None */
bool rxi_attr_bool(RxInfer *I, const char *name);
const char *rxi_attr_str(RxInfer *I, const char *name);
DType rxi_attr_dtype(RxInfer *I, const char *name); /* void for "void" */
/* An int list attribute: count (-1 for None); at most max values. */
int32_t rxi_attr_ints(RxInfer *I, const char *name, int64_t *out, int32_t max);

int64_t rxi_ndim(const Node *tsi);
/* The dimensions of a tensor struct info whose shape is a ShapeExpr. */
bool rxi_dims(const Node *tsi, NodeList *out);
/* Normalize axis for rank ndim; false after an error. */
bool rxi_axis(RxInfer *I, int64_t axis, int64_t ndim, int64_t *out);
Node *rxi_int(RxInfer *I, int64_t v); /* an int64 constant */
Node *rxi_simplify(RxInfer *I, Node *e);
/* dim1 == dim2: 1 proven, 0 provably different, -1 unknown. */
int rxi_dim_eq(RxInfer *I, Node *a, Node *b);
/* Tensor struct info from dims (a new ShapeExpr). */
Node *rxi_tensor_dims(RxInfer *I, Node *const *dims, int32_t n, DType t);
Node *rxi_tensor_ndim(RxInfer *I, int64_t ndim, DType t);
/* The same tensor struct info with another dtype. */
Node *rxi_with_dtype(RxInfer *I, const Node *tsi, DType t);
const char *rxi_dtype_str(DType t);

#endif
