/*
 * npz.c — numpy's .npz archives: a zip file of .npy entries named
 * "NAME.npy".
 *
 * Reading goes through the central directory (numpy writes its local
 * headers in zip64 form with placeholder sizes, so only the central
 * directory is trusted for sizes), accepts stored and deflated entries
 * (zlib, raw inflate) and zip64 records, and streams each entry through the
 * .npy reader of npy.c, so an array is decompressed straight into its
 * tensor.  Every offset and size is checked against the file before use;
 * CRCs are verified.  Writing produces a plain uncompressed zip (no zip64:
 * entries and the archive stay below 4 GiB), as np.savez does.
 * Includes no compiler header.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "runtime/internal.h"

enum { CHUNK = 1 << 16, MAX_CD = 64 << 20, MAX_ENTRIES = 1 << 20 };

static uint32_t u16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t u32(const unsigned char *p) { return u16(p) | u16(p + 2) << 16; }
static uint64_t u64(const unsigned char *p) { return (uint64_t)u32(p) | (uint64_t)u32(p + 4) << 32; }

/* Reads n bytes at offset `at`. */
static int pread_at(FILE *f, uint64_t at, void *buf, size_t n, const char *path) {
  if (fseeko(f, (off_t)at, SEEK_SET) != 0 || fread(buf, 1, n, f) != n)
    return strata_set_error("%s: read failed or file truncated", path);
  return 0;
}

/* ---- the central directory ---- */

typedef struct Dir {
  uint64_t entries, cd_off, cd_size;
} Dir;

static int find_dir(FILE *f, uint64_t size, const char *path, Dir *d) {
  unsigned char tail[65536 + 22];
  size_t n = size < sizeof tail ? (size_t)size : sizeof tail;
  if (n < 22) return strata_set_error("%s: not a zip archive (too short)", path);
  if (pread_at(f, size - n, tail, n, path)) return -1;
  size_t i = n - 22 + 1;
  while (i-- > 0)
    if (!memcmp(tail + i, "PK\5\6", 4)) break;
  if (i == (size_t)-1) return strata_set_error("%s: not a zip archive (no end of central directory)", path);
  const unsigned char *e = tail + i;
  d->entries = u16(e + 10);
  d->cd_size = u32(e + 12);
  d->cd_off = u32(e + 16);
  if (d->entries == 0xFFFF || d->cd_size == 0xFFFFFFFF || d->cd_off == 0xFFFFFFFF) {
    uint64_t at = size - n + i;
    unsigned char loc[20], z[56];
    if (at < 20 || pread_at(f, at - 20, loc, 20, path) || memcmp(loc, "PK\6\7", 4))
      return strata_set_error("%s: zip64 end-of-directory locator missing", path);
    uint64_t zoff = u64(loc + 8);
    if (zoff > size - 56 || pread_at(f, zoff, z, 56, path) || memcmp(z, "PK\6\6", 4))
      return strata_set_error("%s: zip64 end of central directory is corrupt", path);
    d->entries = u64(z + 32);
    d->cd_size = u64(z + 40);
    d->cd_off = u64(z + 48);
  }
  if (d->cd_off > size || d->cd_size > size - d->cd_off)
    return strata_set_error("%s: central directory lies past the end of the file", path);
  if (d->cd_size > MAX_CD || d->entries > MAX_ENTRIES)
    return strata_set_error("%s: central directory is too large", path);
  return 0;
}

typedef struct Ent {
  char name[1024];
  uint32_t flags, method, crc;
  uint64_t csize, usize, off;
} Ent;

/* Parses the central-directory record at *p (within [p, end)). */
static int parse_ent(const unsigned char **pp, const unsigned char *end, Ent *e, const char *path) {
  const unsigned char *p = *pp;
  if (end - p < 46 || memcmp(p, "PK\1\2", 4)) return strata_set_error("%s: corrupt central directory", path);
  uint32_t nlen = u16(p + 28), xlen = u16(p + 30), clen = u16(p + 32);
  if ((size_t)(end - p) < 46 + (size_t)nlen + xlen + clen) return strata_set_error("%s: corrupt central directory", path);
  if (nlen >= sizeof e->name) return strata_set_error("%s: entry name too long", path);
  e->flags = u16(p + 8);
  e->method = u16(p + 10);
  e->crc = u32(p + 16);
  e->csize = u32(p + 20);
  e->usize = u32(p + 24);
  e->off = u32(p + 42);
  memcpy(e->name, p + 46, nlen);
  e->name[nlen] = 0;
  if (memchr(e->name, 0, nlen)) return strata_set_error("%s: entry name contains a NUL byte", path);
  const unsigned char *x = p + 46 + nlen, *xend = x + xlen;
  while (xend - x >= 4) { /* the zip64 extra carries the fields set to 0xFFFFFFFF, in order */
    uint32_t id = u16(x), sz = u16(x + 2);
    if ((size_t)(xend - x - 4) < sz) break;
    if (id == 1) {
      const unsigned char *v = x + 4, *vend = v + sz;
      uint64_t *fields[3] = {&e->usize, &e->csize, &e->off};
      for (int k = 0; k < 3; k++) {
        if (*fields[k] != 0xFFFFFFFF) continue;
        if (vend - v < 8) return strata_set_error("%s: corrupt zip64 extra field", path);
        *fields[k] = u64(v);
        v += 8;
      }
    }
    x += 4 + sz;
  }
  *pp = p + 46 + nlen + xlen + clen;
  return 0;
}

/* ---- one entry as a byte source ---- */

typedef struct EntIn {
  FILE *f;
  const char *what;
  bool deflate;
  uint64_t cleft; /* compressed bytes not yet read from the file */
  uint64_t used;  /* uncompressed bytes handed out */
  uint32_t crc;
  z_stream z;
  bool zdone;
  unsigned char in[CHUNK];
} EntIn;

static int ent_read(void *ctx, void *buf, size_t n) {
  EntIn *r = ctx;
  unsigned char *out = buf;
  size_t want = n;
  while (want > 0) {
    size_t step = want > (1u << 30) ? (1u << 30) : want;
    if (!r->deflate) {
      if (step > r->cleft || fread(out, 1, step, r->f) != step)
        return strata_set_error("%s: entry truncated", r->what);
      r->cleft -= step;
    } else {
      r->z.next_out = out;
      r->z.avail_out = (uInt)step;
      while (r->z.avail_out > 0) {
        if (r->zdone) return strata_set_error("%s: compressed entry ends early", r->what);
        if (r->z.avail_in == 0 && r->cleft > 0) {
          size_t k = r->cleft < CHUNK ? (size_t)r->cleft : CHUNK;
          if (fread(r->in, 1, k, r->f) != k) return strata_set_error("%s: entry truncated", r->what);
          r->cleft -= k;
          r->z.next_in = r->in;
          r->z.avail_in = (uInt)k;
        }
        int zr = inflate(&r->z, Z_NO_FLUSH);
        if (zr == Z_STREAM_END) r->zdone = true;
        else if (zr != Z_OK && !(zr == Z_BUF_ERROR && r->z.avail_in == 0 && r->cleft == 0))
          return strata_set_error("%s: corrupt compressed data (%s)", r->what, r->z.msg ? r->z.msg : "inflate failed");
        else if (zr == Z_BUF_ERROR)
          return strata_set_error("%s: compressed entry ends early", r->what);
      }
    }
    r->crc = (uint32_t)crc32(r->crc, out, (uInt)step);
    r->used += step;
    out += step;
    want -= step;
  }
  return 0;
}

/* Loads entry e into *out. */
static int load_ent(FILE *f, uint64_t size, const Ent *e, const char *path, DLTensor **out) {
  char what[1200];
  snprintf(what, sizeof what, "entry '%s' of %s", e->name, path);
  unsigned char lh[30];
  if (e->flags & 1) return strata_set_error("%s: encrypted entries are not supported", what);
  if (e->method != 0 && e->method != 8)
    return strata_set_error("%s: compression method %u is not supported (only stored and deflate)", what, e->method);
  if (e->off > size - 30 || size < 30 || pread_at(f, e->off, lh, 30, path) || memcmp(lh, "PK\3\4", 4))
    return strata_set_error("%s: local header missing or corrupt", what);
  uint64_t data = e->off + 30 + u16(lh + 26) + u16(lh + 28);
  if (data > size || e->csize > size - data) return strata_set_error("%s: data lies past the end of the file", what);
  if (e->method == 0 && e->csize != e->usize) return strata_set_error("%s: stored entry sizes disagree", what);
  if (e->method == 8 && e->usize / 1032 > e->csize + 1)
    return strata_set_error("%s: declared size %llu is impossible for %llu compressed bytes", what,
                            (unsigned long long)e->usize, (unsigned long long)e->csize);
  EntIn *r = calloc(1, sizeof *r);
  if (!r) return strata_set_error("out of memory reading %s", what);
  r->f = f;
  r->what = what;
  r->deflate = e->method == 8;
  r->cleft = e->csize;
  int rc = fseeko(f, (off_t)data, SEEK_SET) ? strata_set_error("%s: seek failed", what) : 0;
  if (!rc && r->deflate && inflateInit2(&r->z, -MAX_WBITS) != Z_OK) {
    r->deflate = false;
    rc = strata_set_error("%s: cannot start zlib", what);
  }
  RtSource src = {ent_read, r, e->usize, what};
  if (!rc) rc = rt_npy_read(&src, out);
  if (!rc && r->used != e->usize) rc = strata_set_error("%s: %llu bytes after the array", what, (unsigned long long)(e->usize - r->used));
  if (!rc && r->crc != e->crc) rc = strata_set_error("%s: CRC mismatch (corrupt archive)", what);
  if (r->deflate) inflateEnd(&r->z);
  free(r);
  if (rc) {
    strata_tensor_free(*out);
    *out = NULL;
  }
  return rc;
}

/* ---- the archive ---- */

void strata_npz_free(StrataNpz *npz) {
  if (!npz) return;
  for (int32_t i = 0; i < npz->narrays; i++) {
    free(npz->names[i]);
    strata_tensor_free(npz->arrays[i]);
  }
  free(npz->names);
  free(npz->arrays);
  free(npz);
}

DLTensor *strata_npz_get(const StrataNpz *npz, const char *name) {
  for (int32_t i = 0; npz && name && i < npz->narrays; i++)
    if (!strcmp(npz->names[i], name)) return npz->arrays[i];
  return NULL;
}

static int load_all(FILE *f, uint64_t size, const char *path, StrataNpz *z) {
  Dir d;
  if (find_dir(f, size, path, &d)) return -1;
  unsigned char *cd = malloc(d.cd_size ? (size_t)d.cd_size : 1);
  z->names = calloc(d.entries ? (size_t)d.entries : 1, sizeof(char *));
  z->arrays = calloc(d.entries ? (size_t)d.entries : 1, sizeof(DLTensor *));
  int rc = (!cd || !z->names || !z->arrays) ? strata_set_error("out of memory reading %s", path)
                                             : pread_at(f, d.cd_off, cd, (size_t)d.cd_size, path);
  const unsigned char *p = cd, *end = cd + d.cd_size;
  for (uint64_t i = 0; !rc && i < d.entries; i++) {
    Ent e;
    if ((rc = parse_ent(&p, end, &e, path))) break;
    size_t n = strlen(e.name);
    if (n < 5 || strcmp(e.name + n - 4, ".npy") != 0) {
      rc = strata_set_error("%s: entry '%s' is not a .npy array", path, e.name);
      break;
    }
    e.name[n - 4] = 0;
    if (strata_npz_get(z, e.name)) {
      rc = strata_set_error("%s: two arrays are named '%s'", path, e.name);
      break;
    }
    e.name[n - 4] = '.';
    DLTensor *t = NULL;
    if ((rc = load_ent(f, size, &e, path, &t))) break;
    e.name[n - 4] = 0;
    z->names[z->narrays] = strdup(e.name);
    z->arrays[z->narrays++] = t;
    if (!z->names[z->narrays - 1]) rc = strata_set_error("out of memory reading %s", path);
  }
  free(cd);
  return rc;
}

int strata_npz_load(const char *path, StrataNpz **out) {
  *out = NULL;
  FILE *f;
  uint64_t size;
  if (rt_open_regular(path, &f, &size) != 0) return -1;
  StrataNpz *z = calloc(1, sizeof *z);
  int rc = z ? load_all(f, size, path, z) : strata_set_error("out of memory reading %s", path);
  fclose(f);
  if (rc) {
    strata_npz_free(z);
    return -1;
  }
  *out = z;
  return 0;
}

/* ---- writing ---- */

static void put16(unsigned char *p, uint32_t v) { p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8); }
static void put32(unsigned char *p, uint32_t v) { put16(p, v & 0xFFFF), put16(p + 2, v >> 16); }

typedef struct Out {
  FILE *f;
  const char *path;
  uint32_t crc;
  uint64_t n;
} Out;

static int crc_write(void *ctx, const void *buf, size_t n) {
  Out *o = ctx;
  for (size_t k = 0; k < n;) {
    size_t step = n - k > (1u << 30) ? (1u << 30) : n - k;
    o->crc = (uint32_t)crc32(o->crc, (const unsigned char *)buf + k, (uInt)step);
    k += step;
  }
  return 0;
}

static int out_write(void *ctx, const void *buf, size_t n) {
  Out *o = ctx;
  if (n && fwrite(buf, 1, n, o->f) != n) return strata_set_error("%s: write failed: %s", o->path, strerror(errno));
  o->n += n;
  return 0;
}

/* A local header (sig 0x04034b50) or a central one (0x02014b50): the fields
 * they share, for a stored entry dated 1980-01-01. */
static size_t zip_header(unsigned char *h, bool central, uint32_t crc, uint32_t size, size_t nlen, uint32_t off) {
  memset(h, 0, 46);
  memcpy(h, central ? "PK\1\2" : "PK\3\4", 4);
  unsigned char *p = central ? h + 6 : h + 4; /* central adds "version made by" */
  if (central) put16(h + 4, 20);
  put16(p, 20);        /* version needed */
  put16(p + 8, 0x21);  /* date: 1980-01-01 */
  put32(p + 10, crc);
  put32(p + 14, size); /* compressed */
  put32(p + 18, size); /* uncompressed */
  put16(p + 22, (uint32_t)nlen);
  if (!central) return 30;
  put32(h + 38, 0600u << 16); /* external attributes: rw------- like Python's zipfile */
  put32(h + 42, off);
  return 46;
}

static int check_names(int32_t narrays, const char *const *names, const DLTensor *const *arrays) {
  if (narrays < 0 || (narrays > 0 && (!names || !arrays))) return strata_set_error("strata_npz_save: bad array list");
  for (int32_t i = 0; i < narrays; i++) {
    if (!names[i] || !*names[i] || strchr(names[i], '/') || strlen(names[i]) > 1000)
      return strata_set_error("strata_npz_save: array %d needs a non-empty name without '/'", i);
    for (int32_t j = 0; j < i; j++)
      if (!strcmp(names[i], names[j])) return strata_set_error("strata_npz_save: two arrays are named '%s'", names[i]);
  }
  return 0;
}

static int save_all(Out *o, int32_t narrays, const char *const *names, const DLTensor *const *arrays) {
  uint32_t *crcs = calloc((size_t)narrays + 1, sizeof(uint32_t));
  uint64_t *offs = calloc((size_t)narrays + 1, sizeof(uint64_t)), *sizes = calloc((size_t)narrays + 1, sizeof(uint64_t));
  int rc = (!crcs || !offs || !sizes) ? strata_set_error("out of memory writing %s", o->path) : 0;
  unsigned char h[46];
  char name[1024];
  for (int32_t i = 0; !rc && i < narrays; i++) {
    snprintf(name, sizeof name, "%s.npy", names[i]);
    sizes[i] = rt_npy_size(arrays[i]);
    offs[i] = o->n;
    Out c = {0};
    RtSink crc_sink = {crc_write, &c};
    if (!sizes[i] || rt_npy_write(arrays[i], &crc_sink)) rc = -1;
    else if (sizes[i] >= 0xFFFFFFFFu || offs[i] >= 0xFFFFFFFFu)
      rc = strata_set_error("%s: array '%s' does not fit below 4 GiB (zip64 is not written)", o->path, names[i]);
    crcs[i] = c.crc;
    if (rc) break;
    size_t hl = zip_header(h, false, crcs[i], (uint32_t)sizes[i], strlen(name), 0);
    RtSink sink = {out_write, o};
    rc = out_write(o, h, hl) || out_write(o, name, strlen(name)) || rt_npy_write(arrays[i], &sink) ? -1 : 0;
  }
  uint64_t cd = o->n;
  for (int32_t i = 0; !rc && i < narrays; i++) {
    snprintf(name, sizeof name, "%s.npy", names[i]);
    size_t hl = zip_header(h, true, crcs[i], (uint32_t)sizes[i], strlen(name), (uint32_t)offs[i]);
    rc = out_write(o, h, hl) || out_write(o, name, strlen(name)) ? -1 : 0;
  }
  if (!rc && (o->n >= 0xFFFFFFFFu || narrays >= 0xFFFF))
    rc = strata_set_error("%s: archive too large (zip64 is not written)", o->path);
  if (!rc) {
    unsigned char e[22] = "PK\5\6";
    memset(e + 4, 0, 18);
    put16(e + 8, (uint32_t)narrays);
    put16(e + 10, (uint32_t)narrays);
    put32(e + 12, (uint32_t)(o->n - cd));
    put32(e + 16, (uint32_t)cd);
    rc = out_write(o, e, 22);
  }
  free(crcs);
  free(offs);
  free(sizes);
  return rc;
}

int strata_npz_save(const char *path, int32_t narrays, const char *const *names, const DLTensor *const *arrays) {
  if (check_names(narrays, names, arrays)) return -1;
  for (int32_t i = 0; i < narrays; i++)
    if (!rt_npy_size(arrays[i])) return -1;
  FILE *f = fopen(path, "wb");
  if (!f) return strata_set_error("cannot create %s: %s", path, strerror(errno));
  Out o = {f, path, 0, 0};
  int rc = save_all(&o, narrays, names, arrays);
  if (fclose(f) != 0 && rc == 0) rc = strata_set_error("%s: write failed: %s", path, strerror(errno));
  if (rc) remove(path);
  return rc;
}
