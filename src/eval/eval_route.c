/* eval_route.c: routing accuracy over every adapter's eval dataset or a
 * labelled held-out set (see eval_route.h), the numbers behind
 * `loco eval --router` and `loco router train`. */
#include "eval_route.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "examples.h"
#include "netlib.h"
#include "registry.h"
#include "results.h"
#include "router.h"
#include "trainset.h"
#include "util.h"

void route_accuracy_start(const struct registry *reg, struct route_accuracy *out, size_t cap)
{
	memset(out, 0, sizeof *out);
	out->n = reg->n_adapters;
	out->confusion = xcalloc((out->n + 1) * (out->n + 1), sizeof *out->confusion);
	out->actual = xcalloc(cap ? cap : 1, sizeof *out->actual);
	out->got = xcalloc(cap ? cap : 1, sizeof *out->got);
}

void route_accuracy_add(struct route_accuracy *out, size_t actual, size_t got)
{
	out->confusion[actual * (out->n + 1) + got]++;
	out->actual[out->total] = (int)actual;
	out->got[out->total++] = (int)got;
	out->right += got == actual;
}

static void count(struct route_accuracy *out, struct router *rt, const char *q, size_t actual)
{
	struct route_decision d;
	router_decide(rt, q, strlen(q), &d);
	route_accuracy_add(out, actual, d.adapter >= 0 ? (size_t)d.adapter : out->n);
}

static void grow(struct route_accuracy *out, size_t more)
{
	out->actual = xrealloc(out->actual, (out->total + more + 1) * sizeof *out->actual);
	out->got = xrealloc(out->got, (out->total + more + 1) * sizeof *out->got);
}

int route_accuracy_measure(const struct registry *reg, struct router *rt,
                           struct route_accuracy *out, char **err)
{
	route_accuracy_start(reg, out, 0);
	int rc = 0;
	for (size_t a = 0; a < out->n && rc == 0; a++) {
		char *path = adapter_dataset_path(reg, &reg->adapters[a]);
		if (!path)
			continue;
		if (!file_exists(path)) { /* one missing file does not stop the others */
			if (!out->missing)
				out->missing = xcalloc(out->n, sizeof *out->missing);
			out->missing[a] = true;
			free(path);
			continue;
		}
		struct dataset ds;
		if (dataset_load(&ds, path, reg->adapters[a].eval_type, err) < 0) {
			rc = -1;
		} else {
			grow(out, ds.n);
			for (size_t i = 0; i < ds.n; i++)
				count(out, rt, ds.items[i].prompt, a);
			dataset_free(&ds);
		}
		free(path);
	}
	if (rc == 0 && !out->total)
		rc = set_err(err, "no adapter of %s has an eval dataset to route", reg->path);
	return rc;
}

int route_accuracy_set(const struct registry *reg, struct router *rt, const char *path,
                       struct route_accuracy *out, char **err)
{
	struct examples ex;
	memset(out, 0, sizeof *out);
	if (examples_load(&ex, path, true, err) < 0)
		return -1;
	route_accuracy_start(reg, out, ex.n);
	int rc = 0;
	for (size_t i = 0; i < ex.n && rc == 0; i++) {
		const struct example *e = &ex.items[i];
		size_t actual = out->n;
		if (strcmp(e->adapter, "base")) {
			const struct adapter *a = registry_find(reg, e->adapter);
			if (!a)
				rc =
				    set_err(err,
				            "%s:%d: adapter '%s' is not in %s; expected one of its "
				            "adapters or base",
				            path, e->line, e->adapter, reg->path);
			else
				actual = (size_t)(a - reg->adapters);
		} else {
			int owner = router_topic_owner(reg, e->topic);
			if (owner == -2)
				continue; /* claimed by two adapters: belongs to neither */
			actual = owner >= 0 ? (size_t)owner : out->n;
		}
		if (rc == 0)
			count(out, rt, e->question, actual);
	}
	examples_free(&ex);
	if (rc == 0 && !out->total)
		rc = set_err(err, "%s: no line to score", path);
	if (rc < 0)
		route_accuracy_free(out);
	return rc;
}

size_t route_accuracy_count(const struct route_accuracy *r, size_t a, size_t predicted)
{
	return r->confusion[a * (r->n + 1) + predicted];
}

void route_accuracy_free(struct route_accuracy *r)
{
	free(r->confusion);
	free(r->missing);
	free(r->actual);
	free(r->got);
	memset(r, 0, sizeof *r);
}

/* ---- the cost of misrouting ------------------------------------------------ */

int route_misrouting_cost(const struct registry *reg, const char *home,
                          const struct route_accuracy *r, struct route_cost *out)
{
	memset(out, 0, sizeof *out);
	double oracle = 0, routed = 0, low = 0, base = 0;
	for (size_t a = 0; a < r->n; a++) {
		size_t row = 0;
		for (size_t j = 0; j <= r->n; j++)
			row += route_accuracy_count(r, a, j);
		char *path = row ? adapter_dataset_path(reg, &reg->adapters[a]) : NULL;
		char sha[65];
		char *err = NULL;
		bool have = path && sha256_file(path, sha, &err) == 0;
		free(err);
		free(path);
		if (!have)
			continue;
		struct results_latest l;
		results_latest(home, reg->adapters[a].name, sha, &l);
		if (l.standing == RESULTS_CURRENT && !l.rec.base_only && l.rec.n > 0) {
			double n = l.rec.n,
			       own = (double)route_accuracy_count(r, a, a) / (double)row;
			double to_base = (double)route_accuracy_count(r, a, r->n) / (double)row;
			double other = 1 - own - to_base;
			oracle += n * l.rec.adapter_score;
			base += n * l.rec.base_score;
			routed +=
			    n * (own * l.rec.adapter_score + (to_base + other) * l.rec.base_score);
			low += n * (own * l.rec.adapter_score + to_base * l.rec.base_score);
			out->items += n;
			out->names = xrealloc(out->names, (out->domains + 1) * sizeof *out->names);
			out->names[out->domains++] = xstrdup(reg->adapters[a].name);
		}
		cJSON_Delete(l.run);
	}
	if (!out->domains)
		return -1;
	out->oracle = oracle / out->items;
	out->routed = routed / out->items;
	out->routed_low = low / out->items;
	out->base = base / out->items;
	return 0;
}

void route_cost_free(struct route_cost *c)
{
	for (size_t i = 0; i < c->domains; i++)
		free(c->names[i]);
	free(c->names);
	memset(c, 0, sizeof *c);
}
