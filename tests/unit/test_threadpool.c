/*
 * test_threadpool.c — the runtime's thread pool: STRATA_NUM_THREADS is
 * honoured, every task runs exactly once and results equal a serial run,
 * an error in any task (on a worker or on the caller) comes back with its
 * message, nested loops run inline, resizing works, and concurrent callers
 * neither deadlock nor lose tasks.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "strata/runtime.h"

static atomic_int next_id = 1;
static _Thread_local int my_id;

static int thread_id(void) {
  if (!my_id) my_id = atomic_fetch_add(&next_id, 1);
  return my_id;
}

static void nap(long us) {
  struct timespec ts = {0, us * 1000};
  nanosleep(&ts, NULL);
}

typedef struct Fill {
  double *out;
  _Atomic int *hits;
  int *who;
  long sleep_us;
} Fill;

static double f(int64_t i) { return (double)(i * i % 97) / 3.0 + (double)i; }

static int fill(int64_t task, int64_t ntasks, void *cdata) {
  Fill *c = cdata;
  if (c->sleep_us) nap(c->sleep_us);
  c->out[task] = f(task);
  atomic_fetch_add(&c->hits[task], 1);
  if (c->who) c->who[task] = thread_id();
  return ntasks > 0 ? 0 : 1;
}

static int distinct(const int *who, int n) {
  int d = 0;
  for (int i = 0; i < n; i++) {
    int seen = 0;
    for (int j = 0; j < i; j++) seen |= who[j] == who[i];
    d += !seen;
  }
  return d;
}

TEST(env_honoured) {
  CHECK(strata_num_threads() == 3); /* main sets STRATA_NUM_THREADS=3 before any call */
  enum { N = 60 };
  double out[N];
  _Atomic int hits[N] = {0};
  int who[N];
  Fill c = {out, hits, who, 2000};
  CHECK(strata_parallel_for(N, fill, &c) == 0);
  int d = distinct(who, N);
  CHECK(d >= 2 && d <= 3);
  for (int i = 0; i < N; i++) CHECK(hits[i] == 1 && out[i] == f(i));
}

TEST(matches_serial) {
  int sizes[] = {1, 2, 3, 7, 64, 1000, 100003};
  for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
    int n = sizes[s];
    double *out = calloc((size_t)n, sizeof(double));
    _Atomic int *hits = calloc((size_t)n, sizeof(_Atomic int));
    Fill c = {out, hits, NULL, 0};
    CHECK(strata_parallel_for(n, fill, &c) == 0);
    for (int i = 0; i < n; i++) CHECK(hits[i] == 1 && out[i] == f(i));
    free(out);
    free((void *)hits);
  }
  CHECK(strata_parallel_for(0, fill, NULL) == 0); /* no tasks: the body is never called */
  CHECK(strata_parallel_for(-5, fill, NULL) == 0);
  CHECK(strata_parallel_for(4, NULL, NULL) == -1 && strstr(strata_last_error(), "NULL body"));
}

typedef struct Fail {
  int64_t bad;
  int with_message;
  _Atomic int ran;
} Fail;

static int failing(int64_t task, int64_t ntasks, void *cdata) {
  Fail *c = cdata;
  atomic_fetch_add(&c->ran, 1);
  nap(100);
  if (task != c->bad) return 0;
  if (c->with_message) return strata_set_error("task %lld broke", (long long)task);
  return 1;
}

TEST(errors_propagate) {
  for (int64_t bad = 0; bad < 40; bad += 13) {
    Fail c = {bad, 1, 0};
    strata_set_error("stale");
    CHECK(strata_parallel_for(40, failing, &c) == -1);
    char want[64];
    snprintf(want, sizeof want, "task %lld broke", (long long)bad);
    CHECK_STREQ(strata_last_error(), want);
    CHECK(c.ran >= 1 && c.ran <= 40);
  }
  Fail c = {5, 0, 0};
  CHECK(strata_parallel_for(10, failing, &c) == -1);
  CHECK(strstr(strata_last_error(), "task 5 of a parallel loop failed") != NULL);
  /* a successful loop after failures works */
  double out[8];
  _Atomic int hits[8] = {0};
  Fill ok = {out, hits, NULL, 0};
  CHECK(strata_parallel_for(8, fill, &ok) == 0);
}

typedef struct Nest {
  int outer_who[16];
  int inner_who[16][16];
  double inner_out[16][16];
  _Atomic int inner_hits[16][16];
  int inner_rc[16];
} Nest;

typedef struct Inner {
  Nest *n;
  int64_t row;
} Inner;

static int inner(int64_t task, int64_t ntasks, void *cdata) {
  Inner *c = cdata;
  c->n->inner_who[c->row][task] = thread_id();
  c->n->inner_out[c->row][task] = f(c->row * 16 + task);
  atomic_fetch_add(&c->n->inner_hits[c->row][task], 1);
  return 0;
}

static int outer(int64_t task, int64_t ntasks, void *cdata) {
  Nest *n = cdata;
  n->outer_who[task] = thread_id();
  Inner c = {n, task};
  n->inner_rc[task] = strata_parallel_for(16, inner, &c);
  nap(200);
  return n->inner_rc[task];
}

TEST(nested_runs_inline) {
  Nest *n = calloc(1, sizeof *n);
  CHECK(strata_parallel_for(16, outer, n) == 0);
  for (int r = 0; r < 16; r++) {
    CHECK(n->inner_rc[r] == 0);
    for (int t = 0; t < 16; t++) {
      CHECK(n->inner_who[r][t] == n->outer_who[r]); /* the inner loop stayed on its thread */
      CHECK(n->inner_hits[r][t] == 1 && n->inner_out[r][t] == f(r * 16 + t));
    }
  }
  free(n);
}

static int set_inside(int64_t task, int64_t ntasks, void *cdata) {
  return strata_set_num_threads(2) == 0 ? strata_set_error("resizing inside a task succeeded") : 0;
}

TEST(resize) {
  enum { N = 40 };
  double out[N];
  int who[N];
  CHECK(strata_set_num_threads(1) == 0 && strata_num_threads() == 1);
  _Atomic int hits[N] = {0};
  Fill c = {out, hits, who, 100};
  CHECK(strata_parallel_for(N, fill, &c) == 0);
  CHECK(distinct(who, N) == 1 && who[0] == thread_id());
  CHECK(strata_set_num_threads(5) == 0 && strata_num_threads() == 5);
  memset((void *)hits, 0, sizeof hits);
  c.sleep_us = 2000;
  CHECK(strata_parallel_for(N, fill, &c) == 0);
  CHECK(distinct(who, N) >= 2 && distinct(who, N) <= 5);
  for (int i = 0; i < N; i++) CHECK(hits[i] == 1);
  CHECK(strata_set_num_threads(0) == 0 && strata_num_threads() == 3); /* back to the env */
  setenv("STRATA_NUM_THREADS", "lots", 1);
  CHECK(strata_set_num_threads(0) == 0 && strata_num_threads() >= 1); /* garbage: the CPU count */
  setenv("STRATA_NUM_THREADS", "2", 1);
  CHECK(strata_set_num_threads(0) == 0 && strata_num_threads() == 2);
  CHECK(strata_parallel_for(4, set_inside, NULL) == 0);
  setenv("STRATA_NUM_THREADS", "3", 1);
  CHECK(strata_set_num_threads(0) == 0 && strata_num_threads() == 3);
}

static void *caller(void *arg) {
  int *bad = arg;
  for (int rep = 0; rep < 50; rep++) {
    enum { N = 257 };
    double out[N];
    _Atomic int hits[N] = {0};
    Fill c = {out, hits, NULL, 0};
    if (strata_parallel_for(N, fill, &c) != 0) (*bad)++;
    for (int i = 0; i < N; i++)
      if (hits[i] != 1 || out[i] != f(i)) (*bad)++;
  }
  return NULL;
}

TEST(concurrent_callers) {
  pthread_t t[4];
  int bad[4] = {0};
  for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, caller, &bad[i]);
  for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
  for (int i = 0; i < 4; i++) CHECK(bad[i] == 0);
}

TEST(many_small_loops) {
  double out[3];
  int bad = 0;
  for (int rep = 0; rep < 3000; rep++) {
    _Atomic int hits[3] = {0};
    Fill c = {out, hits, NULL, 0};
    if (strata_parallel_for(3, fill, &c) != 0 || hits[0] != 1 || hits[1] != 1 || hits[2] != 1) bad++;
  }
  CHECK(bad == 0);
}

int main(void) {
  setenv("STRATA_NUM_THREADS", "3", 1);
  RUN(env_honoured);
  RUN(matches_serial);
  RUN(errors_propagate);
  RUN(nested_runs_inline);
  RUN(resize);
  RUN(concurrent_callers);
  RUN(many_small_loops);
  strata_set_num_threads(1); /* joins the workers before exit */
  return harness_report();
}
