/* route_embed.c: the embedding router's server side for the commands
 * (issue 17 item 4): which model embeds (router.embed_model, else the base
 * model), its digest on the server, and the requests, in batches, with the
 * runner options a chat sends (inference.num_ctx) so that Ollama never
 * reloads the base model to embed (issue 13). Errors are worded here: no
 * server, a model the server does not have, a model that cannot embed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "cmd.h"
#include "netlib.h"
#include "route_embed.h"

const char *embedder_model_name(const struct loco_ctx *ctx)
{
	if (ctx->cfg.router_embed_model && *ctx->cfg.router_embed_model)
		return ctx->cfg.router_embed_model;
	if (backend_kind_openai(config_backend_kind(&ctx->cfg)) && ctx->reg.base_served_name)
		return ctx->reg.base_served_name;
	return ctx->reg.base_ollama_name;
}

void embed_say(bool warn, const char *msg)
{
	const char *nl = strchr(msg, '\n');
	int n = nl ? (int)(nl - msg) : (int)strlen(msg);
	if (warn)
		loco_warn("%.*s", n, msg);
	else
		loco_error("%.*s", n, msg);
	while (nl) {
		const char *line = nl + 1;
		nl = strchr(line, '\n');
		loco_hint("%.*s", nl ? (int)(nl - line) : (int)strlen(line), line);
	}
}

static char *not_on_server(struct embedder *e)
{
	e->exit = LOCO_NOT_FOUND;
	return xasprintf("the embedding model '%s' is not on the server\n"
	                 "pull it (ollama pull %s) or set router.embed_model",
	                 e->model, e->model);
}

/* What went wrong, worded with the fix, one short line and hint lines
 * (embed_say()); sets e->exit. */
static char *embed_words(struct embedder *e, const struct net_error *ne)
{
	const char *addr = backend_address(e->b);
	e->exit = net_exit_code(ne->status);
	if (ne->status == NET_UNREACHABLE)
		return xasprintf("no server answers at %s (%s)\n"
		                 "the embedding router asks the server for each question's vector\n"
		                 "start it with 'ollama serve', or use --router-kind classifier",
		                 addr, ne->message);
	if (backend_embed_refused(ne)) {
		e->exit = LOCO_BAD_INPUT;
		return xasprintf("the model '%s' cannot embed (HTTP %ld)\n"
		                 "%s\n"
		                 "pull an embedding model and name it in router.embed_model:\n"
		                 "  ollama pull nomic-embed-text\n"
		                 "  loco config set router.embed_model nomic-embed-text\n"
		                 "then retrain with loco router train --kind embedding",
		                 e->model, ne->http_status, ne->message);
	}
	if (ne->status == NET_NOT_FOUND)
		return not_on_server(e);
	return xasprintf("could not embed with '%s' at %s\n%s", e->model, addr,
	                 ne->message ? ne->message : "no reason given");
}

/* The model's digest from the server's list; -1 with *err when the server
 * does not answer or does not list it. */
static int find_digest(struct embedder *e, char **err)
{
	struct model_info *list = NULL;
	size_t n = 0;
	struct net_error ne = {0};
	if (cmd_list_models(e->b, &list, &n, &ne) < 0) {
		*err = embed_words(e, &ne);
		net_error_clear(&ne);
		return -1;
	}
	bool openai = backend_kind_openai(backend_kind(e->b));
	for (size_t i = 0; i < n && !e->digest; i++)
		if (openai ? !strcmp(list[i].name, e->model)
		           : model_name_equal(list[i].name, e->model))
			e->digest = xstrdup(list[i].digest);
	model_list_free(list, n);
	if (e->digest || openai) {
		if (!e->digest)
			e->digest = xstrdup("");
		return 0;
	}
	*err = not_on_server(e);
	return -1;
}

int embedder_open(struct loco_ctx *ctx, struct embedder *e, char **err)
{
	memset(e, 0, sizeof *e);
	netlib_allow_curl();
	int rc = open_backend(ctx, &e->b);
	if (rc) {
		*err = xstrdup("the embedding router has no server to ask");
		e->exit = rc;
		return -1;
	}
	e->model = xstrdup(embedder_model_name(ctx));
	e->opts.num_ctx = ctx->cfg.num_ctx;
	e->opts.think = -1;
	if (find_digest(e, err) < 0)
		return -1;
	e->re = (struct router_embedder){embedder_query, e, e->model, e->digest};
	return 0;
}

void embedder_close(struct embedder *e)
{
	backend_free(e->b);
	free(e->model);
	free(e->digest);
	memset(e, 0, sizeof *e);
}

int embedder_texts(struct embedder *e, const char *const *texts, size_t n, float **vecs,
                   size_t *dim, char **err)
{
	*vecs = NULL;
	*dim = 0;
	for (size_t at = 0; at < n; at += EMBED_BATCH) {
		size_t m = n - at < EMBED_BATCH ? n - at : EMBED_BATCH, d = 0;
		float *part = NULL;
		struct net_error ne = {0};
		e->requests++;
		if (backend_embed(e->b, e->model, texts + at, m, &e->opts, &part, &d, &ne) < 0) {
			*err = embed_words(e, &ne);
			net_error_clear(&ne);
			free(*vecs);
			*vecs = NULL;
			return -1;
		}
		if (!*dim) {
			*dim = d;
			*vecs = xcalloc(n * d, sizeof **vecs);
		} else if (d != *dim) {
			free(part);
			free(*vecs);
			*vecs = NULL;
			e->exit = LOCO_FAIL;
			*err = xasprintf("the model '%s' gave vectors of %zu and of %zu numbers",
			                 e->model, *dim, d);
			return -1;
		}
		memcpy(*vecs + at * d, part, m * d * sizeof *part);
		free(part);
	}
	return 0;
}

int embedder_query(void *ctx, const char *text, size_t len, float **vec, size_t *dim, char **err)
{
	struct embedder *e = ctx;
	char *t = xstrndup(text, len);
	const char *one[1] = {t};
	int rc = embedder_texts(e, one, 1, vec, dim, err);
	free(t);
	return rc;
}
