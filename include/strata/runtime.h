/*
 * runtime.h — libstrata_runtime, the standalone runtime: what a compiled
 * Strata library needs at run time, and nothing of the compiler.  An
 * application links only this library (-lstrata_runtime -ldl -lpthread -lz).
 *
 * Tensors cross the API as DLPack DLTensors (the layout below is DLPack's,
 * so tensors from other frameworks pass through unchanged).  Every function
 * that can fail returns an int status, 0 on success, with the message in a
 * thread-local slot read by strata_last_error().  Nothing here aborts or
 * exits on bad input.
 *
 * A tour, loading a library built by `strata build mm.py -o mm.so` and
 * calling its function "main" on arrays read from .npy files:
 *
 *   StrataLib *lib;
 *   StrataPackedFn fn;
 *   void *self;
 *   DLTensor *a, *b, *c;
 *   if (strata_lib_load("mm.so", &lib) != 0 ||
 *       strata_lib_get(lib, "main", &fn, &self) != 0 ||
 *       strata_npy_load("a.npy", &a) != 0 || strata_npy_load("b.npy", &b) != 0)
 *     die(strata_last_error());
 *   int64_t shape[2] = {a->shape[0], b->shape[1]};
 *   strata_tensor_alloc(2, shape, strata_dtype("float32"), &c);  // zeroed, 64-byte aligned
 *   StrataAny args[3] = {strata_any_tensor(a), strata_any_tensor(b), strata_any_tensor(c)};
 *   StrataAny ret = strata_any_none();
 *   if (fn(self, args, 3, &ret) != 0)         // e.g. "main: argument 'A' must have 2 dimensions"
 *     die(strata_last_error());
 *   strata_npy_save("c.npy", c);
 *   strata_tensor_free(a); ...; strata_lib_free(lib);
 *
 * The parts:
 *   - errors and dtypes, DLPack tensors (tensor.c)
 *   - StrataAny, the 16-byte value of the packed calling convention, and
 *     the registry of named packed functions (registry.c)
 *   - loading compiled libraries with dlopen (module.c).  A generated library
 *     does not link against this runtime: it exports strata_lib_init, which
 *     the loader calls with a StrataRuntimeApi table of function pointers,
 *     and strata_lib_funcs, the NULL-terminated list of its functions.
 *   - the thread pool behind parallel loops (threadpool.c), sized by
 *     STRATA_NUM_THREADS or else the CPUs the process may run on
 *   - workspace memory for temporaries, 64-byte aligned (workspace.c)
 *   - .npy and .npz files (npy.c, npz.c)
 */
#ifndef STRATA_RUNTIME_H
#define STRATA_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- DLPack-compatible tensor description ---- */
typedef enum { kDLCPU = 1, kDLCUDA = 2, kDLCUDAHost = 3 } DLDeviceType;
typedef struct {
  int32_t device_type; /* DLDeviceType */
  int32_t device_id;
} DLDevice;
typedef enum {
  kDLInt = 0,
  kDLUInt = 1,
  kDLFloat = 2,
  kDLOpaqueHandle = 3,
  kDLBfloat = 4,
  kDLComplex = 5,
  kDLBool = 6
} DLDataTypeCode;
typedef struct {
  uint8_t code; /* DLDataTypeCode */
  uint8_t bits;
  uint16_t lanes;
} DLDataType;
typedef struct {
  void *data;
  DLDevice device;
  int32_t ndim;
  DLDataType dtype;
  int64_t *shape;
  int64_t *strides; /* NULL: compact row-major */
  uint64_t byte_offset;
} DLTensor;

/* ---- errors ---- */

/* The message of the last failure on this thread ("" if none). */
const char *strata_last_error(void);
/* Set the thread's error message (printf-style); returns -1 for `return`. */
int strata_set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- dtypes ---- */

/* Parse "float32", "int64", "bool", "float16x4", ...; lanes 0 on failure. */
DLDataType strata_dtype(const char *name);
/* Writes the canonical name into buf (at least 16 bytes); returns buf. */
const char *strata_dtype_name(DLDataType t, char *buf, size_t size);
/* Bytes per element, lanes included; bool is one byte. */
size_t strata_dtype_bytes(DLDataType t);

/* ---- tensors ---- */

enum { STRATA_ALIGNMENT = 64 };

/* A new compact CPU tensor, zeroed, data aligned to STRATA_ALIGNMENT.
 * Fails (status -1) on a negative dimension, an unknown dtype or a size that
 * overflows. */
int strata_tensor_alloc(int32_t ndim, const int64_t *shape, DLDataType dtype, DLTensor **out);
/* Frees a tensor made by strata_tensor_alloc or a loader here; NULL is fine. */
void strata_tensor_free(DLTensor *t);
/* Number of elements (product of the shape). */
int64_t strata_tensor_numel(const DLTensor *t);
/* Whether the tensor is row-major compact (strides NULL, or equal to the
 * compact strides; dimensions of extent 1 may have any stride). */
int strata_tensor_is_compact(const DLTensor *t);

/* ---- values and packed functions ---- */

/* Type codes of StrataAny. */
enum {
  STRATA_TYPE_NONE = 0,
  STRATA_TYPE_INT = 1,    /* v_int64 */
  STRATA_TYPE_FLOAT = 2,  /* v_float64 */
  STRATA_TYPE_HANDLE = 3, /* v_handle */
  STRATA_TYPE_TENSOR = 4, /* v_tensor */
  STRATA_TYPE_STR = 5,    /* v_str */
  STRATA_TYPE_DTYPE = 6   /* v_dtype */
};

/* A 16-byte value: the arguments and result of a packed function.  Generated
 * code declares an identical struct of its own; do not change the layout. */
typedef struct StrataAny {
  int32_t type_code;
  int32_t reserved;
  union {
    int64_t v_int64;
    double v_float64;
    void *v_handle;
    DLTensor *v_tensor;
    const char *v_str;
    DLDataType v_dtype;
  };
} StrataAny;
#ifndef __cplusplus
_Static_assert(sizeof(StrataAny) == 16, "StrataAny is 16 bytes");
#endif

static inline StrataAny strata_any_none(void) {
  StrataAny a;
  a.type_code = STRATA_TYPE_NONE;
  a.reserved = 0;
  a.v_int64 = 0;
  return a;
}
static inline StrataAny strata_any_int(int64_t v) {
  StrataAny a;
  a.type_code = STRATA_TYPE_INT;
  a.reserved = 0;
  a.v_int64 = v;
  return a;
}
static inline StrataAny strata_any_float(double v) {
  StrataAny a;
  a.type_code = STRATA_TYPE_FLOAT;
  a.reserved = 0;
  a.v_float64 = v;
  return a;
}
static inline StrataAny strata_any_handle(void *v) {
  StrataAny a;
  a.type_code = STRATA_TYPE_HANDLE;
  a.reserved = 0;
  a.v_handle = v;
  return a;
}
static inline StrataAny strata_any_tensor(DLTensor *v) {
  StrataAny a;
  a.type_code = STRATA_TYPE_TENSOR;
  a.reserved = 0;
  a.v_tensor = v;
  return a;
}
static inline StrataAny strata_any_str(const char *v) {
  StrataAny a;
  a.type_code = STRATA_TYPE_STR;
  a.reserved = 0;
  a.v_str = v;
  return a;
}
/* "none", "int", "float", "handle", "tensor", "str", "dtype" or "unknown". */
const char *strata_type_name(int32_t type_code);

/* A packed function: `args[0..nargs)` in, the result (if any) in *ret, which
 * the caller initialises to none.  Returns 0, or nonzero with the message in
 * strata_last_error().  `self` is the pointer registered with the function
 * (NULL for functions of a loaded library). */
typedef int (*StrataPackedFn)(void *self, const StrataAny *args, int32_t nargs, StrataAny *ret);

/* ---- the function registry: process-wide names for packed functions ---- */

/* Registers `fn` (with its `self`) under `name`; fails if the name is taken
 * (unregister it first to replace it).  Thread-safe. */
int strata_func_register(const char *name, StrataPackedFn fn, void *self);
/* Finds a registered function; fails with "no function named ..." if absent. */
int strata_func_lookup(const char *name, StrataPackedFn *fn, void **self);
/* Removes a name; fails if absent. */
int strata_func_unregister(const char *name);

/* ---- the thread pool ---- */

/* The body of a parallel loop: runs task `task` of `ntasks`; returns 0 or
 * nonzero after strata_set_error. */
typedef int (*StrataTaskFn)(int64_t task, int64_t ntasks, void *cdata);

/* Runs body(task, ntasks, cdata) for every task in [0, ntasks) on the pool
 * and the calling thread, and returns when all have finished.  Tasks are
 * handed out in chunks, in no fixed order.  Called from inside a task (a
 * nested parallel loop), or while another thread holds the pool, it runs all
 * tasks inline on the calling thread.  If tasks fail, the remaining tasks may
 * be skipped; the status is -1 with the message of one failing task. */
int strata_parallel_for(int64_t ntasks, StrataTaskFn body, void *cdata);
/* Threads the pool uses (the calling thread included): STRATA_NUM_THREADS if
 * set to a positive integer, else the CPUs this process may run on. */
int strata_num_threads(void);
/* Resizes the pool to n threads (n <= 0: back to the default above); not
 * from inside a task.  Returns 0 or -1. */
int strata_set_num_threads(int n);

/* ---- workspace memory for temporaries ---- */

/* `bytes` of uninitialised memory aligned to STRATA_ALIGNMENT (a valid
 * pointer also for 0 bytes); NULL with an error set when out of memory.
 * Freed blocks are cached per thread and reused. */
void *strata_workspace_alloc(size_t bytes);
/* Frees a pointer from strata_workspace_alloc; NULL is fine. */
void strata_workspace_free(void *ptr);

/* ---- compiled libraries ---- */

/* The table handed to a generated library's strata_lib_init.  New entries
 * are only ever appended, and `version` grows with them: a library checks
 * `api->version >= the version it was generated for`.  Generated code keeps
 * its own copy of this struct; do not reorder. */
#define STRATA_RUNTIME_API_VERSION 1
typedef struct StrataRuntimeApi {
  int32_t version; /* STRATA_RUNTIME_API_VERSION */
  int32_t reserved;
  int (*set_error)(const char *fmt, ...);
  int (*parallel_for)(int64_t ntasks, StrataTaskFn body, void *cdata);
  void *(*workspace_alloc)(size_t bytes);
  void (*workspace_free)(void *ptr);
  int (*num_threads)(void);
  const char *(*last_error)(void);
} StrataRuntimeApi;

/* One entry of a generated library's `strata_lib_funcs` array, which ends
 * with {NULL, NULL}. */
typedef struct StrataLibFunc {
  const char *name;
  StrataPackedFn fn;
} StrataLibFunc;

/* What a generated library exports (names fixed): */
typedef int (*StrataLibInitFn)(const StrataRuntimeApi *api);
#define STRATA_LIB_INIT_SYMBOL "strata_lib_init"
#define STRATA_LIB_FUNCS_SYMBOL "strata_lib_funcs"

typedef struct StrataLib StrataLib;

/* The table this runtime hands to libraries (static storage). */
const StrataRuntimeApi *strata_runtime_api(void);
/* dlopens `path` (a path without '/' is taken relative to the current
 * directory, not searched), checks it exports strata_lib_init and
 * strata_lib_funcs, calls strata_lib_init(strata_runtime_api()), and
 * validates the function table (names present and distinct).  Loading the
 * same path twice shares one dlopen handle. */
int strata_lib_load(const char *path, StrataLib **out);
/* Finds the function `name`; fails naming the functions the library has. */
int strata_lib_get(StrataLib *lib, const char *name, StrataPackedFn *fn, void **self);
/* The library's function names, in table order; the array lives as long as
 * the library. */
int strata_lib_func_names(StrataLib *lib, const char ***names, int *n);
/* Another symbol the library exports (data such as a signature table), or
 * NULL if it has none. */
void *strata_lib_symbol(StrataLib *lib, const char *name);
/* dlcloses and frees; NULL is fine. */
void strata_lib_free(StrataLib *lib);

/* ---- .npy and .npz files ----
 * Supported element types and their numpy spellings: bool '|b1'; int8..64
 * '|i1' '<i2' '<i4' '<i8'; uint8..64 '|u1' '<u2' '<u4' '<u8'; float16 '<f2',
 * float32 '<f4', float64 '<f8'; bfloat16 is written as '<V2' (2-byte raw
 * records, which is what numpy writes for ml_dtypes.bfloat16; view them with
 * `.view(ml_dtypes.bfloat16)`), and a 2-byte void array ('<V2' or '|V2')
 * reads as bfloat16.  C order only.  Refused with a message: Fortran order,
 * big-endian data, object arrays, strings, complex, structured and other
 * dtypes, vector (lanes > 1) tensors, truncated files and malformed headers. */

/* Reads a .npy file into a new compact tensor (free with strata_tensor_free). */
int strata_npy_load(const char *path, DLTensor **out);
/* The same from memory. */
int strata_npy_load_bytes(const void *data, size_t size, DLTensor **out);
/* Writes a CPU tensor (any strides, byte_offset honoured) as .npy, with the
 * header numpy 1.24 writes (version 1.0 unless the header needs 2.0). */
int strata_npy_save(const char *path, const DLTensor *t);
/* The same into a malloc'd buffer (*data, free with free()). */
int strata_npy_save_bytes(const DLTensor *t, void **data, size_t *size);

/* The arrays of an .npz file, in archive order; names without ".npy". */
typedef struct StrataNpz {
  int32_t narrays;
  char **names;
  DLTensor **arrays;
} StrataNpz;

/* Reads an .npz (zip of .npy entries; stored or deflated, zip64 read). */
int strata_npz_load(const char *path, StrataNpz **out);
/* The array named `name`, or NULL. */
DLTensor *strata_npz_get(const StrataNpz *npz, const char *name);
void strata_npz_free(StrataNpz *npz);
/* Writes arrays as an uncompressed .npz that numpy.load reads (entries
 * "NAME.npy"; names must be distinct, non-empty, without '/'; each entry
 * below 4 GiB). */
int strata_npz_save(const char *path, int32_t narrays, const char *const *names,
                    const DLTensor *const *arrays);

#ifdef __cplusplus
}
#endif

#endif
