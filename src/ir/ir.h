/*
 * ir.h — the one IR of Strata: PrimExprs (shared by TIR bodies and Relax
 * shapes), TIR statements, Relax expressions and struct info, and the module.
 *
 * A tutorial in five lines:
 *   IrCtx *cx = ir_ctx_new();                         // owns an arena
 *   Node *i = ir_var(cx, "i", DT_INT32);              // vars have identity
 *   Node *e = ir_bin(cx, NK_ADD, i, ir_int(cx, DT_INT32, 1));
 *   SCHECK(e == ir_bin(cx, NK_ADD, i, ir_int(cx, DT_INT32, 1)));  // interned
 *   ir_ctx_free(cx);                                  // frees every node
 *
 * Every node kind is declared once in nodes.def; node.c drives the child
 * visitor, the mutator, structural equality and hashing, deep copy and the
 * dump from that table.  Nodes are immutable once finished (ir_finish):
 * transforms build new nodes and share unchanged children.
 */
#ifndef STRATA_IR_H
#define STRATA_IR_H

#include "../support/support.h"

/* ---- DType ---------------------------------------------------------------- */

/* Codes follow DLPack so tensors cross to the runtime unchanged. */
typedef enum DTypeCode {
  DT_CODE_INT = 0,
  DT_CODE_UINT = 1,
  DT_CODE_FLOAT = 2,
  DT_CODE_HANDLE = 3,
  DT_CODE_BFLOAT = 4,
  DT_CODE_BOOL = 6,
} DTypeCode;

typedef struct DType {
  uint8_t code;
  uint8_t bits;
  uint16_t lanes;
} DType;

#define DT_MAKE(c, b, l) ((DType){(uint8_t)(c), (uint8_t)(b), (uint16_t)(l)})
#define DT_VOID DT_MAKE(DT_CODE_HANDLE, 0, 0)
#define DT_BOOL DT_MAKE(DT_CODE_BOOL, 8, 1)
#define DT_INT8 DT_MAKE(DT_CODE_INT, 8, 1)
#define DT_INT16 DT_MAKE(DT_CODE_INT, 16, 1)
#define DT_INT32 DT_MAKE(DT_CODE_INT, 32, 1)
#define DT_INT64 DT_MAKE(DT_CODE_INT, 64, 1)
#define DT_UINT8 DT_MAKE(DT_CODE_UINT, 8, 1)
#define DT_FLOAT16 DT_MAKE(DT_CODE_FLOAT, 16, 1)
#define DT_BFLOAT16 DT_MAKE(DT_CODE_BFLOAT, 16, 1)
#define DT_FLOAT32 DT_MAKE(DT_CODE_FLOAT, 32, 1)
#define DT_FLOAT64 DT_MAKE(DT_CODE_FLOAT, 64, 1)
#define DT_HANDLE DT_MAKE(DT_CODE_HANDLE, 64, 1)

static inline bool dtype_eq(DType a, DType b) {
  return a.code == b.code && a.bits == b.bits && a.lanes == b.lanes;
}
static inline bool dtype_is_void(DType t) { return t.code == DT_CODE_HANDLE && t.bits == 0; }
static inline bool dtype_is_int(DType t) { return t.code == DT_CODE_INT; }
static inline bool dtype_is_uint(DType t) { return t.code == DT_CODE_UINT; }
static inline bool dtype_is_bool(DType t) { return t.code == DT_CODE_BOOL; }
/* int, uint or bool: the types index arithmetic and the simplifier work on. */
static inline bool dtype_is_integral(DType t) {
  return t.code == DT_CODE_INT || t.code == DT_CODE_UINT || t.code == DT_CODE_BOOL;
}
static inline bool dtype_is_float(DType t) {
  return t.code == DT_CODE_FLOAT || t.code == DT_CODE_BFLOAT;
}
static inline bool dtype_is_handle(DType t) { return t.code == DT_CODE_HANDLE && t.bits != 0; }
static inline DType dtype_with_lanes(DType t, int lanes) {
  t.lanes = (uint16_t)lanes;
  return t;
}
static inline DType dtype_element(DType t) { return dtype_with_lanes(t, 1); }

/* "float32", "int64x4", "bool", "handle", "void"; written into a static
 * per-thread buffer for 16 names in rotation: copy it if you keep it. */
const char *dtype_str(DType t);
/* Parse a dtype name; false if it is not one we know. */
bool dtype_parse(const char *s, DType *out);
/* Bytes per element (lanes included); bool is one byte. */
int dtype_bytes(DType t);
/* Smallest and largest representable value of an integer dtype. */
int64_t dtype_int_min(DType t);
int64_t dtype_int_max(DType t);

/* ---- Nodes ---------------------------------------------------------------- */

typedef enum NodeKind {
#define KIND(K, S, CAT, NAME) NK_##K,
#include "nodes.def"
  NK_COUNT
} NodeKind;

typedef enum NodeCat {
  CAT_EXPR, CAT_VAR, CAT_STMT, CAT_AUX, CAT_SINFO, CAT_RX, CAT_BIND, CAT_MOD
} NodeCat;

typedef struct Node Node;
struct Node {
  uint16_t kind;     /* NodeKind */
  uint8_t finished;  /* set by ir_finish; an interned node is never mutated */
  uint8_t reserved;
  uint32_t hash;     /* shallow hash, for interning */
  DType dtype;       /* PrimExpr type; Buffer/Allocate/TensorData element type;
                        PrimStructInfo/TensorStructInfo/DataTypeImm dtype */
  Span span;
  Node *sinfo;       /* Relax: the struct info of an expression (annotation on
                        a var); not part of an expression's identity except
                        on vars */
};

typedef struct NodeList {
  Node **v;
  int32_t n;
} NodeList;

typedef struct Blob {
  const uint8_t *data;
  int64_t size;
} Blob;

#define FT_NODE Node *
#define FT_LIST NodeList
#define FT_I64 int64_t
#define FT_F64 double
#define FT_STR const char *
#define FT_DTYPE DType
#define FT_BLOB Blob
#define FIELD(S, T, name) FT_##T name;
#define STRUCT(S, fields) typedef struct S { Node hdr; fields } S;
#include "nodes.def"

typedef enum FieldKind { FK_END, FK_NODE, FK_LIST, FK_I64, FK_F64, FK_STR, FK_DTYPE, FK_BLOB } FieldKind;
typedef struct FieldDesc {
  uint8_t kind;
  uint16_t offset;
  const char *name;
} FieldDesc;

typedef struct KindInfo {
  const char *name;
  NodeCat cat;
  uint32_t size;
  const FieldDesc *fields; /* terminated by FK_END */
} KindInfo;

extern const KindInfo ir_kinds[NK_COUNT];

#define IR_AS(S, n) ((S *)(n))
static inline NodeCat ir_cat(const Node *n) { return ir_kinds[n->kind].cat; }
static inline const char *ir_kind_name(int k) { return ir_kinds[k].name; }
static inline bool ir_is_expr(const Node *n) {
  return n && (ir_cat(n) == CAT_EXPR || n->kind == NK_VAR || n->kind == NK_SIZEVAR);
}
static inline bool ir_is_stmt(const Node *n) { return n && ir_cat(n) == CAT_STMT; }
static inline bool ir_is_tir_var(const Node *n) {
  return n && (n->kind == NK_VAR || n->kind == NK_SIZEVAR);
}
static inline bool ir_is_rx_var(const Node *n) {
  return n && (n->kind == NK_RX_VAR || n->kind == NK_RX_DFVAR);
}
static inline bool ir_is_sinfo(const Node *n) { return n && ir_cat(n) == CAT_SINFO; }
static inline bool ir_is_binary(int k) { return k >= NK_ADD && k <= NK_OR; }
static inline bool ir_is_cmp(int k) { return k >= NK_EQ && k <= NK_GE; }

/* IrFor.kind (values as in TVM's ForKind). */
typedef enum ForKind {
  FOR_SERIAL = 0,
  FOR_PARALLEL = 1,
  FOR_VECTORIZED = 2,
  FOR_UNROLLED = 3,
  FOR_THREAD_BINDING = 4,
} ForKind;

/* IrIterVar.iter_type (values as in TVM's IterVarType). */
typedef enum IterType {
  ITER_SPATIAL = 0,  /* T.axis.spatial, "S" */
  ITER_THREAD = 1,   /* thread index (For thread_binding) */
  ITER_REDUCE = 2,   /* T.axis.reduce, "R" */
  ITER_SCAN = 3,     /* T.axis.scan (TVM's kOrdered) */
  ITER_OPAQUE = 4,   /* T.axis.opaque */
} IterType;

/* IrFunction.is_pure and IrSIFunc.purity: 1 pure, 0 impure. */

/* ---- Context: the arena and intern table that own nodes ------------------- */

typedef struct IrCtx {
  Arena *arena;
  Node **itab; /* open-addressing intern table of finished EXPR nodes */
  int32_t ilen, icap;
  PtrVec sources; /* SourceFiles the context owns (spans of its nodes point into them) */
} IrCtx;

IrCtx *ir_ctx_new(void);
/* Frees every node, and the source files the context was given. */
void ir_ctx_free(IrCtx *cx);
/* Hand a source file to the context, so it lives as long as the nodes whose
 * spans point into it; returns f. */
SourceFile *ir_ctx_own_source(IrCtx *cx, SourceFile *f);

/* Allocate a zeroed node of kind k (fields to be filled), then ir_finish it.
 * ir_finish interns EXPR nodes: it may return an older equal node. */
Node *ir_alloc(IrCtx *cx, NodeKind k, Span sp);
Node *ir_finish(IrCtx *cx, Node *n);
/* Shallow copy of a node, not finished: change fields, then ir_finish. */
Node *ir_clone(IrCtx *cx, const Node *n);

NodeList ir_list(IrCtx *cx, Node *const *items, int32_t n);
NodeList ir_list_from_vec(IrCtx *cx, const PtrVec *v);
static inline NodeList ir_list_empty(void) {
  NodeList l = {NULL, 0};
  return l;
}
Blob ir_blob(IrCtx *cx, const void *data, int64_t size);

/* ---- PrimExpr constructors (typed; all interned) -------------------------- */

Node *ir_int(IrCtx *cx, DType t, int64_t v);
Node *ir_float(IrCtx *cx, DType t, double v);
Node *ir_bool(IrCtx *cx, bool v);
Node *ir_string(IrCtx *cx, const char *s);
/* Fresh variable (never interned): each call is a distinct variable. */
Node *ir_var(IrCtx *cx, const char *name, DType t);
Node *ir_size_var(IrCtx *cx, const char *name, DType t);
Node *ir_cast(IrCtx *cx, DType t, Node *v);
/* Binary node of kind k; comparison and logic kinds get bool (with the
 * operands' lanes), arithmetic the dtype of a.  No simplification. */
Node *ir_bin(IrCtx *cx, NodeKind k, Node *a, Node *b);
Node *ir_not(IrCtx *cx, Node *a);
Node *ir_select(IrCtx *cx, Node *c, Node *t, Node *f);
Node *ir_call(IrCtx *cx, DType t, const char *op, Node *const *args, int32_t nargs);
Node *ir_buffer_load(IrCtx *cx, Node *buf, Node *const *idx, int32_t n);
Node *ir_ramp(IrCtx *cx, Node *base, Node *stride, int64_t lanes);
Node *ir_broadcast(IrCtx *cx, Node *v, int64_t lanes);
Node *ir_let(IrCtx *cx, Node *var, Node *value, Node *body);
Node *ir_range(IrCtx *cx, Node *min, Node *extent);

/* Is n an integer constant?  Writes its value. */
bool ir_is_const_int(const Node *n, int64_t *v);
bool ir_is_const_float(const Node *n, double *v);

/* ---- Generic traversal ---------------------------------------------------- */

/* Call f on every child (NODE fields and LIST items, in table order; plus the
 * struct info of Relax vars). */
typedef void (*IrChildFn)(Node *child, void *ud);
void ir_visit_children(Node *n, IrChildFn f, void *ud);

/* Rebuild n with f applied to every child; returns n itself when no child
 * changed.  f may return NULL only for a child that was NULL. */
typedef Node *(*IrMutateFn)(Node *child, void *ud);
Node *ir_mutate_children(IrCtx *cx, Node *n, IrMutateFn f, void *ud);

/* n with every node that is a key of map replaced by its value.  Variables,
 * buffers and global names are never rebuilt (a buffer whose shape mentions
 * a mapped variable keeps its identity); shared subtrees are rewritten once.
 * Nothing is simplified. */
Node *ir_subst(IrCtx *cx, Node *n, const PtrMap *map);

/* Pre-order walk of the whole tree below n (each distinct node once). */
typedef bool (*IrWalkFn)(Node *n, void *ud); /* return false to skip children */
void ir_walk(Node *n, IrWalkFn f, void *ud);

/* ---- Structural equality, hashing, copy, dump ----------------------------- */

/* Equal modulo a consistent renaming of variables and buffers (a bijection
 * built as they are met); spans are ignored; GlobalVars compare by name. */
bool ir_struct_equal(const Node *a, const Node *b);
/* On inequality, writes a path to the first difference into why (optional). */
bool ir_struct_equal_explain(const Node *a, const Node *b, StrBuf *why);
/* A hash consistent with ir_struct_equal. */
uint64_t ir_struct_hash(const Node *n);
/* Deep copy into another context, preserving sharing and variable identity
 * (within the copy). */
Node *ir_copy(IrCtx *dst, const Node *n);
/* S-expression dump, for debugging and tests. */
void ir_dump(const Node *n, StrBuf *out);

/* ---- Module helpers ------------------------------------------------------- */

/* Builds an empty module node. */
Node *ir_module_new(IrCtx *cx);
/* Function bound to a global name, or NULL. */
Node *ir_module_lookup(const Node *mod, const char *name);
/* Attribute value (a Pair list) by key, or NULL. */
Node *ir_attrs_get(NodeList attrs, const char *key);

#endif
