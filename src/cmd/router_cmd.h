/* router_cmd.h: what `loco router train` shares between its kinds
 * (router.c: the classifier, router_embed.c: the embedding router). */
#ifndef LOCO_ROUTER_CMD_H
#define LOCO_ROUTER_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "cmd.h"
#include "router.h"

struct classifier;
struct router;
struct router_data;

/* The training data, class by class and source by source. */
void router_print_data(const struct router_data *d);
/* "  WHAT  right/total = P% (95% interval ...)". */
void router_print_accuracy(const char *what, size_t right, size_t total);
void router_add_measure(struct classifier *c, const char *set, const char *kind, size_t right,
                        size_t total);
/* The options a router is made with to be measured during training. */
struct router_opts router_train_opts(const struct loco_ctx *ctx, enum router_kind kind);
/* The training data collected and printed; 0 or LOCO_BAD_INPUT (said). */
int router_collect(const struct loco_ctx *ctx, struct router_data *d);
/* The data's hashes and sources move from d to the model's meta. */
void router_take_sources(struct classifier *meta, struct router_data *d);
/* "K-fold cross-validation ...:" and the kind's figure, recorded in meta. */
void router_print_cv(struct classifier *meta, const char *kind, int folds, size_t right,
                     size_t total);
/* Makes the router to measure, with options o (a kind of router_new_*()). */
typedef struct router *router_make_fn(void *arg, const struct router_opts *o, char **err);
/* On the held-out set (--heldout, else bench/router/heldout.jsonl beside
 * the registry's folder) the router make() builds and the keyword router,
 * with the verdict, the figures in meta's measures; with no held-out set,
 * a line that says so. 0 or an exit code (said). */
int router_heldout_step(struct loco_ctx *ctx, const struct cmd_args *args, enum router_kind kind,
                        router_make_fn *make, void *arg, struct classifier *meta);
/* The calibrated threshold, or a warning that none reached the target. */
void router_print_fit(const struct loco_ctx *ctx, const char *kind, bool reached, double threshold,
                      double precision, double target);
/* `router train --kind embedding`. */
int router_train_embedding(struct loco_ctx *ctx, const struct cmd_args *args, int folds);

#endif
