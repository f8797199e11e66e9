/* route.c: `loco route` — which adapter the router would pick, and why.
 * Reads only the registry; never touches the network. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "router.h"
#include "text.h"

#define MAX_SHOWN 256

static void print_matched(const struct router *r, size_t i)
{
	const char *hits[MAX_SHOWN];
	size_t n = router_matched(r, i, hits, MAX_SHOWN);
	for (size_t k = 0; k < n && k < MAX_SHOWN; k++)
		printf("%s%s", k ? ", " : "", hits[k]);
}

void route_explain(const struct loco_ctx *ctx, const struct router *r,
                   const struct route_decision *d)
{
	const struct registry *reg = &ctx->reg;
	const char *bold = sgr(ctx, stdout, "\033[1m"), *off = sgr(ctx, stdout, "\033[0m");
	printf("  %-16s %5s  %s\n", "adapter", "score", "matched");
	for (size_t i = 0; i < reg->n_adapters; i++) {
		bool chosen = d->adapter == (int)i;
		printf("%s%c %-16s %5d", chosen ? bold : "", chosen ? '*' : ' ',
		       reg->adapters[i].name, d->scores[i]);
		if (d->scores[i]) {
			printf("  ");
			print_matched(r, i);
		}
		if (!d->eligible[i])
			printf("  (inactive: domain '%s' has an active adapter)",
			       reg->adapters[i].domain);
		printf("%s\n", chosen ? off : "");
	}
	if (d->adapter < 0) {
		printf("no adapter reached router.min_score %ld: the base model answers\n",
		       ctx->cfg.router_min_score);
		return;
	}
	const char *other = d->runner_up >= 0 ? reg->adapters[d->runner_up].name : "nothing";
	printf("margin %d over %s (%d vs %d), confidence %.2f%s\n", d->best - d->second, other,
	       d->best, d->second, d->confidence, d->low_confidence ? " (low)" : "");
}

static cJSON *decision_json(const struct loco_ctx *ctx, const struct router *r,
                            const struct route_decision *d)
{
	const struct registry *reg = &ctx->reg;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "adapter",
	                      d->adapter >= 0 ? cJSON_CreateString(reg->adapters[d->adapter].name)
	                                      : cJSON_CreateNull());
	cJSON_AddNumberToObject(o, "confidence", round(d->confidence * 10000) / 10000);
	cJSON_AddBoolToObject(o, "low_confidence", d->low_confidence);
	cJSON_AddNumberToObject(o, "margin", d->adapter >= 0 ? d->best - d->second : 0);
	cJSON *scores = cJSON_AddObjectToObject(o, "scores");
	cJSON *matched = cJSON_AddObjectToObject(o, "matched");
	for (size_t i = 0; i < reg->n_adapters; i++) {
		cJSON_AddNumberToObject(scores, reg->adapters[i].name, d->scores[i]);
		const char *hits[MAX_SHOWN];
		size_t n = router_matched(r, i, hits, MAX_SHOWN);
		cJSON *list = cJSON_AddArrayToObject(matched, reg->adapters[i].name);
		for (size_t k = 0; k < n && k < MAX_SHOWN; k++)
			cJSON_AddItemToArray(list, cJSON_CreateString(hits[k]));
	}
	return o;
}

static int run_route(struct loco_ctx *ctx, const struct cmd_args *args)
{
	char *err = NULL, *query = NULL;
	size_t len = 0;
	int rc = read_text_arg(args, &query, &len, &err);
	if (rc) {
		loco_error("%s", err);
		free(err);
		return rc;
	}
	if (text_is_blank(query, len)) { /* as query refuses it */
		loco_error("the text to route is empty");
		free(query);
		return LOCO_USAGE;
	}
	struct router_opts opts = {ctx->cfg.router_min_score, ctx->cfg.router_low_confidence};
	struct router *r = router_new(&ctx->reg, &opts, &err);
	if (!r) {
		loco_error("%s: %s", ctx->reg.path, err);
		free(err);
		free(query);
		return LOCO_BAD_INPUT;
	}
	struct route_decision d;
	router_decide(r, query, len, &d);
	if (ctx->json) {
		print_json(decision_json(ctx, r, &d));
	} else {
		printf("%s\n", d.adapter >= 0 ? ctx->reg.adapters[d.adapter].name : "base model");
		if (arg_flag(args, "explain"))
			route_explain(ctx, r, &d);
	}
	if (d.low_confidence && !ctx->json)
		loco_note(ctx, "%slow confidence%s: %s %d vs %s %d", sgr(ctx, stderr, "\033[33m"),
		          sgr(ctx, stderr, "\033[0m"), ctx->reg.adapters[d.adapter].name, d.best,
		          d.runner_up >= 0 ? ctx->reg.adapters[d.runner_up].name : "none",
		          d.second);
	router_free(r);
	free(query);
	return LOCO_OK;
}

static const struct optspec route_opts[] = {
    {"explain", 0, NULL, "show every adapter's score, the keywords that hit, margin, confidence"},
    {"json", 0, NULL, "print {adapter, confidence, scores, matched} as JSON"},
};

const struct command cmd_route = {
    .name = "route",
    .run = run_route,
    .needs = CMD_NO_NETWORK | CMD_NEEDS_REGISTRY,
    .summary = "show which adapter the router would pick, and why",
    .usage = "[--explain] [--json] QUERY...",
    .description = "Routes QUERY with the keyword router and prints the adapter's name, or\n"
                   "'base model' when no adapter scores router.min_score. Words of QUERY are\n"
                   "joined with spaces; '-' (or no QUERY with stdin not a terminal) reads\n"
                   "stdin. Needs no server and touches no network.",
    .opts = route_opts,
    .nopts = LOCO_ARRAY_LEN(route_opts),
    .min_pos = 0,
    .max_pos = -1,
};
