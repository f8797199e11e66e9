/* route.c: `loco route` — which adapter the router would pick, and why.
 * Reads only the registry (and a learned kind's model file); never touches
 * the network. Also the router every command opens (cmd_open_router()). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"
#include "cmd.h"
#include "embedding.h"
#include "route_embed.h"
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

static void explain_keywords(const struct loco_ctx *ctx, const struct router *r,
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

/* The embedder of the embedding kind: one per process, for the router
 * cmd_open_router() made, closed at exit. */
static struct embedder route_embedder;

static void close_embedder(void)
{
	embedder_close(&route_embedder);
}

int cmd_router_embedder(struct loco_ctx *ctx, const struct router_embedder **out)
{
	static bool open;
	char *err = NULL;
	*out = NULL;
	if (!open) {
		open = true;
		atexit(close_embedder);
		if (embedder_open(ctx, &route_embedder, &err) < 0) {
			embed_say(false, err);
			free(err);
			return route_embedder.exit ? route_embedder.exit : LOCO_FAIL;
		}
	}
	*out = &route_embedder.re;
	return route_embedder.b ? 0 : LOCO_FAIL;
}

void cmd_router_embed_num_ctx(long num_ctx)
{
	route_embedder.opts.num_ctx = num_ctx;
}

int cmd_route_failed(const struct router *r)
{
	if (!router_error(r))
		return 0;
	embed_say(false, router_error(r));
	return route_embedder.exit ? route_embedder.exit : LOCO_FAIL;
}

/* Why a learned kind chose what it chose. */
static void explain_verdict(const struct loco_ctx *ctx, const struct router *r,
                            const struct route_decision *d)
{
	const struct registry *reg = &ctx->reg;
	if (d->top < 0)
		printf("the base class is the most probable (%.3f): the base model answers\n",
		       d->confidence);
	else if (d->below_threshold)
		printf("confidence %.3f for %s is below the threshold %.3f (%s): the base model "
		       "answers\n",
		       d->confidence, reg->adapters[d->top].name, d->threshold,
		       router_threshold_source(r));
	else
		printf("confidence %.3f for %s reaches the threshold %.3f (%s)\n", d->confidence,
		       reg->adapters[d->top].name, d->threshold, router_threshold_source(r));
}

static void explain_learned(const struct loco_ctx *ctx, const struct router *r,
                            const struct route_decision *d)
{
	const struct registry *reg = &ctx->reg;
	const char *bold = sgr(ctx, stdout, "\033[1m"), *off = sgr(ctx, stdout, "\033[0m");
	const struct classifier *c = router_model(r);
	printf("  router: %s, trained on %ld examples", router_kind_name(d->kind), c->n_examples);
	if (router_embedding(r))
		printf(" (vectors of %s)", router_embedding(r)->model);
	printf("\n");
	printf("  %-16s %11s  %s\n", "class", "probability", "keyword hits");
	for (size_t i = 0; i <= reg->n_adapters; i++) {
		bool base = i == reg->n_adapters;
		if (!base && !d->eligible[i])
			continue;
		bool chosen = base ? d->adapter < 0 : d->adapter == (int)i;
		printf("%s%c %-16s %11.3f", chosen ? bold : "", chosen ? '*' : ' ',
		       base ? "base" : reg->adapters[i].name, d->probs[i]);
		if (!base && d->scores[i]) {
			printf("  %d: ", d->scores[i]);
			print_matched(r, i);
		}
		printf("%s\n", chosen ? off : "");
	}
	explain_verdict(ctx, r, d);
}

void route_explain(const struct loco_ctx *ctx, const struct router *r,
                   const struct route_decision *d)
{
	for (const char *p = router_note(r); p && *p;) { /* each line indented */
		size_t n = strcspn(p, "\n");
		printf("  %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
	if (d->kind == ROUTER_KEYWORD)
		explain_keywords(ctx, r, d);
	else
		explain_learned(ctx, r, d);
}

int cmd_open_router(struct loco_ctx *ctx, const struct cmd_args *args, struct router **out)
{
	char *err = NULL;
	const char *kind = args ? arg_value(args, "router-kind") : NULL;
	if (kind && config_apply_flag(&ctx->cfg, "router.kind", kind, &err) < 0) {
		loco_error("--router-kind: %s", err);
		free(err);
		return LOCO_USAGE;
	}
	struct router_opts o = {ctx->cfg.router_min_score,
	                        ctx->cfg.router_low_confidence,
	                        ROUTER_KEYWORD,
	                        ctx->cfg.home,
	                        ctx->cfg.router_min_confidence.set,
	                        ctx->cfg.router_min_confidence.value};
	router_kind_parse(ctx->cfg.router_kind, &o.kind);
	const struct router_embedder *re = NULL;
	if (o.kind == ROUTER_EMBEDDING) {
		int rc = cmd_router_embedder(ctx, &re);
		if (rc)
			return rc;
		/* query's --num-ctx is the chat's num_ctx: the embed sends it too */
		double v;
		if (args && arg_number(args, "num-ctx", 256, 1048576, false, &v, &rc))
			cmd_router_embed_num_ctx((long)v);
		if (rc)
			return rc;
	}
	*out = router_new_with(&ctx->reg, &o, re, &err);
	if (!*out) {
		loco_error("%s: %s", ctx->reg.path, err);
		free(err);
		return LOCO_BAD_INPUT;
	}
	if (router_note(*out))
		embed_say(true, router_note(*out));
	return 0;
}

/* A router's note as JSON: an array of its lines, none with a newline. */
static cJSON *note_lines(const char *note)
{
	cJSON *list = cJSON_CreateArray();
	for (const char *p = note;;) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		cJSON_AddItemToArray(list, cJSON_CreateString(line));
		free(line);
		if (!p[n])
			return list;
		p += n + 1;
	}
}

static cJSON *decision_json(const struct loco_ctx *ctx, const struct router *r,
                            const struct route_decision *d)
{
	const struct registry *reg = &ctx->reg;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "adapter",
	                      d->adapter >= 0 ? cJSON_CreateString(reg->adapters[d->adapter].name)
	                                      : cJSON_CreateNull());
	cJSON_AddStringToObject(o, "kind", router_kind_name(d->kind));
	cJSON_AddNumberToObject(o, "confidence", round(d->confidence * 10000) / 10000);
	cJSON_AddBoolToObject(o, "low_confidence", d->low_confidence);
	if (d->kind != ROUTER_KEYWORD) {
		cJSON_AddNumberToObject(o, "threshold", round(d->threshold * 10000) / 10000);
		cJSON_AddBoolToObject(o, "below_threshold", d->below_threshold);
		cJSON_AddItemToObject(o, "top",
		                      d->top >= 0 ? cJSON_CreateString(reg->adapters[d->top].name)
		                                  : cJSON_CreateString("base"));
	}
	if (router_note(r)) /* its lines: the message, then what to do */
		cJSON_AddItemToObject(o, "note", note_lines(router_note(r)));
	cJSON *probs = cJSON_AddObjectToObject(o, "probabilities");
	for (size_t i = 0; i < reg->n_adapters; i++)
		if (d->eligible[i])
			cJSON_AddNumberToObject(probs, reg->adapters[i].name,
			                        round(d->probs[i] * 10000) / 10000);
	cJSON_AddNumberToObject(probs, "base", round(d->probs[reg->n_adapters] * 10000) / 10000);
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
	struct router *r = NULL;
	rc = cmd_open_router(ctx, args, &r);
	if (rc) {
		free(query);
		return rc;
	}
	struct route_decision d;
	router_decide(r, query, len, &d);
	if ((rc = cmd_route_failed(r)) != 0) {
		router_free(r);
		free(query);
		return rc;
	}
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
    {"explain", 0, NULL,
     "show every adapter's score (and probability), the keywords that hit, the confidence"},
    {"json", 0, NULL, "print {adapter, kind, confidence, probabilities, scores, matched} as JSON"},
    {"router-kind", 0, "KIND", "keyword, classifier or embedding (default: router.kind)"},
};

const struct command cmd_route = {
    .name = "route",
    .run = run_route,
    .needs = CMD_NO_NETWORK | CMD_HASHES_FILES | CMD_NEEDS_REGISTRY,
    .summary = "show which adapter the router would pick, and why",
    .usage = "[--explain] [--json] [--router-kind KIND] QUERY...",
    .description = "Routes QUERY and prints the adapter's name, or 'base model'. The keyword\n"
                   "router (router.kind keyword, the default) picks the adapter with the most\n"
                   "keyword hits, at least router.min_score; the classifier (router.kind\n"
                   "classifier, trained by 'loco router train') picks the most probable class\n"
                   "when its probability reaches the trained threshold or router.min_confidence,\n"
                   "else the base model. A missing or stale model falls back to keywords, with\n"
                   "a warning to retrain. The embedding router (router.kind embedding, 'loco\n"
                   "router train --kind embedding') is the classifier's kind over the vector\n"
                   "the server's embedding endpoint gives the question. Words of QUERY are\n"
                   "joined with spaces; '-' (or no QUERY with stdin not a terminal) reads\n"
                   "stdin. Needs no server and touches no network, except with the\n"
                   "embedding router, which asks router.embed_model (default the base model)\n"
                   "for the vector and fails when no server answers. ('route' is a command\n"
                   "of its own: 'loco rout' is ambiguous with 'router', and an exact name\n"
                   "always wins over a prefix.)",
    .opts = route_opts,
    .nopts = LOCO_ARRAY_LEN(route_opts),
    .min_pos = 0,
    .max_pos = -1,
};
