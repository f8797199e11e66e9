/* eval_router.c: `loco eval --router`: routing accuracy with a 95% interval,
 * per-class precision, recall and F1, the confusion matrix and how often the
 * base model was chosen, for every router kind side by side with McNemar's
 * exact test between each pair (issue 17 item 6):
 *   without --router-set  k-fold cross-validation (cv.h) on the data `router
 *                         train` learns from; the keyword kind routes the
 *                         same questions; when eval archives exist, the cost
 *                         of misrouting (eval_route.h);
 *   --router-set FILE     a labelled held-out set, each kind's model as
 *                         trained (the classifier's from `router train`).
 * --router-kind KIND scores that kind alone. The kinds are the table kinds[]
 * below: a new learned kind is one row (learner.h says how).
 * eval_route.c and cv.c measure; this prints. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "eval_job.h"
#include "eval_route.h"
#include "cv.h"
#include "learner.h"
#include "route_embed.h"
#include "router.h"
#include "stats.h"
#include "trainset.h"

/* ---- the kinds ------------------------------------------------------------ */

/* One row per router kind, in the order they are printed. learner NULL: the
 * kind learns nothing (keyword), so cross-validation just routes. env_open
 * makes what the learner's calls get as env (NULL when no env_open), and may
 * refuse with a message (it prints it and returns a LOCO_ exit status);
 * env_close frees it. server: the kind asks a server (embedding), so it is
 * measured only when --router-kind names it: eval --router alone keeps its
 * no-server promise. */
struct kind_row {
	enum router_kind kind;
	const struct route_learner *learner;
	int (*env_open)(struct loco_ctx *ctx, void **env);
	void (*env_close)(void *env);
	bool server;
};

static const struct kind_row kinds[] = {
    {ROUTER_KEYWORD, NULL, NULL, NULL, false},
    {ROUTER_CLASSIFIER, &classifier_learner, NULL, NULL, false},
    {ROUTER_EMBEDDING, &embedding_learner, router_embed_env_open, router_embed_env_close, true},
};

/* ---- --router ------------------------------------------------------------ */

static const char *class_name(const struct registry *reg, size_t i)
{
	return i < reg->n_adapters ? reg->adapters[i].name : "base model";
}

/* Wilson score interval for k of n at 95% (Wilson 1927; z = 1.959964). */
void route_wilson(size_t k, size_t n, double *lo, double *hi)
{
	const double z = 1.959963985;
	double p = n ? (double)k / (double)n : 0, nn = (double)n ? (double)n : 1;
	double c = p + z * z / (2 * nn), w = z * sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn));
	*lo = (c - w) / (1 + z * z / nn);
	*hi = (c + w) / (1 + z * z / nn);
}

struct prf {
	size_t tp, actual, predicted;
};

static struct prf class_prf(const struct route_accuracy *m, size_t c)
{
	struct prf r = {route_accuracy_count(m, c, c), 0, 0};
	for (size_t j = 0; j <= m->n; j++) {
		r.actual += route_accuracy_count(m, c, j);
		r.predicted += route_accuracy_count(m, j, c);
	}
	return r;
}

static double ratio(size_t a, size_t b)
{
	return b ? (double)a / (double)b : 0;
}

/* A class with items or decisions; the base model is always a column. */
static bool shown(const struct route_accuracy *m, size_t c)
{
	struct prf r = class_prf(m, c);
	return r.actual || r.predicted;
}

static bool column(const struct route_accuracy *m, size_t c)
{
	return c == m->n || shown(m, c);
}

static cJSON *report_json(const struct loco_ctx *ctx, enum router_kind kind,
                          const struct route_accuracy *m, const char *set)
{
	const struct registry *reg = &ctx->reg;
	double lo, hi;
	route_wilson(m->right, m->total, &lo, &hi);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "kind", router_kind_name(kind));
	cJSON_AddStringToObject(o, "set", set);
	cJSON_AddNumberToObject(o, "correct", (double)m->right);
	cJSON_AddNumberToObject(o, "total", (double)m->total);
	cJSON_AddNumberToObject(o, "accuracy", eval_r4((double)m->right / (double)m->total));
	cJSON *ci = cJSON_AddArrayToObject(o, "accuracy_ci95");
	cJSON_AddItemToArray(ci, cJSON_CreateNumber(eval_r4(lo)));
	cJSON_AddItemToArray(ci, cJSON_CreateNumber(eval_r4(hi)));
	cJSON_AddNumberToObject(o, "base_chosen", (double)class_prf(m, m->n).predicted);
	cJSON *cls = cJSON_AddObjectToObject(o, "classes");
	cJSON *c = cJSON_AddObjectToObject(o, "confusion");
	for (size_t a = 0; a <= m->n; a++) {
		if (!shown(m, a))
			continue;
		struct prf r = class_prf(m, a);
		double p = ratio(r.tp, r.predicted), rc = ratio(r.tp, r.actual);
		cJSON *k = cJSON_AddObjectToObject(cls, class_name(reg, a));
		cJSON_AddNumberToObject(k, "precision", eval_r4(p));
		cJSON_AddNumberToObject(k, "recall", eval_r4(rc));
		cJSON_AddNumberToObject(k, "f1", eval_r4(p + rc > 0 ? 2 * p * rc / (p + rc) : 0));
		cJSON_AddNumberToObject(k, "support", (double)r.actual);
		cJSON *row = cJSON_AddObjectToObject(c, class_name(reg, a));
		for (size_t j = 0; j <= m->n; j++)
			if (column(m, j))
				cJSON_AddNumberToObject(row, class_name(reg, j),
				                        (double)route_accuracy_count(m, a, j));
	}
	return o;
}

/* Items only a got right and only b got right. */
static void discordant(const struct route_accuracy *a, const struct route_accuracy *b, long *only_a,
                       long *only_b)
{
	*only_a = *only_b = 0;
	for (size_t i = 0; i < a->total && i < b->total; i++) {
		bool x = a->got[i] == a->actual[i], y = b->got[i] == b->actual[i];
		*only_a += x && !y;
		*only_b += y && !x;
	}
}

/* The kinds measured, side by side. */
struct measured {
	enum router_kind kind[LOCO_ARRAY_LEN(kinds)];
	struct route_accuracy m[LOCO_ARRAY_LEN(kinds)];
	size_t n;
};

/* McNemar's exact test between each pair of kinds, as a list of
 * {"a", "b", "a_only", "b_only", "p"} (docs/routing.md). */
static cJSON *mcnemar_json(const struct measured *ms)
{
	cJSON *list = cJSON_CreateArray();
	for (size_t i = 0; i < ms->n; i++)
		for (size_t j = i + 1; j < ms->n; j++) {
			long x, y;
			discordant(&ms->m[i], &ms->m[j], &x, &y);
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "a", router_kind_name(ms->kind[i]));
			cJSON_AddStringToObject(o, "b", router_kind_name(ms->kind[j]));
			cJSON_AddNumberToObject(o, "a_only", (double)x);
			cJSON_AddNumberToObject(o, "b_only", (double)y);
			cJSON_AddNumberToObject(o, "p", eval_r4(stats_mcnemar_exact(x, y)));
			cJSON_AddItemToArray(list, o);
		}
	return list;
}

static void print_mcnemar(const struct measured *ms)
{
	for (size_t i = 0; i < ms->n; i++)
		for (size_t j = i + 1; j < ms->n; j++) {
			long x, y;
			discordant(&ms->m[i], &ms->m[j], &x, &y);
			const char *a = router_kind_name(ms->kind[i]),
			           *b = router_kind_name(ms->kind[j]);
			printf("%s vs %s: McNemar p = %.4f\n  right only for %s %ld, only for %s "
			       "%ld\n",
			       a, b, stats_mcnemar_exact(x, y), a, x, b, y);
		}
}

static void print_report(const struct loco_ctx *ctx, enum router_kind kind,
                         const struct route_accuracy *m, const char *set)
{
	const struct registry *reg = &ctx->reg;
	double lo, hi;
	route_wilson(m->right, m->total, &lo, &hi);
	/* the set (a path) on a line of its own: the figures stay within 80 */
	printf("router accuracy (%s, %s):\n  %zu/%zu = %.1f%% (95%% interval %.1f to "
	       "%.1f%%)\n",
	       router_kind_name(kind), set, m->right, m->total, eval_pct(m->right, m->total),
	       100 * lo, 100 * hi);
	printf("base model chosen for %zu of %zu\n\n", class_prf(m, m->n).predicted, m->total);
	printf("  %-14s %9s %6s %6s %7s\n", "class", "precision", "recall", "f1", "support");
	for (size_t a = 0; a <= m->n; a++) {
		if (!shown(m, a))
			continue;
		struct prf r = class_prf(m, a);
		double p = ratio(r.tp, r.predicted), rc = ratio(r.tp, r.actual);
		printf("  %-14s %9.3f %6.3f %6.3f %7zu\n", class_name(reg, a), p, rc,
		       p + rc > 0 ? 2 * p * rc / (p + rc) : 0, r.actual);
	}
	printf("\n  %-14s", "actual \\ got");
	for (size_t p = 0; p <= m->n; p++)
		if (column(m, p))
			printf(" %10s", class_name(reg, p));
	printf("\n");
	for (size_t a = 0; a <= m->n; a++) {
		if (!shown(m, a))
			continue;
		printf("  %-14s", class_name(reg, a));
		for (size_t p = 0; p <= m->n; p++)
			if (column(m, p))
				printf(" %10zu", route_accuracy_count(m, a, p));
		printf("\n");
	}
}

static void warn_missing(const struct registry *reg, const struct route_accuracy *m)
{
	for (size_t a = 0; m->missing && a < m->n; a++) {
		if (!m->missing[a])
			continue;
		char *path = adapter_dataset_path(reg, &reg->adapters[a]);
		loco_warn("adapter '%s' is left out: its dataset is missing",
		          reg->adapters[a].name);
		loco_hint("no file %s", path);
		free(path);
	}
}

static struct router_opts open_opts(const struct loco_ctx *ctx, enum router_kind kind)
{
	struct router_opts o = {ctx->cfg.router_min_score,
	                        ctx->cfg.router_low_confidence,
	                        kind,
	                        ctx->cfg.home,
	                        ctx->cfg.router_min_confidence.set,
	                        ctx->cfg.router_min_confidence.value};
	return o;
}

/* The rows to measure: the one --router-kind names, or all of them. */
static size_t pick_kinds(const struct cmd_args *args, struct loco_ctx *ctx,
                         const struct kind_row **rows, int *rc)
{
	const char *kind = arg_value(args, "router-kind");
	size_t n = 0;
	enum router_kind want = ROUTER_KEYWORD;
	char *err = NULL;
	*rc = 0;
	if (kind) {
		if (config_apply_flag(&ctx->cfg, "router.kind", kind, &err) < 0) {
			loco_error("--router-kind: %s", err);
			free(err);
			*rc = LOCO_USAGE;
			return 0;
		}
		router_kind_parse(kind, &want);
	}
	for (size_t i = 0; i < LOCO_ARRAY_LEN(kinds); i++)
		if (kind ? kinds[i].kind == want : !kinds[i].server)
			rows[n++] = &kinds[i];
	static struct kind_row other; /* a kind with no row: held-out sets only */
	if (kind && !n) {
		other = (struct kind_row){want, NULL, NULL, NULL, false};
		rows[n++] = &other;
	}
	return n;
}

/* A kind's router as route opens it (the embedding kind needs its server:
 * cmd_open_router() says what failed, and *status is its exit status), or,
 * for the kinds that need none, without cmd_open_router()'s warning. */
static struct router *open_kind(struct loco_ctx *ctx, enum router_kind kind, int *status,
                                char **err)
{
	*status = LOCO_BAD_INPUT;
	if (kind != ROUTER_EMBEDDING) {
		struct router_opts o = open_opts(ctx, kind);
		return router_new(&ctx->reg, &o, err);
	}
	struct router *rt = NULL;
	*status = cmd_open_router(ctx, NULL, &rt);
	return rt;
}

static void measured_free(struct measured *ms)
{
	for (size_t i = 0; i < ms->n; i++)
		route_accuracy_free(&ms->m[i]);
}

/* ---- a held-out set ------------------------------------------------------- */

/* Each kind on one held-out set, side by side, with McNemar's exact test
 * between each pair. A kind whose model is missing or stale is left out
 * with a warning. */
static int held_out(struct loco_ctx *ctx, const struct kind_row *const *rows, size_t nrows,
                    const char *set)
{
	struct measured ms;
	memset(&ms, 0, sizeof ms);
	char *err = NULL;
	int rc = 0, status = LOCO_BAD_INPUT;
	for (size_t i = 0; i < nrows && rc == 0; i++) {
		struct router *rt = open_kind(ctx, rows[i]->kind, &status, &err);
		if (!rt) {
			rc = -1;
		} else if (router_kind_used(rt) != rows[i]->kind) {
			loco_warn("%s", router_note(rt));
			loco_hint("the %s is not scored", router_kind_name(rows[i]->kind));
		} else if ((rc = route_accuracy_set(&ctx->reg, rt, set, &ms.m[ms.n], &err)) != 0) {
			status = LOCO_BAD_INPUT;
		} else if ((status = cmd_route_failed(rt)) != 0) { /* it says why */
			route_accuracy_free(&ms.m[ms.n]);
			rc = -1;
		} else {
			ms.kind[ms.n++] = rows[i]->kind;
		}
		router_free(rt);
	}
	if (rc < 0 && err) {
		loco_error("%s", err);
	} else if (rc < 0) {
		/* cmd_open_router() said why */
	} else if (ctx->json && nrows == 1 && ms.n == 1) {
		print_json(report_json(ctx, ms.kind[0], &ms.m[0], set));
	} else if (ctx->json) {
		cJSON *o = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(o, "kinds");
		for (size_t i = 0; i < ms.n; i++)
			cJSON_AddItemToArray(list, report_json(ctx, ms.kind[i], &ms.m[i], set));
		cJSON_AddItemToObject(o, "mcnemar", mcnemar_json(&ms));
		print_json(o);
	} else {
		for (size_t i = 0; i < ms.n; i++) {
			printf("%s", i ? "\n" : "");
			print_report(ctx, ms.kind[i], &ms.m[i], set);
		}
		printf("%s", ms.n > 1 ? "\n" : "");
		print_mcnemar(&ms);
	}
	free(err);
	measured_free(&ms);
	return rc < 0 ? status : 0;
}

/* ---- cross-validation ----------------------------------------------------- */

static size_t reg_index(const struct router_data *d, int label, size_t n_adapters)
{
	return d->adapter[label] >= 0 ? (size_t)d->adapter[label] : n_adapters;
}

/* The keyword kind on the scored questions of d. */
static int cv_keyword(struct loco_ctx *ctx, const struct router_data *d, const bool *scored,
                      struct route_accuracy *m, char **err)
{
	struct router_opts o = open_opts(ctx, ROUTER_KEYWORD);
	struct router *rt = router_new(&ctx->reg, &o, err);
	if (!rt)
		return -1;
	route_accuracy_start(&ctx->reg, m, d->n);
	struct route_decision dec;
	for (size_t i = 0; i < d->n; i++) {
		if (!scored[i])
			continue;
		router_decide(rt, d->ex[i].text, d->ex[i].len, &dec);
		route_accuracy_add(m, reg_index(d, d->ex[i].label, m->n),
		                   dec.adapter >= 0 ? (size_t)dec.adapter : m->n);
	}
	router_free(rt);
	return 0;
}

/* A learned kind, cross-validated on d. */
static int cv_learned(struct loco_ctx *ctx, const struct kind_row *row, const struct router_data *d,
                      const bool *scored, int folds, struct route_accuracy *m)
{
	void *env = NULL;
	if (row->env_open) {
		int rc = row->env_open(ctx, &env);
		if (rc)
			return rc;
	}
	struct route_cv_opts o = {folds,
	                          folds,
	                          ROUTE_CV_SEED,
	                          ctx->cfg.router_target_precision,
	                          ctx->cfg.router_min_confidence.set,
	                          ctx->cfg.router_min_confidence.value};
	struct route_cv cv;
	char *err = NULL;
	int rc = route_cv_run(row->learner, env, (const char *const *)d->classes, d->k, d->ex,
	                      scored, d->n, &o, &cv, &err);
	if (row->env_close)
		row->env_close(env);
	if (rc < 0) {
		loco_error("cross-validating the %s: %s", router_kind_name(row->kind), err);
		free(err);
		return LOCO_BAD_INPUT;
	}
	route_accuracy_start(&ctx->reg, m, d->n);
	for (size_t i = 0; i < d->n; i++)
		if (cv.got[i] >= 0)
			route_accuracy_add(m, reg_index(d, d->ex[i].label, m->n),
			                   reg_index(d, cv.got[i], m->n));
	route_cv_free(&cv);
	return 0;
}

static cJSON *cost_json(const struct route_cost *c)
{
	cJSON *o = cJSON_CreateObject(), *names = cJSON_AddArrayToObject(o, "adapters");
	for (size_t i = 0; i < c->domains; i++)
		cJSON_AddItemToArray(names, cJSON_CreateString(c->names[i]));
	cJSON_AddNumberToObject(o, "items", c->items);
	cJSON_AddNumberToObject(o, "own_adapter", eval_r4(c->oracle));
	cJSON_AddNumberToObject(o, "routed", eval_r4(c->routed));
	cJSON_AddNumberToObject(o, "routed_other_adapter_wrong", eval_r4(c->routed_low));
	cJSON_AddNumberToObject(o, "base_only", eval_r4(c->base));
	return o;
}

static void print_cost(const struct route_cost *c, enum router_kind kind)
{
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "(%s; eval archives of", router_kind_name(kind));
	for (size_t i = 0; i < c->domains; i++)
		sb_addf(&sb, "%s %s", i ? "," : "", c->names[i]);
	sb_addf(&sb, ", %.0f items):", c->items);
	print_wrapped(stdout, "misrouting cost ", sb.buf, 2); /* many domains: more lines */
	sb_free(&sb);
	printf("  each item to its own domain's adapter %.1f%%, as routed %.1f%%\n",
	       100 * c->oracle, 100 * c->routed);
	printf("  (%.1f%% if another domain's adapter always fails), base model alone %.1f%%\n",
	       100 * c->routed_low, 100 * c->base);
}

static void print_cv(struct loco_ctx *ctx, const struct measured *ms, const char *set)
{
	cJSON *o = ctx->json ? cJSON_CreateObject() : NULL;
	cJSON *list = o ? cJSON_AddArrayToObject(o, "kinds") : NULL;
	for (size_t i = 0; i < ms->n; i++) {
		struct route_cost c;
		bool cost = route_misrouting_cost(&ctx->reg, ctx->cfg.home, &ms->m[i], &c) == 0;
		if (o) {
			cJSON *r = report_json(ctx, ms->kind[i], &ms->m[i], set);
			if (cost)
				cJSON_AddItemToObject(r, "misrouting", cost_json(&c));
			cJSON_AddItemToArray(list, r);
		} else {
			printf("%s", i ? "\n" : "");
			print_report(ctx, ms->kind[i], &ms->m[i], set);
			if (cost)
				print_cost(&c, ms->kind[i]);
		}
		if (cost)
			route_cost_free(&c);
	}
	if (o) {
		cJSON_AddItemToObject(o, "mcnemar", mcnemar_json(ms));
		print_json(o);
	} else {
		printf("%s", ms->n > 1 ? "\n" : "");
		print_mcnemar(ms);
	}
}

/* Every kind on the questions `router train` learns from: k-fold for the
 * learned kinds, the same questions routed for keywords. Keyword examples
 * are trained on, never scored. */
static int cross_validate(struct loco_ctx *ctx, const struct kind_row *const *rows, size_t nrows,
                          const struct router_data *d, int folds)
{
	bool *scored = xcalloc(d->n ? d->n : 1, sizeof *scored);
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		n += scored[i] = d->from[i] != FROM_KEYWORDS;
	struct measured ms;
	memset(&ms, 0, sizeof ms);
	int rc = 0;
	char *err = NULL;
	for (size_t i = 0; i < nrows && rc == 0; i++) {
		if (!rows[i]->learner && cv_keyword(ctx, d, scored, &ms.m[ms.n], &err) < 0) {
			loco_error("%s: %s", ctx->reg.path, err);
			rc = LOCO_BAD_INPUT;
		} else if (rows[i]->learner) {
			rc = cv_learned(ctx, rows[i], d, scored, folds, &ms.m[ms.n]);
		}
		if (rc == 0)
			ms.kind[ms.n++] = rows[i]->kind;
	}
	char set[64];
	snprintf(set, sizeof set, "%d-fold cross-validation", folds);
	if (rc == 0 && !ctx->json)
		printf("%d-fold cross-validation (stratified, seed %d) on the %zu questions\n"
		       "`router train` learns from (its keywords are trained on, never scored);\n"
		       "the keyword router routes the same questions\n\n",
		       folds, ROUTE_CV_SEED, n);
	if (rc == 0)
		print_cv(ctx, &ms, set);
	free(err);
	free(scored);
	measured_free(&ms);
	return rc;
}

/* Only the keyword router on every adapter's eval dataset: what is left
 * when there is no training data (no base set) to cross-validate on. */
static int eval_datasets(struct loco_ctx *ctx)
{
	struct router_opts o = open_opts(ctx, ROUTER_KEYWORD);
	char *err = NULL;
	struct router *rt = router_new(&ctx->reg, &o, &err);
	struct route_accuracy m;
	memset(&m, 0, sizeof m);
	int rc = rt ? route_accuracy_measure(&ctx->reg, rt, &m, &err) : -1;
	warn_missing(&ctx->reg, &m);
	if (rc < 0)
		loco_error("%s", err);
	else if (ctx->json)
		print_json(report_json(ctx, ROUTER_KEYWORD, &m, "eval datasets"));
	else
		print_report(ctx, ROUTER_KEYWORD, &m, "eval datasets");
	free(err);
	route_accuracy_free(&m);
	router_free(rt);
	return rc < 0 ? LOCO_BAD_INPUT : 0;
}

int eval_router(struct loco_ctx *ctx, const struct cmd_args *args)
{
	const struct kind_row *rows[LOCO_ARRAY_LEN(kinds)];
	double folds = 5;
	int rc = 0;
	if (arg_number(args, "folds", 2, 20, true, &folds, &rc) && rc)
		return rc;
	size_t n = pick_kinds(args, ctx, rows, &rc);
	if (rc)
		return rc;
	const char *set = arg_value(args, "router-set");
	if (set)
		return held_out(ctx, rows, n, set);
	struct router_data d;
	char *err = NULL;
	if (router_data_collect(&ctx->reg, &d, &err) < 0) {
		bool learned = n == 1 && rows[0]->learner;
		if (learned)
			loco_error("cannot cross-validate the %s: %s",
			           router_kind_name(rows[0]->kind), err);
		free(err);
		return learned ? LOCO_BAD_INPUT : eval_datasets(ctx);
	}
	if (n == 1 && !rows[0]->learner && rows[0]->kind != ROUTER_KEYWORD) {
		loco_error("eval --router cannot cross-validate the %s kind yet",
		           router_kind_name(rows[0]->kind));
		loco_hint("score it on a held-out set with --router-set FILE");
		router_data_free(&d);
		return LOCO_USAGE;
	}
	rc = cross_validate(ctx, rows, n, &d, (int)folds);
	router_data_free(&d);
	return rc;
}
