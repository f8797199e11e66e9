/* router.h: the router interface (issue 17 item 1): build once from a
 * registry, then decide per query. Kinds:
 *   keyword     the keyword router (SPEC section 3): hits of router_keywords
 *               and router_patterns;
 *   classifier  TF-IDF and logistic regression (classifier.h) from the model
 *               `loco router train` wrote to $LOCO_HOME/router/;
 *   embedding   the nearest centroid of the query's vector from the server's
 *               embedding endpoint (embedding.h), from the model
 *               `loco router train --kind embedding` wrote there. The one
 *               kind that needs a server: the caller gives router_opts.embed.
 * Every kind gives a score per adapter and for the base model (probs) and a
 * confidence. A learned kind routes to its most probable adapter only when
 * that probability reaches its threshold (router.min_confidence, else the
 * one `router train` calibrated); below it the base model answers.
 *
 * A learned kind whose model is missing, unreadable or stale (trained on
 * other data than the registry names now) is not an error: the keyword
 * router decides, and router_note() says why and to retrain.
 *
 * A router borrows the registry it was built from (which must outlive it) and
 * owns its compiled keyword index and model. A decision's arrays are borrowed
 * from the router and stay valid until the next router_decide() or
 * router_free().
 */
#ifndef LOCO_ROUTER_H
#define LOCO_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

struct classifier;
struct embed_model;
struct registry;
struct router;

enum router_kind { ROUTER_KEYWORD, ROUTER_CLASSIFIER, ROUTER_EMBEDDING };

/* The embedding kind's query vector: *dim floats of text in *vec (caller
 * frees). -1 with *err (caller frees) when the server cannot give it. */
typedef int (*router_embed_fn)(void *ctx, const char *text, size_t len, float **vec, size_t *dim,
                               char **err);

struct router_opts {
	long min_score;        /* hits needed to pick an adapter (config router.min_score) */
	double low_confidence; /* flag decisions below this (config router.low_confidence) */
	enum router_kind kind; /* config router.kind; keyword when zeroed */
	const char *home;      /* LOCO_HOME, where a learned kind's model is */
	bool has_min_confidence;
	double min_confidence; /* config router.min_confidence: overrides the model's threshold */
};

/* The embedding kind's server side: how to embed a query, and the embedding
 * model and digest the server has now (a model trained on others is stale;
 * digest "" or NULL: not compared). Borrowed by the router. */
struct router_embedder {
	router_embed_fn embed;
	void *ctx;
	const char *model;
	const char *digest;
};

struct route_decision {
	int adapter;       /* registry index of the winner, or -1 for the base model */
	int runner_up;     /* registry index of the best other eligible adapter, or -1 */
	int best, second;  /* their scores */
	double confidence; /* (best - second) / best; 0 when the base model is chosen */
	bool low_confidence;
	const int *scores;     /* keyword hits per adapter, registry order (every kind) */
	const bool *eligible;  /* false: inactive in a domain that has an active adapter */
	enum router_kind kind; /* the kind that decided */
	/* n_adapters + 1 scores, the last the base model's: a learned kind's
	 * probabilities (0 for an adapter that is not a class); for keywords each
	 * adapter's share of the hits, the base model 1 when nothing hits. */
	const double *probs;
	int top;              /* learned: most probable class (registry index, -1 base) */
	double threshold;     /* learned: the confidence needed to route to top */
	bool below_threshold; /* learned: top is an adapter, but the base model answers */
};

const char *router_kind_name(enum router_kind k);
/* "keyword", "classifier" or "embedding"; false for anything else. */
bool router_kind_parse(const char *s, enum router_kind *out);

struct router *router_new(const struct registry *reg, const struct router_opts *opts, char **err);
/* The same with an embedder for the embedding kind (NULL: that kind falls
 * back to keywords, with a note). */
struct router *router_new_with(const struct registry *reg, const struct router_opts *opts,
                               const struct router_embedder *e, char **err);
/* A classifier router over model c (borrowed, must outlive the router),
 * with no freshness check: `router train` measures a model it has just made. */
struct router *router_new_model(const struct registry *reg, const struct router_opts *opts,
                                const struct classifier *c, char **err);
/* The same for an embedding model m (borrowed); e embeds the queries. */
struct router *router_new_embedding(const struct registry *reg, const struct router_opts *opts,
                                    const struct router_embedder *e, const struct embed_model *m,
                                    char **err);
void router_free(struct router *r);
/* Compiles home's classifier model into the cache a route reads it through
 * (classifier_load_cached(), docs/routing.md), so the first route after
 * `router train` does not parse the text. Best effort: a model that does
 * not load or a cache that cannot be written is left to the route. */
void router_model_compile(const char *home);

/* Scores query (UTF-8; invalid sequences never match) and picks the adapter. */
void router_decide(struct router *r, const char *query, size_t len, struct route_decision *d);

/* The keywords and patterns (as written in the registry, registry order) that
 * hit adapter i in the last decision. Returns how many; fills at most max. */
size_t router_matched(const struct router *r, size_t adapter, const char **out, size_t max);

/* Why the kind asked for is not the one deciding (a missing or stale model),
 * or NULL. */
const char *router_note(const struct router *r);
/* The kind deciding. */
enum router_kind router_kind_used(const struct router *r);
/* Where the threshold comes from: "router.min_confidence" or the model file. */
const char *router_threshold_source(const struct router *r);
/* The model file of a learned kind in use (the embedding kind's meta), or
 * NULL. */
const struct classifier *router_model(const struct router *r);
/* The embedding kind's model in use, or NULL. */
const struct embed_model *router_embedding(const struct router *r);
/* Why the last decision of the embedding kind could not embed the query
 * (no server, a model that cannot embed): the keyword router decided it.
 * NULL when it did. */
const char *router_error(const struct router *r);

#endif
