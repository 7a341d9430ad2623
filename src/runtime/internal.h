/*
 * internal.h — what the runtime's files share and applications do not see:
 * the byte source and sink the .npy reader and writer run over, so that
 * npz.c can stream array entries out of and into a zip archive.  Part of
 * src/runtime; includes no compiler header.
 */
#ifndef STRATA_RUNTIME_INTERNAL_H
#define STRATA_RUNTIME_INTERNAL_H

#include <stdint.h>
#include <stdio.h>

#include "strata/runtime.h"

/* Where a .npy stream comes from.  `read` fills exactly n bytes or returns
 * -1 with an error set; `size` is the stream's total length in bytes (the
 * reader refuses headers promising more data than that before allocating);
 * `what` names the stream in messages ("a.npy", "entry 'x' of b.npz"). */
typedef struct RtSource {
  int (*read)(void *ctx, void *buf, size_t n);
  void *ctx;
  uint64_t size;
  const char *what;
} RtSource;

/* Where a .npy stream goes: `write` takes all n bytes or returns -1 with an
 * error set. */
typedef struct RtSink {
  int (*write)(void *ctx, const void *buf, size_t n);
  void *ctx;
} RtSink;

/* Reads one .npy stream from `src` into a new tensor. */
int rt_npy_read(const RtSource *src, DLTensor **out);
/* Open path for reading; it must be a regular file.  0 with *f and *size,
 * or -1 with the error set. */
int rt_open_regular(const char *path, FILE **f, uint64_t *size);
/* Writes `t` as one .npy stream to `sink`. */
int rt_npy_write(const DLTensor *t, const RtSink *sink);
/* The number of bytes rt_npy_write will produce for `t` (0 if it would
 * refuse the tensor; the error is then set). */
uint64_t rt_npy_size(const DLTensor *t);

#endif
