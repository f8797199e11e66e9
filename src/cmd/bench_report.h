/* bench_report.h: the report of one `loco bench` run, shared by the command's
 * files (not a public interface): bench.c runs the grid, bench_report.c lays
 * it out (the tables on stdout, --json and the archive, --markdown, --html).
 * The numbers are the bench module's (src/eval/bench.h). */
#ifndef LOCO_CMD_BENCH_REPORT_H
#define LOCO_CMD_BENCH_REPORT_H

#include <stdio.h>

#include "bench.h"
#include "cmd.h"

/* The seed's system targets (SPEC, the system metrics table). */
#define BENCH_TARGET_LATENCY_S 5.0
#define BENCH_TARGET_MEMORY    8e9 /* bytes: "< 8 GB" */

/* What the run was asked with, for the report and the archive. */
struct bench_run {
	const struct loco_ctx *ctx;
	struct bench *b;
	size_t limit;
	const char *reference;
	const char *reference_url; /* config bench.reference.base_url; NULL = the main server */
	int jobs;
	size_t n_hosts;
	double seconds;                /* the whole run */
	long long mem_peak, vram_peak; /* over every sample; -1 when /api/ps never answered */
	char *stamp;
};

/* The whole report as one object (the --json shape of issue 18, and the archive). */
struct cJSON *bench_report_json(const struct bench_run *r);
/* The tables, at most 80 columns. */
void bench_report_print(const struct bench_run *r);
/* The same tables as Markdown, written to path whole (atomically); -1 with *err. */
int bench_report_markdown(const struct bench_run *r, const char *path, char **err);

#endif
