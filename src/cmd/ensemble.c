/* ensemble.c: which models vote together under --ensemble (ensemble.h). */
#include "ensemble.h"

#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "cli.h"
#include "models.h"
#include "registry.h"
#include "util.h"

static void add(struct ensemble *e, const struct adapter *a, const struct loco_ctx *ctx)
{
	struct ensemble_member *m = &e->m[e->n++];
	m->adapter = a;
	m->model = a ? adapter_model_name(a) : xstrdup(ctx->reg.base_ollama_name);
	m->digest = xstrdup("");
	m->label = xstrdup(a ? a->name : "base");
}

int ensemble_collect(const struct loco_ctx *ctx, const struct adapter *a, bool with_base,
                     struct ensemble *e)
{
	memset(e, 0, sizeof *e);
	if (!a) {
		loco_error("--ensemble needs an adapter: its domain's adapters vote");
		loco_hint(
		    "name one with --adapter NAME, or ask a question the router sends to one");
		return LOCO_USAGE;
	}
	e->domain = a->domain;
	e->m = xcalloc(ctx->reg.n_adapters + 2, sizeof *e->m);
	add(e, a, ctx);
	for (size_t i = 0; i < ctx->reg.n_adapters; i++) {
		const struct adapter *o = &ctx->reg.adapters[i];
		if (o != a && !strcmp(o->domain, a->domain))
			add(e, o, ctx);
	}
	if (with_base)
		add(e, NULL, ctx);
	return 0;
}

static void drop(struct ensemble *e, size_t i)
{
	free(e->m[i].model);
	free(e->m[i].digest);
	free(e->m[i].label);
	memmove(&e->m[i], &e->m[i + 1], (e->n - i - 1) * sizeof *e->m);
	e->n--;
}

int ensemble_check(const struct loco_ctx *ctx, struct backend *b, struct ensemble *e)
{
	struct model_info *list = NULL;
	size_t n = 0;
	struct net_error err = {0};
	if (backend_list_models(b, &list, &n, &err) < 0) {
		loco_error("cannot list the models of %s (%s)", backend_address(b),
		           err.message ? err.message : "no reason given");
		int rc = err.status == NET_UNREACHABLE ? LOCO_UNREACHABLE : LOCO_FAIL;
		net_error_clear(&err);
		return rc;
	}
	for (size_t i = 0; i < e->n;) {
		const struct model_info *m = model_find(list, n, e->m[i].model);
		if (m) {
			free(e->m[i].digest);
			e->m[i].digest = xstrdup(m->digest ? m->digest : "");
			i++;
			continue;
		}
		loco_warn("'%s' is not installed; it does not vote", e->m[i].model);
		drop(e, i);
	}
	model_list_free(list, n);
	if (e->n >= 2)
		return 0;
	loco_error("domain '%s' has %s installed model; --ensemble needs two", e->domain,
	           e->n ? "one" : "no");
	loco_hint("'loco setup' creates the adapters' models; --ensemble-base adds %s",
	          ctx->reg.base_ollama_name);
	return LOCO_NOT_FOUND;
}

char *ensemble_names(const struct ensemble *e)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "");
	for (size_t i = 0; i < e->n; i++)
		sb_addf(&sb, "%s%s", i ? ", " : "", e->m[i].label);
	return sb_detach(&sb);
}

void ensemble_free(struct ensemble *e)
{
	while (e->n)
		drop(e, e->n - 1);
	free(e->m);
	memset(e, 0, sizeof *e);
}
