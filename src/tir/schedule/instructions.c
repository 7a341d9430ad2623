/*
 * instructions.c — the instruction-kind table: every trace operation
 * (printing, parsing, JSON, replay) finds a kind here by TVM's kind name
 * ("Split") or by its Python method name ("split").
 *
 * Each kind is defined beside its primitive, in the primitive's file, as
 *     const SchInstKind sch_kind_<py_method> = {"Split", "split", apply_split,
 *                                               split_inputs, split_attrs};
 * and listed once below.  ADDING A KIND IS ONE LINE: append
 *     X(<py_method>)
 * to SCH_INST_KINDS.  (Kinds whose primitive is not written yet are simply
 * absent.)
 *
 * Conventions for the SchInstKind fields:
 *   - apply(s, inst, outs, nouts): inst's input references are already
 *     references of s (the replayer maps them); it calls the primitive,
 *     which records the instruction again, writes the new references to
 *     outs (at most inst->noutputs, or 1 for single-output kinds) and
 *     their count to *nouts.
 *   - input_names / attr_names: keyword names in TVM's order, NULL-ended.
 *     A name ending in '*' ("factors*") takes all remaining inputs as one
 *     keyword list (factors=[l1, 16]); a name starting with '*' ("*loops")
 *     takes them as positional arguments (sch.fuse(l1, l2, ...)).  An
 *     empty name "" is a positional argument.
 */
#include <string.h>

#include "schedule_impl.h"

#define SCH_INST_KINDS(X) \
  X(get_block)            \
  X(get_loops)            \
  X(get_child_blocks)     \
  X(get_producers)        \
  X(get_consumers)        \
  X(split)                \
  X(fuse)                 \
  X(reorder)              \
  X(add_unit_loop)        \
  X(parallel)             \
  X(vectorize)            \
  X(unroll)               \
  X(bind)                 \
  X(annotate)             \
  X(unannotate)           \
  X(cache_read)           \
  X(cache_write)          \
  X(set_scope)            \
  X(storage_align)        \
  X(blockize) \
  X(transform_layout) \
  X(pad_einsum) \
  X(reindex) \
  X(tensorize) \
  X(sample_perfect_tile) \
  X(sample_categorical) \
  X(sample_compute_location) \
  X(compute_at) \
  X(reverse_compute_at) \
  X(compute_inline) \
  X(reverse_compute_inline) \
  X(decompose_reduction) \
  X(rfactor)

#define DECLARE(m) extern const SchInstKind sch_kind_##m;
SCH_INST_KINDS(DECLARE)
#undef DECLARE

#define ROW(m) &sch_kind_##m,
static const SchInstKind *const kinds[] = {SCH_INST_KINDS(ROW) NULL};
#undef ROW

const SchInstKind *sch_inst_kind_lookup(const char *name) {
  for (int i = 0; kinds[i]; i++)
    if (!strcmp(kinds[i]->name, name)) return kinds[i];
  return NULL;
}

const SchInstKind *sch_inst_kind_by_method(const char *py_method) {
  for (int i = 0; kinds[i]; i++)
    if (!strcmp(kinds[i]->py_method, py_method)) return kinds[i];
  return NULL;
}
