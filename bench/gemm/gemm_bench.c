/*
 * gemm_bench.c — GEMM at M = N = K in {256, 512, 1024, 2048}, with 1 and 2
 * threads, interleaved (one run of each kernel per repeat) and reported as
 * medians:
 *   strata   the plain PrimFunc bench/gemm/gemm.py (no schedule: the naive
 *            i-j-k nest, one thread whatever the pool size), fp32
 *   sched    bench/gemm/sgemm.py scheduled by sgemm_trace.py (tiles, B packed
 *            through cache_read + compute_at, parallel, AVX-512 micro-kernel)
 *   ob       OpenBLAS cblas_sgemm in this process, with the core it chose
 *   ob_CORE  OpenBLAS in a child process started with OPENBLAS_CORETYPE=CORE
 *            (argument 4, a comma-separated list, e.g. COOPERLAKE,SKYLAKEX):
 *            the core is read when the library loads, so a forced kernel
 *            needs its own process; each child serves timed runs over a pipe,
 *            so they are interleaved with the rest
 *   peak     the fp32 FMA peak: independent 16-lane FMA chains on every thread
 *   int8     bench/gemm/igemm.py scheduled by igemm_trace.py (u8 x i8 -> i32,
 *            AVX-512 VNNI micro-kernel), in GOP/s (2·M·N·K / time)
 * fp32 in GFLOP/s.  Every repeat's result of the scheduled fp32 kernel is
 * checked against OpenBLAS (in this process), the plain one's too, and the
 * int8 one's against a naive reference, exactly.  sched/ob is against the
 * fastest OpenBLAS of the row.  A failed check exits 1.
 * Usage: gemm_bench PLAIN.so SCHED_DIR [max_size] [CORE,CORE...]
 *   SCHED_DIR holds sgemm_N.so and igemm_N.so for each size N.
 * (gemm_bench --serve: the child's side; reads "n threads" lines.)
 */
#include <cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "strata/runtime.h"

enum { REPS = 7, PEAK_REPS = 3, MAXREP = 16 };

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
  if (n == 0) return NAN;
  qsort(v, (size_t)n, sizeof *v, cmpd);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void die(const char *what) {
  fprintf(stderr, "gemm_bench: %s\n", what);
  exit(1);
}

/* ---- FMA peak ----
 * Twelve independent accumulators, kept in registers (the empty asm names all
 * twelve, so the compiler neither folds the chains nor spills them: an array
 * of accumulators was spilled, and store-forwarding latency then capped the
 * loop at about a third of the peak). */
typedef float v16 __attribute__((vector_size(64)));
enum { CHAINS = 12, ITERS = 20000000 };
static void *fma_loop(void *arg) {
  v16 m, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11;
  for (int i = 0; i < 16; i++) {
    m[i] = 0.999999f, c[i] = 1e-7f;
    a0[i] = a1[i] = a2[i] = a3[i] = a4[i] = a5[i] = (float)i;
    a6[i] = a7[i] = a8[i] = a9[i] = a10[i] = a11[i] = (float)(i + 1);
  }
  for (long it = 0; it < ITERS; it++) {
    a0 = a0 * m + c, a1 = a1 * m + c, a2 = a2 * m + c, a3 = a3 * m + c;
    a4 = a4 * m + c, a5 = a5 * m + c, a6 = a6 * m + c, a7 = a7 * m + c;
    a8 = a8 * m + c, a9 = a9 * m + c, a10 = a10 * m + c, a11 = a11 * m + c;
    __asm__ volatile("" : "+v"(a0), "+v"(a1), "+v"(a2), "+v"(a3), "+v"(a4), "+v"(a5), "+v"(a6), "+v"(a7),
                     "+v"(a8), "+v"(a9), "+v"(a10), "+v"(a11));
  }
  v16 s = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
  *(float *)arg = s[0];
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

/* ---- data ---- */
static void fill_f32(float *p, long n, unsigned seed) {
  srand(seed);
  for (long i = 0; i < n; i++) p[i] = (float)rand() / RAND_MAX - 0.5f;
}

/* After a multi-threaded call OpenBLAS's workers spin for about 2^28 cycles
 * before they sleep; the pause keeps them from taking CPU time from the next
 * kernel (on a 2-CPU machine a spinning worker halves it). */
static double sgemm_ob(int n, const float *A, const float *B, float *C) {
  double t0 = now();
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, A, n, B, n, 0, C, n);
  double t = now() - t0;
  if (openblas_get_num_threads() > 1) usleep(250000);
  return t;
}

/* ---- the OpenBLAS child (a forced core type) ---- */
static int serve(void) {
  printf("%s\n", openblas_get_corename());
  fflush(stdout);
  int n, thr, cur = 0;
  float *A = NULL, *B = NULL, *C = NULL;
  while (scanf("%d %d", &n, &thr) == 2) {
    if (n != cur) {
      free(A), free(B), free(C);
      A = malloc(sizeof *A * n * n), B = malloc(sizeof *B * n * n), C = malloc(sizeof *C * n * n);
      fill_f32(A, (long)n * n, 1), fill_f32(B, (long)n * n, 2), cur = n;
    }
    openblas_set_num_threads(thr);
    printf("%.6e\n", sgemm_ob(n, A, B, C));
    fflush(stdout);
  }
  return 0;
}

typedef struct Child {
  FILE *to, *from;
  char core[64];
} Child;

static int child_start(Child *ch, const char *self, const char *coretype) {
  int up[2], down[2];
  if (pipe(up) || pipe(down)) return -1;
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    dup2(down[0], 0), dup2(up[1], 1);
    close(up[0]), close(up[1]), close(down[0]), close(down[1]);
    setenv("OPENBLAS_CORETYPE", coretype, 1);
    execl(self, self, "--serve", (char *)NULL);
    _exit(127);
  }
  close(up[1]), close(down[0]);
  ch->to = fdopen(down[1], "w"), ch->from = fdopen(up[0], "r");
  if (!fgets(ch->core, sizeof ch->core, ch->from)) return -1;
  ch->core[strcspn(ch->core, "\n")] = 0;
  return 0;
}

static double child_run(Child *ch, int n, int thr) {
  double t;
  fprintf(ch->to, "%d %d\n", n, thr);
  fflush(ch->to);
  if (fscanf(ch->from, "%lf", &t) != 1) die("the OpenBLAS child stopped");
  return t;
}

/* ---- Strata kernels ---- */
typedef struct Kern {
  StrataLib *lib;
  StrataPackedFn fn;
  void *self;
} Kern;

static int kern_load(Kern *k, const char *path) {
  if (strata_lib_load(path, &k->lib) != 0 || strata_lib_get(k->lib, "main", &k->fn, &k->self) != 0) {
    fprintf(stderr, "%s: %s\n", path, strata_last_error());
    return -1;
  }
  return 0;
}

static double kern_run(const Kern *k, DLTensor *a, DLTensor *b, DLTensor *c) {
  StrataAny args[3] = {strata_any_tensor(a), strata_any_tensor(b), strata_any_tensor(c)};
  StrataAny ret;
  double t0 = now();
  if (k->fn(k->self, args, 3, &ret) != 0) die(strata_last_error());
  return now() - t0;
}

static DLTensor *tensor(int n, const char *dtype) {
  int64_t shape[2] = {n, n};
  DLTensor *t;
  if (strata_tensor_alloc(2, shape, strata_dtype(dtype), &t) != 0) die(strata_last_error());
  return t;
}

static double max_diff(const float *x, const float *y, long n) {
  double m = 0;
  for (long i = 0; i < n; i++) m = fmax(m, fabs((double)x[i] - y[i]));
  return m;
}

/* Naive int8 reference, i-k-j order so the compiler vectorizes the j loop. */
static void igemm_ref(int n, const uint8_t *A, const int8_t *B, int32_t *C) {
  memset(C, 0, sizeof *C * n * n);
  for (int i = 0; i < n; i++)
    for (int k = 0; k < n; k++) {
      int32_t a = A[(long)i * n + k];
      for (int j = 0; j < n; j++) C[(long)i * n + j] += a * B[(long)k * n + j];
    }
}

/* ---- one size ---- */
typedef struct Size {
  int n;
  Kern sg, ig;
  DLTensor *A, *B, *C, *S, *R, *Ai, *Bi, *Ci;
  int32_t *Ri;
  float *Rplain; /* the plain kernel's reference: OpenBLAS's result */
} Size;

static void check_sched(Size *z, double *worst) {
  double d = max_diff(z->S->data, z->R->data, (long)z->n * z->n);
  if (d > 1e-3 * sqrt(z->n)) {
    fprintf(stderr, "sched fp32 at n=%d differs from OpenBLAS by %.3e\n", z->n, d);
    exit(1);
  }
  *worst = fmax(*worst, d);
}

static void check_int8(Size *z) {
  if (memcmp(z->Ci->data, z->Ri, sizeof(int32_t) * z->n * z->n)) {
    fprintf(stderr, "int8 GEMM at n=%d differs from the naive reference\n", z->n);
    exit(1);
  }
}

enum { MAXCH = 4 };
static Child kids[MAXCH];
static int nkids;

static void bench_threads(Size *z, const Kern *plain, int thr) {
  int n = z->n;
  double flop = 2.0 * n * n * n;
  strata_set_num_threads(thr);
  openblas_set_num_threads(thr);
  /* warm-up; the naive kernel's time bounds its repeats (~20 s in all) */
  double est = kern_run(plain, z->A, z->B, z->C);
  kern_run(&z->sg, z->A, z->B, z->S);
  kern_run(&z->ig, z->Ai, z->Bi, z->Ci);
  sgemm_ob(n, z->A->data, z->B->data, z->R->data);
  for (int c = 0; c < nkids; c++) child_run(&kids[c], n, thr);
  double pd = max_diff(z->C->data, z->R->data, (long)n * n), sd = 0;
  int preps = est > 0 ? (int)(20.0 / est) : REPS;
  preps = preps > REPS ? REPS : preps < 1 ? 1 : preps;
  double tp[MAXREP], ts[MAXREP], tb[MAXREP], tc[MAXCH][MAXREP], tk[MAXREP], ti[MAXREP];
  int np = 0, nk = 0;
  for (int r = 0; r < REPS; r++) {
    if (r < preps) tp[np++] = flop / kern_run(plain, z->A, z->B, z->C) / 1e9;
    ts[r] = flop / kern_run(&z->sg, z->A, z->B, z->S) / 1e9;
    tb[r] = flop / sgemm_ob(n, z->A->data, z->B->data, z->R->data) / 1e9;
    check_sched(z, &sd);
    for (int c = 0; c < nkids; c++) tc[c][r] = flop / child_run(&kids[c], n, thr) / 1e9;
    memset(z->Ci->data, 0xff, sizeof(int32_t) * n * n);
    ti[r] = flop / kern_run(&z->ig, z->Ai, z->Bi, z->Ci) / 1e9;
    check_int8(z);
    if (r < PEAK_REPS) tk[nk++] = peak_gflops(thr);
  }
  double p = median(tp, np), s = median(ts, REPS), b = median(tb, REPS), best = b;
  double k = median(tk, nk), i8 = median(ti, REPS);
  printf("%5d %3d %8.2f %8.2f %8.2f", n, thr, p, s, b);
  for (int c = 0; c < nkids; c++) {
    double m = median(tc[c], REPS);
    printf(" %9.2f", m);
    best = m > best ? m : best;
  }
  printf(" %8.2f %8.2f %8.3f %8.3f %8.3f   (plain runs %d, |diff| plain %.1e sched %.1e)\n", k, i8, s / best,
         i8 / s, s / k, np, pd, sd);
  fflush(stdout);
}

static int size_setup(Size *z, int n, const char *dir) {
  char path[4096];
  z->n = n;
  snprintf(path, sizeof path, "%s/sgemm_%d.so", dir, n);
  if (kern_load(&z->sg, path)) return -1;
  snprintf(path, sizeof path, "%s/igemm_%d.so", dir, n);
  if (kern_load(&z->ig, path)) return -1;
  z->A = tensor(n, "float32"), z->B = tensor(n, "float32"), z->C = tensor(n, "float32");
  z->S = tensor(n, "float32"), z->R = tensor(n, "float32");
  z->Ai = tensor(n, "uint8"), z->Bi = tensor(n, "int8"), z->Ci = tensor(n, "int32");
  long nn = (long)n * n;
  fill_f32(z->A->data, nn, 1), fill_f32(z->B->data, nn, 2);
  srand(3);
  for (long i = 0; i < nn; i++) ((uint8_t *)z->Ai->data)[i] = (uint8_t)(rand() & 0xff);
  for (long i = 0; i < nn; i++) ((int8_t *)z->Bi->data)[i] = (int8_t)(rand() & 0xff);
  z->Ri = malloc(sizeof(int32_t) * nn);
  igemm_ref(n, z->Ai->data, z->Bi->data, z->Ri);
  return 0;
}

static void size_free(Size *z) {
  DLTensor *ts[] = {z->A, z->B, z->C, z->S, z->R, z->Ai, z->Bi, z->Ci};
  for (int i = 0; i < 8; i++) strata_tensor_free(ts[i]);
  free(z->Ri);
  strata_lib_free(z->sg.lib);
  strata_lib_free(z->ig.lib);
}

int main(int argc, char **argv) {
  if (argc == 2 && !strcmp(argv[1], "--serve")) return serve();
  if (argc < 3) {
    fprintf(stderr, "usage: gemm_bench PLAIN.so SCHED_DIR [max_size] [CORETYPE]\n");
    return 2;
  }
  int maxn = argc > 3 ? atoi(argv[3]) : 2048;
  Kern plain;
  if (kern_load(&plain, argv[1])) return 1;
  printf("OpenBLAS: %s\n  ob: in this process, OPENBLAS_CORETYPE unset: core %s\n", openblas_get_config(),
         openblas_get_corename());
  char cores[256], *save = NULL;
  snprintf(cores, sizeof cores, "%s", argc > 4 ? argv[4] : "");
  for (char *c = strtok_r(cores, ",", &save); c && nkids < MAXCH; c = strtok_r(NULL, ",", &save)) {
    if (child_start(&kids[nkids], "/proc/self/exe", c) != 0) die("cannot start an OpenBLAS child");
    printf("  ob_%d: child with OPENBLAS_CORETYPE=%s: core %s\n", nkids + 1, c, kids[nkids].core);
    nkids++;
  }
  printf("%5s %3s %8s %8s %8s", "size", "thr", "strata", "sched", "ob");
  for (int c = 0; c < nkids; c++) printf("      ob_%d", c + 1);
  printf(" %8s %8s %8s %8s %8s\n", "fma_peak", "int8", "sched/ob", "int8/sch", "sch/peak");
  const int sizes[] = {256, 512, 1024, 2048};
  for (int si = 0; si < 4 && sizes[si] <= maxn; si++) {
    Size z = {0};
    if (size_setup(&z, sizes[si], argv[2])) return 1;
    for (int thr = 1; thr <= 2; thr++) bench_threads(&z, &plain, thr);
    size_free(&z);
  }
  for (int c = 0; c < nkids; c++) fclose(kids[c].to), fclose(kids[c].from);
  strata_lib_free(plain.lib);
  return 0;
}
