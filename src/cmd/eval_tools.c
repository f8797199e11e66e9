/* eval_tools.c: tools in `loco eval` (issue 19). --tools offers the adapter's
 * model the python tool on every item (an adapter with tools: [python] has it
 * without the flag; --no-tools takes it away); its runs go to --log and the
 * report counts them. --compare-tools asks the adapter's model every item
 * twice, with the tool and without it (its system context both times), and
 * compares the two with the same paired test as adapter against base: does
 * a tool-calling adapter beat arithmetic in the weights? */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "bench.h"
#include "cmd.h"
#include "eval_job.h"
#include "sandbox.h"

/* With tools the model's code runs in the sandbox: without its layers the
 * run is refused before any request unless --allow-unsandboxed; and an eval
 * runs unattended, so tools.confirm cannot ask. */
int eval_tools_allowed(const struct loco_ctx *ctx, const struct cmd_args *args)
{
	if (ctx->cfg.tools_confirm) {
		loco_error("tools.confirm is set and an eval cannot ask before each run");
		loco_hint("set tools.confirm to false for the run, or give --no-tools");
		return LOCO_USAGE;
	}
	struct sandbox_result r;
	char *err = NULL;
	if (sandbox_run_python("pass\n", NULL, arg_flag(args, "allow-unsandboxed"), &r, &err) < 0) {
		loco_error("the python tool runs the model's code: %s", err);
		free(err);
		return LOCO_FAIL;
	}
	sandbox_result_free(&r);
	return 0;
}

int eval_tools_prepare(const struct loco_ctx *ctx, const struct cmd_args *args, struct eval_job *j)
{
	bool use = false;
	if (answer_use_tools(args, j->adapter, &use) < 0)
		return LOCO_USAGE;
	bool compare = arg_flag(args, "compare-tools");
	j->tools[SIDE_ADAPTER] = use || compare;
	if (!j->tools[SIDE_ADAPTER])
		return 0;
	return eval_tools_allowed(ctx, args);
}

void eval_tool_counts(const struct eval_result *r, int side, struct eval_tool_count *c)
{
	memset(c, 0, sizeof *c);
	for (size_t i = 0; r->answers[side] && i < r->n; i++) {
		const struct eval_answer *a = &r->answers[side][i];
		c->calls += a->tool_calls;
		c->ok += a->tool_ok;
		c->items += a->tool_calls > 0;
	}
}

static cJSON *count_json(const struct eval_tool_count *c)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "calls", (double)c->calls);
	cJSON_AddNumberToObject(o, "ok", (double)c->ok);
	cJSON_AddNumberToObject(o, "items", (double)c->items);
	return o;
}

void eval_tools_json(cJSON *o, const struct loco_ctx *ctx, const struct eval_job *j)
{
	if (!j->tools[SIDE_ADAPTER])
		return;
	cJSON *t = cJSON_AddObjectToObject(o, "tools");
	cJSON *names = cJSON_AddArrayToObject(t, "offered");
	cJSON_AddItemToArray(names, cJSON_CreateString("python"));
	cJSON_AddNumberToObject(t, "max_calls", (double)ctx->cfg.tools_max_calls);
	struct eval_tool_count c;
	eval_tool_counts(&j->result, SIDE_ADAPTER, &c);
	cJSON_AddItemToObject(t, "adapter", count_json(&c));
}

static void print_count(const char *label, const struct eval_tool_count *c, size_t n)
{
	printf("  %-14s %zu in %zu of %zu item%s (%zu ran without error)\n", label, c->calls,
	       c->items, n, n == 1 ? "" : "s", c->ok);
}

void eval_tools_print(const struct eval_job *j)
{
	if (!j->tools[SIDE_ADAPTER])
		return;
	struct eval_tool_count c;
	eval_tool_counts(&j->result, SIDE_ADAPTER, &c);
	print_count("tool calls", &c, j->sum.n);
}

/* ---- bench ------------------------------------------------------------------ */

int bench_tools_cells(const struct cmd_args *args, struct bench_cell_spec *cells, size_t *n)
{
	if (!arg_flag(args, "tools"))
		return 0;
	struct bench_cell_spec t;
	char *err = NULL;
	if (bench_cell_parse("oracle+re2+tools", &t, &err) < 0) { /* cannot fail */
		loco_error("%s", err);
		free(err);
		return LOCO_FAIL;
	}
	for (size_t k = 0; k < *n; k++)
		if (!strcmp(cells[k].name, t.name))
			return 0;
	if (*n == BENCH_CELLS_MAX) {
		loco_error("--tools adds a cell to a grid that has %d already", BENCH_CELLS_MAX);
		return LOCO_USAGE;
	}
	cells[(*n)++] = t;
	return 0;
}

int bench_tools_check(const struct loco_ctx *ctx, const struct cmd_args *args,
                      const struct bench *b)
{
	for (size_t c = 0; c < b->n_cells; c++)
		if (b->cells[c].spec.tools)
			return eval_tools_allowed(ctx, args);
	return 0;
}

/* ---- --compare-tools ------------------------------------------------------ */

/* The verdict in the comparison's words. */
static const char *tools_verdict(enum verdict v)
{
	switch (v) {
	case VERDICT_SHIPS:
		return "tools help";
	case VERDICT_WORSE:
		return "tools hurt";
	case VERDICT_TOO_FEW:
		return "too few items";
	default:
		return "not significant";
	}
}

static cJSON *side_json(size_t correct, size_t n, double score)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "correct", (double)correct);
	cJSON_AddNumberToObject(o, "total", (double)n);
	cJSON_AddNumberToObject(o, "score", eval_r4(score));
	return o;
}

static cJSON *compare_json(const struct loco_ctx *ctx, const struct eval_job *j)
{
	const struct eval_summary *s = &j->sum;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "adapter_name", j->adapter->name);
	cJSON_AddStringToObject(o, "model", j->model[SIDE_ADAPTER]);
	cJSON_AddStringToObject(o, "dataset", j->ds.path);
	cJSON_AddStringToObject(o, "dataset_sha256", j->ds.sha256);
	cJSON_AddNumberToObject(o, "n", (double)s->n);
	cJSON_AddItemToObject(o, "without_tools", side_json(s->correct[0], s->n, s->score[0]));
	cJSON_AddItemToObject(o, "with_tools", side_json(s->correct[1], s->n, s->score[1]));
	cJSON_AddNumberToObject(o, "delta", eval_r4(s->delta));
	cJSON_AddStringToObject(o, "test", eval_test_name(s->test));
	cJSON_AddNumberToObject(o, "p", eval_sig6(s->p));
	cJSON *ci = cJSON_AddArrayToObject(o, "ci95");
	cJSON_AddItemToArray(ci, cJSON_CreateNumber(eval_r4(s->ci_lo)));
	cJSON_AddItemToArray(ci, cJSON_CreateNumber(eval_r4(s->ci_hi)));
	cJSON *dis = cJSON_AddObjectToObject(o, "discordant");
	cJSON_AddNumberToObject(dis, "only_without", (double)s->only_base);
	cJSON_AddNumberToObject(dis, "only_with", (double)s->only_adapter);
	cJSON_AddItemToObject(o, "mde", eval_points_json(s->mde));
	cJSON_AddNumberToObject(o, "min_items", (double)s->min_items);
	cJSON_AddStringToObject(o, "verdict", tools_verdict(s->verdict));
	struct eval_tool_count c;
	eval_tool_counts(&j->result, SIDE_ADAPTER, &c);
	cJSON_AddItemToObject(o, "tool_calls", count_json(&c));
	cJSON_AddNumberToObject(o, "max_calls", (double)ctx->cfg.tools_max_calls);
	return o;
}

static void print_compare(const struct eval_job *j)
{
	const struct eval_summary *s = &j->sum;
	/* two lines: the header of one line passed 80 columns with any path */
	printf("eval %s --compare-tools: %s with the python tool and without\n", j->adapter->name,
	       j->model[SIDE_ADAPTER]);
	printf("  on %s (%zu item%s)\n\n", j->ds.path, s->n, s->n == 1 ? "" : "s");
	printf("  %-14s %9s %8s\n", "", "correct", "score");
	printf("  %-14s %4zu/%-4zu %7.1f%%\n", "without tools", s->correct[0], s->n,
	       100 * s->score[0]);
	printf("  %-14s %4zu/%-4zu %7.1f%%\n", "with tools", s->correct[1], s->n,
	       100 * s->score[1]);
	eval_tools_print(j);
	if (s->test == EVAL_TEST_MCNEMAR) {
		printf("\n  difference     %+.1f points (95%% CI %+.1f to %+.1f, Tango score)\n",
		       100 * s->delta, 100 * s->ci_lo, 100 * s->ci_hi);
		printf("  McNemar p      %.4g (only with tools right: %ld, only without: %ld)\n",
		       s->p, s->only_adapter, s->only_base);
	} else {
		printf("\n  difference     %+.1f points (95%% CI %+.1f to %+.1f, sign-flip)\n",
		       100 * s->delta, 100 * s->ci_lo, 100 * s->ci_hi);
		printf("  sign-flip p    %.4g (%zu items differ)\n", s->p, s->differing);
	}
	if (!isnan(s->mde))
		printf("  power          80%% to detect %.1f points\n", 100 * s->mde);
	printf("\n  verdict: %s", tools_verdict(s->verdict));
	if (s->verdict == VERDICT_TOO_FEW)
		printf(" (%zu; eval.min_items needs %zu)", s->n, s->min_items);
	printf("\n");
}

static int compare_combinations(const struct cmd_args *args)
{
	static const char *const no[] = {"base-only", "out-of-domain", "gate",    "all",
	                                 "plan",      "router",        "no-tools"};
	for (size_t k = 0; k < LOCO_ARRAY_LEN(no); k++)
		if (arg_flag(args, no[k])) {
			loco_error("--compare-tools cannot go with --%s", no[k]);
			loco_hint("it compares one adapter with the python tool and without it");
			return LOCO_USAGE;
		}
	return 0;
}

/* The job asks the adapter's model on both sides: without tools as the
 * "base", with them as the "adapter", each with the system context. */
static void both_sides_adapter(struct eval_job *j)
{
	free(j->model[SIDE_BASE]);
	free(j->digest[SIDE_BASE]);
	j->model[SIDE_BASE] = xstrdup(j->model[SIDE_ADAPTER]);
	j->digest[SIDE_BASE] = j->digest[SIDE_ADAPTER] ? xstrdup(j->digest[SIDE_ADAPTER]) : NULL;
	j->same_system = true;
}

int eval_compare_tools(struct loco_ctx *ctx, const struct cmd_args *args, const char *name)
{
	int rc = compare_combinations(args);
	if (rc)
		return rc;
	struct eval_single s;
	rc = eval_job_begin(ctx, args, name, &s);
	if (rc == 0) {
		both_sides_adapter(&s.j);
		struct eval_job *jobs[] = {&s.j};
		rc = eval_run_jobs(ctx, args, &s.h, &s.ro, jobs, 1, s.j.adapter->name, s.log, false,
		                   &s.st);
	}
	if (rc == 0 && ctx->json)
		print_json(compare_json(ctx, &s.j));
	else if (rc == 0)
		print_compare(&s.j);
	return eval_job_end(args, &s, rc);
}
