/*
 * driver.h — what the driver's files share (tools/strata.c: the command
 * table, print, check, build; tools/run.c: run).
 */
#ifndef STRATA_DRIVER_H
#define STRATA_DRIVER_H

#include "strata/strata.h"

/* Print "strata: <msg>" and the usage to stderr; returns 2. */
int driver_usage_error(const char *fmt, const char *arg);
/* Read and parse FILE; prints diagnostics and returns NULL on failure. */
StrataModule *driver_load(const char *path, StrataDiagFormat fmt);
/* `strata run ...`: argv[0] is "run". */
int driver_cmd_run(int argc, char **argv);
/* Apply the schedule trace in file trace_path to function func of m;
 * prints the reason on stderr and returns 1 when a step fails. */
int driver_apply_trace(StrataModule *m, const char *func, const char *trace_path,
                       StrataDiagFormat fmt);

#endif
