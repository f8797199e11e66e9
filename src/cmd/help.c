/* help.c: `loco help [COMMAND [SUBCOMMAND]]`. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

static const struct command *lookup(const struct command *const *list, const char *name)
{
	const struct command *hit = NULL;
	size_t n = strlen(name), hits = 0;
	for (size_t i = 0; list && list[i]; i++) {
		if (!strcmp(list[i]->name, name))
			return list[i];
		if (!strncmp(list[i]->name, name, n))
			hit = list[i], hits++;
	}
	return hits == 1 ? hit : NULL;
}

static const char *suggest(const struct command *const *list, const char *name)
{
	struct suggestion sg;
	suggest_init(&sg, name);
	for (size_t i = 0; list && list[i]; i++)
		suggest_consider(&sg, list[i]->name);
	return suggest_result(&sg);
}

static int run_help(struct loco_ctx *ctx, const struct cmd_args *args)
{
	if (ctx->json) {
		loco_error("help is text; it has no --json form");
		loco_hint("'loco COMMAND --json' prints JSON where a command has it");
		return LOCO_USAGE;
	}
	if (args->npos == 0) {
		cli_print_overview(stdout);
		return LOCO_OK;
	}
	const struct command *cmd = lookup(loco_commands, args->pos[0]);
	const char *parent = "";
	if (cmd && args->npos == 2) {
		const struct command *sub = lookup(cmd->subs, args->pos[1]);
		if (!sub) {
			const char *s = suggest(cmd->subs, args->pos[1]);
			loco_error("no help for '%s %s'%s%s%s", cmd->name, args->pos[1],
			           s ? "; did you mean '" : "", s ? s : "", s ? "'?" : "");
			return LOCO_USAGE;
		}
		parent = cmd->name;
		cmd = sub;
	}
	if (!cmd) {
		const char *s = suggest(loco_commands, args->pos[0]);
		if (s)
			loco_error("unknown command '%s', did you mean '%s'?", args->pos[0], s);
		else
			loco_error("unknown command '%s'; see 'loco help'", args->pos[0]);
		return LOCO_USAGE;
	}
	cli_print_help(stdout, cmd, parent);
	return LOCO_OK;
}

const struct command cmd_help = {
    .name = "help",
    .run = run_help,
    .needs = CMD_NO_NETWORK,
    .summary = "show help for loco or one command",
    .usage = "[COMMAND [SUBCOMMAND]]",
    .description = "Prints the overview, or the usage and options of COMMAND. Help is text:\n"
                   "--json is refused.",
    .min_pos = 0,
    .max_pos = 2,
};
