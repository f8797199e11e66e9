/* eval_job.h: the jobs of one `loco eval` run, shared by the command's files
 * (not a public interface): eval.c (options, servers, one adapter, the run),
 * eval_report.c (the report printed and archived), eval_ood.c (the
 * out-of-domain rule), eval_all.c (--all), eval_plan.c (--plan) and
 * eval_router.c (--router). The numbers come from the eval module
 * (src/eval/eval.h); these files parse, print and archive. */
#ifndef LOCO_CMD_EVAL_JOB_H
#define LOCO_CMD_EVAL_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cmd.h"
#include "dataset.h"
#include "eval.h"
#include "sandbox.h"

struct cJSON;
struct eval_job;

/* The adapter against the base on one other adapter's dataset. */
struct ood_row {
	const struct adapter *domain;
	const char *skipped;  /* why it was not compared, else NULL */
	struct eval_job *job; /* the comparison, run with the adapter's own */
	struct eval_summary sum;
	double holm_p; /* over the datasets compared */
	bool regression;
};

/* The out-of-domain rule of one run. */
struct ood_check {
	bool checked; /* part of the verdict (also when no other adapter has a dataset) */
	struct ood_row *rows;
	size_t n;
	bool regression;
};

struct eval_job {
	const struct adapter *adapter;
	const struct adapter *domain; /* whose dataset (--out-of-domain); NULL = the adapter's */
	struct dataset ds;
	char *model[2];
	char *digest[2];
	char *system; /* the adapter's system context */
	struct eval_result result;
	struct eval_summary sum;
	struct score_env env;          /* the sandbox layers code_execution ran under */
	const struct eval_status *run; /* the run it was part of (loads) */
	char *earlier_note;            /* results on another version of the dataset */
	bool reread;                   /* RE2 as sent (config and --no-reread) */
	bool early_stop;               /* votes stop once settled (not --no-early-stop) */
	struct ood_check ood;
	bool tools[2];    /* the sides offered the python tool (eval_tools.c) */
	bool same_system; /* --compare-tools: the adapter's model on both sides */
};

/* The servers an eval uses: --host given more than once, else config
 * ollama.hosts when it lists several, else the one server. */
struct hostset {
	struct backend *b[EVAL_MAX_HOSTS];
	size_t n;
	/* each server's models, asked for once per process */
	struct model_info *models[EVAL_MAX_HOSTS];
	size_t n_models[EVAL_MAX_HOSTS];
	bool listed[EVAL_MAX_HOSTS];
};

/* The options every job of a run shares. */
struct run_opts {
	bool base_only;
	long limit, votes, jobs;
};

/* ---- eval.c: options, servers, the run ------------------------------------- */

int eval_run_options(const struct loco_ctx *ctx, const struct cmd_args *args, struct run_opts *r);
int eval_hosts_open(const struct loco_ctx *ctx, const struct cmd_args *args, struct hostset *h);
void eval_hosts_close(struct hostset *h);
/* The job's dataset: --dataset, else its domain's or its adapter's (errors said). */
int eval_load_dataset(const struct loco_ctx *ctx, const struct cmd_args *args, struct eval_job *j);
/* The dataset, the models and the system context of one job, before any chat. */
/* The options of every eval request (eval.temperature, top_p, seed,
 * max_tokens, num_ctx), for eval and bench alike. */
struct chat_options eval_chat_options(const struct loco_config *c);

int eval_prepare_job(struct loco_ctx *ctx, const struct cmd_args *args, struct hostset *h,
                     const struct run_opts *ro, struct eval_job *j);
/* Every job in one run, so that each model loads once per server; each job that got all
 * its answers is summarized. per_job: a failure is said per job (--all). */
int eval_run_jobs(struct loco_ctx *ctx, const struct cmd_args *args, struct hostset *h,
                  const struct run_opts *ro, struct eval_job **jobs, size_t n, const char *label,
                  FILE *log, bool per_job, struct eval_status *st);
void eval_job_free(struct eval_job *j);
double eval_pct(size_t a, size_t b);

/* A cache entry or an archive that could not be written is said once, with
 * the path and the reason; the run still reports, then exits 1 (SPEC 10:
 * a full disk is never silent). eval --help and the man page name this. */
extern int eval_write_status;

/* ---- eval_report.c: the report and the archive ------------------------------ */

double eval_r4(double x);   /* four decimals */
double eval_sig6(double x); /* six significant digits (p-values) */
struct cJSON *eval_points_json(double x);
struct cJSON *eval_report_json(const struct loco_ctx *ctx, const struct eval_job *j,
                               bool base_only);
/* The adapter swap line; with j NULL, every model of the run (--all). */
void eval_print_loads(const struct eval_status *st, const struct eval_job *j);
/* With votes: the early stop's line, samples not needed of all asked over sides. */
void eval_print_saved(const struct eval_result *r, int sides);
const struct ood_row *eval_worst_regression(const struct ood_check *c);
/* Writes the job to the archive (a failure is said and sets eval_write_status) and
 * notes earlier runs on another version of its dataset in j->earlier_note. */
void eval_archive(const struct loco_ctx *ctx, struct eval_job *j, bool base_only);
/* The report of one adapter on stdout: the table, or --json. */
void eval_report(struct loco_ctx *ctx, const struct cmd_args *args, struct eval_job *j);

/* ---- eval_ood.c: the out-of-domain rule -------------------------------------- */

/* Whether the adapter has a dataset that loads (no output); *why when not. */
bool eval_has_dataset(const struct loco_ctx *ctx, const struct adapter *a, const char **why);
bool eval_ood_wanted(const struct cmd_args *args);
int eval_ood_prepare(struct loco_ctx *ctx, const struct cmd_args *args, struct hostset *h,
                     const struct run_opts *ro, struct eval_job *j, bool compare);
/* The jobs of one adapter (out holds 1 + j->ood.n): its own, then the others. */
size_t eval_job_list(struct eval_job *j, struct eval_job **out);
bool eval_jobs_failed(struct eval_job *j);
void eval_ood_finish(const struct loco_ctx *ctx, struct eval_job *j);
void eval_ood_free(struct ood_check *c);
void eval_settle_verdict(struct eval_job *j);

/* ---- eval_tools.c: --tools and --compare-tools (issue 19) ------------------- */

struct eval_tool_count {
	size_t calls, ok, items; /* runs, runs that exited 0, items with a run */
};
/* Sets j->tools from --tools, --no-tools, --compare-tools and the adapter's
 * tools: list; refuses tools.confirm and a missing sandbox (said). */
int eval_tools_prepare(const struct loco_ctx *ctx, const struct cmd_args *args, struct eval_job *j);
void eval_tool_counts(const struct eval_result *r, int side, struct eval_tool_count *c);
/* The report's "tools" key and line, when the adapter was offered tools. */
void eval_tools_json(struct cJSON *o, const struct loco_ctx *ctx, const struct eval_job *j);
void eval_tools_print(const struct eval_job *j);
/* Tools may run: the sandbox works (or --allow-unsandboxed) and tools.confirm
 * is off (nobody is asked during a run). Errors said. */
int eval_tools_allowed(const struct loco_ctx *ctx, const struct cmd_args *args);
struct bench;
struct bench_cell_spec;
/* bench --tools: the cell oracle+re2+tools added to the grid (once). */
int bench_tools_cells(const struct cmd_args *args, struct bench_cell_spec *cells, size_t *n);
/* A grid with a tools cell: eval_tools_allowed(). */
int bench_tools_check(const struct loco_ctx *ctx, const struct cmd_args *args,
                      const struct bench *b);
/* --compare-tools: the adapter with tools against itself without (not archived). */
int eval_compare_tools(struct loco_ctx *ctx, const struct cmd_args *args, const char *name);
/* --log FILE opened private, or NULL (*rc set when it cannot be). */
FILE *eval_open_log(const struct cmd_args *args, int *rc);

/* ---- one adapter's run (eval.c): eval ADAPTER, --compare-tools, --ensemble ---- */

struct eval_single {
	struct eval_job j;
	struct hostset h;
	struct run_opts ro;
	struct eval_status st; /* what the run did (loads, failures) */
	FILE *log;             /* --log, or NULL */
};
/* Finds the adapter NAME, reads the run's options, opens --log and the
 * servers, and prepares the job (dataset, models, system context). 0 or an
 * exit code (said); eval_job_end() after it either way. */
int eval_job_begin(struct loco_ctx *ctx, const struct cmd_args *args, const char *name,
                   struct eval_single *s);
/* Closes the log (a failed write is said and makes rc LOCO_FAIL when it was
 * 0) and the servers, frees the job; returns rc. */
int eval_job_end(const struct cmd_args *args, struct eval_single *s, int rc);

/* ---- the modes ----------------------------------------------------------------- */

int eval_all(struct loco_ctx *ctx, const struct cmd_args *args); /* eval_all.c */
int eval_plan(struct loco_ctx *ctx, const struct cmd_args *args,
              const char *name);                                    /* eval_plan.c */
int eval_router(struct loco_ctx *ctx, const struct cmd_args *args); /* eval_router.c */
/* ADAPTER's domain voting together against ADAPTER alone (eval_ensemble.c). */
int eval_ensemble(struct loco_ctx *ctx, const struct cmd_args *args, const char *name);
/* Wilson 95% interval of k successes in n (eval_router.c). */
void route_wilson(size_t k, size_t n, double *lo, double *hi);

#endif
