/* eval_plan.c: `loco eval --plan ADAPTER`: how many items the dataset needs
 * for 80% power, from the options or the latest archived comparison; no
 * request is sent. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "eval.h"
#include "eval_job.h"
#include "json.h"
#include "results.h"
#include "stats.h"

/* ---- --plan ---------------------------------------------------------------- */

/* How many items a dataset needs, before any request: the rates come from the options,
 * else from the latest archived comparison (else, for the discordance, from the base rate
 * and the effect, as if the two models erred independently). */
struct plan {
	bool graded;
	double effect, base_rate, discordance, sd; /* fractions; NAN when unknown */
	const char *from[4];                       /* where each came from, in that order */
	const char *stamp;                         /* the latest comparison's, or NULL */
	double items;                              /* for 80% power, not rounded */
	size_t needed;                             /* rounded up, and at least eval.min_items */
};

enum { FROM_EFFECT, FROM_BASE, FROM_DISCORDANCE, FROM_SD };

static int plan_options(const struct cmd_args *args, struct plan *p)
{
	static const char *const names[] = {"effect", "base-rate", "discordance"};
	double *slots[] = {&p->effect, &p->base_rate, &p->discordance};
	int rc = 0;
	p->effect = p->base_rate = p->discordance = p->sd = NAN;
	for (int k = 0; k < 3; k++) {
		double v;
		double hi = k ? 1 : 100;
		if (!arg_number(args, names[k], 0, hi, false, &v, &rc) || rc)
			continue;
		if (k == 0 && v <= 0) {
			loco_error("--effect must be more than 0 points, not '%s'",
			           arg_value(args, "effect"));
			return LOCO_USAGE;
		}
		*slots[k] = k ? v : v / 100;
		p->from[k] = "given";
	}
	return rc;
}

/* Fills what the options left open from the latest comparison; returns it (owned). */
static cJSON *plan_archived(const struct loco_ctx *ctx, const struct eval_job *j, struct plan *p)
{
	struct results_latest l;
	results_latest(ctx->cfg.home, j->adapter->name, j->ds.sha256, &l);
	if (l.standing != RESULTS_CURRENT && l.standing != RESULTS_OTHER_DATASET)
		return l.run;
	const cJSON *run = l.run, *dis = json_get(run, "discordant");
	p->stamp = l.rec.timestamp;
	double n = l.rec.n, values[4] = {
	                        l.rec.delta,
	                        l.rec.base_score,
	                        (json_number_or(dis, "only_base", NAN) +
	                         json_number_or(dis, "only_adapter", NAN)) /
	                            n,
	                        json_number_or(json_get(run, "power"), "sd", NAN),
	                    };
	double *slots[4] = {&p->effect, &p->base_rate, &p->discordance, &p->sd};
	for (int k = 0; k < 4; k++) {
		if (!isnan(*slots[k]) || isnan(values[k]) || (k == FROM_EFFECT && values[k] <= 0))
			continue;
		*slots[k] = values[k];
		p->from[k] = "latest run";
	}
	return l.run;
}

/* The items for 80% power; a usage error naming the missing rate, or the impossible one. */
static int plan_compute(const struct loco_ctx *ctx, const struct eval_job *j, struct plan *p)
{
	const char *name = j->adapter->name;
	if (isnan(p->effect)) {
		loco_error(
		    "give the difference to detect as --effect POINTS (no archived comparison "
		    "of %s shows the adapter ahead)",
		    name);
		return LOCO_USAGE;
	}
	if (p->graded) {
		if (p->from[FROM_DISCORDANCE] && !strcmp(p->from[FROM_DISCORDANCE], "given")) {
			loco_error(
			    "--discordance is for pass/fail datasets; a graded one is planned "
			    "from the spread of its score differences");
			return LOCO_USAGE;
		}
		if (isnan(p->sd) || p->sd <= 0) {
			loco_error(
			    "no archived comparison of %s has a spread of score differences; "
			    "run 'loco eval %s' once, then plan",
			    name, name);
			return LOCO_USAGE;
		}
		p->items = stats_items_graded(p->effect, p->sd);
	} else {
		if (!p->from[FROM_DISCORDANCE] && !isnan(p->base_rate)) {
			double b = p->base_rate, a = b + p->effect;
			if (a > 1) {
				loco_error("a base rate of %.1f%% leaves no room for %+.1f points",
				           100 * b, 100 * p->effect);
				return LOCO_USAGE;
			}
			p->discordance = b * (1 - a) + a * (1 - b);
			p->from[FROM_DISCORDANCE] = "independent errors";
		}
		if (isnan(p->discordance)) {
			loco_error(
			    "give --discordance D (the share of items the models disagree on) "
			    "or --base-rate P, or run 'loco eval %s' once",
			    name);
			return LOCO_USAGE;
		}
		if (p->effect > p->discordance) {
			loco_error("a difference of %.1f points needs at least %.1f%% of items to "
			           "disagree, not %.1f%%",
			           100 * p->effect, 100 * p->effect, 100 * p->discordance);
			return LOCO_USAGE;
		}
		p->items = stats_items_pass_fail(p->effect, p->discordance);
	}
	double need = ceil(p->items);
	p->needed =
	    need > (double)ctx->cfg.eval_min_items ? (size_t)need : (size_t)ctx->cfg.eval_min_items;
	return 0;
}

static cJSON *plan_json(const struct loco_ctx *ctx, const struct eval_job *j, const struct plan *p)
{
	static const char *const keys[] = {"effect", "base_rate", "discordance", "sd"};
	const double values[] = {p->effect, p->base_rate, p->discordance, p->sd};
	cJSON *o = cJSON_CreateObject(), *from = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "adapter_name", j->adapter->name);
	cJSON_AddStringToObject(o, "dataset", j->ds.path);
	cJSON_AddNumberToObject(o, "n", (double)j->ds.n);
	cJSON_AddStringToObject(
	    o, "test", eval_test_name(p->graded ? EVAL_TEST_SIGN_FLIP : EVAL_TEST_MCNEMAR));
	for (int k = 0; k < 4; k++) {
		bool known = !isnan(values[k]) && p->from[k];
		cJSON_AddItemToObject(o, keys[k],
		                      !known ? cJSON_CreateNull()
		                      : k    ? cJSON_CreateNumber(eval_r4(values[k]))
		                             : eval_points_json(values[k]));
		cJSON_AddItemToObject(from, keys[k],
		                      known ? cJSON_CreateString(p->from[k]) : cJSON_CreateNull());
	}
	cJSON_AddItemToObject(o, "from", from);
	cJSON_AddItemToObject(o, "latest_run",
	                      p->stamp ? cJSON_CreateString(p->stamp) : cJSON_CreateNull());
	cJSON_AddNumberToObject(o, "items_for_power", ceil(p->items));
	cJSON_AddNumberToObject(o, "min_items", (double)ctx->cfg.eval_min_items);
	cJSON_AddNumberToObject(o, "items_needed", (double)p->needed);
	cJSON_AddNumberToObject(o, "add", p->needed > j->ds.n ? (double)(p->needed - j->ds.n) : 0);
	return o;
}

static const char *plan_from(const struct plan *p, int k)
{
	static char buf[64];
	if (strcmp(p->from[k], "latest run") || !p->stamp)
		return p->from[k];
	snprintf(buf, sizeof buf, "latest run %s", p->stamp);
	return buf;
}

static void plan_print(const struct loco_ctx *ctx, const struct eval_job *j, const struct plan *p)
{
	printf("plan %s: %s (%zu items, %s)\n\n", j->adapter->name, j->ds.path, j->ds.n,
	       p->graded ? "graded: sign-flip test" : "pass/fail: exact McNemar");
	printf("  %-14s %+.1f points (%s)\n", "effect", 100 * p->effect, plan_from(p, FROM_EFFECT));
	if (!isnan(p->base_rate) && p->from[FROM_BASE])
		printf("  %-14s %.1f%% (%s)\n", "base rate", 100 * p->base_rate,
		       plan_from(p, FROM_BASE));
	if (p->graded)
		printf("  %-14s %.1f points (%s)\n", "sd of diffs", 100 * p->sd,
		       plan_from(p, FROM_SD));
	else
		printf("  %-14s %.1f%% of items disagree (%s)\n", "discordance",
		       100 * p->discordance, plan_from(p, FROM_DISCORDANCE));
	printf("  %-14s %.0f items at alpha 0.05 (%s)\n", "80% power", ceil(p->items),
	       p->graded ? "paired normal approximation" : "Connor 1987");
	printf("  %-14s %zu (eval.min_items is %ld)", "items needed", p->needed,
	       ctx->cfg.eval_min_items);
	if (p->needed > j->ds.n)
		printf(": add %zu\n", p->needed - j->ds.n);
	else
		printf(": the dataset has enough\n");
}

int eval_plan(struct loco_ctx *ctx, const struct cmd_args *args, const char *name)
{
	struct eval_job j;
	memset(&j, 0, sizeof j);
	j.adapter = find_adapter(ctx, name);
	if (!j.adapter)
		return LOCO_NOT_FOUND;
	struct plan p;
	memset(&p, 0, sizeof p);
	int rc = plan_options(args, &p);
	if (rc == 0)
		rc = eval_load_dataset(ctx, args, &j);
	cJSON *run = NULL;
	if (rc == 0) {
		for (size_t i = 0; i < j.ds.n && !p.graded; i++)
			p.graded = eval_type_graded(j.ds.items[i].type);
		run = plan_archived(ctx, &j, &p);
		rc = plan_compute(ctx, &j, &p);
	}
	if (rc == 0 && ctx->json)
		print_json(plan_json(ctx, &j, &p));
	else if (rc == 0)
		plan_print(ctx, &j, &p);
	cJSON_Delete(run);
	eval_job_free(&j);
	return rc;
}
