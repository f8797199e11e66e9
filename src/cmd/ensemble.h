/* ensemble.h: the models of an ensemble (issue 20), shared by query and
 * eval --ensemble: every adapter of the chosen adapter's domain in the
 * registry (the chosen one first, then registry order), and with_base the
 * base model last. Commands print their problems here and return exit codes.
 *
 * struct ensemble owns its members' strings (ensemble_free()); adapters are
 * the registry's. */
#ifndef LOCO_CMD_ENSEMBLE_H
#define LOCO_CMD_ENSEMBLE_H

#include <stdbool.h>
#include <stddef.h>

struct loco_ctx;
struct adapter;
struct backend;

struct ensemble_member {
	const struct adapter *adapter; /* NULL: the base model */
	char *model;
	char *digest; /* from the server's list; "" until checked */
	char *label;  /* the adapter's name, or "base" */
};

struct ensemble {
	const char *domain;
	struct ensemble_member *m;
	size_t n;
};

/* The domain's members, before asking any server. 0, or an exit code after
 * saying why (no adapter chosen). */
int ensemble_collect(const struct loco_ctx *ctx, const struct adapter *a, bool with_base,
                     struct ensemble *e);
/* Drops the members whose model the server lacks (each said in a warning)
 * and learns the others' digests; two members at least must be left, else
 * an exit code after saying how to get them. */
int ensemble_check(const struct loco_ctx *ctx, struct backend *b, struct ensemble *e);
/* "math, algebra, base" (caller frees). */
char *ensemble_names(const struct ensemble *e);
void ensemble_free(struct ensemble *e);

#endif
