/*
 * support.c — allocation, arenas, vectors, hash maps, interning and string
 * builders.  See support.h for the contracts.
 */
#include "support.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void support_check_fail(const char *file, int line, const char *what) {
  fprintf(stderr, "%s:%d: internal error: check failed: %s\n", file, line, what);
  abort();
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) support_check_fail(__FILE__, __LINE__, "out of memory");
  return p;
}

void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) support_check_fail(__FILE__, __LINE__, "out of memory");
  return p;
}

void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) support_check_fail(__FILE__, __LINE__, "out of memory");
  return p;
}

char *xstrndup(const char *s, size_t n) {
  char *r = xmalloc(n + 1);
  memcpy(r, s, n);
  r[n] = 0;
  return r;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

/* ---- Arena ---------------------------------------------------------------- */

struct ArenaChunk {
  ArenaChunk *next;
  size_t size;
  _Alignas(16) unsigned char mem[];
};

enum { CHUNK_SIZE = 64 * 1024 };

Arena *arena_new(void) { return xcalloc(1, sizeof(Arena)); }

void arena_free(Arena *a) {
  if (!a) return;
  for (ArenaChunk *c = a->head, *n; c; c = n) {
    n = c->next;
    free(c);
  }
  free(a);
}

void *arena_alloc(Arena *a, size_t n) {
  n = (n + 15) & ~(size_t)15;
  if (!a->head || a->used + n > a->head->size) {
    size_t sz = n > CHUNK_SIZE / 4 ? n : CHUNK_SIZE;
    ArenaChunk *c = xmalloc(sizeof(ArenaChunk) + sz);
    c->size = sz;
    if (a->head && n > CHUNK_SIZE / 4) {
      /* A big block gets its own chunk behind the current one, so the
       * remaining space of the current chunk is not wasted. */
      c->next = a->head->next;
      a->head->next = c;
      memset(c->mem, 0, n);
      a->total += n;
      return c->mem;
    }
    c->next = a->head;
    a->head = c;
    a->used = 0;
  }
  void *p = a->head->mem + a->used;
  a->used += n;
  a->total += n;
  memset(p, 0, n);
  return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
  char *r = arena_alloc(a, n + 1);
  memcpy(r, s, n);
  r[n] = 0;
  return r;
}

char *arena_strdup(Arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

/* ---- Vectors -------------------------------------------------------------- */

void ptrvec_push(PtrVec *v, void *p) { VEC_PUSH(*v, p); }

void *ptrvec_pop(PtrVec *v) {
  SCHECK(v->len > 0);
  return v->data[--v->len];
}

void ptrvec_free(PtrVec *v) { VEC_FREE(*v); }

/* ---- Hashing -------------------------------------------------------------- */

uint64_t hash_bytes(const void *p, size_t n) {
  const unsigned char *s = p;
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (size_t i = 0; i < n; i++) {
    h ^= s[i];
    h *= 1099511628211ull;
  }
  return h;
}

uint64_t hash_mix(uint64_t h, uint64_t v) {
  v *= 0x9E3779B97F4A7C15ull;
  v ^= v >> 29;
  h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  return h;
}

static uint64_t hash_ptr(const void *p) { return hash_mix(0, (uint64_t)(uintptr_t)p); }

/* ---- PtrMap --------------------------------------------------------------- */

static int32_t ptrmap_slot(const PtrMap *m, const void *key) {
  uint32_t mask = (uint32_t)m->cap - 1;
  uint32_t i = (uint32_t)hash_ptr(key) & mask;
  while (m->keys[i] && m->keys[i] != key) i = (i + 1) & mask;
  return (int32_t)i;
}

void *ptrmap_get(const PtrMap *m, const void *key) {
  if (!m->cap) return NULL;
  return m->vals[ptrmap_slot(m, key)];
}

bool ptrmap_has(const PtrMap *m, const void *key) {
  if (!m->cap) return false;
  return m->keys[ptrmap_slot(m, key)] == key;
}

void ptrmap_put(PtrMap *m, const void *key, void *val) {
  SCHECK(key != NULL);
  if ((m->len + 1) * 2 > m->cap) {
    PtrMap n = {0};
    n.cap = m->cap ? m->cap * 2 : 16;
    n.keys = xcalloc((size_t)n.cap, sizeof(void *));
    n.vals = xcalloc((size_t)n.cap, sizeof(void *));
    for (int32_t i = 0; i < m->cap; i++)
      if (m->keys[i]) {
        int32_t s = ptrmap_slot(&n, m->keys[i]);
        n.keys[s] = m->keys[i];
        n.vals[s] = m->vals[i];
        n.len++;
      }
    free(m->keys);
    free(m->vals);
    *m = n;
  }
  int32_t s = ptrmap_slot(m, key);
  if (!m->keys[s]) m->len++;
  m->keys[s] = key;
  m->vals[s] = val;
}

void ptrmap_free(PtrMap *m) {
  free(m->keys);
  free(m->vals);
  memset(m, 0, sizeof(*m));
}

/* ---- StrMap --------------------------------------------------------------- */

static int32_t strmap_slot(const StrMap *m, const char *key) {
  uint32_t mask = (uint32_t)m->cap - 1;
  uint32_t i = (uint32_t)hash_bytes(key, strlen(key)) & mask;
  while (m->keys[i] && strcmp(m->keys[i], key) != 0) i = (i + 1) & mask;
  return (int32_t)i;
}

void *strmap_get(const StrMap *m, const char *key) {
  if (!m->cap) return NULL;
  return m->vals[strmap_slot(m, key)];
}

bool strmap_has(const StrMap *m, const char *key) {
  if (!m->cap) return false;
  return m->keys[strmap_slot(m, key)] != NULL;
}

void strmap_put(StrMap *m, const char *key, void *val) {
  if ((m->len + 1) * 2 > m->cap) {
    StrMap n = {0};
    n.cap = m->cap ? m->cap * 2 : 16;
    n.keys = xcalloc((size_t)n.cap, sizeof(char *));
    n.vals = xcalloc((size_t)n.cap, sizeof(void *));
    for (int32_t i = 0; i < m->cap; i++)
      if (m->keys[i]) {
        int32_t s = strmap_slot(&n, m->keys[i]);
        n.keys[s] = m->keys[i];
        n.vals[s] = m->vals[i];
        n.len++;
      }
    free(m->keys);
    free(m->vals);
    *m = n;
  }
  int32_t s = strmap_slot(m, key);
  if (!m->keys[s]) {
    m->keys[s] = xstrdup(key);
    m->len++;
  }
  m->vals[s] = val;
}

void strmap_free(StrMap *m) {
  for (int32_t i = 0; i < m->cap; i++) free(m->keys[i]);
  free(m->keys);
  free(m->vals);
  memset(m, 0, sizeof(*m));
}

/* ---- Interning ------------------------------------------------------------ */

/* One process-wide table.  Strings are stored in chunks that are never
 * freed; the table is small (names, keys, dtypes). */
static StrMap intern_table;
static Arena *intern_arena;

const char *intern_n(const char *s, size_t n) {
  char stackbuf[256];
  char *key = n < sizeof(stackbuf) ? stackbuf : xmalloc(n + 1);
  memcpy(key, s, n);
  key[n] = 0;
  const char *r = strmap_get(&intern_table, key);
  if (!r) {
    if (!intern_arena) intern_arena = arena_new();
    char *copy = arena_strndup(intern_arena, s, n);
    strmap_put(&intern_table, key, copy);
    r = copy;
  }
  if (key != stackbuf) free(key);
  return r;
}

const char *intern(const char *s) { return intern_n(s, strlen(s)); }

/* ---- String builder ------------------------------------------------------- */

static void sb_reserve(StrBuf *sb, size_t extra) {
  if (sb->len + extra + 1 <= sb->cap) return;
  size_t cap = sb->cap ? sb->cap : 64;
  while (cap < sb->len + extra + 1) cap *= 2;
  sb->data = xrealloc(sb->data, cap);
  sb->cap = cap;
}

void sb_putn(StrBuf *sb, const char *s, size_t n) {
  sb_reserve(sb, n);
  memcpy(sb->data + sb->len, s, n);
  sb->len += n;
  sb->data[sb->len] = 0;
}

void sb_putc(StrBuf *sb, char c) { sb_putn(sb, &c, 1); }
void sb_puts(StrBuf *sb, const char *s) { sb_putn(sb, s, strlen(s)); }

void sb_vprintf(StrBuf *sb, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  SCHECK(n >= 0);
  sb_reserve(sb, (size_t)n);
  vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
  sb->len += (size_t)n;
}

void sb_printf(StrBuf *sb, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(sb, fmt, ap);
  va_end(ap);
}

void sb_indent(StrBuf *sb, int n) {
  for (int i = 0; i < n; i++) sb_putc(sb, ' ');
}

char *sb_take(StrBuf *sb) {
  char *r = sb->data ? sb->data : xstrdup("");
  memset(sb, 0, sizeof(*sb));
  return r;
}

void sb_free(StrBuf *sb) {
  free(sb->data);
  memset(sb, 0, sizeof(*sb));
}

/* ---- Files ---------------------------------------------------------------- */

char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  StrBuf sb = {0};
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), f)) > 0) sb_putn(&sb, buf, n);
  int err = ferror(f);
  fclose(f);
  if (err) {
    sb_free(&sb);
    errno = EIO;
    return NULL;
  }
  *len = sb.len;
  return sb_take(&sb);
}

int write_file_atomic(const char *path, const char *data, size_t len) {
  StrBuf tmp = {0};
  sb_printf(&tmp, "%s.tmp.%ld", path, (long)getpid());
  FILE *f = fopen(tmp.data, "wb");
  if (!f) {
    sb_free(&tmp);
    return -1;
  }
  size_t w = fwrite(data, 1, len, f);
  int bad = w != len;
  if (fclose(f) != 0) bad = 1;
  if (bad || rename(tmp.data, path) != 0) {
    remove(tmp.data);
    sb_free(&tmp);
    return -1;
  }
  sb_free(&tmp);
  return 0;
}
