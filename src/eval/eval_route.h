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
/* An empty tally for reg with room for cap items, and one item of class
 * actual routed to got (registry indexes, n the base model), for a caller
 * that routes by other means (cross-validation, cv.h). */
void route_accuracy_start(const struct registry *reg, struct route_accuracy *out, size_t cap);
void route_accuracy_add(struct route_accuracy *out, size_t actual, size_t got);
/* How many items of class a went to predicted (n: the base model). */
size_t route_accuracy_count(const struct route_accuracy *r, size_t a, size_t predicted);
void route_accuracy_free(struct route_accuracy *r);

/* The cost of misrouting (issue 17 item 6), from the newest eval archive of
 * each adapter made on its dataset as it is now (results.h), and the rates
 * at which a router sent each adapter's questions where (r):
 *   oracle  every item answered by its own domain's adapter: the archived
 *           adapter scores, weighted by their items;
 *   routed  the same items as the router sends them: a domain's items go
 *           to its adapter at r's rate (the adapter's score), to the base
 *           model at r's rate (the archived base score), and to another
 *           adapter at r's rate, scored as the base model would be
 *           (no archive measures one adapter on another's items);
 *   routed_low  the same with another adapter's answers all wrong;
 *   base    every item to the base model (the archived base scores).
 * It assumes an item's chance of being routed right does not depend on
 * whether it is answered right. The base model's own questions are not in
 * it: no archive scores them. */
struct route_cost {
	size_t domains; /* adapters with a current archive and routed items */
	double items;   /* their archived items */
	double oracle, routed, routed_low, base;
	char **names; /* the adapters counted (caller frees: route_cost_free) */
};
/* 0 with out filled, or -1 when no adapter of r has a current archive. */
int route_misrouting_cost(const struct registry *reg, const char *home,
                          const struct route_accuracy *r, struct route_cost *out);
void route_cost_free(struct route_cost *c);

#endif
