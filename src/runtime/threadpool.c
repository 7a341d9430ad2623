/*
 * threadpool.c — the thread pool behind parallel loops.
 *
 * strata_parallel_for hands the tasks [0, ntasks) out in chunks through an
 * atomic counter to the pool's workers and the calling thread, then waits
 * for every worker to report back.  Workers start lazily on the first
 * parallel loop and sleep on a condition variable between loops.
 *
 * Invariants: one loop runs on the pool at a time (`busy` is held by its
 * caller for its whole length); a job lives on its caller's stack and is
 * touched by workers only until they decrement `active`, which the caller
 * waits to reach zero; a thread inside a task has `in_task` set, so a
 * nested parallel loop, like a loop started while another thread holds the
 * pool, runs inline on its own thread.  The first failing task's message is
 * copied out of that thread's error slot and set again on the caller's.
 * Includes no compiler header.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#endif
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strata/runtime.h"

enum { MAX_THREADS = 1024 };

typedef struct Job {
  StrataTaskFn body;
  void *cdata;
  int64_t ntasks, chunk;
  _Atomic int64_t next;
  atomic_int failed;
  char msg[1024];
} Job;

static struct {
  pthread_mutex_t lock; /* guards everything below */
  pthread_cond_t wake, done;
  pthread_t *threads;
  int nworkers;  /* started workers (the caller is not one) */
  int size;      /* threads a loop uses, caller included; 0: not resolved */
  uint64_t gen;  /* bumped per job */
  Job *job;
  int active;    /* workers yet to finish the current job */
  bool stop;
} pool = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER, .done = PTHREAD_COND_INITIALIZER};

static pthread_mutex_t busy = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local int in_task;

/* STRATA_NUM_THREADS when a positive integer, else the CPUs we may use. */
static int default_size(void) {
  const char *env = getenv("STRATA_NUM_THREADS");
  if (env && *env) {
    char *end;
    long n = strtol(env, &end, 10);
    if (*end == 0 && n > 0) return n > MAX_THREADS ? MAX_THREADS : (int)n;
  }
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (n > MAX_THREADS ? MAX_THREADS : (int)n) : 1;
}

int strata_num_threads(void) {
  pthread_mutex_lock(&pool.lock);
  if (!pool.size) pool.size = default_size();
  int n = pool.size;
  pthread_mutex_unlock(&pool.lock);
  return n;
}

static void run_chunks(Job *job) {
  in_task++;
  while (!atomic_load_explicit(&job->failed, memory_order_relaxed)) {
    int64_t b = atomic_fetch_add(&job->next, job->chunk);
    if (b >= job->ntasks) break;
    int64_t e = b + job->chunk < job->ntasks ? b + job->chunk : job->ntasks;
    for (int64_t t = b; t < e; t++) {
      if (job->body(t, job->ntasks, job->cdata) == 0) continue;
      if (atomic_exchange(&job->failed, 1) == 0) {
        const char *m = strata_last_error();
        if (*m)
          snprintf(job->msg, sizeof job->msg, "%s", m);
        else
          snprintf(job->msg, sizeof job->msg, "task %lld of a parallel loop failed", (long long)t);
      }
      break;
    }
  }
  in_task--;
}

static void *worker(void *arg) {
  uint64_t seen = (uint64_t)(uintptr_t)arg;
  pthread_mutex_lock(&pool.lock);
  for (;;) {
    while (!pool.stop && pool.gen == seen) pthread_cond_wait(&pool.wake, &pool.lock);
    if (pool.stop) break;
    seen = pool.gen;
    Job *job = pool.job;
    pthread_mutex_unlock(&pool.lock);
    strata_set_error("%s", "");
    run_chunks(job);
    pthread_mutex_lock(&pool.lock);
    if (--pool.active == 0) pthread_cond_signal(&pool.done);
  }
  pthread_mutex_unlock(&pool.lock);
  return NULL;
}

/* Starts workers up to size - 1; called with `busy` held.  Keeps what it
 * managed to start if thread creation fails. */
static void start_workers(void) {
  pthread_mutex_lock(&pool.lock);
  if (!pool.size) pool.size = default_size();
  int want = pool.size - 1;
  if (pool.nworkers < want) {
    pthread_t *t = realloc(pool.threads, sizeof(pthread_t) * (size_t)want);
    if (t) {
      pool.threads = t;
      while (pool.nworkers < want &&
             pthread_create(&t[pool.nworkers], NULL, worker, (void *)(uintptr_t)pool.gen) == 0)
        pool.nworkers++;
    }
  }
  pthread_mutex_unlock(&pool.lock);
}

static int run_inline(int64_t ntasks, StrataTaskFn body, void *cdata) {
  in_task++;
  int rc = 0;
  for (int64_t t = 0; t < ntasks && rc == 0; t++) rc = body(t, ntasks, cdata);
  in_task--;
  return rc ? -1 : 0;
}

int strata_parallel_for(int64_t ntasks, StrataTaskFn body, void *cdata) {
  if (!body) return strata_set_error("strata_parallel_for: NULL body");
  if (ntasks <= 0) return 0;
  if (in_task || ntasks == 1 || strata_num_threads() == 1 || pthread_mutex_trylock(&busy) != 0)
    return run_inline(ntasks, body, cdata);
  start_workers();
  int nthreads = pool.nworkers + 1;
  if (nthreads == 1) {
    pthread_mutex_unlock(&busy);
    return run_inline(ntasks, body, cdata);
  }
  Job job = {.body = body, .cdata = cdata, .ntasks = ntasks};
  job.chunk = ntasks / ((int64_t)nthreads * 4);
  if (job.chunk < 1) job.chunk = 1;
  atomic_init(&job.next, 0);
  atomic_init(&job.failed, 0);
  pthread_mutex_lock(&pool.lock);
  pool.job = &job;
  pool.active = pool.nworkers;
  pool.gen++;
  pthread_cond_broadcast(&pool.wake);
  pthread_mutex_unlock(&pool.lock);
  strata_set_error("%s", "");
  run_chunks(&job);
  pthread_mutex_lock(&pool.lock);
  while (pool.active > 0) pthread_cond_wait(&pool.done, &pool.lock);
  pool.job = NULL;
  pthread_mutex_unlock(&pool.lock);
  pthread_mutex_unlock(&busy);
  if (atomic_load(&job.failed)) return strata_set_error("%s", job.msg);
  return 0;
}

int strata_set_num_threads(int n) {
  if (in_task) return strata_set_error("strata_set_num_threads: called from inside a parallel task");
  pthread_mutex_lock(&busy);
  pthread_mutex_lock(&pool.lock);
  pool.stop = true;
  pthread_cond_broadcast(&pool.wake);
  int nw = pool.nworkers;
  pthread_mutex_unlock(&pool.lock);
  for (int i = 0; i < nw; i++) pthread_join(pool.threads[i], NULL);
  pthread_mutex_lock(&pool.lock);
  free(pool.threads);
  pool.threads = NULL;
  pool.nworkers = 0;
  pool.stop = false;
  pool.size = n > 0 ? (n > MAX_THREADS ? MAX_THREADS : n) : default_size();
  pthread_mutex_unlock(&pool.lock);
  pthread_mutex_unlock(&busy);
  return 0;
}
