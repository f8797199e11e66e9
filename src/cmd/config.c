/* config.c: `loco config list|get|set|unset|path` over the settings table. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static int run_list(struct loco_ctx *ctx, const struct cmd_args *args)
{
	bool origin = arg_flag(args, "show-origin");
	const struct loco_config *c = &ctx->cfg;
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		for (size_t i = 0; i < config_key_count(); i++) {
			cJSON *v = config_value_json(c, i);
			if (origin) {
				cJSON *pair = cJSON_CreateObject();
				cJSON_AddItemToObject(pair, "value", v);
				cJSON_AddStringToObject(pair, "origin",
				                        config_origin_name(c->origin[i]));
				v = pair;
			}
			cJSON_AddItemToObject(o, config_key_name(i), v);
		}
		print_json(o);
		return LOCO_OK;
	}
	for (size_t i = 0; i < config_key_count(); i++) {
		char *v = config_value_text(c, i);
		if (origin)
			printf("%-8s ", config_origin_name(c->origin[i]));
		printf("%s = %s\n", config_key_name(i), v);
		free(v);
	}
	return LOCO_OK;
}

static int run_get(struct loco_ctx *ctx, const struct cmd_args *args)
{
	char *err = NULL;
	int ki = config_key_find(args->pos[0], &err);
	if (ki < 0) {
		loco_error("%s", err);
		free(err);
		return LOCO_USAGE;
	}
	if (ctx->json) {
		print_json(config_value_json(&ctx->cfg, (size_t)ki));
	} else {
		char *v = config_value_text(&ctx->cfg, (size_t)ki);
		printf("%s\n", v);
		free(v);
	}
	return LOCO_OK;
}

/* An unknown key or a bad value is a usage error, before the file is touched;
 * "null" is every key's way back to its default. */
static int check_value(const char *key, const char *value)
{
	char *err = NULL;
	struct loco_config scratch;
	config_init(&scratch, NULL);
	int rc = strcmp(value, "null") ? config_apply_flag(&scratch, key, value, &err)
	                               : config_key_find(key, &err);
	config_free(&scratch);
	if (rc >= 0)
		return LOCO_OK;
	loco_error("%s", err);
	free(err);
	return LOCO_USAGE;
}

/* Sets key to value, or (value NULL) unsets it, under the file's lock: two
 * edits at once both land. */
static int edit(struct loco_ctx *ctx, const char *key, const char *value)
{
	char *err = NULL;
	bool set = value && strcmp(value, "null");
	if (!set && !file_exists(ctx->cfg.file)) { /* nothing to take out, no lock file made */
		if (ctx->verbose)
			fprintf(stderr, "loco: %s was not set in %s\n", key, ctx->cfg.file);
		return LOCO_OK;
	}
	int lock = file_lock(ctx->cfg.file, &err);
	if (lock < 0) { /* as a write that fails: the file cannot be edited */
		loco_error("%s; %s is unchanged", err, ctx->cfg.file);
		free(err);
		return LOCO_BAD_INPUT;
	}
	bool removed = false;
	int rc = set ? config_set(&ctx->cfg, key, value, &err)
	             : config_unset(&ctx->cfg, key, &removed, &err);
	file_unlock(lock);
	if (rc < 0) {
		loco_error("%s", err);
		free(err);
		return LOCO_BAD_INPUT;
	}
	if (ctx->verbose && set)
		fprintf(stderr, "loco: %s set in %s\n", key, ctx->cfg.file);
	else if (ctx->verbose)
		fprintf(stderr, "loco: %s %s %s\n", key,
		        removed ? "removed from" : "was not set in", ctx->cfg.file);
	return LOCO_OK;
}

static int run_set(struct loco_ctx *ctx, const struct cmd_args *args)
{
	int rc = check_value(args->pos[0], args->pos[1]);
	return rc ? rc : edit(ctx, args->pos[0], args->pos[1]);
}

static int run_unset(struct loco_ctx *ctx, const struct cmd_args *args)
{
	int rc = check_value(args->pos[0], "null");
	return rc ? rc : edit(ctx, args->pos[0], NULL);
}

static int run_path(struct loco_ctx *ctx, const struct cmd_args *args)
{
	(void)args;
	printf("%s\n", ctx->cfg.file);
	if (ctx->verbose)
		fprintf(stderr, "loco: %s\n", ctx->cfg.file_loaded ? "read" : "does not exist yet");
	return LOCO_OK;
}

static const struct optspec list_opts[] = {
    {"show-origin", 0, NULL, "say where each value comes from (default, file, env, flag)"},
    {"json", 0, NULL, "print an object of key: value"},
};

static const struct optspec get_opts[] = {
    {"json", 0, NULL, "print the value as JSON"},
};

static const struct command cmd_config_list = {
    .name = "list",
    .run = run_list,
    .needs = CMD_NO_NETWORK | CMD_CONFIG_OPTIONAL,
    .summary = "every key with its effective value",
    .usage = "[--show-origin] [--json]",
    .description = "Prints every setting as 'key = value', after built-in defaults, the config\n"
                   "file, the environment and flags have been applied in that order.",
    .opts = list_opts,
    .nopts = LOCO_ARRAY_LEN(list_opts),
    .min_pos = 0,
    .max_pos = 0,
};

static const struct command cmd_config_get = {
    .name = "get",
    .run = run_get,
    .needs = CMD_NO_NETWORK | CMD_CONFIG_OPTIONAL,
    .summary = "one key's effective value",
    .usage = "[--json] KEY",
    .description = "Prints the effective value of KEY (e.g. inference.votes); 'null' when unset.",
    .opts = get_opts,
    .nopts = LOCO_ARRAY_LEN(get_opts),
    .min_pos = 1,
    .max_pos = 1,
};

static const struct command cmd_config_set = {
    .name = "set",
    .run = run_set,
    .needs = CMD_NO_NETWORK | CMD_CONFIG_OPTIONAL,
    .summary = "write one key to the config file",
    .usage = "KEY VALUE",
    .description = "Checks VALUE against KEY's type and range, then writes it into the config\n"
                   "file in place: comments, order and the other keys stay as they were, and\n"
                   "the file is replaced atomically (through a symlink: the file it points to\n"
                   "is edited). Runs at once wait for each other (a lock on FILE.lock beside\n"
                   "the file), so none loses another's key. Lists (ollama.hosts) are\n"
                   "comma-separated. VALUE 'null' unsets KEY, as 'config unset' does.\n"
                   "A negative number is a value, not an option: config set eval.seed -1.\n\n"
                   "backend.kind is ollama, openai (any OpenAI-compatible server), llamacpp\n"
                   "(llama-server: LoRA adapters picked per request by its lora field) or\n"
                   "vllm (LoRA adapters served with --lora-modules); the last three need\n"
                   "backend.base_url (http://HOST:PORT/v1). docs/configuration.md, Backends.",
    .min_pos = 2,
    .max_pos = 2,
};

static const struct command cmd_config_unset = {
    .name = "unset",
    .run = run_unset,
    .needs = CMD_NO_NETWORK | CMD_CONFIG_OPTIONAL,
    .summary = "take one key out of the config file",
    .usage = "KEY",
    .description = "Removes KEY from the config file in place, as 'config set' edits it, so its\n"
                   "default applies again (the environment and flags still override it). A\n"
                   "key the file does not set is no error. A section left empty becomes {}.",
    .min_pos = 1,
    .max_pos = 1,
};

static const struct command cmd_config_path = {
    .name = "path",
    .run = run_path,
    .needs = CMD_NO_NETWORK | CMD_CONFIG_OPTIONAL,
    .summary = "the config file loco reads",
    .usage = "",
    .description = "Prints the config file's path: --config, else $LOCO_CONFIG, else\n"
                   "$LOCO_HOME/config.yaml (LOCO_HOME defaults to ~/.locollm).",
    .min_pos = 0,
    .max_pos = 0,
};

static const struct command *const config_subs[] = {
    &cmd_config_list, &cmd_config_get, &cmd_config_set, &cmd_config_unset, &cmd_config_path, NULL};

const struct command cmd_config = {
    .name = "config",
    .summary = "read and write settings",
    .usage = "list|get|set|unset|path [args]",
    .description = "Settings resolve as built-in defaults < config.yaml < environment\n"
                   "(OLLAMA_HOST, LOCO_REGISTRY) < flags (--host, --registry). The registry in\n"
                   "force is the first of: --registry, LOCO_REGISTRY, config 'registry',\n"
                   "./adapters/registry.yaml, $LOCO_HOME/registry.yaml, the installed copy, and\n"
                   "the copy built into loco.",
    .subs = config_subs,
};
