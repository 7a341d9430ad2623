/*
 * codegen_c_intrin.c — C definitions of the functions that tensor
 * intrinsic implementations (src/tir/intrin/) call through T.call_extern:
 * register-tile GEMM micro-kernels, fp32 (broadcast FMA) and u8 x i8 -> i32
 * (4-way dot products).  Each comes as a portable version (plain loops the C
 * compiler vectorizes) and an x86 version (AVX-512F / AVX-512 VNNI
 * intrinsics from <immintrin.h>).  The x86 versions are compiled only when
 * the target flags enable the ISA (__AVX512F__, __AVX512VNNI__); otherwise
 * their names alias the portable ones, so a function tensorized for AVX-512
 * still builds, correctly, for a target without it.
 *
 * c_intrin_prelude emits the definitions a generated file needs, and only
 * when its code calls one of them (a `strata_ukr_` name occurs), so files
 * without tensor intrinsics are unchanged.
 *
 * Kernel arguments (element strides, offsets in elements):
 *   strata_ukr_sgemm_*(mr, nr, kc, C, c_off, c_rs, c_cs, A, a_off, a_is, a_ks,
 *                      B, b_off, b_ks, b_js)
 *       C[i, j] += sum_k A[i, k] * B[k, j]          (i < mr, j < nr, k < kc)
 *   strata_ukr_igemm_*(mr, nr, k4, C, c_off, c_rs, c_cs, A, a_off, a_is, a_ks,
 *                      B, b_off, b_ks, b_js, b_ls)
 *       C[i, j] += sum_{ko, l < 4} u8 A[i, 4 ko + l] * i8 B[ko, j, l]
 */
#include <string.h>

#include "c_impl.h"

static const char *const intrin_text[] = {
    "\n/* ---- tensor intrinsics (codegen_c_intrin.c) ---- */\n",
    "#if defined(__x86_64__) || defined(__i386__)\n",
    "#include <immintrin.h>\n",
    "#endif\n",
    "#define STRATA_UKR static inline __attribute__((always_inline, unused)) int32_t\n",
    "STRATA_UKR strata_ukr_sgemm_portable(int64_t mr, int64_t nr, int64_t kc, float *C, int64_t c_off,\n",
    "    int64_t c_rs, int64_t c_cs, const float *A, int64_t a_off, int64_t a_is, int64_t a_ks,\n",
    "    const float *B, int64_t b_off, int64_t b_ks, int64_t b_js) {\n",
    "  C += c_off; A += a_off; B += b_off;\n",
    "  for (int64_t i = 0; i < mr; i++)\n",
    "    for (int64_t k = 0; k < kc; k++) {\n",
    "      float a = A[i * a_is + k * a_ks];\n",
    "      for (int64_t j = 0; j < nr; j++) C[i * c_rs + j * c_cs] += a * B[k * b_ks + j * b_js];\n",
    "    }\n",
    "  return 0;\n",
    "}\n",
    "STRATA_UKR strata_ukr_igemm_portable(int64_t mr, int64_t nr, int64_t k4, int32_t *C, int64_t c_off,\n",
    "    int64_t c_rs, int64_t c_cs, const uint8_t *A, int64_t a_off, int64_t a_is, int64_t a_ks,\n",
    "    const int8_t *B, int64_t b_off, int64_t b_ks, int64_t b_js, int64_t b_ls) {\n",
    "  C += c_off; A += a_off; B += b_off;\n",
    "  for (int64_t i = 0; i < mr; i++)\n",
    "    for (int64_t j = 0; j < nr; j++) {\n",
    "      int32_t s = 0;\n",
    "      for (int64_t k = 0; k < k4; k++)\n",
    "        for (int64_t l = 0; l < 4; l++)\n",
    "          s += (int32_t)A[i * a_is + (4 * k + l) * a_ks] * (int32_t)B[k * b_ks + j * b_js + l * b_ls];\n",
    "      C[i * c_rs + j * c_cs] += s;\n",
    "    }\n",
    "  return 0;\n",
    "}\n",
    "#if defined(__AVX512F__)\n",
    "/* mr x nr accumulators in zmm registers (nr a multiple of 16, mr * nr / 16 <= 28). */\n",
    "STRATA_UKR strata_ukr_sgemm_avx512(int64_t mr, int64_t nr, int64_t kc, float *C, int64_t c_off,\n",
    "    int64_t c_rs, int64_t c_cs, const float *A, int64_t a_off, int64_t a_is, int64_t a_ks,\n",
    "    const float *B, int64_t b_off, int64_t b_ks, int64_t b_js) {\n",
    "  if (c_cs != 1 || b_js != 1 || nr % 16 || nr > 64 || mr > 14 || mr * (nr / 16) > 28)\n",
    "    return strata_ukr_sgemm_portable(mr, nr, kc, C, c_off, c_rs, c_cs, A, a_off, a_is, a_ks, B, b_off,\n",
    "                                     b_ks, b_js);\n",
    "  C += c_off; A += a_off; B += b_off;\n",
    "  const int64_t nv = nr / 16;\n",
    "  __m512 acc[14][4];\n",
    "#pragma GCC unroll 14\n",
    "  for (int64_t i = 0; i < mr; i++)\n",
    "#pragma GCC unroll 4\n",
    "    for (int64_t v = 0; v < nv; v++) acc[i][v] = _mm512_loadu_ps(C + i * c_rs + 16 * v);\n",
    "  for (int64_t k = 0; k < kc; k++) {\n",
    "    __m512 b[4];\n",
    "#pragma GCC unroll 4\n",
    "    for (int64_t v = 0; v < nv; v++) b[v] = _mm512_loadu_ps(B + k * b_ks + 16 * v);\n",
    "#pragma GCC unroll 14\n",
    "    for (int64_t i = 0; i < mr; i++) {\n",
    "      __m512 a = _mm512_set1_ps(A[i * a_is + k * a_ks]);\n",
    "#pragma GCC unroll 4\n",
    "      for (int64_t v = 0; v < nv; v++) acc[i][v] = _mm512_fmadd_ps(a, b[v], acc[i][v]);\n",
    "    }\n",
    "  }\n",
    "#pragma GCC unroll 14\n",
    "  for (int64_t i = 0; i < mr; i++)\n",
    "#pragma GCC unroll 4\n",
    "    for (int64_t v = 0; v < nv; v++) _mm512_storeu_ps(C + i * c_rs + 16 * v, acc[i][v]);\n",
    "  return 0;\n",
    "}\n",
    "#else\n",
    "#define strata_ukr_sgemm_avx512 strata_ukr_sgemm_portable\n",
    "#endif\n",
    "#if defined(__AVX512F__) && defined(__AVX512VNNI__)\n",
    "/* vpdpbusd: 16 lanes x 4 bytes per instruction; B's 16 x 4 groups contiguous. */\n",
    "STRATA_UKR strata_ukr_igemm_vnni(int64_t mr, int64_t nr, int64_t k4, int32_t *C, int64_t c_off,\n",
    "    int64_t c_rs, int64_t c_cs, const uint8_t *A, int64_t a_off, int64_t a_is, int64_t a_ks,\n",
    "    const int8_t *B, int64_t b_off, int64_t b_ks, int64_t b_js, int64_t b_ls) {\n",
    "  if (c_cs != 1 || a_ks != 1 || b_js != 4 || b_ls != 1 || nr % 16 || nr > 64 || mr > 14 ||\n",
    "      mr * (nr / 16) > 28)\n",
    "    return strata_ukr_igemm_portable(mr, nr, k4, C, c_off, c_rs, c_cs, A, a_off, a_is, a_ks, B, b_off,\n",
    "                                     b_ks, b_js, b_ls);\n",
    "  C += c_off; A += a_off; B += b_off;\n",
    "  const int64_t nv = nr / 16;\n",
    "  __m512i acc[14][4];\n",
    "#pragma GCC unroll 14\n",
    "  for (int64_t i = 0; i < mr; i++)\n",
    "#pragma GCC unroll 4\n",
    "    for (int64_t v = 0; v < nv; v++) acc[i][v] = _mm512_loadu_si512(C + i * c_rs + 16 * v);\n",
    "  for (int64_t k = 0; k < k4; k++) {\n",
    "    __m512i b[4];\n",
    "#pragma GCC unroll 4\n",
    "    for (int64_t v = 0; v < nv; v++) b[v] = _mm512_loadu_si512(B + k * b_ks + 64 * v);\n",
    "#pragma GCC unroll 14\n",
    "    for (int64_t i = 0; i < mr; i++) {\n",
    "      int32_t a4;\n",
    "      memcpy(&a4, A + i * a_is + 4 * k, 4);\n",
    "      __m512i a = _mm512_set1_epi32(a4);\n",
    "#pragma GCC unroll 4\n",
    "      for (int64_t v = 0; v < nv; v++) acc[i][v] = _mm512_dpbusd_epi32(acc[i][v], a, b[v]);\n",
    "    }\n",
    "  }\n",
    "#pragma GCC unroll 14\n",
    "  for (int64_t i = 0; i < mr; i++)\n",
    "#pragma GCC unroll 4\n",
    "    for (int64_t v = 0; v < nv; v++) _mm512_storeu_si512(C + i * c_rs + 16 * v, acc[i][v]);\n",
    "  return 0;\n",
    "}\n",
    "#else\n",
    "#define strata_ukr_igemm_vnni strata_ukr_igemm_portable\n",
    "#endif\n",
    NULL,
};

static bool mentions(const StrBuf *sb, const char *needle) {
  return sb->len && sb->data && strstr(sb->data, needle) != NULL;
}

void c_intrin_prelude(const StrBuf *code1, const StrBuf *code2, StrBuf *out) {
  if (mentions(code1, "strata_ukr_") || mentions(code2, "strata_ukr_")) {
    for (int i = 0; intrin_text[i]; i++) sb_puts(out, intrin_text[i]);
  }
}
