/* router_cmd.h: what `loco router train` shares between its kinds
 * (router.c: the classifier, router_embed.c: the embedding router). */
#ifndef LOCO_ROUTER_CMD_H
#define LOCO_ROUTER_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "cmd.h"

struct classifier;
struct router;
struct router_data;

/* The training data, class by class and source by source. */
void router_print_data(const struct router_data *d);
/* "  WHAT  right/total = P% (95% interval ...)". */
void router_print_accuracy(const char *what, size_t right, size_t total);
void router_add_measure(struct classifier *c, const char *set, const char *kind, size_t right,
                        size_t total);
/* --heldout, else bench/router/heldout.jsonl beside the registry's folder,
 * else NULL (caller frees). */
char *router_heldout_path(const struct loco_ctx *ctx, const struct cmd_args *args);
/* learned and the keyword router on the held-out file path, with the
 * verdict; the figures go to meta's measures. 0 or an exit code. */
int router_measure_heldout(struct loco_ctx *ctx, struct router *learned, struct classifier *meta,
                           const char *path);
/* The calibrated threshold, or a warning that none reached the target. */
void router_print_fit(const struct loco_ctx *ctx, const char *kind, bool reached, double threshold,
                      double precision, double target);
/* `router train --kind embedding`. */
int router_train_embedding(struct loco_ctx *ctx, const struct cmd_args *args, int folds);

#endif
