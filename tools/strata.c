/*
 * strata.c — the command-line driver.
 *
 *   strata print FILE     parse FILE (TVMScript .py), print canonical TVMScript
 *   strata check FILE     verify well-formedness; exit 1 with diagnostics if not
 *
 * Exit status: 0 success, 1 bad input (diagnostics on stderr), 2 usage error.
 * Output is produced whole or not at all.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strata/strata.h"
#include "support/support.h"

static const char usage[] =
    "usage: strata <command> [options]\n"
    "\n"
    "commands:\n"
    "  print FILE     parse FILE (TVMScript .py) and print it in canonical form\n"
    "  check FILE     check FILE for well-formedness; exit 1 with diagnostics if not\n"
    "  help           show this message\n"
    "\n"
    "exit status: 0 success, 1 bad input, 2 usage error\n";

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "strata: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n\n%s", usage);
  return 2;
}

/* Load and parse FILE; on failure print diagnostics and return NULL. */
static StrataModule *load(const char *path) {
  size_t len;
  char *text = read_file(path, &len);
  if (!text) {
    fprintf(stderr, "strata: cannot read '%s': %s\n", path, strerror(errno));
    return NULL;
  }
  char *err = NULL;
  StrataModule *m = strata_parse(path, text, len, &err);
  free(text);
  if (!m) {
    fputs(err ? err : "strata: parse failed\n", stderr);
    strata_free(err);
  }
  return m;
}

static int cmd_print(const char *path) {
  StrataModule *m = load(path);
  if (!m) return 1;
  char *out = strata_print(m);
  fputs(out, stdout);
  strata_free(out);
  strata_module_free(m);
  return fflush(stdout) == 0 ? 0 : 1;
}

static int cmd_check(const char *path) {
  StrataModule *m = load(path);
  if (!m) return 1;
  char *err = NULL;
  int n = strata_check(m, &err);
  strata_module_free(m);
  if (n) {
    fputs(err, stderr);
    fprintf(stderr, "%d error%s\n", n, n == 1 ? "" : "s");
    strata_free(err);
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) return usage_error("%s", "missing command");
  const char *cmd = argv[1];
  if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
    fputs(usage, stdout);
    return 0;
  }
  if (!strcmp(cmd, "print") || !strcmp(cmd, "check")) {
    if (argc != 3) return usage_error("'%s' takes exactly one FILE", cmd);
    if (argv[2][0] == '-') return usage_error("unknown option '%s'", argv[2]);
    return !strcmp(cmd, "print") ? cmd_print(argv[2]) : cmd_check(argv[2]);
  }
  return usage_error("unknown command '%s'", cmd);
}
