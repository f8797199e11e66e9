/* adapters.h: what the `loco adapters` subcommands share across their files:
 * the subcommand entries, the remote index (config `index_url`), and one run
 * of install, update or remove (its server, progress, --json list, status). */
#ifndef LOCO_CMD_ADAPTERS_H
#define LOCO_CMD_ADAPTERS_H

#include "cmd.h"
#include "install.h"
#include "models.h"
#include "progress.h"

extern const struct command cmd_adapters_install, cmd_adapters_update, cmd_adapters_remove,
    cmd_adapters_search, cmd_adapters_check;

/* Downloads and parses the registry-format index at ctx->cfg.index_url into
 * *out (relative paths in it mean nothing here: it has no folder). Prints
 * the problem and returns an exit code on failure. */
int adapters_load_index(const struct loco_ctx *ctx, struct registry *out);

/* One run of install, update or remove. */
struct adapters_run {
	struct loco_ctx *ctx;
	bool create, force;
	struct progress_display show;
	struct install_env env; /* env.b is the server once opened */
	struct model_info *models;
	size_t n_models;
	struct model_records rec;
	bool have_rec;
	cJSON *json; /* the --json list */
	int exit_code;
	bool stop; /* Ctrl-C or the server went away: no further adapters */
};

void adapters_run_init(struct adapters_run *r, struct loco_ctx *ctx, const struct cmd_args *args);
/* Opens the server, lists its models and loads the model records; prints
 * what fails (doing completes the message; fix is a hint line when the
 * server cannot be reached) and returns its code. */
int adapters_run_connect(struct adapters_run *r, const char *doing, const char *fix);
/* Keeps the worst exit code: an interruption over everything, then the rest;
 * an interruption or an unreachable server stops the run. */
void adapters_run_keep_worst(struct adapters_run *r, int code);
/* Saves the model records, prints --json under json_key, frees; returns the
 * exit code. */
int adapters_run_finish(struct adapters_run *r, const char *json_key);
/* Prints msg as the error when code is not 0; frees msg; returns code. */
int adapters_say(int code, char *msg);

#endif
