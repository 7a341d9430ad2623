/*
 * strata.c — the command-line driver.
 *
 *   strata print [--diagnostics=json] FILE   parse FILE, print canonical TVMScript
 *   strata check [--diagnostics=json] FILE   verify well-formedness
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
    "usage: strata <command> [options] FILE\n"
    "\n"
    "commands:\n"
    "  print FILE     parse FILE (TVMScript .py) and print it in canonical form\n"
    "  check FILE     check FILE for well-formedness; exit 1 with diagnostics if not\n"
    "  help           show this message\n"
    "\n"
    "options:\n"
    "  --diagnostics=text|json   how errors are written to stderr (default text)\n"
    "\n"
    "exit status: 0 success, 1 bad input, 2 usage error\n";

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "strata: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n\n%s", usage);
  return 2;
}

static void emit_errors(char *err, StrataDiagFormat fmt) {
  if (!err) return;
  fputs(err, stderr);
  if (fmt == STRATA_DIAG_JSON) fputc('\n', stderr);
  strata_free(err);
}

/* Load and parse FILE; on failure print diagnostics and return NULL. */
static StrataModule *load(const char *path, StrataDiagFormat fmt) {
  size_t len;
  char *text = read_file(path, &len);
  if (!text) {
    fprintf(stderr, "strata: cannot read '%s': %s\n", path, strerror(errno));
    return NULL;
  }
  char *err = NULL;
  StrataModule *m = strata_parse_fmt(path, text, len, fmt, &err);
  free(text);
  if (!m) emit_errors(err, fmt);
  return m;
}

static int cmd_print(const char *path, StrataDiagFormat fmt) {
  StrataModule *m = load(path, fmt);
  if (!m) return 1;
  char *out = strata_print(m);
  fputs(out, stdout);
  strata_free(out);
  strata_module_free(m);
  return fflush(stdout) == 0 ? 0 : 1;
}

static int cmd_check(const char *path, StrataDiagFormat fmt) {
  StrataModule *m = load(path, fmt);
  if (!m) return 1;
  char *err = NULL;
  int n = strata_check_fmt(m, fmt, &err);
  strata_module_free(m);
  if (n) {
    emit_errors(err, fmt);
    if (fmt == STRATA_DIAG_TEXT) fprintf(stderr, "%d error%s\n", n, n == 1 ? "" : "s");
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
  if (strcmp(cmd, "print") != 0 && strcmp(cmd, "check") != 0)
    return usage_error("unknown command '%s'", cmd);
  StrataDiagFormat fmt = STRATA_DIAG_TEXT;
  const char *file = NULL;
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--diagnostics=json"))
      fmt = STRATA_DIAG_JSON;
    else if (!strcmp(argv[i], "--diagnostics=text"))
      fmt = STRATA_DIAG_TEXT;
    else if (argv[i][0] == '-' && argv[i][1])
      return usage_error("unknown option '%s'", argv[i]);
    else if (file)
      return usage_error("'%s' takes exactly one FILE", cmd);
    else
      file = argv[i];
  }
  if (!file) return usage_error("'%s' takes exactly one FILE", cmd);
  return !strcmp(cmd, "print") ? cmd_print(file, fmt) : cmd_check(file, fmt);
}
