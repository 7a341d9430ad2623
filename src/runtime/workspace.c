/*
 * workspace.c — memory for the temporaries of compiled functions.
 *
 * Every block is aligned to STRATA_ALIGNMENT and preceded by a 64-byte
 * header holding its capacity and a tag (to reject foreign pointers).
 * Freed blocks go to a small per-thread cache and are handed out again to a
 * request they fit without wasting more than half, so a function called in
 * a loop (or a parallel task run per row) does not go back to malloc each
 * time.  The cache of a thread is freed when the thread exits.  Includes no
 * compiler header.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "strata/runtime.h"

enum { HEADER = 64, CACHE = 8 };
#define TAG 0x5354524154415753ull /* "STRATAWS": in use */
#define CACHED 0x5354524154414348ull /* in a cache: a second free is ignored */
#define CACHE_MAX_BYTES ((size_t)256 << 20)

typedef struct Header {
  size_t cap;
  uint64_t tag;
} Header;

typedef struct Cache {
  int n;
  Header *blocks[CACHE];
  int registered;
} Cache;

static _Thread_local Cache cache;
static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void drop(void *arg) {
  Cache *c = arg;
  for (int i = 0; i < c->n; i++) free(c->blocks[i]);
  c->n = 0;
}

static void make_key(void) { pthread_key_create(&key, drop); }

void *strata_workspace_alloc(size_t bytes) {
  if (bytes > SIZE_MAX / 2) return strata_set_error("workspace request of %zu bytes is too large", bytes), NULL;
  int best = -1;
  for (int i = 0; i < cache.n; i++) {
    size_t cap = cache.blocks[i]->cap;
    if (cap >= bytes && cap / 2 <= bytes && (best < 0 || cap < cache.blocks[best]->cap)) best = i;
  }
  if (best >= 0) {
    Header *h = cache.blocks[best];
    cache.blocks[best] = cache.blocks[--cache.n];
    h->tag = TAG;
    return (char *)h + HEADER;
  }
  size_t cap = (bytes + STRATA_ALIGNMENT - 1) / STRATA_ALIGNMENT * STRATA_ALIGNMENT;
  Header *h = aligned_alloc(STRATA_ALIGNMENT, HEADER + (cap ? cap : STRATA_ALIGNMENT));
  if (!h) return strata_set_error("out of memory allocating %zu bytes of workspace", bytes), NULL;
  h->cap = cap ? cap : STRATA_ALIGNMENT;
  h->tag = TAG;
  return (char *)h + HEADER;
}

void strata_workspace_free(void *ptr) {
  if (!ptr) return;
  Header *h = (Header *)((char *)ptr - HEADER);
  if (h->tag != TAG) return; /* not ours, or freed twice: leaking beats corrupting the heap */
  if (h->cap > CACHE_MAX_BYTES) {
    h->tag = 0;
    free(h);
    return;
  }
  if (!cache.registered) {
    pthread_once(&once, make_key);
    pthread_setspecific(key, &cache);
    cache.registered = 1;
  }
  if (cache.n == CACHE) {
    Header *old = cache.blocks[0]; /* evict the oldest */
    for (int i = 1; i < CACHE; i++) cache.blocks[i - 1] = cache.blocks[i];
    cache.n--;
    old->tag = 0;
    free(old);
  }
  h->tag = CACHED;
  cache.blocks[cache.n++] = h;
}
