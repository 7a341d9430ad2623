/*
 * strata.c — the command-line driver.
 *
 *   strata print [--diagnostics=json] FILE   parse FILE, print canonical TVMScript
 *   strata check [--diagnostics=json] FILE   verify well-formedness
 *   strata build FILE -o LIB.so [--target T] [--emit c] [--print-after PASS|all]
 *                [--verify-each] [--time-passes]    lower, generate C, compile
 *   strata schedule FILE --func NAME --trace TRACE.py|TRACE.json
 *                                                  apply a schedule trace, print the module
 *   strata run FILE|LIB.so [--func NAME] [ARG ...] [-o OUT.npy|OUT.npz]
 *              [--repeat N] [--target T] [--trace TRACE]  run a PrimFunc (tools/run.c)
 *
 * Exit status: 0 success, 1 bad input (diagnostics on stderr), 2 usage error.
 * Output is produced whole or not at all.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"
#include "strata/strata.h"
#include "support/support.h"

static const char usage[] =
    "usage: strata <command> [options] FILE\n"
    "\n"
    "commands:\n"
    "  print FILE     parse FILE (TVMScript .py) and print it in canonical form\n"
    "  check FILE     check FILE for well-formedness; exit 1 with diagnostics if not\n"
    "  build FILE -o LIB.so [--target T] [--emit c] [--print-after PASS|all]\n"
    "                 [--verify-each] [--time-passes] [--func NAME --trace TRACE]\n"
    "                 lower FILE's PrimFuncs and compile them into one shared library\n"
    "                 (--emit c: write the generated C to -o instead; target \"c\",\n"
    "                 \"c -mcpu=x86-64-v3\", \"c -O2\")\n"
    "  schedule FILE --func NAME --trace TRACE\n"
    "                 apply a schedule trace (TVM's Python form `b0 = sch.get_block(...)`,\n"
    "                 or MetaSchedule's JSON trace) to function NAME and print the module\n"
    "  run FILE|LIB.so [--func NAME] [ARG.npy|NUMBER ...] [-o OUT.npy|OUT.npz] [--repeat N]\n"
    "                 [--trace TRACE]\n"
    "                 run a PrimFunc: the arguments bind its leading parameters, the\n"
    "                 rest are outputs, allocated from the bound shape variables;\n"
    "                 --repeat N prints the median and spread of N timed runs\n"
    "  help           show this message\n"
    "\n"
    "options:\n"
    "  --diagnostics=text|json   how errors are written to stderr (default text)\n"
    "\n"
    "exit status: 0 success, 1 bad input, 2 usage error\n";

int driver_usage_error(const char *fmt, const char *arg) {
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
StrataModule *driver_load(const char *path, StrataDiagFormat fmt) {
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
  StrataModule *m = driver_load(path, fmt);
  if (!m) return 1;
  char *out = strata_print(m);
  fputs(out, stdout);
  strata_free(out);
  strata_module_free(m);
  return fflush(stdout) == 0 ? 0 : 1;
}

int driver_apply_trace(StrataModule *m, const char *func, const char *trace_path,
                       StrataDiagFormat fmt) {
  size_t len;
  char *text = read_file(trace_path, &len);
  if (!text) {
    fprintf(stderr, "strata: cannot read '%s': %s\n", trace_path, strerror(errno));
    return 1;
  }
  char *err = NULL;
  int rc = strata_apply_trace(m, func, trace_path, text, len, fmt, &err);
  free(text);
  if (rc) emit_errors(err, fmt);
  return rc ? 1 : 0;
}

/* strata schedule FILE --func NAME --trace TRACE [--diagnostics=text|json] */
static int cmd_schedule(int argc, char **argv) {
  const char *file = NULL, *func = NULL, *trace = NULL;
  StrataDiagFormat fmt = STRATA_DIAG_TEXT;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    bool more = i + 1 < argc;
    if (!strcmp(a, "--func") && more) func = argv[++i];
    else if (!strcmp(a, "--trace") && more) trace = argv[++i];
    else if (!strcmp(a, "--diagnostics=json")) fmt = STRATA_DIAG_JSON;
    else if (!strcmp(a, "--diagnostics=text")) fmt = STRATA_DIAG_TEXT;
    else if (a[0] == '-' && a[1]) return driver_usage_error("unknown or incomplete option '%s'", a);
    else if (file) return driver_usage_error("'%s' takes exactly one FILE", "schedule");
    else file = a;
  }
  if (!file) return driver_usage_error("'%s' takes exactly one FILE", "schedule");
  if (!trace) return driver_usage_error("'%s' needs --trace TRACE", "schedule");
  StrataModule *m = driver_load(file, fmt);
  if (!m) return 1;
  if (driver_apply_trace(m, func, trace, fmt) != 0) {
    strata_module_free(m);
    return 1;
  }
  char *out = strata_print(m);
  fputs(out, stdout);
  strata_free(out);
  strata_module_free(m);
  return fflush(stdout) == 0 ? 0 : 1;
}

static int cmd_check(const char *path, StrataDiagFormat fmt) {
  StrataModule *m = driver_load(path, fmt);
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

/* strata build FILE -o OUT [--target T] [--emit c] [--print-after P] [--verify-each] [--time-passes] */
static int cmd_build(int argc, char **argv) {
  const char *file = NULL, *out = NULL, *emit = NULL, *func = NULL, *trace = NULL;
  StrataBuildOptions o = {0};
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    bool more = i + 1 < argc;
    if (!strcmp(a, "-o") && more) out = argv[++i];
    else if (!strcmp(a, "--target") && more) o.target = argv[++i];
    else if (!strcmp(a, "--emit") && more) emit = argv[++i];
    else if (!strcmp(a, "--print-after") && more) o.print_after = argv[++i];
    else if (!strcmp(a, "--verify-each")) o.verify_each = 1;
    else if (!strcmp(a, "--func") && more) func = argv[++i];
    else if (!strcmp(a, "--trace") && more) trace = argv[++i];
    else if (!strcmp(a, "--time-passes")) o.time_passes = 1;
    else if (a[0] == '-' && a[1]) return driver_usage_error("unknown or incomplete option '%s'", a);
    else if (file) return driver_usage_error("'%s' takes exactly one FILE", "build");
    else file = a;
  }
  if (!file) return driver_usage_error("'%s' takes exactly one FILE", "build");
  if (!out) return driver_usage_error("'%s' needs -o OUTPUT", "build");
  if (emit && strcmp(emit, "c") != 0) return driver_usage_error("--emit '%s' is not known (use --emit c)", emit);
  if (trace && !func) return driver_usage_error("%s", "--trace needs --func NAME");
  StrataModule *m = driver_load(file, STRATA_DIAG_TEXT);
  if (!m) return 1;
  if (trace && driver_apply_trace(m, func, trace, STRATA_DIAG_TEXT) != 0) {
    strata_module_free(m);
    return 1;
  }
  char *err = NULL;
  int rc = 0;
  if (strata_check(m, &err) != 0) {
    emit_errors(err, STRATA_DIAG_TEXT);
    strata_module_free(m);
    return 1;
  }
  if (emit) {
    char *src = NULL;
    rc = strata_emit_c(m, &o, &src, &err);
    if (rc == 0 && (!strcmp(out, "-") ? fputs(src, stdout) < 0 : write_file_atomic(out, src, strlen(src)) != 0)) {
      fprintf(stderr, "strata: cannot write '%s': %s\n", out, strerror(errno));
      rc = -1;
    }
    strata_free(src);
  } else {
    /* build beside the output, then rename: no partial library on failure */
    StrBuf tmp = {0};
    sb_printf(&tmp, "%s.tmp%ld", out, (long)getpid());
    rc = strata_build(m, &o, tmp.data, &err);
    if (rc == 0 && rename(tmp.data, out) != 0) {
      fprintf(stderr, "strata: cannot write '%s': %s\n", out, strerror(errno));
      remove(tmp.data);
      rc = -1;
    }
    sb_free(&tmp);
  }
  if (err) {
    fputs(err, stderr);
    if (*err && err[strlen(err) - 1] != '\n') fputc('\n', stderr);
    strata_free(err);
  }
  strata_module_free(m);
  return rc == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc < 2) return driver_usage_error("%s", "missing command");
  const char *cmd = argv[1];
  if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
    fputs(usage, stdout);
    return 0;
  }
  if (!strcmp(cmd, "build")) return cmd_build(argc, argv);
  if (!strcmp(cmd, "schedule")) return cmd_schedule(argc, argv);
  if (!strcmp(cmd, "run")) return driver_cmd_run(argc - 1, argv + 1);
  if (strcmp(cmd, "print") != 0 && strcmp(cmd, "check") != 0)
    return driver_usage_error("unknown command '%s'", cmd);
  StrataDiagFormat fmt = STRATA_DIAG_TEXT;
  const char *file = NULL;
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--diagnostics=json"))
      fmt = STRATA_DIAG_JSON;
    else if (!strcmp(argv[i], "--diagnostics=text"))
      fmt = STRATA_DIAG_TEXT;
    else if (argv[i][0] == '-' && argv[i][1])
      return driver_usage_error("unknown option '%s'", argv[i]);
    else if (file)
      return driver_usage_error("'%s' takes exactly one FILE", cmd);
    else
      file = argv[i];
  }
  if (!file) return driver_usage_error("'%s' takes exactly one FILE", cmd);
  return !strcmp(cmd, "print") ? cmd_print(file, fmt) : cmd_check(file, fmt);
}
