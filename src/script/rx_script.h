/*
 * rx_script.h — private to the Relax half of the TVMScript parser
 * (from_relax.c: functions, statements, expressions; from_relax_sinfo.c:
 * struct info annotations, shape dimensions, node builders and the little
 * struct-info inference the parser does).  The printer (print_relax.c) uses
 * only the node builders' conventions, not this state.
 *
 * Representation reminders (nodes.def): every Relax expression carries its
 * struct info in hdr.sinfo where it is known (NULL otherwise); shapes are
 * RX_SHAPE nodes over int64 PrimExprs; a tensor's struct info points at an
 * RX_SHAPE, at a shape-typed relax Var, or at nothing.
 */
#ifndef STRATA_SCRIPT_RX_SCRIPT_H
#define STRATA_SCRIPT_RX_SCRIPT_H

#include "script_impl.h"

/* The SeqExpr being built: finished blocks and the open one. */
typedef struct RxSeq {
  PtrVec blocks;   /* BINDING_BLOCK / DATAFLOW_BLOCK nodes */
  PtrVec cur;      /* bindings of the open block */
  bool dataflow;   /* the open block is a dataflow block */
} RxSeq;

typedef struct RxCtx {
  ScriptParser *p;
  bool in_sig;        /* parameters / return annotation: "n" dims declare vars */
  int func_depth;     /* 0 while parsing a top-level function's own body */
  RxSeq *seq;         /* where bindings go; NULL outside a body */
  /* The dataflow block being parsed: R.output's names, and the index of the
   * last statement of the block (R.output itself). */
  const PyExpr *outputs;
  const PyBody *df_body; /* the dataflow block's statements */
  PtrVec *func_attrs;    /* R.func_attr pairs of the function being parsed */
  Node *module_marker;   /* what `cls` (the module alias) is bound to */
  int nlv, ngv;          /* fresh names handed out: lv, lv1, ... / gv, gv1, ... */
  /* Shared by a top-level function and the functions nested in it: */
  PtrMap *poison;   /* stand-in vars bound after a failed binding (no cascades) */
  StrMap *df_gone;  /* name -> dataflow var whose block has closed */
} RxCtx;

/* from_relax_sinfo.c */
Node *rxp_sinfo(RxCtx *r, const PyExpr *e);
/* A symbolic dimension or PrimExpr inside Relax: bare ints are int64. */
Node *rxp_prim(RxCtx *r, const PyExpr *e);
/* Pre-declare the symbolic variables written as "n" strings in the
 * parameter annotations of def (TVM collects them before any parameter),
 * and those written as undefined bare names, `R.Tensor[(n, d), "float32"]`
 * (the seed's spelling; old Relax declared them as int64 variables). */
void rxp_declare_sig_vars(RxCtx *r, const PyStmt *def);
/* Parse a dtype argument: "float32", T.float32, or None (void). */
bool rxp_dtype_arg(RxCtx *r, const PyExpr *e, DType *out);
/* An integer literal (with an optional minus sign). */
bool rxp_int_arg(RxCtx *r, const PyExpr *e, int64_t *out);

Node *rxp_si_object(IrCtx *cx);
Node *rxp_si_prim(IrCtx *cx, DType t, Node *value);
Node *rxp_si_shape(IrCtx *cx, NodeList values, int64_t ndim, bool has_values);
Node *rxp_si_tensor(IrCtx *cx, Node *shape, int64_t ndim, DType t, Node *vdevice);
Node *rxp_si_tuple(IrCtx *cx, NodeList fields);
Node *rxp_si_func(IrCtx *cx, NodeList params, Node *ret, bool pure, bool opaque);
/* R.shape([...]) with its struct info. */
Node *rxp_shape_expr(IrCtx *cx, NodeList values, Span sp);

/* from_relax_const.c: tensor constants (TENSOR_DATA: element dtype in hdr,
 * shape as int64 IntImms, little-endian packed elements). */
/* R.const(value[, dtype]) → an RX_CONST with its struct info, or NULL. */
Node *rxp_const_parse(RxCtx *r, const PyExpr *call);
/* An RX_CONST over a TENSOR_DATA (for metadata references). */
Node *rxp_const_node(IrCtx *cx, Node *data, Span sp);
/* Element i of a tensor as a double / an integer. */
double rxp_const_get_f(const Node *data, int64_t i);
int64_t rxp_const_get_i(const Node *data, int64_t i);
int64_t rxp_const_numel(const Node *data);

/* from_relax.c */
/* A Relax expression (argument position: non-leaf values are bound to
 * fresh variables first when normalize is set). */
Node *rxp_expr(RxCtx *r, const PyExpr *e);

#endif
