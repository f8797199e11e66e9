/* eval_route.c: routing accuracy over every adapter's eval dataset (see
 * eval_route.h), the numbers behind `loco eval --router`. */
#include "eval_route.h"

#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "registry.h"
#include "router.h"
#include "util.h"

/* Routes one dataset's items into row a of the matrix. */
static void route_dataset(struct router *rt, const struct dataset *ds, size_t a,
                          struct route_accuracy *out)
{
	size_t n = out->n;
	for (size_t i = 0; i < ds->n; i++) {
		struct route_decision d;
		router_decide(rt, ds->items[i].prompt, strlen(ds->items[i].prompt), &d);
		size_t p = d.adapter >= 0 ? (size_t)d.adapter : n;
		out->confusion[a * (n + 1) + p]++;
		out->total++;
		out->right += p == a;
	}
}

int route_accuracy_measure(const struct registry *reg, const struct router_opts *o,
                           struct route_accuracy *out, char **err)
{
	memset(out, 0, sizeof *out);
	out->n = reg->n_adapters;
	out->confusion = xcalloc((out->n + 1) * (out->n + 1), sizeof *out->confusion);
	char *why = NULL;
	struct router *rt = router_new(reg, o, &why);
	int rc = 0;
	if (!rt) {
		set_err(err, "%s: %s", reg->path, why);
		rc = -1;
	}
	for (size_t a = 0; a < out->n && rc == 0; a++) {
		char *path = adapter_dataset_path(reg, &reg->adapters[a]);
		if (!path)
			continue;
		struct dataset ds;
		if (dataset_load(&ds, path, reg->adapters[a].eval_type, err) < 0) {
			rc = -1;
		} else {
			route_dataset(rt, &ds, a, out);
			dataset_free(&ds);
		}
		free(path);
	}
	free(why);
	router_free(rt);
	if (rc == 0 && !out->total)
		rc = set_err(err, "no adapter of %s has an eval dataset to route", reg->path);
	return rc;
}

size_t route_accuracy_count(const struct route_accuracy *r, size_t a, size_t predicted)
{
	return r->confusion[a * (r->n + 1) + predicted];
}

void route_accuracy_free(struct route_accuracy *r)
{
	free(r->confusion);
	memset(r, 0, sizeof *r);
}
