/* router.c: `loco router train` and `loco router show` — the classifier
 * router's model in $LOCO_HOME/router/ (docs/routing.md). Training reads
 * only the registry's files; neither command touches the network. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"
#include "cmd.h"
#include "embedding.h"
#include "eval_job.h"
#include "eval_route.h"
#include "router_cmd.h"
#include "fit.h"
#include "netlib.h"
#include "registry.h"
#include "route_embed.h"
#include "router.h"
#include "stats.h"
#include "trainset.h"

/* ---- train --------------------------------------------------------------- */

static const char *const from_names[] = {"eval dataset", "router_examples.jsonl",
                                         "registry router_examples", "keywords", "base set"};

void router_print_data(const struct router_data *d)
{
	printf("training data: %zu examples\n", d->n);
	for (size_t c = 0; c < d->k; c++) {
		size_t by[LOCO_ARRAY_LEN(from_names)] = {0}, all = 0;
		for (size_t i = 0; i < d->n; i++)
			if ((size_t)d->ex[i].label == c) {
				by[d->from[i]]++;
				all++;
			}
		/* "  math             317: 64 from the eval dataset, 220 from the"
		 * and the rest under the first source, within 80 columns */
		char *lead = xasprintf("  %-14s %5zu: ", d->classes[c], all);
		struct strbuf sb = STRBUF_INIT;
		for (size_t f = 0; f < LOCO_ARRAY_LEN(from_names); f++)
			if (by[f])
				sb_addf(&sb, "%s%zu from the %s", sb.len ? ", " : "", by[f],
				        from_names[f]);
		print_wrapped(stdout, lead, sb.buf ? sb.buf : "", (int)strlen(lead));
		sb_free(&sb);
		free(lead);
	}
	for (size_t i = 0; i < d->n_notes; i++)
		loco_warn("%s", d->notes[i]);
}

void router_add_measure(struct classifier *c, const char *set, const char *kind, size_t right,
                        size_t total)
{
	c->measures = xrealloc(c->measures, (c->n_measures + 1) * sizeof *c->measures);
	c->measures[c->n_measures++] =
	    (struct classifier_measure){xstrdup(set), xstrdup(kind), (long)right, (long)total};
}

void router_print_accuracy(const char *what, size_t right, size_t total)
{
	double lo, hi;
	route_wilson(right, total, &lo, &hi);
	printf("  %-11s %zu/%zu = %.1f%% (95%% interval %.1f to %.1f%%)\n", what, right, total,
	       eval_pct(right, total), 100 * lo, 100 * hi);
}

struct router_opts router_train_opts(const struct loco_ctx *ctx, enum router_kind kind)
{
	return (struct router_opts){ctx->cfg.router_min_score,
	                            ctx->cfg.router_low_confidence,
	                            kind,
	                            ctx->cfg.home,
	                            false,
	                            0};
}

int router_collect(const struct loco_ctx *ctx, struct router_data *d)
{
	char *err = NULL;
	if (router_data_collect(&ctx->reg, d, &err) < 0) {
		loco_error("%s", err);
		free(err);
		return LOCO_BAD_INPUT;
	}
	router_print_data(d);
	return 0;
}

void router_take_sources(struct classifier *meta, struct router_data *d)
{
	memcpy(meta->data_sha256, d->data_sha256, sizeof meta->data_sha256);
	memcpy(meta->registry_hash, d->registry_hash, sizeof meta->registry_hash);
	meta->sources = d->sources;
	meta->n_sources = d->n_sources;
	d->sources = NULL;
	d->n_sources = 0;
}

void router_print_cv(struct classifier *meta, const char *kind, int folds, size_t right,
                     size_t total)
{
	char set[16];
	snprintf(set, sizeof set, "cv%d", folds);
	printf("%d-fold cross-validation (examples other than keywords):\n", folds);
	router_print_accuracy(kind, right, total);
	router_add_measure(meta, set, kind, right, total);
}

/* The held-out file: --heldout, else bench/router/heldout.jsonl beside the
 * registry's folder (a checkout), else none. */
static char *router_heldout_path(const struct loco_ctx *ctx, const struct cmd_args *args)
{
	if (arg_value(args, "heldout"))
		return xstrdup(arg_value(args, "heldout"));
	if (!ctx->reg.dir)
		return NULL;
	char *up = path_dirname(ctx->reg.dir);
	char *p = path_join(up, "bench/router/heldout.jsonl");
	free(up);
	if (file_exists(p))
		return p;
	free(p);
	return NULL;
}

/* A learned kind and the keyword router on the held-out set; the verdict
 * of item 8. The figures go to meta's measures. */
static int router_measure_heldout(struct loco_ctx *ctx, struct router *learned,
                                  struct classifier *meta, const char *path)
{
	struct router_opts o = router_train_opts(ctx, ROUTER_KEYWORD);
	char *err = NULL;
	const char *kind = router_kind_name(router_kind_used(learned));
	const char *who = strcmp(kind, "classifier") ? "embedding router" : "classifier";
	struct router *kw = router_new(&ctx->reg, &o, &err);
	struct route_accuracy a = {0}, b = {0};
	int rc = kw && route_accuracy_set(&ctx->reg, learned, path, &a, &err) == 0 &&
	                 route_accuracy_set(&ctx->reg, kw, path, &b, &err) == 0
	             ? 0
	             : -1;
	if (rc == 0 && router_error(learned)) {
		err = xstrdup(router_error(learned));
		rc = -1;
	}
	if (rc == 0) {
		long only_cl = 0, only_kw = 0;
		for (size_t i = 0; i < a.total; i++) {
			bool x = a.got[i] == a.actual[i], y = b.got[i] == b.actual[i];
			only_cl += x && !y;
			only_kw += y && !x;
		}
		printf("held-out accuracy on %s:\n", path);
		router_print_accuracy(kind, a.right, a.total);
		router_print_accuracy("keyword", b.right, b.total);
		double p = stats_mcnemar_exact(only_kw, only_cl);
		printf("  right only for the %s %ld, only for keywords %ld (McNemar p = "
		       "%.4f)\n",
		       kind, only_cl, only_kw, p);
		router_add_measure(meta, "heldout", kind, a.right, a.total);
		router_add_measure(meta, "heldout", "keyword", b.right, b.total);
		if (a.right > b.right && p < 0.05)
			printf("the %s beats the keyword router on held-out data: switch "
			       "with\n"
			       "  loco config set router.kind %s\n",
			       who, kind);
		else
			printf("the %s does not clearly beat the keyword router on held-out "
			       "data: keyword stays the default\n",
			       who);
	} else {
		loco_error("%s", err);
	}
	free(err);
	route_accuracy_free(&a);
	route_accuracy_free(&b);
	router_free(kw);
	return rc < 0 ? LOCO_BAD_INPUT : 0;
}

int router_heldout_step(struct loco_ctx *ctx, const struct cmd_args *args, enum router_kind kind,
                        router_make_fn *make, void *arg, struct classifier *meta)
{
	char *path = router_heldout_path(ctx, args);
	if (!path) {
		printf("no held-out set (--heldout FILE): the figure above is all that was "
		       "measured\n");
		return 0;
	}
	struct router_opts o = router_train_opts(ctx, kind);
	char *err = NULL;
	struct router *r = make(arg, &o, &err);
	int rc = r ? router_measure_heldout(ctx, r, meta, path) : LOCO_BAD_INPUT;
	if (!r) {
		loco_error("%s", err);
		free(err);
	}
	router_free(r);
	free(path);
	return rc;
}

struct classifier_make {
	const struct registry *reg;
	const struct classifier *model;
};

static struct router *make_classifier(void *arg, const struct router_opts *o, char **err)
{
	const struct classifier_make *c = arg;
	return router_new_model(c->reg, o, c->model, err);
}

static int save_model(const struct loco_ctx *ctx, const struct classifier *c)
{
	char *path = router_model_path(ctx->cfg.home), *err = NULL;
	size_t len;
	char *text = classifier_format(c, &len);
	int rc = mkdir_parents(path, true, &err) < 0 || write_file_atomic(path, text, len, &err) < 0
	             ? LOCO_FAIL
	             : 0;
	if (rc) {
		loco_error("%s", err);
	} else {
		printf("model written to %s\n  %zu features, %zu bytes\n", path, c->nf, len);
		router_model_compile(ctx->cfg.home);
	}
	free(err);
	free(text);
	free(path);
	return rc;
}

void router_print_fit(const struct loco_ctx *ctx, const char *kind, bool reached, double threshold,
                      double precision, double target)
{
	if (reached)
		printf("threshold %.3f: routing to an adapter was right %.1f%% of the time\n"
		       "  across the folds (target router.target_precision %.2f)\n",
		       threshold, 100 * precision, target);
	else
		loco_warn("no threshold reaches router.target_precision %.2f across the folds: the "
		          "%s will send almost every question to the base model",
		          target, strcmp(kind, "classifier") ? "embedding router" : "classifier");
	if (ctx->cfg.router_min_confidence.set)
		printf("router.min_confidence %.3f overrides that threshold\n",
		       ctx->cfg.router_min_confidence.value);
}

static int run_train(struct loco_ctx *ctx, const struct cmd_args *args)
{
	double folds = 5;
	int rc = 0;
	if (arg_number(args, "folds", 2, 20, true, &folds, &rc) && rc)
		return rc;
	const char *kind = arg_value(args, "kind");
	if (kind && !strcmp(kind, "embedding"))
		return router_train_embedding(ctx, args, (int)folds);
	if (kind && strcmp(kind, "classifier")) {
		loco_error("--kind '%s': router train trains classifier or embedding", kind);
		return LOCO_USAGE;
	}
	struct router_data d;
	char *err = NULL;
	if ((rc = router_collect(ctx, &d)) != 0)
		return rc;
	struct router_fit fit;
	double target = ctx->cfg.router_target_precision;
	if (router_fit(&d, &classifier_defaults, target, (int)folds, &fit, &err) < 0) {
		loco_error("%s", err);
		free(err);
		router_data_free(&d);
		return LOCO_BAD_INPUT;
	}
	struct classifier *m = fit.model;
	router_take_sources(m, &d);
	/* Measure the model as route will read it: weights in millionths. */
	size_t len;
	char *text = classifier_format(m, &len);
	classifier_free(m);
	m = classifier_parse("(the model just trained)", text, len, &err);
	free(text);
	if (!m) {
		loco_error("%s", err);
		free(err);
		router_data_free(&d);
		return LOCO_FAIL;
	}
	printf("trained in %.2f s: %d-fold cross-validation and the final model\n"
	       "  (the final model alone %.2f s)\n",
	       fit.total_seconds, fit.folds, fit.fit_seconds);
	router_print_fit(ctx, "classifier", fit.reached, fit.threshold, fit.precision, target);
	router_print_cv(m, "classifier", fit.folds, fit.cv_right, fit.cv_total);
	struct classifier_make make = {&ctx->reg, m};
	rc = router_heldout_step(ctx, args, ROUTER_CLASSIFIER, make_classifier, &make, m);
	if (rc == 0)
		rc = save_model(ctx, m);
	classifier_free(m);
	router_data_free(&d);
	return rc;
}

static const struct optspec train_opts[] = {
    {"heldout", 0, "FILE",
     "score on this labelled set (default bench/router/heldout.jsonl beside the registry's "
     "folder, when there)"},
    {"folds", 0, "K", "cross-validation folds for the threshold (default 5)"},
    {"kind", 0, "KIND", "classifier (the default) or embedding"},
};

static const struct command cmd_router_train = {
    .name = "train",
    .run = run_train,
    .needs = CMD_NO_NETWORK | CMD_HASHES_FILES | CMD_NEEDS_REGISTRY,
    .summary = "train a learned router from the datasets and examples",
    .usage = "[--kind KIND] [--heldout FILE] [--folds K]",
    .description =
        "Trains the classifier router on every eligible adapter's eval dataset prompts,\n"
        "router_examples.jsonl, registry router_examples and keywords, and the base set\n"
        "<registry folder>/base/router_examples.jsonl (docs/routing.md). Calibrates\n"
        "the confidence threshold to router.target_precision by K-fold\n"
        "cross-validation, measures the classifier and the keyword router on a\n"
        "held-out set, and writes $LOCO_HOME/router/classifier.model. Deterministic:\n"
        "the same data gives the same file. Switch to it with\n"
        "'loco config set router.kind classifier'.\n"
        "\n"
        "--kind embedding trains the embedding router on the same data instead: each\n"
        "text's vector from the server's embedding endpoint (router.embed_model,\n"
        "default the base model, with the runner options of a chat so that Ollama\n"
        "does not reload it), cached in $LOCO_HOME/router/embeddings/ by model digest\n"
        "and text hash so that a text is embedded once; class centroids, the threshold\n"
        "calibrated the same way; $LOCO_HOME/router/embedding.model. Needs the server.",
    .opts = train_opts,
    .nopts = LOCO_ARRAY_LEN(train_opts),
    .min_pos = 0,
    .max_pos = 0,
};

/* ---- show ---------------------------------------------------------------- */

static cJSON *show_json(const struct loco_ctx *ctx, const char *path, const struct classifier *c,
                        bool fresh, const char *why)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "path", path);
	cJSON_AddStringToObject(o, "router_kind", ctx->cfg.router_kind);
	cJSON_AddNumberToObject(o, "format", CLASSIFIER_FORMAT); /* both formats are 1 */
	cJSON_AddBoolToObject(o, "fresh", fresh);
	if (why)
		cJSON_AddStringToObject(o, "stale_because", why);
	cJSON_AddStringToObject(o, "data_sha256", c->data_sha256);
	cJSON_AddStringToObject(o, "registry_hash", c->registry_hash);
	cJSON_AddNumberToObject(o, "examples", (double)c->n_examples);
	cJSON_AddNumberToObject(o, "features", (double)c->nf);
	cJSON_AddNumberToObject(o, "threshold", c->threshold);
	cJSON_AddNumberToObject(o, "target_precision", c->target_precision);
	cJSON *cl = cJSON_AddArrayToObject(o, "classes");
	for (size_t j = 0; j < c->k; j++)
		cJSON_AddItemToArray(cl, cJSON_CreateString(c->classes[j]));
	cJSON *ms = cJSON_AddArrayToObject(o, "measured");
	for (size_t i = 0; i < c->n_measures; i++) {
		cJSON *m = cJSON_CreateObject();
		cJSON_AddStringToObject(m, "set", c->measures[i].set);
		cJSON_AddStringToObject(m, "kind", c->measures[i].kind);
		cJSON_AddNumberToObject(m, "right", (double)c->measures[i].right);
		cJSON_AddNumberToObject(m, "total", (double)c->measures[i].total);
		cJSON_AddItemToArray(ms, m);
	}
	cJSON *src = cJSON_AddArrayToObject(o, "sources");
	for (size_t i = 0; i < c->n_sources; i++) {
		cJSON *s = cJSON_CreateObject();
		cJSON_AddStringToObject(s, "path", c->sources[i].path);
		cJSON_AddStringToObject(s, "sha256", c->sources[i].sha256);
		cJSON_AddItemToArray(src, s);
	}
	return o;
}

static void show_text(const struct loco_ctx *ctx, const char *path, const struct classifier *c,
                      bool fresh, const char *why, const struct embed_model *m)
{
	const char *kind = m ? "embedding" : "classifier";
	printf("%s\n", path);
	printf("  format %d, %s: %zu classes (", m ? EMBED_MODEL_FORMAT : CLASSIFIER_FORMAT, kind,
	       c->k);
	for (size_t j = 0; j < c->k; j++)
		printf("%s%s", j ? ", " : "", c->classes[j]);
	if (m)
		printf("), %ld examples\n", c->n_examples);
	else
		printf("), %zu features, %ld examples\n", c->nf, c->n_examples);
	printf("  threshold %.3f (calibrated to precision %.2f)", c->threshold,
	       c->target_precision);
	if (ctx->cfg.router_min_confidence.set)
		printf(", overridden by router.min_confidence %.3f",
		       ctx->cfg.router_min_confidence.value);
	printf("\n  data sha256 %s\n  registry hash %s\n", c->data_sha256, c->registry_hash);
	for (size_t i = 0; i < c->n_sources; i++)
		printf("  source %s (sha256 %.12s...)\n", c->sources[i].path, c->sources[i].sha256);
	for (size_t i = 0; i < c->n_measures; i++)
		printf("  measured %s %s: %ld/%ld (%.1f%%)\n", c->measures[i].set,
		       c->measures[i].kind, c->measures[i].right, c->measures[i].total,
		       eval_pct((size_t)c->measures[i].right, (size_t)c->measures[i].total));
	if (fresh)
		printf("  fresh: trained on what %s names now\n", ctx->reg.path);
	else
		printf("  stale (%s): retrain with loco router train%s\n", why,
		       m ? " --kind embedding" : "");
	printf("router.kind is %s", ctx->cfg.router_kind);
	if (strcmp(ctx->cfg.router_kind, kind))
		printf("; switch with loco config set router.kind %s", kind);
	printf("\n");
}

/* The embedding model's own lines. */
static void show_embedding(const struct loco_ctx *ctx, const struct embed_model *m, cJSON *o)
{
	if (o) {
		cJSON_AddStringToObject(o, "kind", "embedding");
		cJSON_AddStringToObject(o, "embed_model", m->model);
		cJSON_AddStringToObject(o, "embed_digest", m->digest);
		cJSON_AddNumberToObject(o, "dimensions", (double)m->dim);
		cJSON_AddNumberToObject(o, "scale", m->scale);
		return;
	}
	printf("  embedding: vectors of %zu numbers from %s", m->dim, m->model);
	if (*m->digest)
		printf(" (digest %.12s)", m->digest);
	printf(", softmax scale %g\n", m->scale);
	const char *now = embedder_model_name(ctx);
	if (strcmp(now, m->model))
		printf("  router.embed_model is now %s: retrain with loco router train --kind "
		       "embedding\n",
		       now);
}

static int run_show(struct loco_ctx *ctx, const struct cmd_args *args)
{
	const char *kind = arg_value(args, "kind");
	if (!kind)
		kind = strcmp(ctx->cfg.router_kind, "embedding") ? "classifier" : "embedding";
	bool emb = !strcmp(kind, "embedding");
	if (!emb && strcmp(kind, "classifier")) {
		loco_error("--kind '%s': the learned kinds are classifier and embedding", kind);
		return LOCO_USAGE;
	}
	const char *train = emb ? "loco router train --kind embedding" : "loco router train";
	char *path = emb ? embed_model_path(ctx->cfg.home) : router_model_path(ctx->cfg.home);
	char *err = NULL, *why = NULL;
	if (!file_exists(path)) {
		loco_error("no %s model at %s: train one with %s", kind, path, train);
		free(path);
		return LOCO_NOT_FOUND;
	}
	struct embed_model *m = emb ? embed_model_load(path, &err) : NULL;
	struct classifier *c = emb ? (m ? m->meta : NULL) : classifier_load(path, &err);
	if (!c) {
		loco_error("%s; retrain with %s", err, train);
		free(err);
		free(path);
		return LOCO_BAD_INPUT;
	}
	bool fresh = router_model_fresh(&ctx->reg, c, &why);
	if (ctx->json) {
		cJSON *o = show_json(ctx, path, c, fresh, why);
		if (m)
			show_embedding(ctx, m, o);
		print_json(o);
	} else {
		show_text(ctx, path, c, fresh, why, m);
		if (m)
			show_embedding(ctx, m, NULL);
	}
	free(why);
	if (m)
		embed_model_free(m);
	else
		classifier_free(c);
	free(path);
	return LOCO_OK;
}

static const struct optspec show_opts[] = {
    {"kind", 0, "KIND",
     "classifier or embedding (default: router.kind when learned, else "
     "classifier)"},
};

static const struct command cmd_router_show = {
    .name = "show",
    .run = run_show,
    .needs = CMD_NO_NETWORK | CMD_HASHES_FILES | CMD_NEEDS_REGISTRY,
    .summary = "what a learned router learned from, its scores, whether it is fresh",
    .usage = "[--kind classifier|embedding]",
    .description = "Reads $LOCO_HOME/router/classifier.model (or embedding.model with --kind\n"
                   "embedding) and says what it holds, what 'router train' measured, and\n"
                   "whether the registry still names the data it was trained on. Needs no\n"
                   "server: whether the embedding model changed on the server is checked\n"
                   "when routing.",
    .opts = show_opts,
    .nopts = LOCO_ARRAY_LEN(show_opts),
    .min_pos = 0,
    .max_pos = 0,
};

static const struct command *const router_subs[] = {&cmd_router_train, &cmd_router_show, NULL};

const struct command cmd_router = {
    .name = "router",
    .summary = "train and inspect the learned routers (classifier, embedding)",
    .usage = "train|show [args]",
    .description = "The learned router's model lives in $LOCO_HOME/router/ (docs/routing.md).\n"
                   "'router' and 'route' are two commands: an exact command name always wins\n"
                   "over a prefix, so 'loco route' routes and 'loco rout' is ambiguous.",
    .subs = router_subs,
    .default_sub = "show",
};
