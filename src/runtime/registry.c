/*
 * registry.c — the process-wide table of named packed functions, and the
 * names of StrataAny type codes.
 *
 * The table is a growable array searched linearly under a mutex: functions
 * are registered and looked up by name a handful of times (at start-up, when
 * a driver resolves what to call), never per element, so simplicity wins.
 * Names are copied; `self` pointers are the caller's.  Invariant: names in
 * the table are distinct.  Includes no compiler header.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "strata/runtime.h"

typedef struct Entry {
  char *name;
  StrataPackedFn fn;
  void *self;
} Entry;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static Entry *table;
static size_t count, cap;

const char *strata_type_name(int32_t type_code) {
  static const char *names[] = {"none", "int", "float", "handle", "tensor", "str", "dtype"};
  if (type_code < 0 || type_code >= (int32_t)(sizeof names / sizeof names[0])) return "unknown";
  return names[type_code];
}

static Entry *find(const char *name) {
  for (size_t i = 0; i < count; i++)
    if (!strcmp(table[i].name, name)) return &table[i];
  return NULL;
}

int strata_func_register(const char *name, StrataPackedFn fn, void *self) {
  if (!name || !*name) return strata_set_error("strata_func_register: empty function name");
  if (!fn) return strata_set_error("strata_func_register: NULL function for '%s'", name);
  int rc = 0;
  pthread_mutex_lock(&lock);
  Entry *e = find(name);
  if (e) {
    rc = strata_set_error("a function named '%s' is already registered", name);
  } else {
    char *copy = strdup(name);
    if (count == cap) {
      size_t ncap = cap ? cap * 2 : 16;
      Entry *t = copy ? realloc(table, ncap * sizeof(Entry)) : NULL;
      if (t) table = t, cap = ncap;
    }
    if (!copy || count == cap) {
      free(copy);
      rc = strata_set_error("out of memory registering '%s'", name);
    } else {
      table[count++] = (Entry){copy, fn, self};
    }
  }
  pthread_mutex_unlock(&lock);
  return rc;
}

int strata_func_lookup(const char *name, StrataPackedFn *fn, void **self) {
  *fn = NULL;
  if (self) *self = NULL;
  if (!name) return strata_set_error("strata_func_lookup: NULL name");
  pthread_mutex_lock(&lock);
  Entry *e = find(name);
  if (e) {
    *fn = e->fn;
    if (self) *self = e->self;
  }
  pthread_mutex_unlock(&lock);
  return e ? 0 : strata_set_error("no function named '%s' is registered", name);
}

int strata_func_unregister(const char *name) {
  if (!name) return strata_set_error("strata_func_unregister: NULL name");
  pthread_mutex_lock(&lock);
  Entry *e = find(name);
  if (e) {
    free(e->name);
    *e = table[--count];
    if (count == 0) {
      free(table);
      table = NULL;
      cap = 0;
    }
  }
  pthread_mutex_unlock(&lock);
  return e ? 0 : strata_set_error("no function named '%s' is registered", name);
}
