/* eval_all.c: `loco eval --all`: every adapter with a dataset loco can
 * score, in one run, one row each with Holm's adjustment over the adapters. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "eval.h"
#include "eval_job.h"
#include "stats.h"

/* ---- --all --------------------------------------------------------------- */

struct all_entry {
	const char *skipped; /* no dataset that loads */
	bool failed;         /* the run stopped (see the error above) */
	struct eval_job job;
	double holm_p;
};

static void all_table(const struct loco_ctx *ctx, const struct all_entry *e, size_t n)
{
	printf("%-12s %4s %6s %7s %6s %7s %7s  %s\n", "adapter", "n", "base", "adapter", "delta",
	       "p", "Holm p", "verdict");
	for (size_t i = 0; i < n; i++) {
		const char *name = ctx->reg.adapters[i].name;
		const struct eval_summary *s = &e[i].job.sum;
		if (e[i].skipped)
			printf("%-12s skipped: %s\n", name, e[i].skipped);
		else if (e[i].failed)
			printf("%-12s failed (see above)\n", name);
		else
			printf("%-12s %4zu %5.1f%% %6.1f%% %+6.1f %7.2g %7.2g  %s\n", name, s->n,
			       100 * s->score[0], 100 * s->score[1], 100 * s->delta, s->p,
			       e[i].holm_p, verdict_name(s->verdict));
	}
	bool unchecked = false;
	for (size_t i = 0; i < n; i++) {
		const struct ood_row *w = eval_worst_regression(&e[i].job.ood);
		bool ran = !e[i].skipped && !e[i].failed;
		if (ran && w)
			printf(
			    "\n%s regresses out of domain: %+.1f points on %s's dataset (more than "
			    "%g)\n",
			    ctx->reg.adapters[i].name, 100 * w->sum.delta, w->domain->name,
			    ctx->cfg.eval_ood_max_drop);
		unchecked = unchecked ||
		            (ran && !e[i].job.ood.checked && e[i].job.sum.verdict == VERDICT_SHIPS);
	}
	if (unchecked)
		printf("\nships: on its own dataset; add --out-of-domain to check the others\n");
}

/* Holm's adjustment over the adapters that were compared. */
static void all_holm(struct all_entry *e, size_t n)
{
	double *p = xcalloc(n + 1, sizeof *p), *adj = xcalloc(n + 1, sizeof *adj);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!e[i].skipped && !e[i].failed)
			p[k++] = e[i].job.sum.p;
	stats_holm(p, k, adj);
	k = 0;
	for (size_t i = 0; i < n; i++)
		if (!e[i].skipped && !e[i].failed)
			e[i].holm_p = adj[k++];
	free(p);
	free(adj);
}

/* One adapter of --all, before the run: its own dataset and (when asked) the others.
 * Returns LOCO_UNREACHABLE to stop everything, else 0 or its failure. */
static int all_prepare(struct loco_ctx *ctx, const struct cmd_args *args, struct hostset *h,
                       const struct run_opts *ro, const struct adapter *a, struct all_entry *e)
{
	const char *why;
	if (!eval_has_dataset(ctx, a, &why)) {
		e->skipped = why;
		return 0;
	}
	e->job.adapter = a;
	int rc = eval_prepare_job(ctx, args, h, ro, &e->job);
	if (rc == 0)
		rc = eval_ood_prepare(ctx, args, h, ro, &e->job, eval_ood_wanted(args));
	e->failed = rc != 0;
	return rc;
}

/* After the run: its verdict and its archive (or its failure). */
static int all_settle(struct loco_ctx *ctx, const struct cmd_args *args, struct all_entry *e)
{
	if (e->skipped || e->failed)
		return 0;
	if (eval_jobs_failed(&e->job)) {
		e->failed = true;
		return LOCO_FAIL;
	}
	eval_ood_finish(ctx, &e->job);
	eval_settle_verdict(&e->job);
	eval_archive(ctx, &e->job, false);
	return arg_flag(args, "gate") && e->job.sum.verdict != VERDICT_SHIPS ? LOCO_FAIL : 0;
}

/* Every job of every adapter that prepared, in one run. */
static int all_run(struct loco_ctx *ctx, const struct cmd_args *args, struct hostset *h,
                   const struct run_opts *ro, struct all_entry *e, size_t n, struct eval_status *st)
{
	size_t cap = 1;
	for (size_t i = 0; i < n; i++)
		cap += 1 + e[i].job.ood.n;
	struct eval_job **jobs = xcalloc(cap, sizeof *jobs);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!e[i].skipped && !e[i].failed)
			k += eval_job_list(&e[i].job, jobs + k);
	int rc = k ? eval_run_jobs(ctx, args, h, ro, jobs, k, "every adapter", NULL, true, st) : 0;
	free(jobs);
	return rc;
}

/* Every adapter with a dataset loco can score, one row each, printed when all are done
 * (the Holm column needs every p-value). */
int eval_all(struct loco_ctx *ctx, const struct cmd_args *args)
{
	struct hostset h;
	struct run_opts ro;
	struct eval_status st;
	memset(&st, 0, sizeof st);
	int rc = eval_run_options(ctx, args, &ro), worst = 0;
	if (rc == 0)
		rc = eval_hosts_open(ctx, args, &h);
	else
		memset(&h, 0, sizeof h);
	size_t n = ctx->reg.n_adapters;
	struct all_entry *e = xcalloc(n + 1, sizeof *e);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int jr = all_prepare(ctx, args, &h, &ro, &ctx->reg.adapters[i], &e[i]);
		if (jr == LOCO_UNREACHABLE)
			rc = jr;
		else if (jr)
			worst = worst ? worst : jr;
	}
	if (rc == 0)
		rc = all_run(ctx, args, &h, &ro, e, n, &st);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int jr = all_settle(ctx, args, &e[i]);
		worst = worst ? worst : jr;
	}
	all_holm(e, n);
	if (rc == 0 && ctx->json) {
		cJSON *list = cJSON_CreateArray();
		for (size_t i = 0; i < n; i++) {
			if (e[i].skipped || e[i].failed)
				continue;
			cJSON *o = eval_report_json(ctx, &e[i].job, false);
			cJSON_AddNumberToObject(o, "holm_p", eval_sig6(e[i].holm_p));
			cJSON_AddItemToArray(list, o);
		}
		print_json(list);
	} else if (rc == 0) {
		all_table(ctx, e, n);
		eval_print_loads(&st, NULL);
	}
	for (size_t i = 0; i < n; i++) {
		if (e[i].job.earlier_note)
			loco_warn("%s: %s", ctx->reg.adapters[i].name, e[i].job.earlier_note);
		eval_ood_free(&e[i].job.ood);
		eval_job_free(&e[i].job);
	}
	free(e);
	eval_status_free(&st);
	eval_hosts_close(&h);
	return rc ? rc : worst;
}
