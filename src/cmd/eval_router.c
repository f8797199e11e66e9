/* eval_router.c: `loco eval --router`: routing accuracy over every adapter's
 * dataset and the confusion matrix (eval_route.c measures; this prints). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "eval_job.h"
#include "eval_route.h"
#include "router.h"

/* ---- --router ------------------------------------------------------------ */

static void print_confusion_json(const struct registry *reg, const struct route_accuracy *m)
{
	size_t n = m->n;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "correct", (double)m->right);
	cJSON_AddNumberToObject(o, "total", (double)m->total);
	cJSON_AddNumberToObject(o, "accuracy", eval_r4((double)m->right / (double)m->total));
	cJSON *c = cJSON_AddObjectToObject(o, "confusion");
	for (size_t a = 0; a < n; a++) {
		cJSON *row = cJSON_AddObjectToObject(c, reg->adapters[a].name);
		for (size_t p = 0; p <= n; p++)
			cJSON_AddNumberToObject(row, p < n ? reg->adapters[p].name : "base model",
			                        (double)route_accuracy_count(m, a, p));
	}
	print_json(o);
}

static void print_confusion(const struct registry *reg, const struct route_accuracy *m)
{
	size_t n = m->n;
	printf("router accuracy: %zu/%zu (%.1f%%, target > 90%%)\n\n", m->right, m->total,
	       eval_pct(m->right, m->total));
	printf("  %-14s", "actual \\ got");
	for (size_t p = 0; p <= n; p++)
		printf(" %10s", p < n ? reg->adapters[p].name : "base model");
	printf("\n");
	for (size_t a = 0; a < n; a++) {
		printf("  %-14s", reg->adapters[a].name);
		for (size_t p = 0; p <= n; p++)
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

int eval_router(struct loco_ctx *ctx)
{
	struct router_opts ro = {ctx->cfg.router_min_score, ctx->cfg.router_low_confidence};
	struct route_accuracy m;
	char *err = NULL;
	int rc = 0;
	int mrc = route_accuracy_measure(&ctx->reg, &ro, &m, &err);
	warn_missing(&ctx->reg, &m);
	if (mrc < 0) {
		loco_error("%s", err);
		rc = LOCO_BAD_INPUT;
	} else if (ctx->json) {
		print_confusion_json(&ctx->reg, &m);
	} else {
		print_confusion(&ctx->reg, &m);
	}
	free(err);
	route_accuracy_free(&m);
	return rc;
}
