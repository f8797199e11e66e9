/* eval_report.c: the report of one `loco eval` job, printed (the table, the
 * test, power, difficulty, out of domain, the verdict) or as JSON, and the
 * same object archived through results_write(). The numbers are the eval
 * module's (eval_summarize()); this file only lays them out. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "eval.h"
#include "eval_job.h"
#include "results.h"
#include "sandbox.h"

/* ---- the archive ------------------------------------------------------- */

/* Earlier results recorded on another version of the dataset are not comparable. */
static char *earlier_results_note(const struct loco_ctx *ctx, const char *adapter, const char *sha)
{
	size_t other = results_other_dataset(ctx->cfg.home, adapter, sha);
	if (!other)
		return NULL;
	return xasprintf("%zu earlier result%s used another version of this dataset and %s not "
	                 "comparable",
	                 other, other == 1 ? "" : "s", other == 1 ? "is" : "are");
}

/* ---- the report ---------------------------------------------------------- */

static cJSON *side_json(size_t correct, size_t total, double score)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "correct", (double)correct);
	cJSON_AddNumberToObject(o, "total", (double)total);
	cJSON_AddNumberToObject(o, "score", round(score * 10000) / 10000);
	return o;
}

double eval_r4(double x)
{
	return round(x * 10000) / 10000;
}

/* A fraction as points with two decimals, or null when unknown. */
cJSON *eval_points_json(double x)
{
	return isnan(x) ? cJSON_CreateNull() : cJSON_CreateNumber(round(x * 10000) / 100);
}

static cJSON *difficulty_json(const struct eval_summary *s)
{
	cJSON *o = cJSON_CreateObject();
	for (size_t l = 0; l < s->n_levels; l++) {
		const struct eval_level *e = &s->levels[l];
		cJSON *x = cJSON_AddObjectToObject(o, e->name);
		cJSON_AddNumberToObject(x, "n", (double)e->n);
		cJSON_AddNumberToObject(x, "base", eval_r4(e->correct[SIDE_BASE]));
		cJSON_AddNumberToObject(x, "adapter", eval_r4(e->correct[SIDE_ADAPTER]));
	}
	return o;
}

/* Six significant digits: p-values can be tiny, so no fixed decimals. */
double eval_sig6(double x)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%.6g", x);
	return strtod(buf, NULL);
}

static cJSON *power_json(const struct eval_summary *s)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "mde", eval_points_json(s->mde));
	cJSON_AddNumberToObject(o, "alpha", STATS_ALPHA);
	cJSON_AddNumberToObject(o, "power", STATS_POWER);
	if (s->test == EVAL_TEST_MCNEMAR) {
		cJSON_AddStringToObject(o, "method", "connor1987");
		cJSON_AddNumberToObject(o, "discordance", eval_r4(s->discordance));
	} else {
		cJSON_AddStringToObject(o, "method", "paired_normal");
		cJSON_AddNumberToObject(o, "sd", eval_r4(s->sd));
	}
	return o;
}

/* The comparison's keys: the test, its p-value and interval, the discordant pairs, the
 * power and the verdict (null with --base-only, which compares nothing). */
static void add_comparison(cJSON *o, const struct eval_summary *s, bool base_only)
{
	static const char *const keys[] = {"delta",     "test",      "p",     "ci95",
	                                   "ci_method", "mcnemar_p", "power", "verdict"};
	if (base_only) {
		for (size_t k = 0; k < LOCO_ARRAY_LEN(keys); k++)
			cJSON_AddItemToObject(o, keys[k], cJSON_CreateNull());
		return;
	}
	bool mc = s->test == EVAL_TEST_MCNEMAR;
	cJSON_AddNumberToObject(o, "delta", eval_r4(s->delta));
	cJSON_AddStringToObject(o, "test", eval_test_name(s->test));
	cJSON_AddNumberToObject(o, "p", eval_sig6(s->p));
	if (!mc) {
		cJSON_AddBoolToObject(o, "exact", s->exact);
		cJSON_AddNumberToObject(o, "resamples", (double)s->resamples);
	}
	cJSON *ci = cJSON_AddArrayToObject(o, "ci95");
	cJSON_AddItemToArray(ci, cJSON_CreateNumber(eval_r4(s->ci_lo)));
	cJSON_AddItemToArray(ci, cJSON_CreateNumber(eval_r4(s->ci_hi)));
	cJSON_AddStringToObject(o, "ci_method", mc ? "tango_score" : "sign_flip_inversion");
	cJSON_AddItemToObject(
	    o, "mcnemar_p", mc ? cJSON_CreateNumber(eval_sig6(s->mcnemar_p)) : cJSON_CreateNull());
	cJSON *dis = cJSON_AddObjectToObject(o, "discordant");
	cJSON_AddNumberToObject(dis, "only_base", (double)s->only_base);
	cJSON_AddNumberToObject(dis, "only_adapter", (double)s->only_adapter);
	cJSON_AddNumberToObject(o, "differing", (double)s->differing);
	cJSON_AddItemToObject(o, "power", power_json(s));
	cJSON_AddNumberToObject(o, "min_items", (double)s->min_items);
	cJSON_AddStringToObject(o, "test_verdict", verdict_name(s->test_verdict));
	cJSON_AddStringToObject(o, "verdict", verdict_name(s->verdict));
}

/* What was sent: with --votes the samples went out at the vote temperature, one seed
 * each; llm_judge items were graded by the judge model at its own temperature. */
static cJSON *settings_json(const struct loco_ctx *ctx, const struct eval_job *j)
{
	cJSON *set = cJSON_CreateObject();
	int votes = j->result.votes > 1 ? j->result.votes : 1;
	double seed = (double)ctx->cfg.eval_seed;
	cJSON_AddBoolToObject(set, "reread", j->reread);
	cJSON_AddNumberToObject(set, "votes", votes);
	cJSON_AddNumberToObject(set, "temperature",
	                        votes > 1 ? ctx->cfg.vote_temperature : ctx->cfg.eval_temperature);
	cJSON_AddNumberToObject(set, "seed", seed);
	cJSON *seeds = cJSON_AddArrayToObject(set, "seeds");
	for (int v = 0; v < votes; v++)
		cJSON_AddItemToArray(seeds, cJSON_CreateNumber(seed + v));
	if (votes > 1) { /* the early stop (issue 20): samples not needed, and their tokens */
		cJSON *es = cJSON_AddObjectToObject(set, "early_stop");
		cJSON_AddBoolToObject(es, "on", j->early_stop);
		cJSON_AddNumberToObject(es, "samples_saved", (double)j->result.samples_saved);
		cJSON_AddNumberToObject(es, "tokens_saved", round(j->result.tokens_saved));
	}
	bool judged = false;
	for (size_t i = 0; i < j->result.n && !judged; i++)
		judged = !strcmp(j->ds.items[i].type, "llm_judge");
	if (judged) {
		cJSON *jd = cJSON_AddObjectToObject(set, "judge");
		cJSON_AddStringToObject(jd, "model",
		                        ctx->cfg.eval_judge_model ? ctx->cfg.eval_judge_model
		                                                  : ctx->reg.base_ollama_name);
		cJSON_AddNumberToObject(jd, "temperature", ctx->cfg.vote_temperature);
		cJSON *js = cJSON_AddArrayToObject(jd, "seeds");
		for (int k = 0; k < JUDGE_RUNS; k++)
			cJSON_AddItemToArray(js, cJSON_CreateNumber(seed + k));
	}
	return set;
}

void eval_print_saved(const struct eval_result *r, int sides)
{
	if (r->votes < 2)
		return;
	size_t all = r->n * (size_t)r->votes * (size_t)sides;
	printf("  %-14s %zu of %zu samples not needed (%.0f%%), about %.0f tokens\n", "early stop",
	       r->samples_saved, all, all ? 100.0 * (double)r->samples_saved / (double)all : 0,
	       r->tokens_saved);
}

/* ---- adapter swap time ----------------------------------------------------- */

/* "adapter_swap_time": per model of the job, the runner loads seen and the seconds
 * they took (from load_duration), beside the target. */
static cJSON *swap_json(const struct eval_job *j, bool base_only)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "target_ms", EVAL_SWAP_TARGET_SECONDS * 1000);
	cJSON *list = cJSON_AddArrayToObject(o, "models");
	bool per_request = j->run && j->run->per_request;
	for (int s = 0; s < (base_only ? 1 : 2); s++) {
		const struct eval_loads *l = eval_loads_find(j->run, j->model[s]);
		cJSON *m = cJSON_CreateObject();
		cJSON_AddStringToObject(m, "model", j->model[s]);
		cJSON_AddNumberToObject(m, "loads", l ? l->loads : 0);
		cJSON_AddNumberToObject(m, "seconds", l ? round(l->seconds * 1000) / 1000 : 0);
		/* per request (issue 22): each model's mean time to its first byte */
		const struct eval_first_byte *f = eval_first_byte_find(j->run, j->model[s]);
		if (per_request && f && f->n)
			cJSON_AddNumberToObject(m, "first_byte_ms",
			                        round(1000 * f->seconds / f->n));
		else if (per_request)
			cJSON_AddNullToObject(m, "first_byte_ms");
		cJSON_AddItemToArray(list, m);
	}
	if (per_request)
		cJSON_AddBoolToObject(o, "per_request", true);
	return o;
}

/* A server that swaps adapters per request (issue 22) loads nothing: the
 * line gives each model's mean time to the first byte instead, the most a
 * swap can have cost it. */
static void print_first_bytes(const struct eval_status *st, const struct eval_job *j)
{
	const struct eval_first_byte *shown[EVAL_MAX_MODELS];
	size_t n = 0;
	for (size_t i = 0; i < st->n_first_byte; i++)
		if (st->first_byte[i].n &&
		    (!j || model_name_equal(st->first_byte[i].model, j->model[0]) ||
		     model_name_equal(st->first_byte[i].model, j->model[1])))
			shown[n++] = &st->first_byte[i];
	if (!n)
		return;
	printf("%s  %-14s per request, no reload (target under %.0f ms)\n", j ? "" : "\n",
	       "adapter swap", EVAL_SWAP_TARGET_SECONDS * 1000);
	printf("  %-14s first byte:", "");
	for (size_t i = 0; i < n; i++)
		printf("%s %s %.0f ms", i ? "," : "", shown[i]->model,
		       1000 * shown[i]->seconds / shown[i]->n);
	printf("\n");
}

/* One line when any load was seen: each model's loads and their time. With j NULL,
 * every model of the run (--all). */
void eval_print_loads(const struct eval_status *st, const struct eval_job *j)
{
	const struct eval_loads *shown[EVAL_MAX_MODELS];
	size_t n = 0;
	if (st && st->per_request) {
		print_first_bytes(st, j);
		return;
	}
	for (size_t i = 0; st && i < st->n_loads; i++)
		if (!j || model_name_equal(st->loads[i].model, j->model[0]) ||
		    model_name_equal(st->loads[i].model, j->model[1]))
			shown[n++] = &st->loads[i];
	if (!n)
		return;
	printf("%s  %-14s", j ? "" : "\n", "adapter swap");
	for (size_t i = 0; i < n; i++)
		printf("%s %s: %d load%s, %.2f s", i ? ";" : "", shown[i]->model, shown[i]->loads,
		       shown[i]->loads == 1 ? "" : "s", shown[i]->seconds);
	printf(" (target under %.0f ms a load)\n", EVAL_SWAP_TARGET_SECONDS * 1000);
}

/* null when the rule was not applied; else every other dataset, compared or skipped. */
static cJSON *ood_json(const struct ood_check *c)
{
	if (!c->checked)
		return cJSON_CreateNull();
	cJSON *list = cJSON_CreateArray();
	for (size_t i = 0; i < c->n; i++) {
		const struct ood_row *r = &c->rows[i];
		const struct eval_summary *s = &r->sum;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "dataset_of", r->domain->name);
		if (r->skipped || !s->n) {
			cJSON_AddStringToObject(o, "skipped",
			                        r->skipped ? r->skipped : "not compared");
			cJSON_AddItemToArray(list, o);
			continue;
		}
		cJSON_AddNumberToObject(o, "n", (double)s->n);
		cJSON_AddNumberToObject(o, "base", eval_r4(s->score[SIDE_BASE]));
		cJSON_AddNumberToObject(o, "adapter", eval_r4(s->score[SIDE_ADAPTER]));
		cJSON_AddNumberToObject(o, "delta", eval_r4(s->delta));
		cJSON *ci = cJSON_AddArrayToObject(o, "ci95");
		cJSON_AddItemToArray(ci, cJSON_CreateNumber(eval_r4(s->ci_lo)));
		cJSON_AddItemToArray(ci, cJSON_CreateNumber(eval_r4(s->ci_hi)));
		cJSON_AddStringToObject(o, "test", eval_test_name(s->test));
		cJSON_AddNumberToObject(o, "p", eval_sig6(s->p));
		cJSON_AddNumberToObject(o, "holm_p", eval_sig6(r->holm_p));
		cJSON_AddBoolToObject(o, "regression", r->regression);
		cJSON_AddItemToArray(list, o);
	}
	return list;
}

cJSON *eval_report_json(const struct loco_ctx *ctx, const struct eval_job *j, bool base_only)
{
	const struct eval_summary *s = &j->sum;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "adapter_name",
	                        j->adapter->name); /* "adapter" holds the scores */
	cJSON_AddStringToObject(o, "base_model", j->model[SIDE_BASE]);
	cJSON_AddStringToObject(o, "adapter_model", j->model[SIDE_ADAPTER]);
	cJSON_AddStringToObject(o, "dataset", j->ds.path);
	cJSON_AddStringToObject(o, "dataset_sha256", j->ds.sha256);
	cJSON_AddNumberToObject(o, "n", (double)s->n);
	cJSON_AddStringToObject(o, "eval_type",
	                        j->adapter->eval_type ? j->adapter->eval_type : "mixed");
	cJSON_AddItemToObject(o, "base", side_json(s->correct[0], s->n, s->score[0]));
	cJSON_AddItemToObject(o, "adapter",
	                      base_only ? cJSON_CreateNull()
	                                : side_json(s->correct[1], s->n, s->score[1]));
	add_comparison(o, s, base_only);
	if (j->env.ran) {
		char *layers = sandbox_layers_text(&j->env.layers);
		cJSON_AddStringToObject(o, "sandbox", layers);
		free(layers);
		cJSON *pc = cJSON_AddObjectToObject(o, "partial_credit");
		for (int k = 0; k < (base_only ? 1 : 2); k++)
			cJSON_AddNumberToObject(pc, k ? "adapter" : "base",
			                        eval_r4(s->partial_credit[k]));
		cJSON *as = cJSON_AddObjectToObject(o, "asserts");
		cJSON_AddNumberToObject(as, "checked_by_loco", j->env.asserts_by_loco);
		cJSON_AddNumberToObject(as, "in_process", j->env.asserts_in_process);
	}
	cJSON_AddItemToObject(o, "settings", settings_json(ctx, j));
	eval_tools_json(o, ctx, j);
	cJSON_AddItemToObject(o, "adapter_swap_time", swap_json(j, base_only));
	if (!base_only) {
		cJSON_AddItemToObject(o, "out_of_domain", ood_json(&j->ood));
		if (j->ood.checked)
			cJSON_AddNumberToObject(o, "ood_max_drop", ctx->cfg.eval_ood_max_drop);
	}
	return o;
}

/* The test's lines: the difference with its interval, and the p-value. */
static void print_test(const struct eval_summary *s)
{
	if (s->test == EVAL_TEST_MCNEMAR) {
		printf("\n  difference     %+.1f points (95%% CI %+.1f to %+.1f, Tango score)\n",
		       100 * s->delta, 100 * s->ci_lo, 100 * s->ci_hi);
		printf("  McNemar p      %.4g (only the adapter right: %ld, only the base: %ld)\n",
		       s->p, s->only_adapter, s->only_base);
		return;
	}
	if (!s->differing) {
		printf(
		    "\n  difference     +0.0 points: every item scored the same for both models\n");
		printf("  sign-flip p    1 (no item differs)\n");
		return;
	}
	printf("\n  difference     %+.1f points (95%% CI %+.1f to %+.1f, sign-flip inversion)\n",
	       100 * s->delta, 100 * s->ci_lo, 100 * s->ci_hi);
	if (s->exact)
		printf("  sign-flip p    %.4g (exact over the %zu items that differ)\n", s->p,
		       s->differing);
	else
		printf("  sign-flip p    %.4g (%ld random sign patterns; %zu items differ)\n", s->p,
		       s->resamples, s->differing);
	printf("  thresholds     only the adapter passed: %ld, only the base: %ld (not tested)\n",
	       s->only_adapter, s->only_base);
}

static void print_power(const struct eval_summary *s)
{
	if (!isnan(s->mde) && s->test == EVAL_TEST_MCNEMAR)
		printf("  power          80%% to detect %.1f points (%.1f%% of items disagree)\n",
		       100 * s->mde, 100 * s->discordance);
	else if (!isnan(s->mde))
		printf("  power          80%% to detect %.1f points (sd of differences %.1f)\n",
		       100 * s->mde, 100 * s->sd);
	else if (s->test == EVAL_TEST_MCNEMAR)
		printf(
		    "  power          too few items disagree (%.1f%%) to detect any difference\n",
		    100 * s->discordance);
	else
		printf("  power          unknown: the differences do not vary\n");
}

static void print_report(const struct eval_job *j, bool base_only)
{
	const struct eval_summary *s = &j->sum;
	printf("eval %s: %s vs %s on %s (%zu item%s)\n\n", j->adapter->name, j->model[SIDE_ADAPTER],
	       j->model[SIDE_BASE], j->ds.path, s->n, s->n == 1 ? "" : "s");
	printf("  %-14s %9s %8s\n", "", "correct", "score");
	printf("  %-14s %4zu/%-4zu %7.1f%%\n", "base model", s->correct[0], s->n,
	       100 * s->score[0]);
	if (j->env.ran) {
		char *layers = sandbox_layers_text(&j->env.layers);
		printf("  %-14s %s\n", "sandbox", layers);
		free(layers);
	}
	if (j->env.asserts_in_process) /* only these can be forged by the answer */
		printf("  %-14s %d of %d checked by loco; %d ran in the answer's process\n",
		       "asserts", j->env.asserts_by_loco,
		       j->env.asserts_by_loco + j->env.asserts_in_process,
		       j->env.asserts_in_process);
	if (base_only) {
		eval_print_loads(j->run, j);
		return;
	}
	printf("  %-14s %4zu/%-4zu %7.1f%%\n", "adapter", s->correct[1], s->n, 100 * s->score[1]);
	eval_tools_print(j);
	if (j->env.ran)
		printf("  %-14s base %.1f%%, adapter %.1f%% of tests passed\n", "partial credit",
		       100 * s->partial_credit[0], 100 * s->partial_credit[1]);
	eval_print_loads(j->run, j);
	eval_print_saved(&j->result, base_only ? 1 : 2);
	print_test(s);
	print_power(s);
	if (j->ds.has_difficulty) {
		printf("\n  %-10s %5s %8s %8s %8s\n", "difficulty", "n", "base", "adapter",
		       "delta");
		for (size_t l = 0; l < s->n_levels; l++) {
			const struct eval_level *e = &s->levels[l];
			double b = eval_r4(e->correct[SIDE_BASE]),
			       a = eval_r4(e->correct[SIDE_ADAPTER]);
			printf("  %-10s %5zu %7.1f%% %7.1f%% %+8.1f\n", e->name, e->n, 100 * b,
			       100 * a, 100 * (a - b));
		}
	}
}

/* The out-of-domain row with the largest drop past the limit. */
const struct ood_row *eval_worst_regression(const struct ood_check *c)
{
	const struct ood_row *w = NULL;
	for (size_t i = 0; i < c->n; i++)
		if (c->rows[i].regression && (!w || c->rows[i].sum.delta < w->sum.delta))
			w = &c->rows[i];
	return w;
}

/* The last line: the verdict, and why when it is not the test's own. */
static void print_verdict(const struct loco_ctx *ctx, const struct eval_job *j)
{
	const struct eval_summary *s = &j->sum;
	const struct ood_row *w = eval_worst_regression(&j->ood);
	printf("\n  verdict: %s", verdict_name(s->verdict));
	if (s->verdict == VERDICT_TOO_FEW)
		printf(" (%zu; eval.min_items needs %zu, so add %zu)", s->n, s->min_items,
		       s->min_items - s->n);
	else if (s->verdict == VERDICT_OOD_REGRESSION && w)
		printf(" (%s: %+.1f points; eval.ood_max_drop is %g)", w->domain->name,
		       100 * w->sum.delta, ctx->cfg.eval_ood_max_drop);
	else if (s->verdict == VERDICT_SHIPS && !j->ood.checked)
		printf(" (on its own dataset; add --out-of-domain to check the others)");
	printf("\n");
}

static void archive_failure(const char *err)
{
	loco_error("could not archive the result: %s; the leaderboard and 'adapters list' "
	           "will not show this run",
	           err);
	eval_write_status = LOCO_FAIL;
}

void eval_archive(const struct loco_ctx *ctx, struct eval_job *j, bool base_only)
{
	j->earlier_note = earlier_results_note(ctx, j->adapter->name, j->ds.sha256);
	cJSON *o = eval_report_json(ctx, j, base_only);
	cJSON_AddStringToObject(o, "semester", ctx->cfg.semester);
	char *stamp = results_stamp_now(), *err = NULL;
	cJSON_AddStringToObject(o, "timestamp", stamp);
	cJSON_AddBoolToObject(o, "base_only", base_only);
	cJSON_AddItemToObject(o, "by_difficulty", difficulty_json(&j->sum));
	if (results_write(ctx->cfg.home, j->adapter->name, stamp, o, &err) < 0) {
		archive_failure(err);
		free(err);
	}
	free(stamp);
	cJSON_Delete(o);
}

static void ood_print(const struct loco_ctx *ctx, const struct eval_job *j, bool asked)
{
	const struct ood_check *c = &j->ood;
	size_t compared = 0;
	for (size_t i = 0; i < c->n; i++)
		compared += !c->rows[i].skipped;
	if (!c->checked || (!asked && !compared))
		return;
	printf("\nout of domain (%s's model vs the base; a drop over %g points regresses):\n",
	       j->adapter->name, ctx->cfg.eval_ood_max_drop);
	if (compared)
		printf("  %-11s %4s %6s %7s %6s  %-16s %7s\n", "dataset", "n", "base", "adapter",
		       "delta", "95% CI", "Holm p");
	for (size_t i = 0; i < c->n; i++) {
		const struct ood_row *r = &c->rows[i];
		const struct eval_summary *s = &r->sum;
		if (r->skipped) {
			printf("  %-11s skipped: %s\n", r->domain->name, r->skipped);
			continue;
		}
		printf("  %-11s %4zu %5.1f%% %6.1f%% %+6.1f  %+6.1f to %+6.1f %7.3g%s\n",
		       r->domain->name, s->n, 100 * s->score[SIDE_BASE],
		       100 * s->score[SIDE_ADAPTER], 100 * s->delta, 100 * s->ci_lo, 100 * s->ci_hi,
		       r->holm_p, r->regression ? "  regression" : "");
	}
}

void eval_report(struct loco_ctx *ctx, const struct cmd_args *args, struct eval_job *j)
{
	bool base_only = arg_flag(args, "base-only");
	if (ctx->json) {
		print_json(eval_report_json(ctx, j, base_only));
		return;
	}
	print_report(j, base_only);
	if (!base_only) {
		ood_print(ctx, j, arg_flag(args, "out-of-domain"));
		print_verdict(ctx, j);
	}
}
