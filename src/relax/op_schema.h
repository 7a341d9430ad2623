/*
 * op_schema.h — the Relax operator table: what the TVMScript parser and
 * printer need to know about each operator of Apache TVM v0.23.
 *
 * Each entry names the op twice (`R.nn.conv2d` in TVMScript, `relax.nn.conv2d`
 * as the Op), lists its positional Relax arguments and its attributes in the
 * field order of TVM's attrs node (which is the order TVM's printer writes
 * them), each with the value TVM stores when the Python API's argument is
 * omitted.  A call in the IR always holds the full attribute list:
 *
 *   const RxOpSchema *s = rx_op_find("sum");         // R.sum
 *   // s->op == "relax.sum", s->attrs[0] = {"axis", RX_ATTR_OPT_INTS, "None"}
 *   Node *vals[RX_OP_MAX_ATTRS] = {0}; bool given[RX_OP_MAX_ATTRS] = {0};
 *   ... set the attributes the user wrote ...
 *   rx_op_fill_attrs(cx, s, vals, given, err, sizeof err);  // defaults, conversions
 *
 * Argument strings: "x1, x2" (required Relax arguments); "k=0" an optional
 * argument whose default is an int64 R.prim_value; "strides?" an optional
 * argument that is simply left out; a ":shape" suffix means a list or tuple
 * written there is an R.shape (as TVM's Python API converts it).
 *
 * Default texts are TVMScript literals as TVM prints them ("[1, 1]", "None",
 * "\"NCHW\"", "1.0000000000000001e-05", "False"); "@data_layout" means "the
 * value of attribute data_layout"; NULL means the attribute is required.
 * docs/ops.md is rendered from this table (rx_op_render_docs).
 */
#ifndef STRATA_RELAX_OP_SCHEMA_H
#define STRATA_RELAX_OP_SCHEMA_H

#include "ir/ir.h"

#define RX_OP_MAX_ATTRS 12
#define RX_OP_MAX_ARGS 8

typedef enum RxAttrKind {
  RX_ATTR_INT,       /* int / Integer */
  RX_ATTR_BOOL,      /* bool */
  RX_ATTR_FLOAT,     /* double (an int is widened) */
  RX_ATTR_STR,       /* String */
  RX_ATTR_DTYPE,     /* DataType, kept as its name; None is "void" */
  RX_ATTR_OPT_INT,   /* Optional<int>: None or an int */
  RX_ATTR_INTS,      /* Array<Integer>: an int becomes a list of `rep` copies */
  RX_ATTR_OPT_INTS,  /* Optional<Array<Integer>>: None, a list, or an int (→ `rep` copies) */
  RX_ATTR_PAD1,      /* 1-D padding: [p] → [p, p] */
  RX_ATTR_PAD2,      /* 2-D padding: p → [p]*4, [a, b] → [a, b, a, b] */
  RX_ATTR_FLOATS,    /* Array<FloatImm> */
  RX_ATTR_ANY,       /* ObjectRef: an int or a list of ints (split) */
  RX_ATTR_KIND_COUNT
} RxAttrKind;

typedef struct RxAttrSpec {
  const char *name;
  RxAttrKind kind;
  const char *dflt; /* TVMScript text; "@name" copies another attribute; NULL: required */
  int8_t rep;       /* (OPT_)INTS: copies of a scalar (0 means 1) */
} RxAttrSpec;

typedef struct RxOpSchema {
  const char *name;       /* TVMScript name after "R.": "nn.conv2d" */
  const char *op;         /* Op name: "relax.nn.conv2d" */
  const char *args;       /* positional Relax arguments, see above */
  const char *attrs_type; /* TVM's attrs node ("Conv2DAttrs"), NULL when none */
  const RxAttrSpec *attrs;
  int32_t nattrs;
  const char *py_order;   /* positional order of the attributes in TVM's Python
                             API when it differs from attrs: names, space-separated */
  const char *status;     /* "parse/print"; later "infer", "legalize" */
} RxOpSchema;

/* One parsed argument of RxOpSchema.args. */
typedef struct RxArgSpec {
  char name[32];
  bool optional;
  bool has_default;  /* optional with an int64 R.prim_value default */
  int64_t dflt;
  bool shape;        /* ":shape": a list literal is an R.shape */
} RxArgSpec;

/* The op written R.<name> (name without "R."), or NULL. */
const RxOpSchema *rx_op_find(const char *name);
/* The op named op ("relax.nn.conv2d"), or NULL. */
const RxOpSchema *rx_op_find_op(const char *op);
int32_t rx_op_count(void);
const RxOpSchema *rx_op_at(int32_t i);

/* Parse s->args into out (at most RX_OP_MAX_ARGS); returns the count and sets
 * *nreq to the number of required arguments. */
int32_t rx_op_args(const RxOpSchema *s, RxArgSpec *out, int32_t *nreq);
/* Index of attribute name in s->attrs, or -1. */
int32_t rx_op_attr_index(const RxOpSchema *s, const char *name);
/* Index in s->attrs of the attribute at Python position pos (0-based, after
 * the Relax arguments), or -1. */
int32_t rx_op_attr_at_pos(const RxOpSchema *s, int32_t pos);
/* The comma-separated attribute names, for messages ("axis, keepdims"). */
void rx_op_attr_names(const RxOpSchema *s, StrBuf *out);

/* The default value of attribute i as the parser would build it from its
 * text (NULL stands for None).  *ok is false when the attribute is required
 * or its default is a copy ("@name"). */
Node *rx_op_attr_default(IrCtx *cx, const RxOpSchema *s, int32_t i, bool *ok);

/* Complete an attribute list: vals[i] (when given[i]) is what the user
 * wrote, built as from_relax.c's attr_value builds it; it is converted as
 * TVM's Python API and C++ constructor convert it (an int axis becomes
 * [axis], conv padding is completed, None dtypes become "void"), and every
 * attribute not given takes its default.  On a missing required attribute or
 * a value of the wrong type returns false, writes a message into err and
 * sets *bad to the attribute's index. */
bool rx_op_fill_attrs(IrCtx *cx, const RxOpSchema *s, Node **vals, const bool *given, int32_t *bad,
                      char *err, size_t errlen);

/* The op's status: s->status, with ", infer" when op_infer.c has its
 * struct-info rule. */
const char *rx_op_status(const RxOpSchema *s);

/* docs/ops.md: the whole table as Markdown. */
void rx_op_render_docs(StrBuf *out);

#endif
