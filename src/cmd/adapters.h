/* adapters.h: what the `loco adapters` subcommands share across their files:
 * the subcommand entries, and the remote index (config `index_url`). */
#ifndef LOCO_CMD_ADAPTERS_H
#define LOCO_CMD_ADAPTERS_H

#include "cli.h"

extern const struct command cmd_adapters_install, cmd_adapters_update, cmd_adapters_remove,
    cmd_adapters_search, cmd_adapters_check;

/* Downloads and parses the registry-format index at ctx->cfg.index_url into
 * *out (relative paths in it mean nothing here: it has no folder). Prints
 * the problem and returns an exit code on failure. */
int adapters_load_index(const struct loco_ctx *ctx, struct registry *out);

/* Whether $LOCO_HOME/registry.yaml holds NAME as installed by 'adapters
 * install' (its entry carries installed_from). */
bool adapters_home_installed(const struct loco_ctx *ctx, const char *name);

#endif
