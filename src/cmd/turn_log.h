/* turn_log.h: what `query` and `chat` call to record a turn in the answer
 * log (LOCO_HOME/logs.db, src/store/logs.h) and to continue a logged
 * conversation (`query -c`, `--cid ID`). A log that cannot be written is
 * one warning on stderr, after the answer; it never changes the exit code.
 * cJSON arguments are borrowed; what is returned is the caller's. */
#ifndef LOCO_CMD_TURN_LOG_H
#define LOCO_CMD_TURN_LOG_H

#include <stdbool.h>

#include "backend.h"
#include "logs.h"

struct cJSON;
struct loco_ctx;
struct cmd_args;
struct registry;
struct route_decision;

/* Whether this run logs: logs.enabled and no --no-log. */
bool turn_log_enabled(const struct loco_ctx *ctx, const struct cmd_args *a);
/* LOCO_HOME/logs.db (caller frees). */
char *turn_log_path(const struct loco_ctx *ctx);

/* A logged conversation being continued. */
struct turn_history {
	char *cid;          /* NULL: not continuing */
	struct cJSON *msgs; /* its turns as user/assistant messages, oldest first */
	char *adapter;      /* the adapter of its last turn; NULL = the base model */
};

/* -c (the newest conversation) or --cid ID (an id or a unique prefix): the
 * conversation and its messages. 0 (h->cid NULL when neither was given), or
 * an exit code after saying why (LOCO_NOT_FOUND: nothing to continue). */
int turn_log_continue(const struct loco_ctx *ctx, const struct cmd_args *a, struct turn_history *h);
void turn_history_free(struct turn_history *h);

/* The messages sent: system (when not NULL), the history's messages, then
 * the user's. */
struct cJSON *turn_messages(const char *system, const struct cJSON *history, const char *user);

/* How the adapter was chosen, for the log: {"by": by} plus, with d, the
 * router's confidence and every adapter's score. */
struct cJSON *turn_router_json(const struct registry *reg, const char *by,
                               const struct route_decision *d);
/* A vote: method, tally, winner and every sample (query --json and the log). */
struct vote_run;
struct cJSON *turn_votes_json(const struct vote_run *r, const char *decision);
/* The options that were sent. */
struct cJSON *turn_options_json(const struct chat_options *o);

/* Copies the answer, thinking, tokens, timings and error of r into e. */
void turn_log_result(struct log_entry *e, const struct chat_result *r);

/* Writes e, then closes the log; a failure is one warning. With failing
 * (a chat's), only the first of a run of failures is said, as chat_save()
 * does for a full disk; a write that works starts the count again. */
void turn_log_write(const struct loco_ctx *ctx, const struct log_entry *e, bool *failing);

#endif
