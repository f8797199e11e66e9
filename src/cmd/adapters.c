/* adapters.c: `loco adapters list|show` — the registry in force, as a table or
 * JSON. Later issues add search, install, update, remove and add here. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static cJSON *string_array(char **list, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(list[i]));
	return a;
}

static void add_opt_string(cJSON *o, const char *key, const char *value)
{
	cJSON_AddItemToObject(o, key, value ? cJSON_CreateString(value) : cJSON_CreateNull());
}

static cJSON *adapter_json(const struct registry *reg, const struct adapter *a, bool full)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", a->name);
	cJSON_AddStringToObject(o, "version", a->version);
	cJSON_AddStringToObject(o, "type", adapter_type_name(a->type));
	cJSON_AddStringToObject(o, "domain", a->domain);
	cJSON_AddBoolToObject(o, "active", a->active);
	char *model = adapter_model_name(a);
	cJSON_AddStringToObject(o, "model", model);
	free(model);
	add_opt_string(o, "description", a->description);
	add_opt_string(o, "eval_type", a->eval_type);
	char *ds = adapter_dataset_path(reg, a);
	add_opt_string(o, "eval_dataset", ds);
	free(ds);
	cJSON_AddItemToObject(o, "tags", string_array(a->tags, a->n_tags));
	if (!full)
		return o;
	add_opt_string(o, "system_prompt", a->system_prompt);
	add_opt_string(o, "gguf_path", a->gguf_path);
	add_opt_string(o, "adapter_path", a->adapter_path);
	add_opt_string(o, "url", a->url);
	add_opt_string(o, "sha256", a->sha256);
	add_opt_string(o, "semester", a->semester);
	cJSON_AddItemToObject(o, "authors", string_array(a->authors, a->n_authors));
	cJSON_AddItemToObject(o, "router_keywords",
			      string_array(a->router_keywords, a->n_router_keywords));
	cJSON *pats = cJSON_AddArrayToObject(o, "router_patterns");
	for (size_t i = 0; i < a->n_router_patterns; i++)
		cJSON_AddItemToArray(pats, cJSON_CreateString(a->router_patterns[i].text));
	cJSON *scores = cJSON_AddObjectToObject(o, "benchmark_scores");
	for (size_t i = 0; i < a->n_benchmark_scores; i++)
		cJSON_AddNumberToObject(scores, a->benchmark_scores[i].name,
					a->benchmark_scores[i].score);
	cJSON *tr = cJSON_AddObjectToObject(o, "training");
	if (a->training_method)
		cJSON_AddStringToObject(tr, "method", a->training_method);
	if (a->training_dataset)
		cJSON_AddStringToObject(tr, "dataset", a->training_dataset);
	for (size_t i = 0; i < a->n_training; i++)
		cJSON_AddNumberToObject(tr, a->training[i].name, a->training[i].score);
	cJSON_AddItemToObject(o, "other_keys", string_array(a->unknown_keys, a->n_unknown_keys));
	return o;
}

static cJSON *registry_json(const struct registry *reg)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "registry", reg->path);
	cJSON_AddStringToObject(o, "source", reg->source);
	cJSON *b = cJSON_AddObjectToObject(o, "base_model");
	add_opt_string(b, "name", reg->base_name);
	add_opt_string(b, "ollama_name", reg->base_ollama_name);
	add_opt_string(b, "quantization", reg->base_quantization);
	add_opt_string(b, "academic_year", reg->academic_year);
	return o;
}

static int run_list(struct loco_ctx *ctx, const struct cmd_args *args)
{
	const struct registry *reg = &ctx->reg;
	if (arg_flag(args, "names")) {
		for (size_t i = 0; i < reg->n_adapters; i++)
			printf("%s\n", reg->adapters[i].name);
		return LOCO_OK;
	}
	if (ctx->json) {
		cJSON *o = registry_json(reg);
		cJSON *list = cJSON_AddArrayToObject(o, "adapters");
		for (size_t i = 0; i < reg->n_adapters; i++)
			cJSON_AddItemToArray(list, adapter_json(reg, &reg->adapters[i], false));
		print_json(o);
		return LOCO_OK;
	}
	if (!ctx->quiet)
		printf("base model %s, registry %s\n\n", reg->base_ollama_name, reg->path);
	if (reg->n_adapters == 0) {
		printf("no adapters; scaffold one with 'loco adapters add NAME'\n");
		return LOCO_OK;
	}
	printf("%-16s %-9s %-14s %-12s %-6s %s\n", "NAME", "VERSION", "TYPE", "DOMAIN", "ACTIVE",
	       "DESCRIPTION");
	for (size_t i = 0; i < reg->n_adapters; i++) {
		const struct adapter *a = &reg->adapters[i];
		printf("%-16s %-9s %-14s %-12s %-6s %s\n", a->name, a->version,
		       adapter_type_name(a->type), a->domain, a->active ? "yes" : "no",
		       a->description ? a->description : "");
	}
	return LOCO_OK;
}

static void print_list_line(const char *label, char **list, size_t n)
{
	if (!n)
		return;
	printf("%-14s", label);
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? ", " : "", list[i]);
	printf("\n");
}

static void print_indented(const char *text)
{
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		printf("  %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

static void print_adapter(const struct registry *reg, const struct adapter *a)
{
	char *model = adapter_model_name(a);
	printf("%s %s (%s, domain %s, %s)\n", a->name, a->version, adapter_type_name(a->type),
	       a->domain, a->active ? "active" : "inactive");
	printf("%-14s%s (from %s)\n", "model:", model, reg->base_ollama_name);
	free(model);
	if (a->description)
		printf("%-14s%s\n", "description:", a->description);
	if (a->gguf_path)
		printf("%-14s%s\n", "gguf_path:", a->gguf_path);
	if (a->adapter_path)
		printf("%-14s%s\n", "adapter_path:", a->adapter_path);
	if (a->url)
		printf("%-14s%s (sha256 %s)\n", "url:", a->url, a->sha256);
	print_list_line("tags:", a->tags, a->n_tags);
	print_list_line("authors:", a->authors, a->n_authors);
	if (a->semester)
		printf("%-14s%s\n", "semester:", a->semester);
	char *ds = adapter_dataset_path(reg, a);
	if (a->eval_dataset)
		printf("%-14s%s on %s%s\n", "eval:", a->eval_type ? a->eval_type : "(no eval_type)",
		       ds ? ds : a->eval_dataset,
		       ds ? "" : " (no dataset files with the built-in registry)");
	free(ds);
	print_list_line("keywords:", a->router_keywords, a->n_router_keywords);
	for (size_t i = 0; i < a->n_router_patterns; i++)
		printf("%-14s%s\n", i ? "" : "patterns:", a->router_patterns[i].text);
	for (size_t i = 0; i < a->n_benchmark_scores; i++)
		printf("%-14s%s %g\n", i ? "" : "benchmarks:", a->benchmark_scores[i].name,
		       a->benchmark_scores[i].score);
	if (a->training_method || a->training_dataset || a->n_training) {
		printf("%-14s%s", "training:", a->training_method ? a->training_method : "");
		if (a->training_dataset)
			printf(" on \"%s\"", a->training_dataset);
		for (size_t i = 0; i < a->n_training; i++)
			printf("%s%s %g", i ? ", " : " (", a->training[i].name, a->training[i].score);
		printf("%s\n", a->n_training ? ")" : "");
	}
	print_list_line("other keys:", a->unknown_keys, a->n_unknown_keys);
	if (a->system_prompt) {
		printf("system prompt:\n");
		print_indented(a->system_prompt);
	}
}

static int run_show(struct loco_ctx *ctx, const struct cmd_args *args)
{
	const struct adapter *a = registry_find(&ctx->reg, args->pos[0]);
	if (!a) {
		const char *s = registry_suggest(&ctx->reg, args->pos[0]);
		if (s)
			loco_error("adapter '%s' not found in %s; did you mean '%s'?", args->pos[0],
				   ctx->reg.path, s);
		else
			loco_error("adapter '%s' not found in %s; 'loco adapters list' shows them",
				   args->pos[0], ctx->reg.path);
		return LOCO_NOT_FOUND;
	}
	if (ctx->json)
		print_json(adapter_json(&ctx->reg, a, true));
	else
		print_adapter(&ctx->reg, a);
	return LOCO_OK;
}

static const struct optspec list_opts[] = {
	{"names", 0, NULL, "print only the names, one per line (for completion)"},
	{"json", 0, NULL, "print the registry and its adapters as JSON"},
};

static const struct optspec show_opts[] = {
	{"json", 0, NULL, "print every field as JSON"},
};

static const struct command cmd_adapters_list = {
	.name = "list",
	.run = run_list,
	.needs = CMD_NO_NETWORK | CMD_NEEDS_REGISTRY,
	.summary = "the adapters of the registry in force",
	.usage = "[--names] [--json]",
	.description = "Lists the adapters of the registry in force, in registry order: name,\n"
		       "version, type, domain, whether it is the active adapter of its domain, and\n"
		       "its description.",
	.opts = list_opts,
	.nopts = LOCO_ARRAY_LEN(list_opts),
	.min_pos = 0,
	.max_pos = 0,
};

static const struct command cmd_adapters_show = {
	.name = "show",
	.run = run_show,
	.needs = CMD_NO_NETWORK | CMD_NEEDS_REGISTRY,
	.summary = "every field of one adapter",
	.usage = "[--json] NAME",
	.description = "Shows every registry field of adapter NAME, its Ollama model name and the\n"
		       "path of its eval dataset.",
	.opts = show_opts,
	.nopts = LOCO_ARRAY_LEN(show_opts),
	.min_pos = 1,
	.max_pos = 1,
};

static const struct command *const adapters_subs[] = {&cmd_adapters_list, &cmd_adapters_show,
						      NULL};

const struct command cmd_adapters = {
	.name = "adapters",
	.summary = "list and inspect the registry's adapters",
	.usage = "list|show [args]",
	.description = "Reads the registry in force (see 'loco help config' for how it is found).",
	.subs = adapters_subs,
	.default_sub = "list",
};
