/*
 * gemm_bench.c — fp32 C = A·B at M = N = K in {256, 512, 1024, 2048}, with 1
 * and 2 threads: the plain PrimFunc bench/gemm/gemm.py compiled by Strata
 * (no schedule: the naive i-j-k nest, one thread whatever the pool size),
 * OpenBLAS cblas_sgemm, and the machine's fp32 peak measured by an FMA loop
 * (independent 16-lane FMA chains on every thread).  Runs are interleaved
 * (one of each per repeat) and reported as medians, in GFLOP/s, with the
 * ratios to OpenBLAS and to peak.  The Strata result is checked against
 * OpenBLAS.  Usage: gemm_bench LIB.so [max_size]
 */
#include <cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "strata/runtime.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmpd(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}
static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmpd);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- FMA peak ---- */
typedef float v16 __attribute__((vector_size(64)));
enum { CHAINS = 12, ITERS = 20000000 };
static void *fma_loop(void *arg) {
  v16 acc[CHAINS], m, c;
  for (int i = 0; i < 16; i++) m[i] = 0.999999f, c[i] = 1e-7f;
  for (int k = 0; k < CHAINS; k++)
    for (int i = 0; i < 16; i++) acc[k][i] = (float)(k + i);
  for (long it = 0; it < ITERS; it++) {
    for (int k = 0; k < CHAINS; k++) acc[k] = acc[k] * m + c;
    __asm__ volatile("" : "+x"(acc[0]), "+x"(acc[1]), "+x"(acc[2]), "+x"(acc[3]), "+x"(acc[4]), "+x"(acc[5]));
  }
  float s = 0;
  for (int k = 0; k < CHAINS; k++) s += acc[k][0];
  *(float *)arg = s;
  return NULL;
}
static double peak_gflops(int threads) {
  pthread_t th[64];
  float sink[64];
  double t0 = now();
  for (int i = 0; i < threads; i++) pthread_create(&th[i], NULL, fma_loop, &sink[i]);
  for (int i = 0; i < threads; i++) pthread_join(th[i], NULL);
  double t = now() - t0;
  return 2.0 * 16 * CHAINS * (double)ITERS * threads / t / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: gemm_bench LIB.so [max_size]\n");
    return 2;
  }
  int maxn = argc > 2 ? atoi(argv[2]) : 2048;
  StrataLib *lib;
  StrataPackedFn fn;
  void *self;
  if (strata_lib_load(argv[1], &lib) != 0 || strata_lib_get(lib, "main", &fn, &self) != 0) {
    fprintf(stderr, "%s\n", strata_last_error());
    return 1;
  }
  printf("OpenBLAS core: %s, config: %s\n", openblas_get_corename(), openblas_get_config());
  printf("%6s %3s %12s %12s %12s %10s %10s %10s\n", "size", "thr", "strata", "openblas", "fma_peak", "strata/ob",
         "ob/peak", "strata/pk");
  const int sizes[] = {256, 512, 1024, 2048};
  for (int si = 0; si < 4; si++) {
    int n = sizes[si];
    if (n > maxn) break;
    int64_t shape[2] = {n, n};
    DLTensor *A, *B, *C, *R;
    strata_tensor_alloc(2, shape, strata_dtype("float32"), &A);
    strata_tensor_alloc(2, shape, strata_dtype("float32"), &B);
    strata_tensor_alloc(2, shape, strata_dtype("float32"), &C);
    strata_tensor_alloc(2, shape, strata_dtype("float32"), &R);
    srand(n);
    for (long i = 0; i < (long)n * n; i++) {
      ((float *)A->data)[i] = (float)rand() / RAND_MAX - 0.5f;
      ((float *)B->data)[i] = (float)rand() / RAND_MAX - 0.5f;
    }
    double flop = 2.0 * n * n * n;
    for (int threads = 1; threads <= 2; threads++) {
      strata_set_num_threads(threads);
      openblas_set_num_threads(threads);
      StrataAny args[3] = {strata_any_tensor(A), strata_any_tensor(B), strata_any_tensor(C)};
      StrataAny ret;
      /* warm-up, and a time estimate to bound the naive kernel's repeats */
      double t0 = now();
      if (fn(self, args, 3, &ret) != 0) {
        fprintf(stderr, "%s\n", strata_last_error());
        return 1;
      }
      double est = now() - t0;
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, A->data, n, B->data, n, 0, R->data, n);
      int reps = 7, sreps = est > 0 ? (int)(20.0 / est) : reps;
      if (sreps > reps) sreps = reps;
      if (sreps < 1) sreps = 1;
      double ts[16], tb[16], tp[16];
      int ns = 0, nb = 0, np = 0;
      for (int r = 0; r < reps; r++) { /* interleaved */
        if (r < sreps) {
          t0 = now();
          fn(self, args, 3, &ret);
          ts[ns++] = flop / (now() - t0) / 1e9;
        }
        t0 = now();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, A->data, n, B->data, n, 0, R->data, n);
        tb[nb++] = flop / (now() - t0) / 1e9;
        if (r < 3) tp[np++] = peak_gflops(threads);
      }
      double maxerr = 0;
      for (long i = 0; i < (long)n * n; i++) {
        double d = fabs(((float *)C->data)[i] - ((float *)R->data)[i]);
        if (d > maxerr) maxerr = d;
      }
      double s = median(ts, ns), b = median(tb, nb), p = median(tp, np);
      printf("%6d %3d %12.2f %12.2f %12.2f %10.4f %10.3f %10.4f   (strata runs %d, openblas %d, max |diff| %.1e)\n",
             n, threads, s, b, p, s / b, b / p, s / p, ns, nb, maxerr);
      fflush(stdout);
    }
    strata_tensor_free(A);
    strata_tensor_free(B);
    strata_tensor_free(C);
    strata_tensor_free(R);
  }
  strata_lib_free(lib);
  return 0;
}
