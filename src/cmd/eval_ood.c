/* eval_ood.c: `loco eval`'s out-of-domain rule: the adapter's model against
 * the base on every other adapter's dataset, in the same run, with Holm's
 * adjustment over the datasets compared. */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "dataset.h"
#include "eval.h"
#include "eval_job.h"
#include "stats.h"

/* ---- out of domain --------------------------------------------------------- */

/* Whether the adapter has a dataset that loads (no output). */
bool eval_has_dataset(const struct loco_ctx *ctx, const struct adapter *a, const char **why)
{
	char *path = adapter_dataset_path(&ctx->reg, a), *err = NULL;
	struct dataset ds;
	bool ok = path && dataset_load(&ds, path, a->eval_type, &err) == 0;
	*why = path ? "its dataset does not load" : "no eval dataset";
	if (ok)
		dataset_free(&ds);
	free(err);
	free(path);
	return ok;
}

/* Whether the out-of-domain rule is asked for: --out-of-domain, or --gate (which makes it
 * part of what ships); --no-out-of-domain opts out, and --base-only has no adapter. */
bool eval_ood_wanted(const struct cmd_args *args)
{
	if (arg_flag(args, "base-only") || arg_flag(args, "no-out-of-domain"))
		return false;
	return arg_flag(args, "out-of-domain") || arg_flag(args, "gate");
}

/* Every other adapter's dataset, each a job of the adapter's run (compare = false only
 * looks whether there is one: with none, the rule holds trivially). */
int eval_ood_prepare(struct loco_ctx *ctx, const struct cmd_args *args, struct hostset *h,
                     const struct run_opts *ro, struct eval_job *j, bool compare)
{
	struct ood_check *c = &j->ood;
	c->rows = xcalloc(ctx->reg.n_adapters + 1, sizeof *c->rows);
	size_t compared = 0;
	for (size_t i = 0; i < ctx->reg.n_adapters; i++) {
		const struct adapter *d = &ctx->reg.adapters[i];
		if (d == j->adapter)
			continue;
		struct ood_row *row = &c->rows[c->n++];
		const char *why;
		row->domain = d;
		if (!eval_has_dataset(ctx, d, &why)) {
			row->skipped = why;
			continue;
		}
		compared++;
		if (!compare)
			continue;
		row->job = xcalloc(1, sizeof *row->job);
		row->job->adapter = j->adapter;
		row->job->domain = d;
		int rc = eval_prepare_job(ctx, args, h, ro, row->job);
		if (rc)
			return rc;
	}
	c->checked = compare || compared == 0;
	return 0;
}

/* The jobs of one adapter: its own dataset, then the others it is compared on. */
size_t eval_job_list(struct eval_job *j, struct eval_job **out)
{
	size_t n = 0;
	out[n++] = j;
	for (size_t i = 0; i < j->ood.n; i++)
		if (j->ood.rows[i].job)
			out[n++] = j->ood.rows[i].job;
	return n;
}

/* Whether a request of any of the adapter's jobs got no answer. */
bool eval_jobs_failed(struct eval_job *j)
{
	struct eval_job *list[EVAL_MAX_MODELS + 1];
	bool failed = false;
	size_t n = j->ood.n < EVAL_MAX_MODELS ? eval_job_list(j, list) : 0;
	for (size_t k = 0; k < n; k++)
		failed = failed || list[k]->result.failed;
	return failed;
}

/* The comparisons' regressions, with Holm's adjustment over the datasets compared. */
void eval_ood_finish(const struct loco_ctx *ctx, struct eval_job *j)
{
	struct ood_check *c = &j->ood;
	size_t compared = 0;
	for (size_t i = 0; i < c->n; i++) {
		struct ood_row *row = &c->rows[i];
		if (!row->job)
			continue;
		const struct eval_summary *s = &row->job->sum;
		row->sum = *s;
		row->regression = stats_ood_regression(s->total[SIDE_BASE], s->total[SIDE_ADAPTER],
		                                       s->n, ctx->cfg.eval_ood_max_drop);
		c->regression = c->regression || row->regression;
		compared++;
	}
	if (!compared)
		return;
	double *p = xcalloc(compared + 1, sizeof *p), *adj = xcalloc(compared + 1, sizeof *adj);
	size_t k = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->rows[i].job)
			p[k++] = c->rows[i].sum.p;
	stats_holm(p, k, adj);
	k = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->rows[i].job)
			c->rows[i].holm_p = adj[k++];
	free(p);
	free(adj);
}

void eval_ood_free(struct ood_check *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->rows[i].job) {
			eval_job_free(c->rows[i].job);
			free(c->rows[i].job);
		}
	free(c->rows);
	memset(c, 0, sizeof *c);
}

/* The verdict with the floor and the out-of-domain rule. */
void eval_settle_verdict(struct eval_job *j)
{
	struct eval_summary *s = &j->sum;
	s->verdict = stats_final_verdict(s->test_verdict, s->n, s->min_items, j->ood.regression);
}
