/* adapters_remove.c: `loco adapters remove` — the command parses its options
 * and says what became of each adapter; the transaction is install.h's. */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters.h"
#include "backend.h"
#include "install.h"
#include "interrupt.h"

/* ---- remove ----------------------------------------------------------------------- */

static void not_installed(const char *name, const struct home_registry *h,
                          const struct registry *home, const struct adapter *a)
{
	struct suggestion sg;
	suggest_init(&sg, name);
	for (size_t k = 0; k < home->n_adapters; k++)
		if (adapter_installed_here(&home->adapters[k]))
			suggest_consider(&sg, home->adapters[k].name);
	const char *s = suggest_result(&sg);
	if (a)
		loco_error("'%s' was not installed with 'loco adapters install' (it came with %s); "
		           "remove its entry from %s by hand if you must",
		           name, h->path, h->path);
	else if (s)
		loco_error("'%s' is not installed in %s; did you mean '%s'?", name, h->path, s);
	else
		loco_error("'%s' is not installed in %s; 'loco adapters list' shows the adapters",
		           name, h->path);
}

static void removal_json(struct adapters_run *r, const struct home_registry *h,
                         const struct removal *x, const char *model)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", x->name);
	cJSON_AddStringToObject(o, "registry", h->path);
	cJSON_AddStringToObject(o, "entry", x->restored_from ? "restored" : "deleted");
	cJSON_AddItemToObject(o, "restored_from",
	                      x->restored_from ? cJSON_CreateString(x->restored_from)
	                                       : cJSON_CreateNull());
	if (x->files < 0)
		cJSON_AddNullToObject(o, "files_removed");
	else
		cJSON_AddNumberToObject(o, "files_removed", x->files);
	cJSON_AddStringToObject(o, "model", model);
	cJSON_AddStringToObject(o, "model_status", removal_model_name(x->model));
	cJSON_AddItemToArray(r->json, o);
}

/* The error naming what was and was not removed of one adapter. */
static void removal_partial(const struct home_registry *h, const struct removal *x,
                            const char *entry, const char *model)
{
	struct strbuf done = STRBUF_INIT, not_done = STRBUF_INIT;
	if (x->restored_from)
		sb_adds(&done, entry);
	else
		sb_addf(&done, "its entry is gone from %s", h->path);
	if (x->files > 0)
		sb_addf(&done, " and its %d file%s deleted", x->files, x->files == 1 ? "" : "s");
	else if (x->files < 0)
		sb_addf(&not_done, "its files were not all deleted (%s)", x->files_err);
	if (x->model == REMOVAL_MODEL_NOT_DELETED)
		sb_addf(&not_done,
		        "%sits model %s is still on the server; delete it with 'ollama rm %s'",
		        not_done.len ? ", and " : "", model, model);
	loco_error("'%s' was removed only in part: %s, but %s", x->name, done.buf, not_done.buf);
	sb_free(&done);
	sb_free(&not_done);
}

/* Says what became of one adapter once its entry is written: a line on
 * stdout (or its --json object), or the error naming what was not removed. */
static void report_removal(struct adapters_run *r, const struct home_registry *h,
                           const struct removal *x)
{
	char *model = xasprintf("locollm-%s", x->name);
	bool partial = x->files < 0 || x->model == REMOVAL_MODEL_NOT_DELETED;
	if (r->json)
		removal_json(r, h, x, model);
	char *entry = x->restored_from ? xasprintf("its entry in %s is the one of %s again (%s)",
	                                           h->path, x->restored_from, x->restored_version)
	                               : xasprintf("its entry in %s", h->path);
	if (partial)
		removal_partial(h, x, entry, model);
	else if (!r->json)
		printf("removed %s: %s, %d file%s, model %s %s%s\n", x->name, entry, x->files,
		       x->files == 1 ? "" : "s", model,
		       x->model == REMOVAL_MODEL_DELETED  ? "deleted"
		       : x->model == REMOVAL_MODEL_ABSENT ? "(was not on the server)"
		                                          : "kept (--keep-model)",
		       x->restored_from ? "; 'loco setup' makes the model of that entry" : "");
	free(entry);
	free(model);
}

/* Locks and reads $LOCO_HOME/registry.yaml for a remove (*lock held from
 * here to the write); prints what stops it. */
static int remove_open(const struct loco_ctx *ctx, const struct cmd_args *args,
                       struct home_registry *h, struct registry *home, int *lock)
{
	char *err = NULL;
	int rc = 0;
	home_registry_init(ctx->cfg.home, h);
	if (!file_exists(h->path)) {
		for (int i = 0; i < args->npos; i++)
			loco_error(
			    "'%s' is not installed: %s does not exist (nothing was installed with "
			    "'loco adapters install')",
			    args->pos[i], h->path);
		rc = LOCO_NOT_FOUND;
	} else if ((*lock = file_lock(h->path, &err)) < 0) {
		loco_error("%s; nothing was removed", err);
		rc = LOCO_FAIL;
	} else if (home_registry_read(h, &err) < 0 ||
	           home_registry_parse(ctx->cfg.home, h, home, &err) < 0) {
		loco_error("%s; fix it by hand first", err);
		rc = LOCO_BAD_INPUT;
	}
	free(err);
	return rc;
}

/* The adapters named, each once, into rm (*n of them); prints the names
 * that were not installed. */
static int remove_select(const struct cmd_args *args, const struct home_registry *h,
                         const struct registry *home, struct removal *rm, size_t *n)
{
	int rc = 0;
	for (int i = 0; i < args->npos; i++) {
		const char *name = args->pos[i];
		bool twice = false;
		for (size_t k = 0; k < *n; k++)
			twice |= !strcmp(rm[k].name, name);
		const struct adapter *a = registry_find(home, name);
		if (twice)
			continue;
		if (!a || !adapter_installed_here(a)) {
			not_installed(name, h, home, a);
			rc = LOCO_NOT_FOUND;
			continue;
		}
		rm[*n].name = name;
		rm[(*n)++].model = REMOVAL_MODEL_KEPT;
	}
	return rc;
}

/* The server, unless --keep-model: it must answer before anything changes. */
static int remove_server(struct adapters_run *r, bool keep)
{
	if (keep)
		return 0;
	if (config_backend_kind(&r->ctx->cfg) != BACKEND_OLLAMA) {
		loco_error("removing an adapter deletes its Ollama model, but backend.kind is "
		           "'%s'; pass --keep-model",
		           r->ctx->cfg.backend_kind);
		return LOCO_USAGE;
	}
	return adapters_run_connect(
	    r, "listing its models; nothing was removed",
	    ", or pass --keep-model to remove the files and the entries now "
	    "and delete the models later with 'ollama rm'");
}

/* The entries are gone: now each adapter's model, then its files. */
static void remove_each(struct adapters_run *r, const struct home_registry *h, struct removal *rm,
                        size_t n)
{
	for (size_t k = 0; k < n; k++) {
		char *err = NULL;
		int one = remove_apply(&r->env, r->stop, &rm[k], &err);
		if (one)
			loco_error("%s", err);
		free(err);
		if (one)
			adapters_run_keep_worst(r, one == LOCO_INTERRUPTED ? one : LOCO_FAIL);
		if (one == LOCO_UNREACHABLE)
			r->stop = true;
		if (rm[k].files < 0)
			adapters_run_keep_worst(r, LOCO_FAIL);
		report_removal(r, h, &rm[k]);
	}
}

/* Every name is checked, the new registry text made and the server reached
 * before anything changes; then the registry is written once (atomically),
 * and only then are the models and files deleted, one adapter at a time. */
static int run_remove(struct loco_ctx *ctx, const struct cmd_args *args)
{
	struct adapters_run r;
	adapters_run_init(&r, ctx, args);
	struct home_registry h;
	struct registry home;
	int lock = -1;
	char *err = NULL;
	int rc = remove_open(ctx, args, &h, &home, &lock);
	bool parsed = rc == 0;
	struct removal *rm = xcalloc((size_t)args->npos + 1, sizeof *rm);
	size_t n = 0;
	if (parsed)
		rc = remove_select(args, &h, &home, rm, &n);
	if (rc == 0) {
		rc = remove_plan(&h, &home, rm, n, &err);
		adapters_say(rc, err);
		err = NULL;
	}
	struct sigaction old;
	interrupt_catch(&old);
	if (rc == 0)
		rc = remove_server(&r, arg_flag(args, "keep-model"));
	if (rc == 0 && interrupt_requested()) {
		loco_error("interrupted; nothing was removed");
		rc = LOCO_INTERRUPTED;
	}
	if (rc == 0 && home_registry_write(ctx->cfg.home, &h, &err) < 0) {
		loco_error("%s; nothing was removed", err);
		rc = LOCO_FAIL;
	}
	file_unlock(lock);
	if (rc == 0)
		remove_each(&r, &h, rm, n);
	interrupt_release(&old);
	for (size_t k = 0; k < n; k++)
		removal_free(&rm[k]);
	free(rm);
	free(err);
	if (parsed)
		registry_free(&home);
	home_registry_free(&h);
	if (rc)
		adapters_run_keep_worst(&r, rc);
	return adapters_run_finish(&r, "removed");
}

/* ---- the command ---------------------------------------------------------------- */

static const struct optspec remove_opts[] = {
    {"keep-model", 0, NULL, "leave the Ollama model (no server needed)"},
    {"json", 0, NULL, "print what was removed as JSON"},
};

const struct command cmd_adapters_remove = {
    .name = "remove",
    .run = run_remove,
    .needs = CMD_NEEDS_REGISTRY,
    .summary = "delete an installed adapter: files, entry and Ollama model",
    .usage = "[--keep-model] [--json] NAME...",
    .description = "Removes adapters installed with 'loco adapters install': the entry in\n"
                   "$LOCO_HOME/registry.yaml, the Ollama model locollm-NAME (one the server\n"
                   "does not have is fine) and the files in $LOCO_HOME/adapters/NAME/. When the\n"
                   "registry $LOCO_HOME/registry.yaml takes the place of (the installed or\n"
                   "built-in one) has an adapter of that name, its entry is put back where the\n"
                   "installed one was, instead of the entry being deleted; loco says which.\n"
                   "Adapters that came with a registry are refused.\n\n"
                   "Every NAME is checked and Ollama reached before anything changes. Then the\n"
                   "registry is written once for all NAMEs (atomically), and only after that\n"
                   "is each adapter's model deleted, then its files. When a deletion fails\n"
                   "after the registry was written, loco names what was removed and what was\n"
                   "left (a model still on the server goes with 'ollama rm locollm-NAME'),\n"
                   "goes on with the other adapters, and exits 1. --keep-model removes the\n"
                   "entries and the files without the server.\n\n"
                   "Exit status 0; 1 when the registry cannot be edited or written (nothing is\n"
                   "removed), or when a model or the files cannot be deleted after the entries\n"
                   "were (loco names them); 2 when backend.kind is not ollama and --keep-model\n"
                   "is not given; 3 when Ollama cannot be reached (nothing is removed); 4 when\n"
                   "a NAME is not installed (nothing is removed); 5 when\n"
                   "$LOCO_HOME/registry.yaml, or the registry it takes the place of, is not\n"
                   "valid (nothing is removed); 130 on Ctrl-C.",
    .opts = remove_opts,
    .nopts = LOCO_ARRAY_LEN(remove_opts),
    .min_pos = 1,
    .max_pos = -1,
};
