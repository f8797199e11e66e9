/* eval_router.c: `loco eval --router`: routing accuracy with a 95% interval,
 * per-class precision, recall and F1, and the confusion matrix, over every
 * adapter's dataset or a held-out set; on a held-out set without
 * --router-kind, both kinds side by side with McNemar's test between them
 * (eval_route.c measures; this prints). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "eval_job.h"
#include "eval_route.h"
#include "router.h"
#include "stats.h"

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

static cJSON *report_json(const struct loco_ctx *ctx, const struct router *rt,
                          const struct route_accuracy *m, const char *set)
{
	const struct registry *reg = &ctx->reg;
	double lo, hi;
	route_wilson(m->right, m->total, &lo, &hi);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "kind", router_kind_name(router_kind_used(rt)));
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

/* Items only a got right, only b got right, and McNemar's exact p. */
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

static cJSON *mcnemar_json(const struct route_accuracy *a, const struct route_accuracy *b)
{
	long x, y;
	discordant(a, b, &x, &y);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "a", "keyword");
	cJSON_AddStringToObject(o, "b", "classifier");
	cJSON_AddNumberToObject(o, "only_a", (double)x);
	cJSON_AddNumberToObject(o, "only_b", (double)y);
	cJSON_AddNumberToObject(o, "p", eval_r4(stats_mcnemar_exact(x, y)));
	return o;
}

static void print_mcnemar(const struct route_accuracy *a, const struct route_accuracy *b)
{
	long x, y;
	discordant(a, b, &x, &y);
	printf("keyword vs classifier: right only for keyword %ld, only for the classifier %ld "
	       "(McNemar p = %.4f)\n",
	       x, y, stats_mcnemar_exact(x, y));
}

static void print_report(const struct loco_ctx *ctx, const struct router *rt,
                         const struct route_accuracy *m, const char *set)
{
	const struct registry *reg = &ctx->reg;
	double lo, hi;
	route_wilson(m->right, m->total, &lo, &hi);
	printf("router accuracy (%s, %s): %zu/%zu (%.1f%%, 95%% interval %.1f to %.1f%%)\n",
	       router_kind_name(router_kind_used(rt)), set, m->right, m->total,
	       eval_pct(m->right, m->total), 100 * lo, 100 * hi);
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

/* Both kinds on one held-out set, side by side, with McNemar's exact test
 * on the items only one of them got right. */
static int compare_kinds(struct loco_ctx *ctx, const char *set)
{
	struct router_opts o = {ctx->cfg.router_min_score,
	                        ctx->cfg.router_low_confidence,
	                        ROUTER_KEYWORD,
	                        ctx->cfg.home,
	                        ctx->cfg.router_min_confidence.set,
	                        ctx->cfg.router_min_confidence.value};
	char *err = NULL;
	struct router *rt[2] = {router_new(&ctx->reg, &o, &err), NULL};
	o.kind = ROUTER_CLASSIFIER;
	if (rt[0])
		rt[1] = router_new(&ctx->reg, &o, &err);
	if (rt[1] && router_kind_used(rt[1]) != ROUTER_CLASSIFIER) {
		loco_warn("%s; only the keyword router is scored", router_note(rt[1]));
		router_free(rt[1]);
		rt[1] = NULL;
	}
	struct route_accuracy m[2] = {{0}, {0}};
	size_t n = rt[1] ? 2 : 1;
	int rc = rt[0] ? 0 : -1;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = route_accuracy_set(&ctx->reg, rt[i], set, &m[i], &err);
	if (rc < 0) {
		loco_error("%s", err);
	} else if (ctx->json) {
		cJSON *o2 = cJSON_CreateObject(), *kinds = cJSON_AddArrayToObject(o2, "kinds");
		for (size_t i = 0; i < n; i++)
			cJSON_AddItemToArray(kinds, report_json(ctx, rt[i], &m[i], set));
		if (n == 2)
			cJSON_AddItemToObject(o2, "mcnemar", mcnemar_json(&m[0], &m[1]));
		print_json(o2);
	} else {
		for (size_t i = 0; i < n; i++) {
			print_report(ctx, rt[i], &m[i], set);
			printf("\n");
		}
		if (n == 2)
			print_mcnemar(&m[0], &m[1]);
	}
	free(err);
	for (size_t i = 0; i < 2; i++) {
		route_accuracy_free(&m[i]);
		router_free(rt[i]);
	}
	return rc < 0 ? LOCO_BAD_INPUT : 0;
}

int eval_router(struct loco_ctx *ctx, const struct cmd_args *args)
{
	const char *set = arg_value(args, "router-set");
	if (set && !arg_value(args, "router-kind"))
		return compare_kinds(ctx, set);
	struct router *rt = NULL;
	int rc = cmd_open_router(ctx, args, &rt);
	if (rc)
		return rc;
	if (!set && router_kind_used(rt) != ROUTER_KEYWORD) {
		loco_error("the %s trained on the eval datasets, so routing them measures "
		           "recall, not accuracy: score it on held-out data with --router-set "
		           "FILE (such as bench/router/heldout.jsonl)",
		           router_kind_name(router_kind_used(rt)));
		router_free(rt);
		return LOCO_USAGE;
	}
	struct route_accuracy m;
	memset(&m, 0, sizeof m); /* a held-out set that does not load leaves it as is */
	char *err = NULL;
	int mrc = set ? route_accuracy_set(&ctx->reg, rt, set, &m, &err)
	              : route_accuracy_measure(&ctx->reg, rt, &m, &err);
	warn_missing(&ctx->reg, &m);
	if (mrc < 0) {
		loco_error("%s", err);
		rc = LOCO_BAD_INPUT;
	} else if (ctx->json) {
		print_json(report_json(ctx, rt, &m, set ? set : "eval datasets"));
	} else {
		print_report(ctx, rt, &m, set ? set : "eval datasets");
	}
	free(err);
	route_accuracy_free(&m);
	router_free(rt);
	return rc;
}
