/*
 * relax.h — Relax analyses: struct-info construction, comparison and
 * inference (struct_info.c), and the well-formedness checker
 * (well_formed.c).
 *
 *   Node *si = rx_infer_sinfo(cx, expr, &diag);        // standalone
 *   RxEnv env; rx_env_init(&env, cx, module, &diag);   // with a module and
 *   Node *s2 = rx_env_infer(&env, expr);               // a table of var sinfos
 *   rx_env_free(&env);
 *   int n = rx_check_function(cx, module, func, "main", &diag);
 *
 * Representation this layer assumes (Apache TVM's):
 *   ObjectStructInfo   SI_OBJECT.
 *   PrimStructInfo     SI_PRIM: header dtype (void = unknown), a = value or NULL.
 *   ShapeStructInfo    SI_SHAPE: ndim (-1 = unknown), has_values, values.
 *   TensorStructInfo   SI_TENSOR: header dtype (void = unknown), ndim (-1 =
 *                      unknown), shape = a ShapeExpr, a relax Var of Shape
 *                      struct info, or NULL.
 *   TupleStructInfo    SI_TUPLE: items.
 *   FuncStructInfo     SI_FUNC: params, ret, purity, opaque (params unknown).
 *   Function           RX_FUNC: params are relax Vars whose sinfo is their
 *                      annotation; body a SeqExpr; ret_sinfo.
 *   VarBinding         sinfo = the annotation or NULL (the var's own sinfo, if
 *                      set, counts as the annotation too); MatchCast sinfo =
 *                      the target.
 *   Call               op is an Op (IrStr "relax.call_tir", ...), a GlobalVar,
 *                      an ExternFunc or a var.  The builtin forms:
 *       R.call_tir(gv, (a, b), out_sinfo=S[, tir_vars=(n,)])
 *           op "relax.call_tir", args [gv, Tuple(a, b)[, ShapeExpr]], sinfo_args [S]
 *       R.call_tir_inplace(...)   the same with op "relax.call_tir_inplace"
 *       R.call_dps_packed("f", (a,), out_sinfo=S)
 *           op "relax.call_dps_packed", args [ExternFunc f, Tuple(a)], sinfo_args [S]
 *       R.call_packed("f", a, sinfo_args=S)        op ExternFunc f, args [a]
 *       R.call_pure_packed("f", a, sinfo_args=S)
 *           op "relax.call_pure_packed", args [ExternFunc f, a]
 *     Op names are accepted with or without the "relax." prefix.
 * Operators by name (relax.add, ...) have no registry yet: a call to one has
 * the struct info it was annotated with, else Object.
 */
#ifndef STRATA_RELAX_H
#define STRATA_RELAX_H

#include "../ir/ir.h"

/* ---- struct info constructors (struct_info.c) ------------------------------ */

Node *rx_sinfo_object(IrCtx *cx);
/* value may be NULL. */
Node *rx_sinfo_prim(IrCtx *cx, DType t, Node *value);
/* Known values (ndim = n). */
Node *rx_sinfo_shape(IrCtx *cx, Node *const *values, int32_t n);
/* Unknown values, ndim known or -1. */
Node *rx_sinfo_shape_ndim(IrCtx *cx, int64_t ndim);
/* shape: ShapeExpr, a relax var, or NULL (then ndim may be -1).  When shape
 * is a ShapeExpr, ndim is taken from it. */
Node *rx_sinfo_tensor(IrCtx *cx, Node *shape, int64_t ndim, DType t);
Node *rx_sinfo_tuple(IrCtx *cx, Node *const *fields, int32_t n);
/* params NULL with n < 0: an opaque function. */
Node *rx_sinfo_func(IrCtx *cx, Node *const *params, int32_t n, Node *ret, bool pure);
/* A ShapeExpr (relax.ShapeExpr) of PrimExprs. */
Node *rx_shape_new(IrCtx *cx, Node *const *values, int32_t n);

/* ---- comparison ------------------------------------------------------------ */

/* How far derived is from being an instance of base (TVM's levels). */
typedef enum RxBaseCheck {
  RX_BASE_FAIL_KIND = 0,    /* provably incompatible: kind, dtype, ndim or a
                               constant dimension differs */
  RX_BASE_FAIL_STATIC = 1,  /* derived is less specific than base (needs a cast) */
  RX_BASE_FAIL_DYNAMIC = 2, /* symbolic dimensions not proven equal */
  RX_BASE_PASS = 3,
} RxBaseCheck;

/* Compare base and derived; on RX_BASE_FAIL_KIND writes the first reason into
 * why (optional), e.g. "dtype float32 vs int32", "dimension 1: 4 vs 5".  cx
 * may be NULL; with a context the arithmetic prover is used for symbolic
 * dimensions. */
RxBaseCheck rx_sinfo_base_check(IrCtx *cx, const Node *base, const Node *derived, StrBuf *why);
/* Every value of derived is a value of base (provably). */
bool rx_sinfo_is_base_of(IrCtx *cx, const Node *base, const Node *derived);
/* Same struct info: kinds, dtypes, ndims, and dimensions equal (identical
 * expressions, or proven equal when cx is given). */
bool rx_sinfo_equal(IrCtx *cx, const Node *a, const Node *b);
/* Least common ancestor: what both a and b are instances of. */
Node *rx_sinfo_join(IrCtx *cx, const Node *a, const Node *b);
/* "Tensor", "Tuple", "Shape", "Prim", "Object", "Callable". */
const char *rx_sinfo_kind_name(const Node *si);
/* Replace TIR vars by the PrimExprs map gives them (var -> expr). */
Node *rx_sinfo_subst(IrCtx *cx, Node *si, const PtrMap *map);

/* ---- inference ------------------------------------------------------------- */

typedef struct RxEnv {
  IrCtx *cx;       /* new struct info is built here */
  const Node *mod; /* for GlobalVar callees; may be NULL */
  DiagCtx *diag;   /* may be NULL */
  PtrMap vars;     /* relax var -> struct info inferred for it */
  bool walk_seq;   /* infer a SeqExpr's bindings (else they are in vars) */
  Span span;       /* fallback span for reports */
  int nerrors;     /* errors reported by inference */
} RxEnv;

void rx_env_init(RxEnv *env, IrCtx *cx, const Node *mod, DiagCtx *diag);
void rx_env_free(RxEnv *env);
/* The struct info of a relax var: its annotation, else the inferred one
 * recorded in env, else Object. */
Node *rx_env_var_sinfo(RxEnv *env, const Node *var);
void rx_env_set_var(RxEnv *env, const Node *var, Node *si);
/* Infer the struct info of expr.  Reports (tuple index out of range, item of
 * a non-tuple) go to env->diag.  Never NULL. */
Node *rx_env_infer(RxEnv *env, Node *expr);
/* Standalone inference: no module (GlobalVars use their own sinfo), SeqExpr
 * bindings inferred as met. */
Node *rx_infer_sinfo(IrCtx *cx, Node *expr, DiagCtx *diag);
/* Is this struct info a bool scalar condition (R.Prim("bool"), a 0-d bool
 * Tensor)?  Unknown parts (Object, unknown dtype or ndim) give *unknown. */
bool rx_sinfo_is_bool_scalar(const Node *si, bool *unknown);
/* The function a module binds to name, or NULL (tolerates malformed
 * modules, unlike ir_module_lookup). */
Node *rx_module_func(const Node *mod, const char *name);
/* The op name of a builtin call without the "relax." prefix, or NULL when
 * the callee is not an Op. */
const char *rx_call_op_name(const Node *call);

/* ---- purity ---------------------------------------------------------------- */

/* Is the op (with or without "relax.") free of visible effects?  False for
 * the ops TVM registers as impure: print, assert_op, call_builtin_with_ctx,
 * invoke_closure, memory.kill_storage/kill_tensor, vm.kill_object,
 * vm.call_tir_dyn. */
bool rx_op_is_pure(const char *name);
/* Purity of a call, TVM's IsImpureCall: an op by its registration; R.call_packed
 * (an ExternFunc callee) impure; a module function by its own purity (a
 * PrimFunc with a buffer_map, or an extern function, is impure); a var by
 * its FuncStructInfo.  1 pure, 0 impure, -1 unknown (callee not a function). */
int rx_call_purity(RxEnv *env, const Node *call);

/* ---- well-formedness (well_formed.c) --------------------------------------- */

/* Check one Relax function (mod: the enclosing module or NULL; name for
 * messages).  Returns the number of errors added.  What is checked:
 *   - globals referenced exist in mod; call_tir's callee is a PrimFunc whose
 *     parameter count matches inputs + outputs + tir_vars, and whose buffers
 *     have the rank and dtype of the tensors passed and returned; a call of a Relax
 *     function passes its parameter count, with no provably wrong argument;
 *   - relax vars are defined before use and bound once; dataflow vars are
 *     bound only in a dataflow block, used only inside their own block and
 *     never as the function result; no If inside a dataflow block;
 *   - symbolic vars used in struct info, ShapeExprs and PrimValues are
 *     defined by the parameters' struct info (a bare var dimension) or by a
 *     match_cast before use; ShapeExpr values are integers;
 *   - If conditions are bool scalars (unknown struct info is accepted);
 *   - an annotated binding, a match_cast target and the declared return
 *     struct info are not provably incompatible with what is inferred;
 *   - purity (rx_call_purity): no impure call inside a dataflow block, and
 *     none in a pure function (the default; @R.function(pure=False) is
 *     impure) unless it has the attribute relax.force_pure.  A nested
 *     function is judged by its own purity.
 * A use of a var is reported at its name inside the innermost enclosing
 * node with a span (ir_span_find_name): vars carry their definition's span. */
int rx_check_function(IrCtx *cx, const Node *mod, const Node *func, const char *name,
                      DiagCtx *diag);

#endif
