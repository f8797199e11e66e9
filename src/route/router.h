/* router.h: the keyword router (SPEC section 3), behind an interface small
 * enough that a classifier can replace it: build once from a registry, then
 * decide per query.
 *
 * A router borrows the registry it was built from (which must outlive it) and
 * owns its compiled keyword index. A decision's arrays are borrowed from the
 * router and stay valid until the next router_decide() or router_free().
 */
#ifndef LOCO_ROUTER_H
#define LOCO_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

struct registry;
struct router;

struct router_opts {
	long min_score;        /* hits needed to pick an adapter (config router.min_score) */
	double low_confidence; /* flag decisions below this (config router.low_confidence) */
};

struct route_decision {
	int adapter;       /* registry index of the winner, or -1 for the base model */
	int runner_up;     /* registry index of the best other eligible adapter, or -1 */
	int best, second;  /* their scores */
	double confidence; /* (best - second) / best; 0 when the base model is chosen */
	bool low_confidence;
	const int *scores;    /* per adapter, registry order */
	const bool *eligible; /* false: inactive in a domain that has an active adapter */
};

struct router *router_new(const struct registry *reg, const struct router_opts *opts, char **err);
void router_free(struct router *r);

/* Scores query (UTF-8; invalid sequences never match) and picks the adapter. */
void router_decide(struct router *r, const char *query, size_t len, struct route_decision *d);

/* The keywords and patterns (as written in the registry, registry order) that
 * hit adapter i in the last decision. Returns how many; fills at most max. */
size_t router_matched(const struct router *r, size_t adapter, const char **out, size_t max);

#endif
