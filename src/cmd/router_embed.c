/* router_embed.c: `loco router train --kind embedding` (issue 17 item 4):
 * the training texts' vectors from the server, through the cache in
 * $LOCO_HOME/router/embeddings/, then the centroid head (embedding.h), its
 * threshold, the held-out comparison with keywords, and the model file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"
#include "cmd.h"
#include "embedding.h"
#include "netlib.h"
#include "route_embed.h"
#include "router.h"
#include "router_cmd.h"
#include "trainset.h"

/* The embedder behind the cache: a text already embedded is not asked for
 * again (held-out questions are cached too). */
struct cached {
	struct embedder *e;
	struct embed_cache *c;
	size_t hits, asked;
};

static int text_key(const char *text, size_t len, char key[65], char **err)
{
	return sha256_buffer(text, len, key, err);
}

static int cached_query(void *ctx, const char *text, size_t len, float **vec, size_t *dim,
                        char **err)
{
	struct cached *k = ctx;
	char key[65];
	if (text_key(text, len, key, err) < 0)
		return -1;
	const float *v = embed_cache_get(k->c, key);
	if (!v) {
		k->asked++;
		if (embedder_query(k->e, text, len, vec, dim, err) < 0 ||
		    embed_cache_put(k->c, key, *vec, *dim, err) < 0)
			return -1;
		free(*vec);
		v = embed_cache_get(k->c, key);
	} else {
		k->hits++;
	}
	*dim = k->c->dim;
	*vec = xmalloc(*dim * sizeof **vec);
	memcpy(*vec, v, *dim * sizeof **vec);
	return 0;
}

/* The cache of e's model: loaded when there and readable, else empty. */
static struct embed_cache *open_cache(const struct loco_ctx *ctx, const struct embedder *e,
                                      char **path)
{
	*path = embed_cache_path(ctx->cfg.home, e->model, e->digest);
	char *err = NULL;
	struct embed_cache *c = file_exists(*path) ? embed_cache_load(*path, &err) : NULL;
	if (err)
		loco_warn("%s: embedding every text again", err);
	free(err);
	if (c && (strcmp(c->model, e->model) || strcmp(c->digest, e->digest))) {
		loco_warn("%s holds vectors of another model: embedding every text again", *path);
		embed_cache_free(c);
		c = NULL;
	}
	return c ? c : embed_cache_new(e->model, e->digest);
}

static int save_text(const char *path, char *text, size_t len, char **err)
{
	int rc = mkdir_parents(path, true, err) < 0 || write_file_atomic(path, text, len, err) < 0
	             ? -1
	             : 0;
	free(text);
	return rc;
}

/* Every training text's vector, from the cache or the server in batches. */
static int embed_all(struct cached *k, const struct router_data *d, float **vecs, char **err)
{
	const char **missing = xcalloc(d->n ? d->n : 1, sizeof *missing);
	char(*keys)[65] = xcalloc(d->n ? d->n : 1, sizeof *keys);
	size_t m = 0;
	int rc = 0;
	for (size_t i = 0; i < d->n && rc == 0; i++) {
		rc = text_key(d->ex[i].text, d->ex[i].len, keys[i], err);
		bool dup = false;
		for (size_t j = 0; j < m && !dup && rc == 0; j++)
			dup = !strcmp(missing[j], d->ex[i].text);
		if (rc == 0 && !dup && !embed_cache_get(k->c, keys[i]))
			missing[m++] = d->ex[i].text;
	}
	float *got = NULL;
	size_t dim = 0;
	if (rc == 0 && m)
		rc = embedder_texts(k->e, missing, m, &got, &dim, err);
	for (size_t j = 0; j < m && rc == 0; j++) {
		char key[65];
		rc = text_key(missing[j], strlen(missing[j]), key, err);
		if (rc == 0)
			rc = embed_cache_put(k->c, key, got + j * dim, dim, err);
	}
	k->asked += m;
	k->hits += d->n - m;
	*vecs = NULL;
	if (rc == 0) {
		*vecs = xcalloc(d->n * k->c->dim, sizeof **vecs);
		for (size_t i = 0; i < d->n; i++)
			memcpy(*vecs + i * k->c->dim, embed_cache_get(k->c, keys[i]),
			       k->c->dim * sizeof **vecs);
	}
	free(got);
	free(missing);
	free(keys);
	return rc;
}

struct embedding_make {
	const struct registry *reg;
	struct cached *k;
	const struct embed_model *model;
};

/* The router measured on the held-out set: its questions through the cache. */
static struct router *make_embedding(void *arg, const struct router_opts *o, char **err)
{
	const struct embedding_make *x = arg;
	struct router_embedder re = {cached_query, x->k, x->k->e->model, x->k->e->digest};
	return router_new_embedding(x->reg, o, &re, x->model, err);
}

/* Fits the head, measures it, and writes the model; the vectors are d's. */
static int fit_embedding(struct loco_ctx *ctx, const struct cmd_args *args, struct router_data *d,
                         struct cached *k, const float *vecs, int folds)
{
	double target = ctx->cfg.router_target_precision, t0 = monotonic_seconds();
	struct embed_fit fit;
	char *err = NULL;
	if (embed_fit(d, vecs, k->c->dim, target, folds, &fit, &err) < 0) {
		loco_error("%s", err);
		free(err);
		return LOCO_BAD_INPUT;
	}
	struct embed_model *m = fit.model;
	struct classifier *meta = m->meta;
	free(m->model);
	free(m->digest);
	m->model = xstrdup(k->e->model);
	m->digest = xstrdup(k->e->digest);
	router_take_sources(meta, d);
	printf("fitted in %.2f s (%d-fold cross-validation, softmax scale %g)\n",
	       monotonic_seconds() - t0, fit.folds, fit.scale);
	router_print_fit(ctx, "embedding", fit.reached, fit.threshold, fit.precision, target);
	router_print_cv(meta, "embedding", fit.folds, fit.cv_right, fit.cv_total);
	struct embedding_make make = {&ctx->reg, k, m};
	int rc = router_heldout_step(ctx, args, ROUTER_EMBEDDING, make_embedding, &make, meta);
	char *path = embed_model_path(ctx->cfg.home);
	size_t len;
	char *text = embed_model_format(m, &len);
	if (rc == 0 && save_text(path, text, len, &err) < 0) {
		loco_error("%s", err);
		free(err);
		rc = LOCO_FAIL;
	} else if (rc == 0) {
		printf("model written to %s\n  %zu classes of %zu numbers, %zu bytes\n", path,
		       meta->k, m->dim, len);
	}
	free(path);
	embed_model_free(m);
	return rc;
}

int router_train_embedding(struct loco_ctx *ctx, const struct cmd_args *args, int folds)
{
	struct router_data d;
	char *err = NULL;
	int rc = router_collect(ctx, &d);
	if (rc)
		return rc;
	struct embedder e;
	if (embedder_open(ctx, &e, &err) < 0) {
		embed_say(false, err);
		free(err);
		rc = e.exit ? e.exit : LOCO_FAIL;
		embedder_close(&e);
		router_data_free(&d);
		return rc;
	}
	char *cache_path;
	struct cached k = {&e, open_cache(ctx, &e, &cache_path), 0, 0};
	double t0 = monotonic_seconds();
	float *vecs = NULL;
	if (embed_all(&k, &d, &vecs, &err) < 0) {
		embed_say(false, err);
		free(err);
		rc = e.exit ? e.exit : LOCO_FAIL;
	} else {
		printf(
		    "embedded %zu texts with %s in %.2f s\n  %zu from the cache, %zu asked in %u "
		    "request%s\n",
		    d.n, e.model, monotonic_seconds() - t0, k.hits, k.asked, e.requests,
		    e.requests == 1 ? "" : "s");
		rc = fit_embedding(ctx, args, &d, &k, vecs, folds);
	}
	if (k.c->changed) {
		size_t len;
		char *text = embed_cache_format(k.c, &len);
		if (save_text(cache_path, text, len, &err) < 0) {
			loco_warn("%s: the vectors are not kept for the next training", err);
			free(err);
		}
	}
	free(vecs);
	free(cache_path);
	embed_cache_free(k.c);
	embedder_close(&e);
	router_data_free(&d);
	return rc;
}

/* ---- eval --router's env ------------------------------------------------------ */

struct eval_env {
	struct embed_env env; /* first: the learner gets a struct embed_env * */
	struct embedder e;
	char *cache_path;
};

static int env_embed(void *ctx, const char *const *texts, size_t n, float **vecs, size_t *dim,
                     char **err)
{
	return embedder_texts(ctx, texts, n, vecs, dim, err);
}

int router_embed_env_open(struct loco_ctx *ctx, void **env)
{
	struct eval_env *x = xcalloc(1, sizeof *x);
	char *err = NULL;
	if (embedder_open(ctx, &x->e, &err) < 0) {
		embed_say(false, err);
		free(err);
		int rc = x->e.exit ? x->e.exit : LOCO_FAIL;
		embedder_close(&x->e);
		free(x);
		return rc;
	}
	x->env.embed = env_embed;
	x->env.ctx = &x->e;
	x->env.cache = open_cache(ctx, &x->e, &x->cache_path);
	*env = x;
	return 0;
}

void router_embed_env_close(void *env)
{
	struct eval_env *x = env;
	if (!x)
		return;
	char *err = NULL;
	if (x->env.cache->changed) {
		size_t len;
		char *text = embed_cache_format(x->env.cache, &len);
		if (save_text(x->cache_path, text, len, &err) < 0) {
			loco_warn("%s: the vectors are not kept for the next run", err);
			free(err);
		}
	}
	embed_cache_free(x->env.cache);
	free(x->cache_path);
	embedder_close(&x->e);
	free(x);
}
