/* eval_route.h: `loco eval --router`'s numbers. A router routes either
 * every adapter's eval dataset item by item (no server), each decision
 * counted against the adapter whose dataset the item came from, or a
 * labelled held-out set (examples.h: {"question", "adapter": NAME or
 * "base"}), each counted against its label. A held-out base line whose
 * topic an adapter of the registry claims counts for that adapter, and one
 * two adapters claim is not scored (docs/routing.md).
 *
 * struct route_accuracy owns its arrays (route_accuracy_free()); the
 * registry and router are borrowed. Nothing prints. */
#ifndef LOCO_EVAL_ROUTE_H
#define LOCO_EVAL_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

struct registry;
struct router;

struct route_accuracy {
	size_t n;          /* adapters; row and column n are the base model */
	size_t total;      /* items routed */
	size_t right;      /* routed where they belong */
	size_t *confusion; /* [actual * (n + 1) + predicted] */
	int *actual, *got; /* per item, in order: registry index, n for the base model */
	bool *missing;     /* [adapter]: its eval_dataset file is not there, so it
	                    * was left out (NULL: none was) */
};

/* Routes every dataset of reg; an adapter whose dataset file does not exist
 * is left out and marked in out->missing. -1 with *err (the file and what is
 * wrong) when a dataset does not load, or no adapter has a dataset at all. */
int route_accuracy_measure(const struct registry *reg, struct router *rt,
                           struct route_accuracy *out, char **err);
/* Routes every line of the labelled file path. -1 with *err
 * (file:line:column) when it does not load or names an adapter reg lacks. */
int route_accuracy_set(const struct registry *reg, struct router *rt, const char *path,
                       struct route_accuracy *out, char **err);
/* How many items of class a went to predicted (n: the base model). */
size_t route_accuracy_count(const struct route_accuracy *r, size_t a, size_t predicted);
void route_accuracy_free(struct route_accuracy *r);

#endif
