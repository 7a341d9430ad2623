/*
 * test_runtime.c — the standalone runtime: dtype names, tensor allocation
 * (alignment, zeroing, shapes) and the error slot.  Links nothing of the
 * compiler but this file's harness.
 */
#include <stdint.h>
#include <string.h>

#include "harness.h"
#include "strata/runtime.h"

TEST(dtypes) {
  const char *names[] = {"int8", "int32", "int64", "uint8", "uint64", "float16", "float32",
                         "float64", "bfloat16", "bool", "float32x4"};
  char buf[32];
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
    DLDataType t = strata_dtype(names[i]);
    CHECK(t.lanes != 0);
    CHECK_STREQ(strata_dtype_name(t, buf, sizeof(buf)), names[i]);
  }
  CHECK(strata_dtype("float7").lanes == 0);
  CHECK(strata_dtype("").lanes == 0);
  CHECK(strata_dtype("int32x").lanes == 0);
  CHECK(strata_dtype("bfloat32").lanes == 0);
  CHECK(strata_dtype_bytes(strata_dtype("float16x4")) == 8);
  CHECK(strata_dtype_bytes(strata_dtype("bool")) == 1);
}

TEST(tensor_alloc) {
  int64_t shape[3] = {3, 5, 7};
  DLTensor *t = NULL;
  CHECK(strata_tensor_alloc(3, shape, strata_dtype("float32"), &t) == 0);
  CHECK(t && ((uintptr_t)t->data % STRATA_ALIGNMENT) == 0);
  CHECK(strata_tensor_numel(t) == 105);
  CHECK(t->device.device_type == kDLCPU && t->strides == NULL);
  const float *f = t->data;
  for (int i = 0; i < 105; i++) CHECK(f[i] == 0.0f);
  strata_tensor_free(t);
  CHECK(strata_tensor_alloc(0, shape, strata_dtype("int64"), &t) == 0); /* a scalar */
  CHECK(strata_tensor_numel(t) == 1);
  strata_tensor_free(t);
  int64_t zero[1] = {0};
  CHECK(strata_tensor_alloc(1, zero, strata_dtype("int8"), &t) == 0);
  strata_tensor_free(t);
}

TEST(tensor_alloc_errors) {
  DLTensor *t = (DLTensor *)1;
  int64_t neg[2] = {4, -1};
  CHECK(strata_tensor_alloc(2, neg, strata_dtype("float32"), &t) == -1 && t == NULL);
  CHECK(strstr(strata_last_error(), "dimension 1") != NULL);
  int64_t huge[3] = {INT64_MAX / 2, INT64_MAX / 2, 4};
  CHECK(strata_tensor_alloc(3, huge, strata_dtype("float32"), &t) == -1);
  CHECK(strstr(strata_last_error(), "overflow") != NULL);
  CHECK(strata_tensor_alloc(1, huge, strata_dtype("nope"), &t) == -1);
  CHECK(strstr(strata_last_error(), "dtype") != NULL);
}

int main(void) {
  RUN(dtypes);
  RUN(tensor_alloc);
  RUN(tensor_alloc_errors);
  return harness_report();
}
