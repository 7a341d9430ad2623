/*
 * harness.h — a minimal unit-test harness, header only.
 *
 *   TEST(name) { CHECK(1 + 1 == 2); CHECK_STREQ(a, b); }
 *   int main(void) { RUN(name); return harness_report(); }
 *
 * Each CHECK that fails prints file:line and the condition and marks the
 * current test failed.  harness_report prints `N passed, N failed` (tests,
 * not checks) and returns the exit status.
 */
#ifndef STRATA_HARNESS_H
#define STRATA_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_passed, harness_failed, harness_cur_failed;
static const char *harness_cur;

#define TEST(name) static void test_##name(void)

#define RUN(name)                                                             \
  do {                                                                        \
    harness_cur = #name;                                                      \
    harness_cur_failed = 0;                                                   \
    test_##name();                                                            \
    if (harness_cur_failed)                                                   \
      harness_failed++;                                                       \
    else                                                                      \
      harness_passed++;                                                       \
  } while (0)

#define CHECK(cond)                                                           \
  do {                                                                        \
    if (!(cond)) {                                                            \
      fprintf(stderr, "%s:%d: [%s] check failed: %s\n", __FILE__, __LINE__,   \
              harness_cur, #cond);                                            \
      harness_cur_failed = 1;                                                 \
    }                                                                         \
  } while (0)

#define CHECK_STREQ(a, b)                                                     \
  do {                                                                        \
    const char *ha_ = (a), *hb_ = (b);                                        \
    if (!ha_ || !hb_ || strcmp(ha_, hb_) != 0) {                              \
      fprintf(stderr, "%s:%d: [%s] strings differ:\n  got:      %s\n  expected: %s\n", \
              __FILE__, __LINE__, harness_cur, ha_ ? ha_ : "(null)",          \
              hb_ ? hb_ : "(null)");                                          \
      harness_cur_failed = 1;                                                 \
    }                                                                         \
  } while (0)

static inline int harness_report(void) {
  printf("%d passed, %d failed\n", harness_passed, harness_failed);
  return harness_failed ? 1 : 0;
}

#endif
