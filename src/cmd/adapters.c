/* adapters.c: `loco adapters list|show|add` — the registry in force, as a table
 * or JSON, and scaffolding a new adapter. search is in adapters_search.c;
 * install, update and remove in adapters_install.c. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "adapters.h"
#include "registry.h"
#include "cmd.h"
#include "dataset.h"
#include "json.h"
#include "netlib.h"
#include "results.h"
#include "router.h"
#include "termsafe.h"
#include "yedit.h"

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
	cJSON_AddBoolToObject(o, "installed", adapter_files_present(reg, a));
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
	if (a->n_tools)
		cJSON_AddItemToObject(o, "tools", string_array(a->tools, a->n_tools));
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
	if (a->training_data_file)
		cJSON_AddStringToObject(tr, "data_file", a->training_data_file);
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

/* The newest comparison of the adapter and whether it still counts: stale when its dataset
 * changed since, or the run recorded no dataset hash (as the leaderboard decides). */
static void last_eval(const struct loco_ctx *ctx, const struct adapter *a, struct results_latest *l)
{
	char *path = adapter_dataset_path(&ctx->reg, a), sha[65];
	bool hashed = path && sha256_file(path, sha, NULL) == 0;
	results_latest(ctx->cfg.home, a->name, hashed ? sha : NULL, l);
	/* The archive is by name: a run of another registry's adapter of that name
	 * is not this one's. It is this one's on this dataset, or (stale) on the
	 * same file since edited; an adapter without a dataset has none. */
	const cJSON *ds = cJSON_GetObjectItemCaseSensitive(l->run, "dataset");
	bool ours = hashed && (l->standing == RESULTS_CURRENT ||
	                       (cJSON_IsString(ds) && same_file(ds->valuestring, path)));
	if (l->run && !ours) {
		cJSON_Delete(l->run);
		memset(l, 0, sizeof *l);
	}
	free(path);
}

/* "73.4% ships", "73.4% ships (stale)", or "-" when there is no result with an adapter
 * score. */
static char *last_eval_text(const struct results_latest *l)
{
	double score = json_number_or(json_get(l->run, "adapter"), "score", NAN);
	const char *verdict = json_string_or(l->run, "verdict", NULL);
	if (isnan(score) || !verdict)
		return xstrdup("-");
	return xasprintf("%.1f%% %s%s", 100 * score, verdict, results_stale(l) ? " (stale)" : "");
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
		for (size_t i = 0; i < reg->n_adapters; i++) {
			cJSON *a = adapter_json(reg, &reg->adapters[i], false);
			struct results_latest l;
			last_eval(ctx, &reg->adapters[i], &l);
			cJSON_AddItemToObject(a, "last_eval", l.run ? l.run : cJSON_CreateNull());
			cJSON_AddItemToObject(a, "last_eval_stale",
			                      l.run ? cJSON_CreateBool(results_stale(&l))
			                            : cJSON_CreateNull());
			cJSON_AddItemToArray(list, a);
		}
		print_json(o);
		return LOCO_OK;
	}
	/* the registry's strings and the archived verdict: shown, not obeyed */
	struct termsafe_pool ts;
	termsafe_pool_init(&ts, ctx->tty_out);
	if (!ctx->quiet)
		printf("base model %s, registry %s\n\n", termsafe_str(&ts, reg->base_ollama_name),
		       termsafe_str(&ts, reg->path));
	if (reg->n_adapters == 0) {
		printf("no adapters; scaffold one with 'loco adapters add NAME'\n");
		termsafe_pool_free(&ts);
		return LOCO_OK;
	}
	printf("%-16s %-9s %-14s %-12s %-6s %-9s %-22s %s\n", "NAME", "VERSION", "TYPE", "DOMAIN",
	       "ACTIVE", "INSTALLED", "LAST EVAL", "DESCRIPTION");
	for (size_t i = 0; i < reg->n_adapters; i++) {
		const struct adapter *a = &reg->adapters[i];
		struct results_latest l;
		last_eval(ctx, a, &l);
		char *le = last_eval_text(&l);
		printf("%-16s %-9s %-14s %-12s %-6s %-9s %-22s %s\n", a->name,
		       termsafe_str(&ts, a->version), adapter_type_name(a->type),
		       termsafe_str(&ts, a->domain), a->active ? "yes" : "no",
		       adapter_files_present(reg, a) ? "yes" : "no", termsafe_str(&ts, le),
		       a->description ? termsafe_str(&ts, a->description) : "");
		free(le);
		cJSON_Delete(l.run);
	}
	termsafe_pool_free(&ts);
	return LOCO_OK;
}

static void print_list_line(struct termsafe_pool *ts, const char *label, char **list, size_t n)
{
	if (!n)
		return;
	printf("%-14s", label);
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? ", " : "", termsafe_str(ts, list[i]));
	printf("\n");
}

static void print_indented(struct termsafe_pool *ts, const char *text)
{
	for (const char *p = termsafe_str(ts, text); *p;) {
		size_t n = strcspn(p, "\n");
		printf("  %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

static void print_training(struct termsafe_pool *ts, const struct adapter *a)
{
	if (!a->training_method && !a->training_dataset && !a->training_data_file && !a->n_training)
		return;
	printf("%-14s%s",
	       "training:", a->training_method ? termsafe_str(ts, a->training_method) : "");
	if (a->training_dataset)
		printf(" on \"%s\"", termsafe_str(ts, a->training_dataset));
	if (a->training_data_file)
		printf(" (data %s)", termsafe_str(ts, a->training_data_file));
	for (size_t i = 0; i < a->n_training; i++)
		printf("%s%s %g", i ? ", " : " (", termsafe_str(ts, a->training[i].name),
		       a->training[i].score);
	printf("%s\n", a->n_training ? ")" : "");
}

/* Every field, each made safe for a terminal (ts): a registry or an index
 * entry is someone else's text. */
static void print_adapter(struct termsafe_pool *ts, const struct registry *reg,
                          const struct adapter *a)
{
	char *model = adapter_model_name(a);
	printf("%s %s (%s, domain %s, %s)\n", a->name, termsafe_str(ts, a->version),
	       adapter_type_name(a->type), termsafe_str(ts, a->domain),
	       a->active ? "active" : "inactive");
	printf("%-14s%s (from %s)\n", "model:", termsafe_str(ts, model),
	       termsafe_str(ts, reg->base_ollama_name));
	free(model);
	if (a->description)
		printf("%-14s%s\n", "description:", termsafe_str(ts, a->description));
	if (a->gguf_path)
		printf("%-14s%s\n", "gguf_path:", termsafe_str(ts, a->gguf_path));
	if (a->adapter_path)
		printf("%-14s%s\n", "adapter_path:", termsafe_str(ts, a->adapter_path));
	if (a->url)
		printf("%-14s%s (sha256 %s)\n", "url:", termsafe_str(ts, a->url),
		       termsafe_str(ts, a->sha256));
	print_list_line(ts, "tags:", a->tags, a->n_tags);
	print_list_line(ts, "authors:", a->authors, a->n_authors);
	if (a->semester)
		printf("%-14s%s\n", "semester:", termsafe_str(ts, a->semester));
	char *ds = adapter_dataset_path(reg, a);
	if (a->eval_dataset)
		printf("%-14s%s on %s%s\n",
		       "eval:", a->eval_type ? termsafe_str(ts, a->eval_type) : "(no eval_type)",
		       termsafe_str(ts, ds ? ds : a->eval_dataset),
		       ds ? "" : " (no dataset files with the built-in registry)");
	free(ds);
	print_list_line(ts, "keywords:", a->router_keywords, a->n_router_keywords);
	if (a->n_tools)
		print_list_line(ts, "tools:", a->tools, a->n_tools);
	for (size_t i = 0; i < a->n_router_patterns; i++)
		printf("%-14s%s\n",
		       i ? "" : "patterns:", termsafe_str(ts, a->router_patterns[i].text));
	for (size_t i = 0; i < a->n_benchmark_scores; i++)
		printf("%-14s%s %g\n",
		       i ? "" : "benchmarks:", termsafe_str(ts, a->benchmark_scores[i].name),
		       a->benchmark_scores[i].score);
	print_training(ts, a);
	print_list_line(ts, "other keys:", a->unknown_keys, a->n_unknown_keys);
	if (a->system_prompt) {
		printf("system prompt:\n");
		print_indented(ts, a->system_prompt);
	}
}

static int run_show(struct loco_ctx *ctx, const struct cmd_args *args)
{
	const struct adapter *a = find_adapter(ctx, args->pos[0]);
	if (!a)
		return LOCO_NOT_FOUND;
	if (ctx->json)
		print_json(adapter_json(&ctx->reg, a, true));
	else {
		struct termsafe_pool ts;
		termsafe_pool_init(&ts, ctx->tty_out);
		print_adapter(&ts, &ctx->reg, a);
		termsafe_pool_free(&ts);
	}
	return LOCO_OK;
}

/* ---- add ----------------------------------------------------------------- */

/* The dataset template: one sample item of the eval type, whose text names
 * the adapter and its keywords, so that it routes to the new adapter (the
 * registry's others' keywords kept out of it). */
static char *dataset_template(const char *eval_type, const char *name, char **kw, size_t n_kw)
{
	struct strbuf about = STRBUF_INIT;
	sb_addf(&about, "Sample item for %s (", name);
	for (size_t i = 0; i < n_kw; i++)
		sb_addf(&about, "%s%s", i ? ", " : "", kw[i]);
	sb_adds(&about, "): replace it with a real ");
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", "q-001");
	if (!strcmp(eval_type, "numeric")) {
		sb_adds(&about, "question whose answer is a number, as 7 is here.");
		cJSON_AddStringToObject(o, "question", about.buf);
		cJSON_AddNumberToObject(o, "answer", 7);
	} else if (!strcmp(eval_type, "code_execution")) {
		sb_adds(&about, "task; this one asks for `double(x)`, returning twice x.");
		cJSON_AddStringToObject(o, "instruction", about.buf);
		cJSON_AddStringToObject(o, "input", "");
		cJSON_AddStringToObject(o, "evaluation_type", "code_execution");
		cJSON *cfg = cJSON_AddObjectToObject(o, "evaluation_config");
		cJSON_AddStringToObject(cfg, "function_name", "double");
		cJSON *cases = cJSON_AddArrayToObject(cfg, "test_cases");
		for (int x = 0; x <= 2; x += 2) {
			cJSON *t = cJSON_CreateObject();
			cJSON_AddItemToObject(t, "input", cJSON_CreateIntArray(&x, 1));
			cJSON_AddNumberToObject(t, "expected_output", 2 * x);
			cJSON_AddItemToArray(cases, t);
		}
	} else {
		sb_adds(&about, "task and the output it expects.");
		cJSON_AddStringToObject(o, "instruction", about.buf);
		cJSON_AddStringToObject(o, "input", "");
		cJSON_AddStringToObject(o, "expected_output", "replace me");
	}
	cJSON_AddStringToObject(o, "difficulty", "easy");
	char *line = cJSON_PrintUnformatted(o), *text = xasprintf("%s\n", line);
	cJSON_Delete(o);
	free(line);
	sb_free(&about);
	return text;
}

/* --keywords split at commas, blanks trimmed; the adapter's name when none. */
static size_t add_keywords(const struct cmd_args *args, const char *name, char ***out)
{
	const char *kw = arg_value(args, "keywords");
	char **list = NULL;
	size_t n = 0;
	for (const char *p = kw ? kw : ""; *p;) {
		size_t len = strcspn(p, ",");
		const char *start = p;
		p += len + (p[len] == ',');
		while (len && (*start == ' ' || *start == '\t'))
			start++, len--;
		while (len && (start[len - 1] == ' ' || start[len - 1] == '\t'))
			len--;
		if (!len)
			continue;
		list = xrealloc(list, (n + 1) * sizeof *list);
		list[n++] = xstrndup(start, len);
	}
	if (!n) {
		list = xcalloc(1, sizeof *list);
		list[n++] = xstrdup(name);
	}
	*out = list;
	return n;
}

static char *readme_text(const char *name, const char *type, const char *eval_type)
{
	return xasprintf(
	    "# %s\n\n"
	    "A LocoLLM adapter (type %s). It ships only if it beats the base model on\n"
	    "`eval_dataset.jsonl` (`loco eval %s` says `ships`).\n\n"
	    "1. Write at least 50 items in `eval_dataset.jsonl` (type %s; see\n"
	    "   `docs/` or `loco help eval` for the formats). Keep them out of training.\n"
	    "2. Train elsewhere (e.g. QLoRA on the base model), export a GGUF: a merged\n"
	    "   model for `merged-gguf` (set `gguf_path`), or a LoRA for `lora` (set\n"
	    "   `adapter_path`); a `system-prompt` adapter only needs `system_prompt`.\n"
	    "3. Tune `router_keywords` until `loco eval --router` routes your items here.\n"
	    "4. `loco eval %s` (add `--gate` in CI), then `loco promote %s`.\n"
	    "5. `loco adapters check %s` says what the submission still lacks\n"
	    "   (TRAINING_LOG.md, eval items found in training_data.jsonl, ...).\n",
	    name, type, name, eval_type, name, name, name);
}

/* The registry entry as one flow mapping, for yedit to insert. */
static char *entry_yaml(const struct cmd_args *args, const char *type, const char *eval_type,
                        char **kw, size_t n_kw)
{
	struct strbuf sb = STRBUF_INIT;
	char *d = yaml_quote(arg_value(args, "description") ? arg_value(args, "description")
	                                                    : "describe what this adapter is for");
	sb_addf(&sb, "{version: \"0.1.0\", type: %s, active: false, description: %s", type, d);
	free(d);
	if (arg_value(args, "domain")) {
		char *q = yaml_quote(arg_value(args, "domain"));
		sb_addf(&sb, ", domain: %s", q);
		free(q);
	}
	sb_addf(&sb, ", eval_dataset: eval_dataset.jsonl, eval_type: %s, router_keywords: [",
	        eval_type);
	for (size_t i = 0; i < n_kw; i++) {
		char *q = yaml_quote(kw[i]);
		sb_addf(&sb, "%s%s", i ? ", " : "", q);
		free(q);
	}
	sb_adds(&sb, "]");
	if (!strcmp(type, "system-prompt"))
		sb_adds(
		    &sb,
		    ", system_prompt: \"You are a careful specialist. Describe the role here.\"");
	/* model files are relative to the registry's folder (SPEC section 2) */
	else if (!strcmp(type, "merged-gguf"))
		sb_addf(&sb, ", gguf_path: %s/model.gguf", args->pos[0]);
	else
		sb_addf(&sb, ", adapter_path: %s/lora.gguf", args->pos[0]);
	sb_adds(&sb, "}");
	return sb_detach(&sb);
}

/* The registry as it is now may have gained NAME since loco read it. */
static int still_absent(const char *path, const char *text, size_t len, const char *name,
                        char **err)
{
	struct registry now;
	if (registry_parse(&now, path, text, len, err) < 0)
		return -1;
	int rc = registry_find(&now, name) ? set_err(err, "adapter '%s' exists already", name) : 0;
	registry_free(&now);
	return rc;
}

static int check_add(const struct registry *reg, const char *name, const char *type,
                     const char *eval_type)
{
	if (strcmp(type, "system-prompt") && strcmp(type, "merged-gguf") && strcmp(type, "lora")) {
		loco_error("--type must be system-prompt, merged-gguf or lora, not '%s'", type);
		return LOCO_USAGE;
	}
	if (!dataset_type_known(eval_type)) {
		loco_error("--eval-type '%s' is not a known eval type", eval_type);
		loco_hint("one of numeric, exact_match, analysis, contains, code, code_execution,");
		loco_hint("rouge, f1, llm_judge, custom");
		return LOCO_USAGE;
	}
	if (!reg->dir) {
		loco_error("the built-in registry cannot be edited");
		loco_hint("create adapters/registry.yaml, or give one with --registry");
		return LOCO_USAGE;
	}
	if (registry_find(reg, name)) {
		loco_error("adapter '%s' already exists in %s", name, reg->path);
		return LOCO_USAGE;
	}
	return 0;
}

/* Where the router sends the sample item, with the registry as written: a
 * scaffold whose own item routes elsewhere is said at once. */
static void check_sample_routes(const struct loco_ctx *ctx, const char *reg_path, const char *text,
                                size_t len, const char *ds_path, const char *eval_type,
                                const char *name)
{
	struct registry now;
	struct dataset ds;
	char *err = NULL;
	if (registry_parse(&now, reg_path, text, len, &err) < 0) {
		free(err);
		return;
	}
	/* the keyword router: a learned one knows nothing of the new adapter yet */
	struct router_opts ro = {.min_score = ctx->cfg.router_min_score,
	                         .low_confidence = ctx->cfg.router_low_confidence};
	struct router *r = router_new(&now, &ro, &err);
	if (r && dataset_load(&ds, ds_path, eval_type, &err) == 0) {
		struct route_decision d;
		router_decide(r, ds.items[0].prompt, strlen(ds.items[0].prompt), &d);
		const char *to = d.adapter >= 0 ? now.adapters[d.adapter].name : "the base model";
		if (strcmp(to, name)) {
			loco_warn("its sample item routes to %s, not %s", to, name);
			loco_hint("give it --keywords that its questions use");
		}
		dataset_free(&ds);
	}
	free(err);
	router_free(r);
	registry_free(&now);
}

struct scaffold {
	char *folder, *ds, *readme, *readme_body, *tmpl, *yaml;
};

static void scaffold_free(struct scaffold *sc)
{
	free(sc->folder);
	free(sc->ds);
	free(sc->readme);
	free(sc->readme_body);
	free(sc->tmpl);
	free(sc->yaml);
}

static int write_scaffold(const struct scaffold *sc, char **err)
{
	if (file_exists(sc->ds) || file_exists(sc->readme))
		return set_err(err, "'%s' already has files; remove them or pick another name",
		               sc->folder);
	if (mkdir_parents(sc->ds, true, err) < 0 ||
	    write_file_atomic(sc->ds, sc->tmpl, strlen(sc->tmpl), err) < 0)
		return -1;
	return write_file_atomic(sc->readme, sc->readme_body, strlen(sc->readme_body), err);
}

static int run_add(struct loco_ctx *ctx, const struct cmd_args *args)
{
	const struct registry *reg = &ctx->reg;
	const char *name = args->pos[0];
	const char *type = arg_value(args, "type") ? arg_value(args, "type") : "system-prompt";
	const char *eval_type =
	    arg_value(args, "eval-type") ? arg_value(args, "eval-type") : "analysis";
	int urc = check_add(reg, name, type, eval_type);
	if (urc)
		return urc;
	char **kw;
	size_t n_kw = add_keywords(args, name, &kw);
	struct scaffold sc = {
	    .folder = path_join(reg->dir, name),
	    .readme_body = readme_text(name, type, eval_type),
	    .tmpl = dataset_template(eval_type, name, kw, n_kw),
	    .yaml = entry_yaml(args, type, eval_type, kw, n_kw),
	};
	sc.ds = path_join(sc.folder, "eval_dataset.jsonl");
	sc.readme = path_join(sc.folder, "README.md");
	char *text = NULL, *out = NULL, *err = NULL;
	size_t len = 0, out_len = 0;
	const char *path[] = {"adapters", name};
	/* read, edit and write under the registry's lock: an add, a promote or
	 * an install at the same time never undo each other */
	int lock = file_lock(reg->path, &err);
	int rc = lock < 0 ? -1 : read_file(reg->path, 64u << 20, &text, &len, &err);
	if (rc == 0)
		rc = still_absent(reg->path, text, len, name, &err);
	if (rc == 0)
		rc = yedit_set(reg->path, text, len, path, 2, sc.yaml, &out, &out_len, &err);
	struct registry check;
	if (rc == 0 && (rc = registry_parse(&check, reg->path, out, out_len, &err)) == 0)
		registry_free(&check);
	if (rc == 0)
		rc = write_scaffold(&sc, &err);
	if (rc == 0)
		rc = write_file_atomic(reg->path, out, out_len, &err);
	file_unlock(lock);
	if (rc < 0) {
		loco_error("cannot add '%s': %s", name, err);
		loco_hint("%s is unchanged", reg->path);
	} else {
		printf("added %s to %s and created %s/ (eval_dataset.jsonl, README.md)\n"
		       "next: write its eval items, then 'loco eval %s'\n",
		       name, reg->path, sc.folder, name);
		fflush(stdout);
		check_sample_routes(ctx, reg->path, out, out_len, sc.ds, eval_type, name);
	}
	free(err);
	free(text);
	free(out);
	free_string_list(kw, n_kw);
	scaffold_free(&sc);
	return rc < 0 ? LOCO_BAD_INPUT : LOCO_OK;
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
    .needs = CMD_NO_NETWORK | CMD_HASHES_FILES | CMD_NEEDS_REGISTRY, /* stale scores */
    .summary = "the adapters of the registry in force",
    .usage = "[--names] [--json]",
    .description = "Lists the adapters of the registry in force, in registry order: name,\n"
                   "version, type, domain, whether it is the active adapter of its domain,\n"
                   "whether it is installed (its model file is here; system-prompt adapters\n"
                   "need none), its last eval and its description. The last eval is the newest\n"
                   "archived comparison with the base model; it is marked (stale) when the\n"
                   "dataset has changed since or the run recorded no dataset hash.",
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

static const struct optspec add_opts[] = {
    {"type", 0, "TYPE", "system-prompt (default), merged-gguf or lora"},
    {"keywords", 'k', "LIST", "router keywords, comma-separated (default: the name)"},
    {"description", 0, "TEXT", "what the adapter is for"},
    {"domain", 0, "NAME", "its domain (default: the name)"},
    {"eval-type", 0, "TYPE", "the eval type of its dataset (default analysis)"},
};

static const struct command cmd_adapters_add = {
    .name = "add",
    .run = run_add,
    .needs = CMD_NO_NETWORK | CMD_HASHES_FILES | CMD_NEEDS_REGISTRY, /* the sample's route */
    .summary = "scaffold a new adapter: registry entry, dataset template, README",
    .usage = "[--type T] [--keywords K1,K2] [--description D] NAME",
    .description = "Adds NAME to the registry file in force (inactive, version 0.1.0) and creates\n"
                   "its folder next to the registry with an eval dataset template and a README\n"
                   "on how to train, register, evaluate and ship it. Nothing is written unless\n"
                   "the new registry loads. The template's one sample item names the adapter\n"
                   "and its keywords (the name when --keywords is not given), so it routes\n"
                   "there; when another adapter's keywords win, loco warns.",
    .opts = add_opts,
    .nopts = LOCO_ARRAY_LEN(add_opts),
    .min_pos = 1,
    .max_pos = 1,
};

static const struct command *const adapters_subs[] = {
    &cmd_adapters_list,    &cmd_adapters_show,   &cmd_adapters_search,
    &cmd_adapters_install, &cmd_adapters_update, &cmd_adapters_remove,
    &cmd_adapters_add,     &cmd_adapters_check,  NULL};

const struct command cmd_adapters = {
    .name = "adapters",
    .summary = "list, find, install, update, remove, scaffold and check adapters",
    .usage = "list|show|search|install|update|remove|add|check [args]",
    .description = "Reads the registry in force (see 'loco help config' for how it is found).\n"
                   "install, update and remove manage $LOCO_HOME/registry.yaml and\n"
                   "$LOCO_HOME/adapters/; search, install and update also read the adapter\n"
                   "index (config index_url) when one is set: install for a NAME that is not in\n"
                   "the registry in force.",
    .subs = adapters_subs,
    .default_sub = "list",
};
