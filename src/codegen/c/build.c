/*
 * build.c — from generated C to a shared library: the target string's
 * compiler flags, and running the system C compiler.
 *
 * Target strings: "c" followed by options.  -mcpu=CPU sets -march=CPU
 * (default native), -O0..-O3/-Os/-Ofast set the optimisation level (default
 * -O3), -cc=PATH picks the compiler (default $CC, else cc).  The library is
 * built with `-std=gnu11 -fPIC -shared ... -lm`; the source goes to a
 * temporary file beside nothing else (mkstemps under $TMPDIR or /tmp) that
 * is removed on success and kept, with its path in the message, on failure.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "c_impl.h"

static char *msgf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *msgf(const char *fmt, ...) {
  StrBuf sb = {0};
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(&sb, fmt, ap);
  va_end(ap);
  return sb_take(&sb);
}

/* Flags are kept apart from the compiler path: `cc` first, then flags. */
static int parse_target(const char *target, StrBuf *flags, char **cc, char **err) {
  const char *march = "native", *opt = "-O3";
  char *copy = xstrdup(target ? target : "c"), *save = NULL;
  char *tok = strtok_r(copy, " \t", &save);
  int rc = 0;
  if (!tok || strcmp(tok, "c") != 0) {
    *err = msgf("unknown target '%s' (this build knows \"c\", e.g. \"c -mcpu=x86-64-v3 -O2\")",
                target ? target : "");
    free(copy);
    return -1;
  }
  char *cpu = NULL, *ccp = NULL;
  while ((tok = strtok_r(NULL, " \t", &save))) {
    if (!strncmp(tok, "-mcpu=", 6) && tok[6]) {
      march = tok + 6;
    } else if (!strcmp(tok, "-O0") || !strcmp(tok, "-O1") || !strcmp(tok, "-O2") || !strcmp(tok, "-O3") ||
               !strcmp(tok, "-Os") || !strcmp(tok, "-Ofast")) {
      opt = tok;
    } else if (!strncmp(tok, "-cc=", 4) && tok[4]) {
      ccp = tok + 4;
    } else {
      *err = msgf("target '%s': unknown option '%s' (known: -mcpu=CPU, -O0..-O3, -Os, -Ofast, -cc=PATH)",
                  target, tok);
      rc = -1;
      break;
    }
  }
  for (const char *p = march; rc == 0 && *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
          *p == '_' || *p == '.')) {
      *err = msgf("target '%s': bad cpu name '%s'", target, march);
      rc = -1;
    }
  if (rc == 0) {
    cpu = msgf("-march=%s", march);
    sb_printf(flags, "%s %s", opt, cpu);
    free(cpu);
    if (cc) {
      const char *env = getenv("CC");
      *cc = xstrdup(ccp ? ccp : env && *env ? env : "cc");
    }
  }
  free(copy);
  return rc;
}

int codegen_target_flags(const char *target, StrBuf *flags, char **err) {
  return parse_target(target, flags, NULL, err);
}

/* Run argv, stderr+stdout into a malloc'd string; returns the exit status
 * (or -1 when it could not run). */
static int run_capture(char *const argv[], char **output) {
  int fds[2];
  *output = NULL;
  if (pipe(fds) != 0) return -1;
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return -1;
  }
  if (pid == 0) {
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    execvp(argv[0], argv);
    fprintf(stderr, "cannot run '%s': %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  close(fds[1]);
  StrBuf sb = {0};
  char buf[4096];
  ssize_t k;
  while ((k = read(fds[0], buf, sizeof buf)) != 0) {
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) break;
    if (sb.len < (1u << 20)) sb_putn(&sb, buf, (size_t)k);
  }
  close(fds[0]);
  int st = 0;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  *output = sb.data ? sb_take(&sb) : xstrdup("");
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int codegen_c_build(const char *c_source, const char *target, const char *out_path, char **err) {
  StrBuf flags = {0};
  char *cc = NULL;
  *err = NULL;
  if (parse_target(target, &flags, &cc, err) != 0) return -1;
  const char *tmp = getenv("TMPDIR");
  char *path = msgf("%s/strata-XXXXXX.c", tmp && *tmp ? tmp : "/tmp");
  int fd = mkstemps(path, 2);
  if (fd < 0) {
    *err = msgf("cannot create a temporary file %s: %s", path, strerror(errno));
    free(path);
    free(cc);
    sb_free(&flags);
    return -1;
  }
  size_t len = strlen(c_source), off = 0;
  while (off < len) {
    ssize_t k = write(fd, c_source + off, len - off);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break;
    off += (size_t)k;
  }
  close(fd);
  if (off < len) {
    *err = msgf("cannot write %s", path);
    unlink(path);
    free(path);
    free(cc);
    sb_free(&flags);
    return -1;
  }
  /* argv: cc -std=gnu11 <opt> <march> -fPIC -shared -o out path -lm */
  char *fl = sb_take(&flags), *sp = strchr(fl, ' ');
  *sp = 0;
  char *argv[] = {cc, "-std=gnu11", fl, sp + 1, "-fPIC", "-shared", "-o", (char *)out_path, path, "-lm", NULL};
  char *output = NULL;
  int st = run_capture(argv, &output);
  int rc = 0;
  if (st != 0) {
    *err = msgf("the C compiler failed (%s %s %s %s -fPIC -shared -o %s %s -lm, exit %d):\n%s\n"
                "the generated C is kept at %s",
                cc, argv[1], fl, sp + 1, out_path, path, st, output, path);
    rc = -1;
  } else {
    unlink(path);
  }
  free(output);
  free(fl);
  free(path);
  free(cc);
  return rc;
}
