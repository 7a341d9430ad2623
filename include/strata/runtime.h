/*
 * runtime.h — libstrata_runtime, the standalone runtime: what a compiled
 * Strata library needs at run time, and nothing of the compiler.
 *
 * Tensors cross the API as DLPack DLTensors (the layout below is DLPack's,
 * so tensors from other frameworks pass through unchanged).  Functions
 * report failure as a nonzero status with the message in a thread-local
 * slot:
 *
 *   DLTensor *t = NULL;
 *   int64_t shape[2] = {4, 8};
 *   if (strata_tensor_alloc(2, shape, strata_dtype("float32"), &t) != 0)
 *     fprintf(stderr, "%s\n", strata_last_error());
 *   ... use t->data (64-byte aligned, zeroed) ...
 *   strata_tensor_free(t);
 *
 * It starts small: tensors, dtypes and errors.  Loading compiled libraries,
 * the function registry and the VM arrive with the code generators.
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
void strata_tensor_free(DLTensor *t);
/* Number of elements (product of the shape). */
int64_t strata_tensor_numel(const DLTensor *t);

#ifdef __cplusplus
}
#endif

#endif
