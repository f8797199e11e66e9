/* adapters_install.c: `loco adapters install|update|remove` — the commands
 * parse their options, say what happened to each adapter and set the exit
 * status; the transactions and $LOCO_HOME/registry.yaml are install.h's. */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters.h"
#include "backend.h"
#include "registry.h"
#include "download.h"
#include "install.h"
#include "interrupt.h"
#include "models.h"
#include "progress.h"

#define INDEX_MAX (16u << 20)

/* ---- one run --------------------------------------------------------------- */

/* Keeps the worst exit code: an interruption over everything, then the rest. */
void adapters_run_keep_worst(struct adapters_run *r, int code)
{
	if (r->exit_code != LOCO_INTERRUPTED && (code == LOCO_INTERRUPTED || !r->exit_code))
		r->exit_code = code;
	if (code == LOCO_INTERRUPTED || code == LOCO_UNREACHABLE)
		r->stop = true;
}

/* Prints a failure's message; returns its code. */
int adapters_say(int code, char *msg)
{
	if (code)
		loco_error("%s", msg);
	free(msg);
	return code;
}

/* Opens the server, lists its models and loads the model records. */
int adapters_run_connect(struct adapters_run *r, const char *doing, const char *fix)
{
	int rc = open_backend(r->ctx, &r->env.b);
	if (rc)
		return rc;
	struct net_error e = {0};
	char *err = NULL;
	if (backend_list_models(r->env.b, &r->models, &r->n_models, &e) < 0) {
		rc = install_server_error(r->env.b, &e, doing, fix, &err);
		adapters_say(rc, err);
		err = NULL;
	}
	net_error_clear(&e);
	if (rc)
		return rc;
	r->env.models = r->models;
	r->env.n_models = r->n_models;
	char *path = path_join(r->ctx->cfg.home, "models.json");
	if (model_records_load(&r->rec, path, &err) < 0) {
		loco_warn("%s; it will be written anew", err);
		free(err);
		r->rec.dirty = true;
	}
	r->have_rec = true;
	r->env.rec = &r->rec;
	free(path);
	return 0;
}

/* The server must answer before anything is downloaded. */
static int open_server(struct adapters_run *r)
{
	if (config_backend_kind(&r->ctx->cfg) != BACKEND_OLLAMA) {
		loco_error(
		    "'%s' makes Ollama models, but backend.kind is '%s'; pass --no-create to "
		    "only download and register",
		    r->ctx->command, r->ctx->cfg.backend_kind);
		return LOCO_USAGE;
	}
	return adapters_run_connect(r, "listing its models",
	                            ", or pass --no-create to download now and let 'loco setup' "
	                            "create the model later");
}

void adapters_run_init(struct adapters_run *r, struct loco_ctx *ctx, const struct cmd_args *args)
{
	memset(r, 0, sizeof *r);
	r->ctx = ctx;
	r->create = !arg_flag(args, "no-create");
	r->force = arg_flag(args, "force");
	progress_init(&r->show, stderr, ctx->tty_err, ctx->verbose > 0);
	r->env.home = ctx->cfg.home;
	r->env.connect_timeout = ctx->cfg.connect_timeout;
	r->env.stall_timeout = ctx->cfg.stall_timeout;
	r->env.show = ctx->quiet ? NULL : &r->show;
	if (ctx->json)
		r->json = cJSON_CreateArray();
}

/* Saves the model records, prints --json, frees; returns the exit code. */
int adapters_run_finish(struct adapters_run *r, const char *json_key)
{
	if (r->env.show)
		progress_close(&r->show);
	char *err = NULL;
	if (r->have_rec && model_records_save(&r->rec, &err) < 0) {
		loco_error("cannot record the models made: %s; 'loco setup' will make them again",
		           err);
		free(err);
		adapters_run_keep_worst(r, LOCO_FAIL);
	}
	if (r->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, json_key, r->json);
		print_json(o);
	}
	if (r->have_rec)
		model_records_free(&r->rec);
	model_list_free(r->models, r->n_models);
	progress_free(&r->show);
	backend_free(r->env.b);
	return r->exit_code;
}

/* The note for when the home registry is not the one in force. */
static void note_shadowed(const struct loco_ctx *ctx)
{
	const char *s = ctx->reg.source;
	if (!strcmp(s, "LOCO_HOME") || !strcmp(s, "install prefix") || !strcmp(s, "built-in"))
		return;
	char *home = path_join(ctx->cfg.home, "registry.yaml");
	loco_note(ctx,
	          "note: the registry in force here is %s (from %s); installed adapters are in %s, "
	          "which is used where no earlier registry is found, or with --registry %s",
	          ctx->reg.path, s, home, home);
	free(home);
}

/* ---- the index -------------------------------------------------------------- */

int adapters_load_index(const struct loco_ctx *ctx, struct registry *out)
{
	const char *url = ctx->cfg.index_url;
	struct download_opts o = {url, ctx->cfg.connect_timeout, ctx->cfg.stall_timeout, NULL,
	                          NULL};
	struct net_error e;
	char *text = NULL, *err = NULL;
	size_t len = 0;
	int rc = 0;
	if (download_text(&o, INDEX_MAX, &text, &len, &e) < 0) {
		if (e.status == NET_INTERRUPTED) {
			loco_error("interrupted while reading the adapter index");
			rc = LOCO_INTERRUPTED;
		} else {
			loco_error(
			    "cannot read the adapter index at %s: %s; check index_url ('loco "
			    "config get index_url')",
			    url, e.message);
			rc = LOCO_FAIL;
		}
	} else if (registry_parse(out, url, text, len, &err) < 0) {
		loco_error("the adapter index is not a valid registry: %s", err);
		rc = LOCO_BAD_INPUT;
	} else {
		out->source = xstrdup("index_url");
	}
	net_error_clear(&e);
	free(text);
	free(err);
	return rc;
}

/* ---- install ------------------------------------------------------------------ */

static void not_found(const struct loco_ctx *ctx, const char *name, const struct registry *index)
{
	struct suggestion sg;
	suggest_init(&sg, name);
	for (size_t i = 0; i < ctx->reg.n_adapters; i++)
		suggest_consider(&sg, ctx->reg.adapters[i].name);
	for (size_t i = 0; index && i < index->n_adapters; i++)
		suggest_consider(&sg, index->adapters[i].name);
	const char *s = suggest_result(&sg);
	char *where = index ? xasprintf("%s or the index at %s", ctx->reg.path, index->path)
	                    : xasprintf("%s (no index_url is set)", ctx->reg.path);
	if (s)
		loco_error("adapter '%s' not found in %s; did you mean '%s'?", name, where, s);
	else
		loco_error(
		    "adapter '%s' not found in %s; 'loco adapters search TEXT' finds adapters",
		    name, where);
	free(where);
}

static const char *model_word(const struct install_outcome *o)
{
	return o->model_made ? model_status_name(o->model) : "not_created";
}

static void installed_json(struct adapters_run *r, const struct adapter *a, const char *from,
                           const char *previous, const struct install_outcome *x)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", a->name);
	cJSON_AddStringToObject(o, "status", previous ? "updated" : "installed");
	if (previous)
		cJSON_AddStringToObject(o, "previous", previous);
	cJSON_AddStringToObject(o, "version", a->version);
	cJSON_AddStringToObject(o, "type", adapter_type_name(a->type));
	cJSON_AddStringToObject(o, "from", from);
	cJSON_AddStringToObject(o, "registry", x->entered.path);
	if (x->file) {
		cJSON_AddStringToObject(o, "file", x->file);
		cJSON_AddStringToObject(o, "sha256", x->sha256);
		cJSON_AddNumberToObject(o, "bytes", (double)x->bytes);
		cJSON_AddNumberToObject(o, "resumed_from", (double)x->resumed_from);
	} else {
		cJSON_AddNullToObject(o, "file");
	}
	char *model = adapter_model_name(a);
	cJSON_AddStringToObject(o, "model", model);
	free(model);
	cJSON_AddStringToObject(o, "model_status", model_word(x));
	cJSON_AddBoolToObject(o, "active", x->active);
	cJSON_AddItemToArray(r->json, o);
}

static void installed_line(const struct adapters_run *r, const struct adapter *a, const char *from,
                           const char *previous, const struct install_outcome *x)
{
	char *model = adapter_model_name(a);
	char *what = previous ? xasprintf("updated %s %s -> %s", a->name, previous, a->version)
	                      : xasprintf("installed %s %s", a->name, a->version);
	const char *type = adapter_type_name(a->type);
	if (!r->create)
		printf("%s (%s) from %s; run 'loco setup' to create %s\n", what, type, from, model);
	else
		printf("%s (%s) from %s; model %s %s\n", what, type, from, model,
		       !x->model_made              ? "not created"
		       : x->model == MODEL_CREATED ? "created"
		       : x->model == MODEL_READY   ? "is up to date"
		                                   : "not created");
	free(what);
	free(model);
}

/* Installs adapter a (from registry src, named by `from` in the entry) and
 * says how it went. previous: the version it replaces (update), or NULL. */
static void install_one(struct adapters_run *r, const struct registry *src, const struct adapter *a,
                        const char *from, const char *source_label, const char *previous)
{
	struct install_outcome x;
	if (install_adapter(&r->env, src, a, from, source_label, &x)) {
		adapters_run_keep_worst(r, adapters_say(x.code, x.error));
		x.error = NULL;
		install_outcome_free(&x);
		return;
	}
	if (x.entered.seeded_from)
		loco_note(r->ctx, "created %s with the adapters of %s", x.entered.path,
		          x.entered.seeded_from);
	if (a->active && !x.active)
		loco_note(r->ctx,
		          "'%s' is installed inactive: domain '%s' already has an active adapter; "
		          "'loco promote %s' makes it the active one",
		          a->name, a->domain, a->name);
	if (r->create) {
		install_make_model(&r->env, a->name, &x);
		if (x.model_code)
			adapters_run_keep_worst(r, adapters_say(x.model_code, x.model_error));
		x.model_error = NULL;
	}
	if (r->json)
		installed_json(r, a, from, previous, &x);
	else
		installed_line(r, a, from, previous, &x);
	install_outcome_free(&x);
}

/* Every name is in the registry in force or the index (*index loaded when
 * needed, *have_index set); prints the ones that are not. */
static int find_all(struct loco_ctx *ctx, const struct cmd_args *args, struct registry *index,
                    bool *have_index)
{
	int rc = 0;
	for (int i = 0; rc == 0 && i < args->npos; i++) {
		if (registry_find(&ctx->reg, args->pos[i]))
			continue;
		if (!*have_index && ctx->cfg.index_url) {
			rc = adapters_load_index(ctx, index);
			*have_index = rc == 0;
		}
		if (rc == 0 && !(*have_index && registry_find(index, args->pos[i]))) {
			not_found(ctx, args->pos[i], *have_index ? index : NULL);
			rc = LOCO_NOT_FOUND;
		}
	}
	return rc;
}

/* Installs name from the registry in force, or else the index. */
static void install_named(struct adapters_run *r, const char *name, const struct registry *index)
{
	struct loco_ctx *ctx = r->ctx;
	const struct adapter *a = registry_find(&ctx->reg, name);
	const struct registry *src = a ? &ctx->reg : index;
	if (!a)
		a = registry_find(index, name);
	char *have = r->force ? NULL : home_ready_version(ctx->cfg.home, name);
	if (have) {
		loco_note(ctx,
		          "'%s' %s is already installed; 'loco adapters update %s' looks "
		          "for a newer version, --force installs it again",
		          name, have, name);
		free(have);
		return;
	}
	/* installed_from names the source so it means the same from any folder */
	char *real = src == index ? NULL : realpath(ctx->reg.path, NULL);
	const char *from = src == index ? index->path : real ? real : ctx->reg.path;
	install_one(r, src, a, from, src == index ? "the index" : ctx->reg.path, NULL);
	free(real);
}

static int run_install(struct loco_ctx *ctx, const struct cmd_args *args)
{
	struct adapters_run r;
	adapters_run_init(&r, ctx, args);
	struct sigaction old;
	interrupt_catch(&old);
	struct registry index;
	bool have_index = false;
	/* every name is checked before anything is downloaded */
	int rc = find_all(ctx, args, &index, &have_index);
	if (rc == 0 && r.create)
		rc = open_server(&r);
	for (int i = 0; rc == 0 && i < args->npos && !r.stop; i++)
		install_named(&r, args->pos[i], have_index ? &index : NULL);
	interrupt_release(&old);
	if (have_index)
		registry_free(&index);
	if (rc) {
		adapters_run_keep_worst(&r, rc);
	} else if (r.exit_code == 0) {
		note_shadowed(ctx);
	}
	return adapters_run_finish(&r, "installed");
}

/* ---- update ----------------------------------------------------------------------- */

static void update_one(struct adapters_run *r, const struct adapter *cur,
                       const struct registry *index, bool check)
{
	const struct adapter *next;
	enum update_status status = update_compare(index, cur, check, &next);
	if (status == UPDATE_NEWER) {
		install_one(r, index, next, index->path, "the index", cur->version);
		return;
	}
	if (r->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", cur->name);
		cJSON_AddStringToObject(o, "status", update_status_name(status));
		cJSON_AddStringToObject(o, "version", cur->version);
		if (next)
			cJSON_AddStringToObject(o, "available", next->version);
		else
			cJSON_AddNullToObject(o, "available");
		cJSON_AddItemToArray(r->json, o);
	} else if (status == UPDATE_NOT_IN_INDEX) {
		printf("%s %s: not in the index; kept\n", cur->name, cur->version);
	} else if (status == UPDATE_NOT_COMPARABLE) {
		printf("%s %s: the index has '%s'; not semantic versions, so kept\n", cur->name,
		       cur->version, next->version);
	} else if (status == UPDATE_UP_TO_DATE) {
		printf("%s %s: up to date\n", cur->name, cur->version);
	} else {
		printf("%s %s -> %s: would update\n", cur->name, cur->version, next->version);
	}
}

/* Whether the update looks at installed adapter a: it is named, or no names
 * are given and it was installed. */
static bool update_named(const struct cmd_args *args, const struct adapter *a)
{
	bool named = args->npos == 0 && adapter_installed_here(a);
	for (int k = 0; k < args->npos; k++)
		named |= !strcmp(args->pos[k], a->name);
	return named;
}

/* Every NAME is installed in home; prints the ones that are not. */
static int check_installed(const struct cmd_args *args, const struct home_registry *h,
                           const struct registry *home)
{
	int rc = 0;
	for (int i = 0; i < args->npos && rc == 0; i++) {
		const struct adapter *a = registry_find(home, args->pos[i]);
		if (a && adapter_installed_here(a))
			continue;
		struct suggestion sg;
		suggest_init(&sg, args->pos[i]);
		for (size_t k = 0; k < home->n_adapters; k++)
			if (adapter_installed_here(&home->adapters[k]))
				suggest_consider(&sg, home->adapters[k].name);
		const char *s = suggest_result(&sg);
		if (s)
			loco_error("'%s' is not installed in %s; did you mean '%s'?", args->pos[i],
			           h->path, s);
		else
			loco_error("'%s' is not installed in %s; install it with 'loco adapters "
			           "install %s'",
			           args->pos[i], h->path, args->pos[i]);
		rc = LOCO_NOT_FOUND;
	}
	return rc;
}

/* Whether any adapter the update looks at has a newer version. */
static bool any_newer(const struct cmd_args *args, const struct registry *home,
                      const struct registry *index)
{
	for (size_t i = 0; i < home->n_adapters; i++) {
		const struct adapter *a = &home->adapters[i], *next;
		if (update_named(args, a) && update_compare(index, a, false, &next) == UPDATE_NEWER)
			return true;
	}
	return false;
}

static int run_update(struct loco_ctx *ctx, const struct cmd_args *args)
{
	if (!ctx->cfg.index_url) {
		loco_error(
		    "'adapters update' installs newer versions from the adapter index, and no "
		    "index_url is set; set one with 'loco config set index_url URL'");
		return LOCO_USAGE;
	}
	bool check = arg_flag(args, "check") || arg_flag(args, "dry-run");
	struct home_registry h;
	char *err = NULL;
	struct registry home;
	if (home_registry_open(ctx->cfg.home, &h, &err) < 0 ||
	    home_registry_parse(ctx->cfg.home, &h, &home, &err) < 0) {
		loco_error("cannot read %s: %s", h.path, err);
		free(err);
		home_registry_free(&h);
		return LOCO_BAD_INPUT;
	}
	int rc = check_installed(args, &h, &home);
	struct adapters_run r;
	adapters_run_init(&r, ctx, args);
	struct sigaction old;
	interrupt_catch(&old);
	struct registry index;
	bool have_index = false;
	if (rc == 0) {
		rc = adapters_load_index(ctx, &index);
		have_index = rc == 0;
	}
	/* the server is needed only when something will be installed */
	if (rc == 0 && !check && r.create && any_newer(args, &home, &index))
		rc = open_server(&r);
	size_t seen = 0;
	for (size_t i = 0; rc == 0 && i < home.n_adapters && !r.stop; i++) {
		if (!update_named(args, &home.adapters[i]))
			continue;
		seen++;
		update_one(&r, &home.adapters[i], &index, check);
	}
	if (rc == 0 && seen == 0 && !ctx->json)
		printf("no adapters installed with 'loco adapters install'; nothing to update\n");
	interrupt_release(&old);
	if (have_index)
		registry_free(&index);
	registry_free(&home);
	home_registry_free(&h);
	if (rc)
		adapters_run_keep_worst(&r, rc);
	return adapters_run_finish(&r, "adapters");
}

/* ---- the commands ---------------------------------------------------------------- */

static const struct optspec install_opts[] = {
    {"no-create", 0, NULL, "download and register only; 'loco setup' creates the model"},
    {"force", 'f', NULL, "install again even when already installed"},
    {"json", 0, NULL, "print what was installed as JSON"},
};

const struct command cmd_adapters_install = {
    .name = "install",
    .run = run_install,
    .needs = CMD_NEEDS_REGISTRY,
    .summary = "download, verify and register adapters, and create their models",
    .usage = "[--no-create] [--force] [--json] NAME...",
    .description = "Installs each NAME, taken from the registry in force or, when it is not\n"
                   "there, from the adapter index (config index_url, a registry-format YAML\n"
                   "over HTTP); every NAME is looked up before anything is downloaded. A\n"
                   "merged-gguf or lora adapter's file is downloaded from its url with progress\n"
                   "into $LOCO_HOME/adapters/NAME/ (via NAME/FILE.part: an interrupted download\n"
                   "resumes where it stopped), and its SHA-256 is checked against the entry's\n"
                   "sha256 before anything uses it; a mismatch deletes the download. A file\n"
                   "already there with the entry's sha256 is kept, not downloaded again; an\n"
                   "entry without url needs its file placed there by hand, and a sha256 to\n"
                   "check it against. The entry is then written to $LOCO_HOME/registry.yaml,\n"
                   "in the place of an entry of the same name (registry order is kept), with\n"
                   "its file path pointing there and 'installed_from' naming its source, and\n"
                   "the Ollama model locollm-NAME is created (as 'loco setup' does).\n\n"
                   "$LOCO_HOME/registry.yaml takes the place of the installed or built-in\n"
                   "registry once it exists, so the first install copies that registry into it:\n"
                   "the shipped adapters stay. A registry found earlier (--registry,\n"
                   "LOCO_REGISTRY, config registry, ./adapters/registry.yaml) still wins; loco\n"
                   "says so. Ollama must answer before anything is downloaded (--no-create\n"
                   "skips the server).\n\n"
                   "Exit status 0; 1 when a download, a checksum or a model create fails, when\n"
                   "an entry without url has no verified file here, or when the index cannot be\n"
                   "read; 2 when backend.kind is not ollama and --no-create is not given; 3 when\n"
                   "Ollama cannot be reached (nothing is downloaded); 4 for an unknown adapter;\n"
                   "5 when the index or $LOCO_HOME/registry.yaml is not a valid registry; 130\n"
                   "on Ctrl-C (the partial download is kept for the next run).",
    .opts = install_opts,
    .nopts = LOCO_ARRAY_LEN(install_opts),
    .min_pos = 1,
    .max_pos = -1,
};

static const struct optspec update_opts[] = {
    {"check", 0, NULL, "only say what would be updated"},
    {"dry-run", 'n', NULL, "the same as --check"},
    {"no-create", 0, NULL, "download and register only; 'loco setup' creates the models"},
    {"json", 0, NULL, "print every adapter's status as JSON"},
};

const struct command cmd_adapters_update = {
    .name = "update",
    .run = run_update,
    .needs = CMD_NEEDS_REGISTRY,
    .summary = "install newer versions from the adapter index",
    .usage = "[--check] [--no-create] [--json] [NAME...]",
    .description = "Compares each installed adapter (every one installed with 'loco adapters\n"
                   "install', or the NAMEs given) with the adapter index (config index_url) and\n"
                   "installs the index's entry when its version is a newer semantic version\n"
                   "(MAJOR.MINOR.PATCH; a pre-release such as 1.0.0-rc.1 is older than 1.0.0),\n"
                   "as 'loco adapters install' does. Adapters that are up to date, or not in the\n"
                   "index, are kept and said so. --check changes nothing.\n\n"
                   "Exit status 0; 1 when the index cannot be read or a download, a checksum or\n"
                   "a model create fails; 2 when no index_url is set, or when backend.kind is\n"
                   "not ollama and there is something to install without --no-create; 3 when\n"
                   "Ollama cannot be reached; 4 when a NAME is not installed; 5 when the index\n"
                   "or $LOCO_HOME/registry.yaml is not a valid registry; 130 on Ctrl-C.",
    .opts = update_opts,
    .nopts = LOCO_ARRAY_LEN(update_opts),
    .min_pos = 0,
    .max_pos = -1,
};
