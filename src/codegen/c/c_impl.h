/*
 * c_impl.h — the C emitter's state, shared by the files of codegen/c:
 * codegen_c.c (module, functions, statements, parallel outlining),
 * codegen_c_expr.c (expressions, scalar and vector), codegen_c_prelude.c
 * (the fixed text every generated file starts with), codegen_c_intrin.c
 * (kernels that tensor intrinsics call, emitted only when used).
 *
 * Values: every dtype has a storage C type (how it sits in memory: uint16_t
 * for float16/bfloat16, uint8_t for bool) and a compute C type (how the code
 * holds it: float for the 16-bit floats, bool for bool).  Vectors of lanes L
 * are GCC vector types `sv_<compute elem>x<L>` (bool lanes as int8 0/1).
 * Vector expressions the C compiler handles natively (arithmetic, contiguous
 * loads) stay vector expressions; everything else is computed lane by lane
 * in a constant-trip loop the compiler unrolls or re-vectorizes.
 */
#ifndef STRATA_CODEGEN_C_IMPL_H
#define STRATA_CODEGEN_C_IMPL_H

#include "../codegen.h"

/* A variable's C name, where it was defined (outline frame) and its C type
 * (for the capture struct of a parallel loop). */
typedef struct CVar {
  const char *name;
  const char *ctype;
  int frame;
} CVar;

/* One outlined parallel body: the variables it uses from outside. */
typedef struct CFrame {
  PtrVec captures;   /* Node* vars, in order of first use */
  PtrVec workspaces; /* C names (const char*) of live workspace allocations */
} CFrame;

typedef struct CEmit {
  StrBuf *out;      /* where text goes now */
  StrBuf outlined;  /* outlined parallel bodies of the current module */
  StrMap vtypes;    /* vector typedef name -> its typedef line (char*) */
  PtrMap vars;      /* var Node -> CVar* */
  StrMap used;      /* C names taken in the current function */
  PtrMap ptr_elem;  /* handle var -> DType* (element type of its buffers), or &mixed */
  PtrVec frames;    /* CFrame*; frames.data[0] is the function itself */
  Arena *arena;     /* CVar, names, small strings */
  const char *fname; /* the PrimFunc's name (messages) */
  const char *cname; /* its C identifier */
  int ind;
  int ntemp;
  int npar;
  DiagCtx *diag;
} CEmit;

/* codegen_c_prelude.c */
extern const char *const c_prelude[]; /* lines, NULL-terminated */

/* codegen_c_intrin.c: definitions of the tensor-intrinsic kernels, emitted
 * into out when code1 or code2 (the generated code) calls one. */
void c_intrin_prelude(const StrBuf *code1, const StrBuf *code2, StrBuf *out);

/* codegen_c_expr.c */
/* Emit expression n: its whole value (lane NULL), or for a vector, the
 * scalar value of the lane named by the C expression `lane`. */
void c_expr(CEmit *e, const Node *n, const char *lane);
/* C types of a dtype's element: storage and compute. */
const char *c_storage_type(DType t);
const char *c_compute_type(DType t);
/* The C type holding a value of dtype t (vector typedef for lanes > 1,
 * registered on use). */
const char *c_value_type(CEmit *e, DType t);
/* `((st *)data)[index]` for buffer element access; index is C text. */
void c_elem_ref(CEmit *e, const Node *buf, const char *index);
/* Convert C text holding a storage value of t into its compute value. */
void c_load_conv(CEmit *e, DType t, const char *text);
/* The C name of a var at its use (records captures for outlined bodies). */
const char *c_var_use(CEmit *e, const Node *v);
/* Define var v in the current frame with a fresh C name and type. */
const char *c_var_define(CEmit *e, const Node *v, const char *ctype);
/* A fresh temporary name `_tN`. */
const char *c_temp(CEmit *e, const char *prefix);
/* Report an unsupported construct. */
void c_error(CEmit *e, const Node *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Expression as a malloc'd string (emitted into a scratch buffer). */
char *c_expr_str(CEmit *e, const Node *n, const char *lane);
/* A C string literal for s. */
void c_str_lit(StrBuf *sb, const char *s);

#endif
