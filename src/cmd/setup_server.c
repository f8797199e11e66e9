/* setup_server.c: `loco setup` on a server that swaps adapters per request
 * (issue 22). Nothing is made there: llama.cpp's llama-server loads its
 * LoRA files at start (--lora) and vLLM its --lora-modules, so setup checks
 * that every LoRA adapter of the registry is loaded and prints the command
 * line that starts the server with all of them (--dry-run: only that). */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "cmd.h"
#include "lora.h"
#include "models.h"
#include "termsafe.h"

enum lora_state { ST_LOADED, ST_MISSING, ST_BASE, ST_SEPARATE };

struct server_check {
	enum lora_state *state;
	int *id; /* llama.cpp: the loaded adapter's id */
	size_t n_lora, n_loaded;
};

static const char *state_word(enum lora_state s)
{
	static const char *const words[] = {"loaded", "missing", "ready", "separate"};
	return words[s];
}

/* What the server has: llama.cpp's /lora-adapters, vLLM's /v1/models. */
static int read_server(struct backend *b, const struct registry *reg, struct server_check *c)
{
	struct net_error e = {0};
	struct lora_list l = {0};
	struct model_info *models = NULL;
	size_t n_models = 0;
	bool llama = backend_kind(b) == BACKEND_LLAMACPP;
	int rc = 0;
	if (llama) {
		char *body = NULL, *err = NULL;
		size_t len = 0;
		rc = backend_get_root(b, "/lora-adapters", &body, &len, &e);
		if (rc == 0 && lora_list_parse(body, len, &l, &err) < 0) {
			loco_error("%s at %s", err, backend_address(b));
			rc = LOCO_FAIL;
		}
		free(err);
		free(body);
	} else {
		rc = backend_list_models(b, &models, &n_models, &e);
	}
	if (rc < 0) {
		loco_error("cannot ask %s: %s", backend_address(b),
		           e.message ? e.message : "no reason given");
		rc = e.status == NET_UNREACHABLE ? LOCO_UNREACHABLE : LOCO_FAIL;
	}
	net_error_clear(&e);
	for (size_t i = 0; rc == 0 && i < reg->n_adapters; i++) {
		const struct adapter *a = &reg->adapters[i];
		c->state[i] = a->type == ADAPTER_SYSTEM_PROMPT ? ST_BASE
		              : a->type == ADAPTER_MERGED_GGUF ? ST_SEPARATE
		                                               : ST_MISSING;
		if (a->type != ADAPTER_LORA)
			continue;
		c->n_lora++;
		char *model = adapter_model_name(a);
		const struct lora_adapter *found =
		    llama && a->adapter_path ? lora_find(&l, a->adapter_path) : NULL;
		if (found)
			c->id[i] = found->id;
		if (found || (!llama && model_find(models, n_models, model)))
			c->state[i] = ST_LOADED;
		c->n_loaded += c->state[i] == ST_LOADED;
		free(model);
	}
	lora_list_free(&l);
	model_list_free(models, n_models);
	return rc;
}

static void print_table(const struct loco_ctx *ctx, const struct server_check *c)
{
	const struct registry *reg = &ctx->reg;
	printf("%-16s %-14s %-9s %s\n", "ADAPTER", "TYPE", "STATUS", "NOTE");
	for (size_t i = 0; i < reg->n_adapters; i++) {
		const struct adapter *a = &reg->adapters[i];
		char note[48] = "";
		if (c->state[i] == ST_LOADED && c->id[i] >= 0)
			snprintf(note, sizeof note, "LoRA id %d", c->id[i]);
		else if (c->state[i] == ST_MISSING)
			snprintf(note, sizeof note, "not loaded on the server");
		else if (c->state[i] == ST_BASE)
			snprintf(note, sizeof note, "the base model, its system prompt");
		else if (c->state[i] == ST_SEPARATE)
			snprintf(note, sizeof note, "a model of its own: a second server");
		char *row = xasprintf("%-16s %-14s %-9s", a->name, adapter_type_name(a->type),
		                      state_word(c->state[i]));
		print_row_note(row, note); /* a long name: the note below, within 80 */
		free(row);
	}
}

static void print_summary(const struct loco_ctx *ctx, const struct server_check *c,
                          const char *command, bool checked)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "backend", ctx->cfg.backend_kind);
	cJSON_AddStringToObject(o, "base_url", ctx->cfg.backend_base_url);
	cJSON_AddStringToObject(o, "command", command);
	cJSON_AddBoolToObject(o, "checked", checked);
	cJSON *list = cJSON_AddArrayToObject(o, "adapters");
	for (size_t i = 0; checked && i < ctx->reg.n_adapters; i++) {
		const struct adapter *a = &ctx->reg.adapters[i];
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "name", a->name);
		cJSON_AddStringToObject(e, "type", adapter_type_name(a->type));
		cJSON_AddStringToObject(e, "status", state_word(c->state[i]));
		if (c->id[i] >= 0)
			cJSON_AddNumberToObject(e, "lora_id", c->id[i]);
		cJSON_AddItemToArray(list, e);
	}
	if (checked)
		cJSON_AddBoolToObject(o, "ready", c->n_loaded == c->n_lora);
	char *s = cJSON_PrintUnformatted(o);
	printf("%s\n", s);
	free(s);
	cJSON_Delete(o);
}

/* The command line, and what to fill in when a part of it is a placeholder. */
static void print_command(const struct loco_ctx *ctx, const char *command, int placeholder,
                          bool llama)
{
	printf("start the server with every LoRA adapter of the registry:\n  %s\n", command);
	if (placeholder && !ctx->reg.dir)
		loco_hint("set base_model.%s in a registry of your own (--registry FILE)",
		          llama ? "gguf_path" : "served_name");
	else if (placeholder && llama)
		loco_hint("set base_model.gguf_path (the base model's GGUF) in %s", ctx->reg.path);
	else if (placeholder) {
		loco_hint("set base_model.served_name in %s", ctx->reg.path);
		loco_hint("it names the model vLLM serves: a Hugging Face id or a path");
	}
}

/* vLLM loads a LoRA adapter from its PEFT folder (adapter_config.json and
 * the weights), not from the GGUF file Ollama and llama.cpp take. */
static void warn_gguf_for_vllm(const struct registry *reg)
{
	size_t n = 0;
	const char *first = NULL;
	for (size_t i = 0; i < reg->n_adapters; i++) {
		const struct adapter *a = &reg->adapters[i];
		size_t len = a->adapter_path ? strlen(a->adapter_path) : 0;
		if (a->type == ADAPTER_LORA && len >= 5 &&
		    !strcmp(a->adapter_path + len - 5, ".gguf") && !n++)
			first = a->name;
	}
	if (n == 1)
		loco_warn("adapter '%s' has a GGUF adapter_path", first);
	else if (n)
		loco_warn("adapter '%s' and %zu more have a GGUF adapter_path", first, n - 1);
	if (n)
		loco_hint("vLLM loads a LoRA adapter from its PEFT folder, not GGUF");
}

int setup_server(struct loco_ctx *ctx, const struct cmd_args *args)
{
	bool llama = config_backend_kind(&ctx->cfg) == BACKEND_LLAMACPP;
	bool dry_run = arg_flag(args, "dry-run");
	int placeholder = 0;
	const struct loco_config *cfg = &ctx->cfg;
	int slots = cfg->eval_jobs > cfg->votes ? (int)cfg->eval_jobs : (int)cfg->votes;
	if (!cfg->backend_base_url) {
		loco_error("backend.kind is %s but backend.base_url is not set", cfg->backend_kind);
		loco_hint("loco config set backend.base_url http://127.0.0.1:8080/v1");
		return LOCO_BAD_INPUT;
	}
	if (!llama)
		warn_gguf_for_vllm(&ctx->reg);
	char *command = lora_server_command(&ctx->reg, config_backend_kind(cfg),
	                                    cfg->backend_base_url, slots, &placeholder);
	size_t n = ctx->reg.n_adapters;
	struct server_check c = {.state = xcalloc(n + 1, sizeof *c.state),
	                         .id = xcalloc(n + 1, sizeof *c.id)};
	for (size_t i = 0; i < n; i++)
		c.id[i] = -1;
	int rc = 0;
	if (!dry_run) {
		/* its own look at the server: no routes wanted */
		struct loco_ctx plain = *ctx;
		plain.have_registry = false;
		struct backend *b = NULL;
		rc = open_backend(&plain, &b);
		if (rc == 0)
			rc = read_server(b, &ctx->reg, &c);
		backend_free(b);
	}
	if (ctx->json && rc == 0) {
		print_summary(ctx, &c, command, !dry_run);
	} else if (rc == 0 || rc == LOCO_UNREACHABLE) {
		if (!dry_run && rc == 0) {
			print_table(ctx, &c);
			char *said =
			    xasprintf("of %zu LoRA adapters loaded on %s at %s", c.n_lora,
			              llama ? "llama-server" : "vLLM", cfg->backend_base_url);
			char *lead = xasprintf("%zu ", c.n_loaded);
			print_wrapped(stdout, lead, said, 2);
			printf("\n");
			free(lead);
			free(said);
		}
		print_command(ctx, command, placeholder, llama);
	}
	if (rc == 0 && c.n_loaded < c.n_lora) {
		loco_error("%zu LoRA adapter%s not loaded on the server", c.n_lora - c.n_loaded,
		           c.n_lora - c.n_loaded == 1 ? " is" : "s are");
		loco_hint("restart the server with the command line above");
		rc = LOCO_NOT_FOUND;
	}
	free(command);
	free(c.state);
	free(c.id);
	return rc;
}
