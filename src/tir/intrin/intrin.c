/*
 * intrin.c — the tensor-intrinsic registry (see intrin.h): built-in
 * families whose TVMScript text is generated from the shape in the name,
 * user-registered pairs, and the choice of variant by target features.
 * Texts are parsed into the caller's IrCtx on every lookup (they are small),
 * so nodes never cross contexts; the SourceFiles stay alive for spans.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../script/script.h"
#include "intrin.h"

typedef struct UserIntrin {
  char *name, *desc, *impl;
} UserIntrin;

static char *msgf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *msgf(const char *fmt, ...) {
  StrBuf sb = {0};
  va_list ap;
  va_start(ap, fmt);
  char tmp[1024];
  vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  sb_puts(&sb, tmp);
  return sb.data;
}

static UserIntrin *users;
static int nusers, capusers;
static PtrVec sources; /* SourceFile*, kept for the spans of parsed nodes */

void tir_intrin_register(const char *name, const char *desc_text, const char *impl_text) {
  for (int i = 0; i < nusers; i++)
    if (!strcmp(users[i].name, name)) {
      free(users[i].desc);
      free(users[i].impl);
      users[i].desc = xstrdup(desc_text);
      users[i].impl = xstrdup(impl_text);
      return;
    }
  if (nusers == capusers) {
    capusers = capusers ? 2 * capusers : 8;
    users = xrealloc(users, sizeof *users * (size_t)capusers);
  }
  users[nusers++] = (UserIntrin){xstrdup(name), xstrdup(desc_text), xstrdup(impl_text)};
}

/* ---- built-in texts ---------------------------------------------------------- */

#define HDR "# from tvm.script import tir as T\n\n@T.prim_func\ndef f(a: T.handle, b: T.handle, c: T.handle):\n"
#define STRIDES(p) "    " p "_s0 = T.int32()\n    " p "_s1 = T.int32()\n"

/* fp32 micro-kernel: desc (impl = 0) or impl (1); ki: A is a [KC, MR] panel. */
static void sgemm_text(StrBuf *o, int impl, const char *isa, int mr, int nr, int kc, int ki) {
  int a0 = ki ? kc : mr, a1 = ki ? mr : kc;
  sb_puts(o, HDR);
  if (impl) sb_puts(o, STRIDES("a") STRIDES("b") STRIDES("c"));
  const char *sa = impl ? ", strides=(a_s0, a_s1)" : "", *sb = impl ? ", strides=(b_s0, b_s1)" : "",
             *sc = impl ? ", strides=(c_s0, c_s1)" : "";
  sb_printf(o, "    A = T.match_buffer(a, (%d, %d), \"float32\"%s, offset_factor=1)\n", a0, a1, sa);
  sb_printf(o, "    B = T.match_buffer(b, (%d, %d), \"float32\"%s, offset_factor=1)\n", kc, nr, sb);
  sb_printf(o, "    C = T.match_buffer(c, (%d, %d), \"float32\"%s, offset_factor=1)\n", mr, nr, sc);
  sb_puts(o, "    with T.block(\"root\"):\n");
  sb_printf(o, "        T.reads(C[0:%d, 0:%d], A[0:%d, 0:%d], B[0:%d, 0:%d])\n", mr, nr, a0, a1, kc, nr);
  sb_printf(o, "        T.writes(C[0:%d, 0:%d])\n", mr, nr);
  if (impl) {
    sb_printf(o, "        T.evaluate(T.call_extern(\"int32\", \"strata_ukr_sgemm_%s\", %d, %d, %d, "
                 "C.data, C.elem_offset, c_s0, c_s1, A.data, A.elem_offset, %s, B.data, B.elem_offset, "
                 "b_s0, b_s1))\n",
              isa, mr, nr, kc, ki ? "a_s1, a_s0" : "a_s0, a_s1");
    return;
  }
  sb_printf(o, "        for i, j, k in T.grid(%d, %d, %d):\n", mr, nr, kc);
  sb_puts(o, "            with T.block(\"update\"):\n"
             "                vi, vj, vk = T.axis.remap(\"SSR\", [i, j, k])\n");
  sb_printf(o, "                C[vi, vj] = C[vi, vj] + A[%s] * B[vk, vj]\n", ki ? "vk, vi" : "vi, vk");
}

/* u8 x i8 -> i32 micro-kernel over k4 groups of 4; dot: the 16 x 4 form. */
static void igemm_text(StrBuf *o, int impl, const char *isa, int mr, int nr, int k4, int dot) {
  sb_puts(o, HDR);
  if (impl) sb_puts(o, STRIDES("a") STRIDES("b") STRIDES("c") "    b_s2 = T.int32()\n");
  if (dot) {
    sb_printf(o, "    A = T.match_buffer(a, (4,), \"uint8\"%s, offset_factor=1)\n", impl ? ", strides=(a_s0,)" : "");
    sb_printf(o, "    B = T.match_buffer(b, (16, 4), \"int8\"%s, offset_factor=1)\n", impl ? ", strides=(b_s0, b_s1)" : "");
    sb_printf(o, "    C = T.match_buffer(c, (16,), \"int32\"%s, offset_factor=1)\n", impl ? ", strides=(c_s0,)" : "");
    sb_puts(o, "    with T.block(\"root\"):\n        T.reads(C[0:16], A[0:4], B[0:16, 0:4])\n        T.writes(C[0:16])\n");
    if (impl) {
      sb_printf(o, "        T.evaluate(T.call_extern(\"int32\", \"strata_ukr_igemm_%s\", 1, 16, 1, C.data, "
                   "C.elem_offset, 0, c_s0, A.data, A.elem_offset, 0, a_s0, B.data, B.elem_offset, 0, b_s0, b_s1))\n",
                isa);
      return;
    }
    sb_puts(o, "        for i, k in T.grid(16, 4):\n            with T.block(\"update\"):\n"
               "                vi, vk = T.axis.remap(\"SR\", [i, k])\n"
               "                C[vi] = C[vi] + T.Cast(\"int32\", A[vk]) * T.Cast(\"int32\", B[vi, vk])\n");
    return;
  }
  sb_printf(o, "    A = T.match_buffer(a, (%d, %d), \"uint8\"%s, offset_factor=1)\n", mr, 4 * k4,
            impl ? ", strides=(a_s0, a_s1)" : "");
  sb_printf(o, "    B = T.match_buffer(b, (%d, %d, 4), \"int8\"%s, offset_factor=1)\n", k4, nr,
            impl ? ", strides=(b_s0, b_s1, b_s2)" : "");
  sb_printf(o, "    C = T.match_buffer(c, (%d, %d), \"int32\"%s, offset_factor=1)\n", mr, nr,
            impl ? ", strides=(c_s0, c_s1)" : "");
  sb_printf(o, "    with T.block(\"root\"):\n        T.reads(C[0:%d, 0:%d], A[0:%d, 0:%d], B[0:%d, 0:%d, 0:4])\n"
               "        T.writes(C[0:%d, 0:%d])\n", mr, nr, mr, 4 * k4, k4, nr, mr, nr);
  if (impl) {
    sb_printf(o, "        T.evaluate(T.call_extern(\"int32\", \"strata_ukr_igemm_%s\", %d, %d, %d, C.data, "
                 "C.elem_offset, c_s0, c_s1, A.data, A.elem_offset, a_s0, a_s1, B.data, B.elem_offset, b_s0, "
                 "b_s1, b_s2))\n", isa, mr, nr, k4);
    return;
  }
  sb_printf(o, "        for i, j, ko, l in T.grid(%d, %d, %d, 4):\n", mr, nr, k4);
  sb_puts(o, "            with T.block(\"update\"):\n"
             "                vi, vj, vko, vl = T.axis.remap(\"SSRR\", [i, j, ko, l])\n"
             "                C[vi, vj] = C[vi, vj] + T.Cast(\"int32\", A[vi, vko * 4 + vl]) * "
             "T.Cast(\"int32\", B[vko, vj, vl])\n");
}

static bool dims(const char *s, int *v, int n) {
  for (int i = 0; i < n; i++) {
    char *end;
    long x = strtol(s, &end, 10);
    if (end == s || x <= 0 || x > 4096) return false;
    v[i] = (int)x;
    if (i + 1 < n && *end != 'x') return false;
    s = end + (i + 1 < n);
    if (i + 1 == n && *end && *end != '.') return false;
  }
  return true;
}

/* Texts of a built-in name into d and m; false when the name is no built-in. */
static bool builtin(const char *name, StrBuf *d, StrBuf *m) {
  static const char *const sg[] = {"strata.sgemm_ukr.avx512.", "strata.sgemm_ukr.portable."};
  static const char *const ig[] = {"strata.igemm_ukr.vnni.", "strata.igemm_ukr.portable."};
  int v[3];
  for (int i = 0; i < 2; i++) {
    size_t n = strlen(sg[i]);
    if (!strncmp(name, sg[i], n) && dims(name + n, v, 3)) {
      const char *sfx = strrchr(name, '.');
      int ki = !strcmp(sfx, ".ki");
      if (!ki && strcmp(sfx, ".ik")) return false;
      sgemm_text(d, 0, "", v[0], v[1], v[2], ki);
      sgemm_text(m, 1, i ? "portable" : "avx512", v[0], v[1], v[2], ki);
      return true;
    }
    n = strlen(ig[i]);
    if (!strncmp(name, ig[i], n) && dims(name + n, v, 3) && !strchr(name + n, '.')) {
      igemm_text(d, 0, "", v[0], v[1], v[2], 0);
      igemm_text(m, 1, i ? "portable" : "vnni", v[0], v[1], v[2], 0);
      return true;
    }
  }
  if (!strcmp(name, "strata.dot_16x4.vnni") || !strcmp(name, "strata.dot_16x4.portable")) {
    igemm_text(d, 0, "", 1, 16, 1, 1);
    igemm_text(m, 1, strstr(name, "vnni") ? "vnni" : "portable", 1, 16, 1, 1);
    return true;
  }
  return false;
}

/* ---- lookup ------------------------------------------------------------------ */

static Node *parse(IrCtx *cx, const char *name, const char *what, const char *text, char **err) {
  char fname[256];
  snprintf(fname, sizeof fname, "<intrin %s %s>", name, what);
  SourceFile *f = source_new(fname, text, strlen(text));
  ptrvec_push(&sources, f);
  DiagCtx dg;
  diag_init(&dg);
  Node *root = script_parse(cx, f, &dg);
  if (!root || diag_errors(&dg) || root->kind != NK_PRIM_FUNC) {
    StrBuf sb = {0};
    diag_render(&dg, &sb);
    *err = msgf("tensor intrinsic '%s': its %s does not parse as one PrimFunc:\n%s", name, what,
                sb.data ? sb.data : "");
    free(sb.data);
    root = NULL;
  }
  diag_free(&dg);
  return root;
}

int tir_intrin_get(IrCtx *cx, const char *name, Node **desc, Node **impl, char **err) {
  StrBuf d = {0}, m = {0};
  const char *dt = NULL, *mt = NULL;
  for (int i = 0; i < nusers && !dt; i++)
    if (!strcmp(users[i].name, name)) dt = users[i].desc, mt = users[i].impl;
  if (!dt && builtin(name, &d, &m)) dt = d.data, mt = m.data;
  int rc = -1;
  if (!dt) *err = msgf("no tensor intrinsic named '%s'", name);
  else if ((*desc = parse(cx, name, "description", dt, err)) && (*impl = parse(cx, name, "implementation", mt, err)))
    rc = 0;
  free(d.data);
  free(m.data);
  return rc;
}

/* ---- targets ----------------------------------------------------------------- */

/* -mcpu names with AVX-512F, and those of them with AVX-512 VNNI. */
static const char *const avx512_cpus[] = {"skylake-avx512", "x86-64-v4", "cascadelake", "cooperlake",
                                          "icelake-server", "icelake-client", "tigerlake", "sapphirerapids",
                                          "emeraldrapids", "graniterapids", "znver4", "znver5", NULL};
static const char *const vnni_cpus[] = {"cascadelake", "cooperlake", "icelake-server", "icelake-client",
                                        "tigerlake", "sapphirerapids", "emeraldrapids", "graniterapids",
                                        "znver4", "znver5", NULL};

static bool native_has(const char *feature) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (!strcmp(feature, "avx512f")) return __builtin_cpu_supports("avx512f");
  if (!strcmp(feature, "avx512vnni")) return __builtin_cpu_supports("avx512vnni");
#endif
  return false;
}

bool tir_target_has_feature(const char *target, const char *feature) {
  const char *mc = target ? strstr(target, "-mcpu=") : NULL;
  if (!mc || !strncmp(mc + 6, "native", 6)) return native_has(feature);
  mc += 6;
  size_t len = strcspn(mc, " ");
  const char *const *list = !strcmp(feature, "avx512f") ? avx512_cpus : !strcmp(feature, "avx512vnni") ? vnni_cpus : NULL;
  for (int i = 0; list && list[i]; i++)
    if (strlen(list[i]) == len && !strncmp(list[i], mc, len)) return true;
  return false;
}

static bool replace(const char *name, const char *isa, const char *feature, const char *target, char *buf,
                    size_t n) {
  const char *p = strstr(name, isa);
  size_t k = strlen(isa);
  if (!p || (p[k] != '.' && p[k]) || tir_target_has_feature(target, feature)) return false;
  snprintf(buf, n, "%.*s.portable%s", (int)(p - name), name, p + k);
  return true;
}

const char *tir_intrin_for_target(const char *name, const char *target, char *buf, size_t n) {
  if (!replace(name, ".avx512", "avx512f", target, buf, n) && !replace(name, ".vnni", "avx512vnni", target, buf, n))
    snprintf(buf, n, "%s", name);
  return buf;
}
