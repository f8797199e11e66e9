/* setup.c: `loco setup` — check the server, pull the base model when it is
 * missing, make every adapter's model exist and match the registry
 * (models.h), and end with a table of what is ready. Progress goes to stderr;
 * the table (or --json) to stdout. A second run changes nothing and says so. */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "backend.h"
#include "cmd.h"
#include "interrupt.h"
#include "models.h"
#include "progress.h"

/* The first server with the JSON form of /api/create (SPEC section 5). */
#define MIN_MAJOR 0
#define MIN_MINOR 5
#define MIN_PATCH 5

struct setup_run {
	struct loco_ctx *ctx;
	struct backend *b;
	struct progress_display show;
	bool showing;        /* progress on stderr (not -q) */
	char *heading_model; /* the model the last heading was about */
	bool dry_run, force;
	char *version;
	struct model_info *models;
	size_t n_models;
	struct model_records rec;
	/* the base model */
	const char *base_status; /* "ready", "pulled", "would_pull", "failed" */
	char *base_reason;
	/* the adapters, in registry order */
	struct model_outcome *out;
	size_t n_done;
	int exit_code;
};

/* ---- messages ------------------------------------------------------------ */

static int report_unreachable(const struct setup_run *s, const struct net_error *e)
{
	return answer_report(s->ctx, s->b, e, "", false, false); /* one wording for all */
}

/* A failed request that stops the whole run (the server, not one adapter). */
static int report_stop(const struct setup_run *s, const struct net_error *e, const char *doing)
{
	if (e->status == NET_UNREACHABLE)
		return report_unreachable(s, e);
	if (e->status == NET_INTERRUPTED) {
		loco_error("interrupted while %s", doing);
		return LOCO_INTERRUPTED;
	}
	int foreign = answer_not_ollama(s->b);
	if (foreign)
		return foreign;
	if (e->http_status && e->http_status != 200) {
		loco_error("the server at %s answered HTTP %ld while %s (%s)",
		           backend_address(s->b), e->http_status, doing, e->message);
		loco_hint("is the address (--host, OLLAMA_HOST) Ollama's?");
	} else
		loco_error("Ollama at %s failed while %s: %s", backend_address(s->b), doing,
		           e->message);
	return LOCO_FAIL;
}

/* ---- progress callbacks ---------------------------------------------------- */

static void on_event(void *ctx, const struct progress_event *ev)
{
	struct setup_run *s = ctx;
	if (s->showing)
		progress_event(&s->show, ev);
}

static void on_model_event(void *ctx, const char *model, const struct progress_event *ev)
{
	struct setup_run *s = ctx;
	/* hashing comes before the decision to create, under its own heading */
	if (s->showing && (!s->heading_model || strcmp(s->heading_model, model))) {
		free(s->heading_model);
		s->heading_model = xstrdup(model);
		progress_heading(&s->show, "checking %s", model);
	}
	on_event(ctx, ev);
}

static void on_starting(void *ctx, const char *model, const char *reason)
{
	struct setup_run *s = ctx;
	if (!s->showing)
		return;
	free(s->heading_model);
	s->heading_model = xstrdup(model);
	progress_heading(&s->show, "creating %s (%s)", model, reason);
}

/* ---- steps ----------------------------------------------------------------- */

static bool version_at_least(const char *v, int major, int minor, int patch)
{
	int a = 0, b = 0, c = 0;
	if (sscanf(v, "%d.%d.%d", &a, &b, &c) < 2)
		return true; /* not a release number: let the server speak for itself */
	if (a == 0 && b == 0 && c == 0)
		return true; /* a development build */
	if (a != major)
		return a > major;
	if (b != minor)
		return b > minor;
	return c >= patch;
}

static int check_server(struct setup_run *s)
{
	struct net_error e = {0};
	int rc = 0;
	if (backend_version(s->b, &s->version, &e) < 0)
		rc = report_stop(s, &e, "reporting its version");
	else if (!version_at_least(s->version, MIN_MAJOR, MIN_MINOR, MIN_PATCH)) {
		loco_error(
		    "Ollama %s at %s is too old for loco setup, which needs %d.%d.%d or newer "
		    "(the JSON /api/create); update Ollama",
		    s->version, backend_address(s->b), MIN_MAJOR, MIN_MINOR, MIN_PATCH);
		rc = LOCO_FAIL;
	} else if (backend_list_models(s->b, &s->models, &s->n_models, &e) < 0) {
		rc = report_stop(s, &e, "listing its models");
	}
	net_error_clear(&e);
	if (rc == 0 && s->showing)
		progress_heading(&s->show, "Ollama %s at %s", s->version, backend_address(s->b));
	return rc;
}

static int ensure_base(struct setup_run *s)
{
	const char *base = s->ctx->reg.base_ollama_name;
	if (model_find(s->models, s->n_models, base)) {
		s->base_status = "ready";
		return 0;
	}
	if (s->dry_run) {
		s->base_status = "would_pull";
		s->base_reason = xstrdup("missing");
		return 0;
	}
	if (s->showing)
		progress_heading(&s->show, "pulling %s", base);
	struct net_error e = {0};
	if (backend_pull(s->b, base, on_event, s, &e) == 0) {
		s->base_status = "pulled";
		s->base_reason = xstrdup("missing");
		/* the adapters' checks need the new list (and the base's digest) */
		model_list_free(s->models, s->n_models);
		s->models = NULL;
		s->n_models = 0;
		if (backend_list_models(s->b, &s->models, &s->n_models, &e) < 0) {
			int rc = report_stop(s, &e, "listing its models");
			net_error_clear(&e);
			return rc;
		}
		return 0;
	}
	if (s->showing)
		progress_close(&s->show);
	if (e.status == NET_UNREACHABLE || e.status == NET_INTERRUPTED) {
		int rc = report_stop(s, &e, "pulling the base model");
		net_error_clear(&e);
		return rc;
	}
	s->base_status = "failed";
	s->base_reason = xasprintf("pull failed: %s", e.message);
	loco_error("cannot pull the base model '%s': %s%s", base, e.message,
	           strstr(e.message, "file does not exist")
	               ? "; check base_model.ollama_name in the registry"
	               : "");
	s->exit_code = LOCO_FAIL;
	net_error_clear(&e);
	return 0;
}

static int ensure_adapters(struct setup_run *s)
{
	const struct registry *reg = &s->ctx->reg;
	struct model_ensure_opts o = {
	    .installed = s->models,
	    .n_installed = s->n_models,
	    .base_available =
	        s->dry_run || model_find(s->models, s->n_models, reg->base_ollama_name),
	    .force = s->force,
	    .dry_run = s->dry_run,
	    .starting = s->showing ? on_starting : NULL,
	    .progress = s->showing ? on_model_event : NULL,
	    .ctx = s,
	};
	s->out = xcalloc(reg->n_adapters ? reg->n_adapters : 1, sizeof *s->out);
	for (size_t i = 0; i < reg->n_adapters; i++) {
		const struct adapter *a = &reg->adapters[i];
		struct model_outcome *out = &s->out[i];
		model_ensure_adapter(s->b, reg, a, &s->rec, &o, out);
		s->n_done = i + 1;
		if (s->showing)
			progress_close(&s->show);
		char *model = adapter_model_name(a);
		if (out->status == MODEL_SKIPPED && s->showing)
			progress_heading(&s->show, "skipping %s: %s", model, out->reason);
		int rc = 0;
		if (out->status == MODEL_FAILED && out->error.status == NET_UNREACHABLE) {
			rc = report_unreachable(s,
			                        &out->error); /* the rest would fail the same way */
		} else if (out->status == MODEL_FAILED && interrupt_requested()) {
			loco_error("interrupted while making '%s'", model);
			rc = LOCO_INTERRUPTED;
		} else if (out->status == MODEL_FAILED) {
			loco_error("cannot create '%s': %s", model, out->reason);
			s->exit_code = LOCO_FAIL;
		}
		free(model);
		if (rc)
			return rc;
	}
	return 0;
}

/* Records the digest the server now lists for each model made in this run. */
static void record_digests(struct setup_run *s)
{
	const struct registry *reg = &s->ctx->reg;
	bool created = false;
	for (size_t i = 0; i < s->n_done; i++)
		created |= s->out[i].status == MODEL_CREATED;
	if (!created)
		return;
	struct model_info *list = NULL;
	size_t n = 0;
	struct net_error e = {0};
	if (backend_list_models(s->b, &list, &n, &e) < 0) {
		loco_warn(
		    "cannot list the models just created (%s); the next 'loco setup' will not "
		    "notice if they are remade by hand",
		    e.message);
		net_error_clear(&e);
		return;
	}
	for (size_t i = 0; i < s->n_done; i++) {
		if (s->out[i].status != MODEL_CREATED)
			continue;
		char *model = adapter_model_name(&reg->adapters[i]);
		const struct model_info *m = model_find(list, n, model);
		if (m)
			model_records_set_digest(&s->rec, backend_address(s->b), model, m->digest);
		free(model);
	}
	model_list_free(list, n);
}

/* ---- output ------------------------------------------------------------------ */

static void print_json_summary(struct setup_run *s, bool changed)
{
	const struct registry *reg = &s->ctx->reg;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "server", backend_address(s->b));
	cJSON_AddStringToObject(o, "version", s->version);
	cJSON_AddBoolToObject(o, "dry_run", s->dry_run);
	cJSON_AddBoolToObject(o, "changed", changed);
	cJSON *base = cJSON_AddObjectToObject(o, "base_model");
	cJSON_AddStringToObject(base, "model", reg->base_ollama_name);
	cJSON_AddStringToObject(base, "status", s->base_status);
	cJSON_AddItemToObject(base, "reason",
	                      s->base_reason ? cJSON_CreateString(s->base_reason)
	                                     : cJSON_CreateNull());
	cJSON *list = cJSON_AddArrayToObject(o, "adapters");
	for (size_t i = 0; i < s->n_done; i++) {
		const struct adapter *a = &reg->adapters[i];
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "name", a->name);
		char *model = adapter_model_name(a);
		cJSON_AddStringToObject(x, "model", model);
		free(model);
		cJSON_AddStringToObject(x, "type", adapter_type_name(a->type));
		cJSON_AddStringToObject(x, "version", a->version);
		cJSON_AddStringToObject(x, "status", model_status_name(s->out[i].status));
		cJSON_AddItemToObject(x, "reason",
		                      s->out[i].reason ? cJSON_CreateString(s->out[i].reason)
		                                       : cJSON_CreateNull());
		cJSON_AddItemToArray(list, x);
	}
	print_json(o);
}

static const char *status_word(enum model_status st)
{
	return st == MODEL_WOULD_CREATE ? "would create" : model_status_name(st);
}

static void print_row(const char *model, const char *adapter, const char *type, const char *status,
                      const char *note)
{
	char *row = xasprintf("%-24s %-14s %-14s %-12s", model, adapter, type, status);
	print_row_note(row, note);
	free(row);
}

static void print_table(struct setup_run *s, bool changed)
{
	const struct registry *reg = &s->ctx->reg;
	int count[5] = {0};
	print_row("MODEL", "ADAPTER", "TYPE", "STATUS", "NOTE");
	print_row(reg->base_ollama_name, "(base model)", "-",
	          strcmp(s->base_status, "would_pull") ? s->base_status : "would pull",
	          s->base_reason && strcmp(s->base_reason, "missing") ? s->base_reason : "");
	for (size_t i = 0; i < s->n_done; i++) {
		const struct adapter *a = &reg->adapters[i];
		char *model = adapter_model_name(a);
		const struct model_outcome *out = &s->out[i];
		count[out->status]++;
		print_row(model, a->name, adapter_type_name(a->type), status_word(out->status),
		          out->reason ? out->reason : "");
		free(model);
	}
	size_t n = s->n_done;
	int ready = count[MODEL_READY] + count[MODEL_CREATED];
	if (s->dry_run) {
		printf("dry run: nothing was changed\n  %s%d of %zu adapter models would be "
		       "created\n",
		       !strcmp(s->base_status, "would_pull") ? "the base model would be pulled; "
		                                             : "",
		       count[MODEL_WOULD_CREATE], n);
	} else if (!changed && !count[MODEL_FAILED] && !strcmp(s->base_status, "ready")) {
		printf("everything is up to date; nothing changed");
		if (count[MODEL_SKIPPED])
			printf(" (%d skipped: %s absent)", count[MODEL_SKIPPED],
			       count[MODEL_SKIPPED] == 1 ? "its file is" : "their files are");
		printf("\n");
	} else {
		char *said =
		    xasprintf("%zu adapter models ready: %d created, %d skipped, %d failed%s", n,
		              count[MODEL_CREATED], count[MODEL_SKIPPED], count[MODEL_FAILED],
		              !strcmp(s->base_status, "pulled")   ? "; base model pulled"
		              : !strcmp(s->base_status, "failed") ? "; base model missing"
		                                                  : "");
		char *lead = xasprintf("%d of ", ready);
		print_wrapped(stdout, lead, said, 2);
		free(lead);
		free(said);
	}
}

/* ---- the command ------------------------------------------------------------- */

static void load_records(struct setup_run *s)
{
	char *path = path_join(s->ctx->cfg.home, "models.json"), *err = NULL;
	if (model_records_load(&s->rec, path, &err) < 0) {
		loco_warn("%s; it will be written anew, and every adapter model is made again",
		          err);
		free(err);
		s->rec.dirty = true;
	}
	free(path);
}

static int save_records(struct setup_run *s)
{
	char *err = NULL;
	if (s->dry_run || model_records_save(&s->rec, &err) == 0)
		return 0;
	loco_error("cannot record the models made: %s; the next 'loco setup' will make them again",
	           err);
	free(err);
	return LOCO_FAIL;
}

static int run_setup(struct loco_ctx *ctx, const struct cmd_args *args)
{
	enum backend_kind kind = config_backend_kind(&ctx->cfg);
	if (kind == BACKEND_LLAMACPP || kind == BACKEND_VLLM)
		return setup_server(ctx, args);
	if (kind != BACKEND_OLLAMA) {
		loco_error("loco setup makes Ollama models, but backend.kind is '%s'",
		           ctx->cfg.backend_kind);
		loco_hint("loco config set backend.kind ollama (or llamacpp, or vllm)");
		return LOCO_USAGE;
	}
	struct setup_run s;
	memset(&s, 0, sizeof s);
	s.ctx = ctx;
	s.dry_run = arg_flag(args, "dry-run");
	s.force = arg_flag(args, "force");
	s.showing = !ctx->quiet;
	s.base_status = "ready";
	progress_init(&s.show, stderr, ctx->tty_err, ctx->verbose > 0);
	int rc = open_backend(ctx, &s.b);
	if (rc)
		return rc;
	struct sigaction old;
	interrupt_catch(&old);
	load_records(&s);
	rc = check_server(&s);
	if (rc == 0)
		rc = ensure_base(&s);
	if (rc == 0)
		rc = ensure_adapters(&s);
	if (s.showing)
		progress_close(&s.show);
	if (s.n_done && rc != LOCO_UNREACHABLE && !interrupt_requested())
		record_digests(&s);
	int save_rc = save_records(&s); /* what was made is recorded, even after Ctrl-C */
	interrupt_release(&old);
	bool changed = !strcmp(s.base_status, "pulled");
	for (size_t i = 0; i < s.n_done; i++)
		changed |= s.out[i].status == MODEL_CREATED;
	if (rc == 0 && interrupt_requested()) {
		loco_error("interrupted; run 'loco setup' again to finish");
		rc = LOCO_INTERRUPTED;
	}
	if (rc == 0) {
		if (ctx->json)
			print_json_summary(&s, changed);
		else
			print_table(&s, changed);
		rc = s.exit_code ? s.exit_code : save_rc;
	}
	for (size_t i = 0; i < s.n_done; i++)
		model_outcome_free(&s.out[i]);
	free(s.out);
	free(s.base_reason);
	free(s.heading_model);
	free(s.version);
	model_list_free(s.models, s.n_models);
	model_records_free(&s.rec);
	progress_free(&s.show);
	backend_free(s.b);
	return rc;
}

static const struct optspec setup_opts[] = {
    {"dry-run", 'n', NULL,
     "say what would be pulled and created; change nothing (llamacpp, vllm: print the "
     "server's command line)"},
    {"force", 'f', NULL, "create every adapter model again, even when up to date"},
    {"json", 0, NULL, "print one JSON summary instead of the table"},
};

const struct command cmd_setup = {
    .name = "setup",
    .run = run_setup,
    .needs = CMD_NEEDS_REGISTRY,
    .summary = "check Ollama, pull the base model, create every adapter model",
    .usage = "[--dry-run] [--force] [--json]",
    .description = "Checks that Ollama answers, pulls the registry's base model when the server\n"
                   "lacks it, and creates the model locollm-NAME of every adapter that is missing\n"
                   "or out of date: its version, its GGUF file or its definition (system prompt,\n"
                   "base model) changed since loco made it, or the server no longer has it or\n"
                   "lists another one under its name. system-prompt adapters become the base\n"
                   "model with their system prompt; merged-gguf and lora adapters upload their\n"
                   "file first (only when the server does not have it yet). Adapters whose file\n"
                   "is absent are skipped with the reason. What was made is recorded in\n"
                   "$LOCO_HOME/models.json, so a second run changes nothing and says so.\n\n"
                   "Progress goes to stderr (bars on a terminal, plain lines otherwise; -q drops\n"
                   "it, -v adds the server's per-layer lines); a table of every model and its\n"
                   "status goes to stdout. Exit 0 when every model that can be made is ready,\n"
                   "1 when a pull or create failed (or the server is older than Ollama 0.5.5,\n"
                   "or models.json cannot be written), 2 when backend.kind is openai, 3\n"
                   "when the server cannot be reached, 130 on Ctrl-C (what was made by then\n"
                   "stays recorded).\n\n"
                   "With backend.kind llamacpp or vllm nothing is made: the server loads the\n"
                   "LoRA adapters when it starts. setup checks that every lora adapter of the\n"
                   "registry is loaded (llama-server's /lora-adapters, vLLM's models), prints a\n"
                   "table, and prints the command line that starts the server with all of them\n"
                   "(llama-server -m <base_model.gguf_path> --lora FILE ... or vllm serve ...\n"
                   "--lora-modules locollm-NAME=PATH ...); --dry-run prints only the command\n"
                   "line. Exit 4 when an adapter is not loaded.",
    .opts = setup_opts,
    .nopts = LOCO_ARRAY_LEN(setup_opts),
    .min_pos = 0,
    .max_pos = 0,
};
