/*
 * unity_demo.c — the seed example's tensor program, compiled by Strata and
 * called from C through the runtime alone, at two different (n, d, m) from
 * one build, checked against a naive matrix multiply.
 *
 *   strata build examples/unity.py -o unity.so
 *   unity_demo unity.so
 *
 * (The Relax function of the example runs once the VM lands; the library
 * holds its PrimFunc `tir_mm` today.)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "strata/runtime.h"

static DLTensor *matrix(int64_t r, int64_t c, unsigned *seed) {
  int64_t shape[2] = {r, c};
  DLTensor *t;
  if (strata_tensor_alloc(2, shape, strata_dtype("float32"), &t) != 0) return NULL;
  float *p = t->data;
  for (int64_t i = 0; i < r * c; i++) {
    *seed = *seed * 1103515245u + 12345u;
    p[i] = (float)((*seed >> 8) & 0xFFFF) / 65535.0f - 0.5f;
  }
  return t;
}

/* Y = X . W through the library; returns the largest difference from a
 * naive product, or -1 on a failed call. */
static double run(StrataPackedFn fn, void *self, int64_t n, int64_t d, int64_t m) {
  unsigned seed = (unsigned)(n * 131 + d * 17 + m);
  DLTensor *X = matrix(n, d, &seed), *W = matrix(d, m, &seed), *Y = matrix(n, m, &seed);
  StrataAny args[3] = {strata_any_tensor(X), strata_any_tensor(W), strata_any_tensor(Y)}, ret;
  double err = -1;
  if (fn(self, args, 3, &ret) == 0) {
    err = 0;
    const float *x = X->data, *w = W->data, *y = Y->data;
    for (int64_t i = 0; i < n; i++)
      for (int64_t j = 0; j < m; j++) {
        double ref = 0;
        for (int64_t k = 0; k < d; k++) ref += (double)x[i * d + k] * w[k * m + j];
        err = fmax(err, fabs(ref - y[i * m + j]));
      }
  }
  strata_tensor_free(X);
  strata_tensor_free(W);
  strata_tensor_free(Y);
  return err;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: unity_demo LIB.so\n");
    return 2;
  }
  StrataLib *lib;
  StrataPackedFn fn;
  void *self;
  if (strata_lib_load(argv[1], &lib) != 0 || strata_lib_get(lib, "tir_mm", &fn, &self) != 0) {
    fprintf(stderr, "unity_demo: %s\n", strata_last_error());
    return 1;
  }
  const int64_t shapes[2][3] = {{3, 5, 4}, {96, 64, 80}};
  int bad = 0;
  for (int s = 0; s < 2; s++) {
    double err = run(fn, self, shapes[s][0], shapes[s][1], shapes[s][2]);
    if (err < 0) {
      fprintf(stderr, "unity_demo: %s\n", strata_last_error());
      bad = 1;
      continue;
    }
    printf("tir_mm at (n, d, m) = (%lld, %lld, %lld): max |Y - X.W| = %.3g %s\n",
           (long long)shapes[s][0], (long long)shapes[s][1], (long long)shapes[s][2], err,
           err < 1e-4 ? "ok" : "MISMATCH");
    bad |= !(err < 1e-4);
  }
  /* A wrong shape is refused with a message, not a crash. */
  unsigned seed = 1;
  DLTensor *X = matrix(2, 3, &seed), *W = matrix(4, 5, &seed), *Y = matrix(2, 5, &seed);
  StrataAny args[3] = {strata_any_tensor(X), strata_any_tensor(W), strata_any_tensor(Y)}, ret;
  if (fn(self, args, 3, &ret) != 0)
    printf("mismatched shapes refused: %s\n", strata_last_error());
  else
    bad = 1;
  strata_tensor_free(X);
  strata_tensor_free(W);
  strata_tensor_free(Y);
  strata_lib_free(lib);
  return bad;
}
