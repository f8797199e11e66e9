/* eval_route.h: `loco eval --router`'s numbers. Every adapter's eval dataset
 * is routed item by item with the router the registry builds (no server), and
 * each decision counted in a confusion matrix of the adapter whose dataset
 * the item came from against the one the router picked.
 *
 * struct route_accuracy owns its matrix (route_accuracy_free()); the registry
 * is borrowed. Nothing prints. */
#ifndef LOCO_EVAL_ROUTE_H
#define LOCO_EVAL_ROUTE_H

#include <stddef.h>

struct registry;
struct router_opts;

struct route_accuracy {
	size_t n;          /* adapters; column n is the base model */
	size_t total;      /* items routed */
	size_t right;      /* routed to the adapter whose dataset holds them */
	size_t *confusion; /* [actual * (n + 1) + predicted] */
};

/* Routes every dataset of reg. -1 with *err (the file and what is wrong) when
 * the router cannot be built, a dataset does not load, or no adapter has a
 * dataset at all. */
int route_accuracy_measure(const struct registry *reg, const struct router_opts *o,
                           struct route_accuracy *out, char **err);
/* How many items of adapter a's dataset went to predicted (n: the base model). */
size_t route_accuracy_count(const struct route_accuracy *r, size_t a, size_t predicted);
void route_accuracy_free(struct route_accuracy *r);

#endif
