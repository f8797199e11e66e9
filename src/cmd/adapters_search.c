/* adapters_search.c: `loco adapters search TEXT` — the adapters of the
 * registry in force and of the remote index (when index_url is set), ranked by
 * how well their name, tags and description match (rank.h). Without an
 * index it never touches the network. */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters.h"
#include "backend.h"
#include "semver.h"
#include "rank.h"
#include "registry.h"
#include "interrupt.h"
#include "netlib.h"
#include "termsafe.h"

struct hit {
	const struct adapter *local;  /* in the registry in force */
	const struct adapter *remote; /* in the index */
	int score;
};

/* The entry whose fields are shown: the newer of the two. */
static const struct adapter *shown(const struct hit *h)
{
	int cmp = 0;
	if (h->local && h->remote &&
	    semver_compare(h->remote->version, h->local->version, &cmp) == 0 && cmp > 0)
		return h->remote;
	return h->local ? h->local : h->remote;
}

static int by_score(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return strcmp(shown(x)->name, shown(y)->name);
}

static const char *sources(const struct hit *h)
{
	return h->local && h->remote ? "registry,index" : h->local ? "registry" : "index";
}

/* The installed version: a registry entry whose files are here. */
static const char *installed_version(const struct loco_ctx *ctx, const struct hit *h)
{
	return h->local && adapter_files_present(&ctx->reg, h->local) ? h->local->version : NULL;
}

static void print_hits(const struct loco_ctx *ctx, const char *text, const struct hit *hits,
                       size_t n)
{
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject(), *list;
		cJSON_AddStringToObject(o, "query", text);
		list = cJSON_AddArrayToObject(o, "results");
		for (size_t i = 0; i < n; i++) {
			const struct adapter *a = shown(&hits[i]);
			const char *inst = installed_version(ctx, &hits[i]);
			cJSON *x = cJSON_CreateObject();
			cJSON_AddStringToObject(x, "name", a->name);
			cJSON_AddNumberToObject(x, "score", hits[i].score);
			cJSON_AddStringToObject(x, "version", a->version);
			cJSON_AddItemToObject(x, "installed",
			                      inst ? cJSON_CreateString(inst) : cJSON_CreateNull());
			cJSON *src = cJSON_AddArrayToObject(x, "sources");
			if (hits[i].local)
				cJSON_AddItemToArray(src, cJSON_CreateString("registry"));
			if (hits[i].remote)
				cJSON_AddItemToArray(src, cJSON_CreateString("index"));
			cJSON_AddStringToObject(x, "type", adapter_type_name(a->type));
			cJSON_AddItemToObject(x, "description",
			                      a->description ? cJSON_CreateString(a->description)
			                                     : cJSON_CreateNull());
			cJSON *tags = cJSON_AddArrayToObject(x, "tags");
			for (size_t k = 0; k < a->n_tags; k++)
				cJSON_AddItemToArray(tags, cJSON_CreateString(a->tags[k]));
			cJSON_AddItemToArray(list, x);
		}
		print_json(o);
		return;
	}
	/* an index is someone else's text: on a terminal it is shown, not obeyed */
	struct termsafe_pool ts;
	termsafe_pool_init(&ts, ctx->tty_out);
	if (n == 0)
		printf("no adapter matches '%s'\n", termsafe_str(&ts, text));
	else
		printf("%-16s %-9s %-9s %-14s %s\n", "NAME", "VERSION", "INSTALLED", "SOURCE",
		       "DESCRIPTION");
	for (size_t i = 0; i < n; i++) {
		const struct adapter *a = shown(&hits[i]);
		const char *inst = installed_version(ctx, &hits[i]);
		printf("%-16s %-9s %-9s %-14s %s\n", a->name, termsafe_str(&ts, a->version),
		       inst ? termsafe_str(&ts, inst) : "-", sources(&hits[i]),
		       a->description ? termsafe_str(&ts, a->description) : "");
	}
	termsafe_pool_free(&ts);
}

static int run_search(struct loco_ctx *ctx, const struct cmd_args *args)
{
	bool use_index = ctx->cfg.index_url && !arg_flag(args, "no-index");
	if (!use_index)
		netlib_forbid(ctx->command); /* nothing but the registry: no network */
	char *text = NULL, *err = NULL;
	size_t len = 0;
	int rc = read_text_arg(args, &text, &len, &err);
	if (rc) {
		loco_error("%s", err);
		free(err);
		return rc;
	}
	struct registry index;
	bool have_index = false;
	if (use_index) {
		struct sigaction old;
		interrupt_catch(&old);
		rc = adapters_load_index(ctx, &index);
		interrupt_release(&old);
		have_index = rc == 0;
	}
	size_t cap = ctx->reg.n_adapters + (have_index ? index.n_adapters : 0), n = 0;
	struct hit *hits = xcalloc(cap ? cap : 1, sizeof *hits);
	for (size_t i = 0; rc == 0 && i < ctx->reg.n_adapters; i++)
		hits[n++] = (struct hit){&ctx->reg.adapters[i], NULL, 0};
	for (size_t i = 0; have_index && i < index.n_adapters; i++) {
		const struct adapter *a = &index.adapters[i];
		size_t k = 0;
		while (k < n && !(hits[k].local && !strcmp(hits[k].local->name, a->name)))
			k++;
		if (k < n)
			hits[k].remote = a;
		else
			hits[n++] = (struct hit){NULL, a, 0};
	}
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		/* the better-matching entry's score, when both sources have it */
		int s1 = hits[i].local ? adapter_search_score(hits[i].local, text) : 0;
		int s2 = hits[i].remote ? adapter_search_score(hits[i].remote, text) : 0;
		hits[i].score = s1 > s2 ? s1 : s2;
		if (hits[i].score > 0)
			hits[kept++] = hits[i];
	}
	qsort(hits, kept, sizeof *hits, by_score);
	if (rc == 0)
		print_hits(ctx, text, hits, kept);
	free(hits);
	if (have_index)
		registry_free(&index);
	free(text);
	return rc;
}

static const struct optspec search_opts[] = {
    {"no-index", 0, NULL, "search only the registry in force, even with index_url set"},
    {"json", 0, NULL, "print the ranked results as JSON"},
};

const struct command cmd_adapters_search = {
    .name = "search",
    .run = run_search,
    .needs = CMD_NEEDS_REGISTRY,
    .summary = "find adapters by name, tags and description",
    .usage = "[--no-index] [--json] TEXT...",
    .description = "Ranks the adapters of the registry in force, and of the adapter index when\n"
                   "config index_url is set, by how well the words of TEXT match them ('-'\n"
                   "reads TEXT from standard input).\n\n"
                   "Per word of TEXT (case does not matter), the best match of each field is\n"
                   "added up: the name (exact 100, prefix 50, inside 30), the tags (exact 40,\n"
                   "prefix 20, inside 10) and the description (a whole word 15, the start of a\n"
                   "word 8, inside a word 4). Every word must match somewhere, or the adapter\n"
                   "is left out. The highest total comes first; equal totals go by name. An\n"
                   "adapter in both the registry and the index is one row, with the better of\n"
                   "its two totals.\n\n"
                   "VERSION is the newest known, INSTALLED the version whose files are here,\n"
                   "SOURCE where the entry was found. Without index_url (or with --no-index)\n"
                   "it never touches the network. Exit status 0 (also when nothing matches);\n"
                   "1 when the index cannot be read; 5 when it is not a valid registry; 130 on\n"
                   "Ctrl-C.",
    .opts = search_opts,
    .nopts = LOCO_ARRAY_LEN(search_opts),
    .min_pos = 1,
    .max_pos = -1,
};
