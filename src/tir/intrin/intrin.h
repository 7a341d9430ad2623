/*
 * intrin.h — tensor intrinsics: pairs of PrimFuncs written in TVMScript, a
 * description (what the hardware operation computes, as ordinary loops
 * over match_buffer'd operands) and an implementation (the same operands,
 * one T.call_extern into a kernel the C code generator provides, see
 * codegen/c/codegen_c_intrin.c).  sch_tensorize matches a loop nest against
 * the description and substitutes the implementation.
 *
 * Built-in names (MR, NR, KC, K4 are decimal integers, chosen by the user):
 *   strata.sgemm_ukr.{avx512|portable}.MRxNRxKC.{ik|ki}
 *       fp32 register tile C[MR, NR] += A * B[KC, NR] by broadcast FMA;
 *       A is indexed A[i, k] (ik, shape MR x KC) or A[k, i] (ki, a packed
 *       panel of shape KC x MR).  NR a multiple of 16 for the AVX-512 kernel.
 *   strata.igemm_ukr.{vnni|portable}.MRxNRxK4
 *       u8 x i8 -> i32: C[i, j] += sum_{ko, l} A[i, 4 ko + l] * B[ko, j, l]
 *       (B packed in 16 x 4 groups), one vpdpbusd per 16 lanes x 4.
 *   strata.dot_16x4.{vnni|portable}
 *       C[0:16] += sum_l A[l] * B[0:16, l]: a single vpdpbusd.
 * Users may register more pairs by name.
 */
#ifndef STRATA_TIR_INTRIN_H
#define STRATA_TIR_INTRIN_H

#include "../../ir/ir.h"

/* Register (or replace) an intrinsic from TVMScript text: each text is a
 * bare @T.prim_func.  The texts are copied; they are parsed on use. */
void tir_intrin_register(const char *name, const char *desc_text, const char *impl_text);

/* Parse intrinsic `name` into cx.  Returns 0 and the two PRIM_FUNCs, or -1
 * with a malloc'd message in *err (unknown name, bad parameters, text that
 * does not parse). */
int tir_intrin_get(IrCtx *cx, const char *name, Node **desc, Node **impl, char **err);

/* Whether a C target ("c", "c -mcpu=cascadelake", ...) has an ISA feature:
 * "avx512f" or "avx512vnni".  With no -mcpu (native), asks the CPU. */
bool tir_target_has_feature(const char *target, const char *feature);

/* The variant of built-in intrinsic `name` for the target: ".avx512." and
 * ".vnni." become ".portable." when the target lacks the feature.  Writes
 * the name into buf (size n) and returns buf. */
const char *tir_intrin_for_target(const char *name, const char *target, char *buf, size_t n);

#endif
