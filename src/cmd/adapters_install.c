/* adapters_install.c: `loco adapters install|update|remove` — adapters from
 * the registry in force or the remote index, downloaded and verified
 * (download.h), entered in $LOCO_HOME/registry.yaml (edited in place with
 * yedit, written atomically), and made into Ollama models (models.h).
 *
 * $LOCO_HOME/registry.yaml is the registry of installed adapters. It shadows
 * the installed or built-in registry once it exists, so the first install
 * seeds it with that registry's text (relative paths made absolute): the
 * shipped adapters stay available next to the installed ones. Installed
 * entries carry `installed_from`, which is how remove and update know them. */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "adapters.h"
#include "backend.h"
#include "catalog.h"
#include "download.h"
#include "models.h"
#include "netlib.h"
#include "progress.h"
#include "yedit.h"

#define INDEX_MAX         (16u << 20)
#define HOME_REGISTRY_MAX (64u << 20)
#define MARK_KEY          "installed_from"

/* ---- the home registry --------------------------------------------------- */

struct home {
	char *path; /* $LOCO_HOME/registry.yaml */
	char *text; /* its text, or the seed when it does not exist yet */
	size_t len;
	char *seeded_from; /* the registry the seed was copied from; NULL when it exists */
};

static void home_free(struct home *h)
{
	free(h->path);
	free(h->text);
	free(h->seeded_from);
	memset(h, 0, sizeof *h);
}

/* Parses text as the home registry: relative paths start at $LOCO_HOME. */
static int home_parse(const struct loco_ctx *ctx, const struct home *h, const char *text,
                      size_t len, struct registry *r, char **err)
{
	if (registry_parse(r, h->path, text, len, err) < 0)
		return -1;
	r->dir = xstrdup(ctx->cfg.home);
	r->source = xstrdup("LOCO_HOME");
	return 0;
}

/* Sets one key of adapter name in *text to an absolute path. */
static int absolutize(const char *label, char **text, size_t *len, const char *name,
                      const char *key, const char *abs, char **err)
{
	const char *path[] = {"adapters", name, key};
	char *q = yaml_quote(abs), *out = NULL;
	size_t out_len = 0;
	int rc = yedit_set(label, *text, *len, path, 3, q, &out, &out_len, err);
	free(q);
	if (rc == 0) {
		free(*text);
		*text = out;
		*len = out_len;
	}
	return rc;
}

/* The first text of $LOCO_HOME/registry.yaml: the registry it will shadow,
 * with its relative paths made absolute so they still find their files. */
static int seed_text(struct home *h, char **err)
{
	char *text = NULL, *from = NULL, *dir = NULL;
	size_t len = 0;
	if (registry_fallback_text(&text, &len, &from, &dir, err) < 0)
		return -1;
	struct registry r;
	int rc = registry_parse(&r, from, text, len, err);
	for (size_t i = 0; rc == 0 && dir && i < r.n_adapters; i++) {
		const struct adapter *a = &r.adapters[i];
		if (a->eval_dataset && a->eval_dataset[0] != '/') {
			char *folder = path_join(dir, a->name),
			     *abs = path_join(folder, a->eval_dataset);
			rc = absolutize(from, &text, &len, a->name, "eval_dataset", abs, err);
			free(folder);
			free(abs);
		}
		const char *key = a->gguf_path ? "gguf_path" : "adapter_path";
		const char *f = a->gguf_path ? a->gguf_path : a->adapter_path;
		if (rc == 0 && f && f[0] != '/') {
			char *abs = path_join(dir, f);
			rc = absolutize(from, &text, &len, a->name, key, abs, err);
			free(abs);
		}
	}
	if (rc == 0)
		registry_free(&r);
	if (rc == 0) {
		h->text =
		    xasprintf("# Adapters installed with 'loco adapters install', and those of\n"
		              "# %s, copied here on the first install (this file\n"
		              "# takes its place). loco edits this file; comments stay.\n\n%s",
		              from, text);
		h->len = strlen(h->text);
		h->seeded_from = from;
		from = NULL;
	}
	free(text);
	free(from);
	free(dir);
	return rc;
}

static int home_open(const struct loco_ctx *ctx, struct home *h, char **err)
{
	memset(h, 0, sizeof *h);
	h->path = path_join(ctx->cfg.home, "registry.yaml");
	if (file_exists(h->path))
		return read_file(h->path, HOME_REGISTRY_MAX, &h->text, &h->len, err);
	return seed_text(h, err);
}

static bool has_mark(const struct adapter *a)
{
	for (size_t i = 0; i < a->n_unknown_keys; i++)
		if (!strcmp(a->unknown_keys[i], MARK_KEY))
			return true;
	return false;
}

bool adapters_home_installed(const struct loco_ctx *ctx, const char *name)
{
	char *path = path_join(ctx->cfg.home, "registry.yaml");
	struct registry r;
	bool yes = false;
	if (file_exists(path) && registry_load_file(&r, path, NULL) == 0) {
		const struct adapter *a = registry_find(&r, name);
		yes = a && has_mark(a);
		registry_free(&r);
	}
	free(path);
	return yes;
}

/* The version of name when $LOCO_HOME/registry.yaml has it installed with its
 * files in place (caller frees), else NULL. */
static char *home_ready_version(const struct loco_ctx *ctx, const char *name)
{
	char *path = path_join(ctx->cfg.home, "registry.yaml"), *v = NULL;
	struct registry r;
	if (file_exists(path) && registry_load_file(&r, path, NULL) == 0) {
		const struct adapter *a = registry_find(&r, name);
		if (a && has_mark(a) && adapter_files_present(&r, a))
			v = xstrdup(a->version);
		registry_free(&r);
	}
	free(path);
	return v;
}

/* Replaces the entry of name with entry_yaml where it stands (registry order
 * is kept), or adds it at the end; in memory. */
static int home_put(struct home *h, const char *name, const char *entry_yaml, char **err)
{
	const char *path[] = {"adapters", name};
	char *out = NULL;
	size_t out_len = 0;
	if (yedit_replace(h->path, h->text, h->len, path, 2, entry_yaml, &out, &out_len, err) < 0)
		return -1;
	free(h->text);
	h->text = out;
	h->len = out_len;
	return 0;
}

static int home_drop(struct home *h, const char *name, char **err)
{
	const char *path[] = {"adapters", name};
	char *out = NULL;
	size_t out_len = 0;
	if (yedit_remove(h->path, h->text, h->len, path, 2, &out, &out_len, err) < 0)
		return -1;
	free(h->text);
	h->text = out;
	h->len = out_len;
	return 0;
}

/* Checks that the new text still loads, then writes it atomically. */
static int home_write(const struct loco_ctx *ctx, const struct home *h, char **err)
{
	struct registry check;
	if (home_parse(ctx, h, h->text, h->len, &check, err) < 0)
		return -1;
	registry_free(&check);
	if (mkdir_parents(h->path, true, err) < 0)
		return -1;
	return write_file_atomic(h->path, h->text, h->len, err);
}

/* ---- an entry as one flow mapping ---------------------------------------- */

static void add_str(struct strbuf *sb, const char *key, const char *value)
{
	if (!value)
		return;
	char *q = yaml_quote(value);
	sb_addf(sb, "%s%s: %s", sb->len > 1 ? ", " : "", key, q);
	free(q);
}

static void add_list(struct strbuf *sb, const char *key, char **list, size_t n)
{
	if (!n)
		return;
	sb_addf(sb, "%s%s: [", sb->len > 1 ? ", " : "", key);
	for (size_t i = 0; i < n; i++) {
		char *q = yaml_quote(list[i]);
		sb_addf(sb, "%s%s", i ? ", " : "", q);
		free(q);
	}
	sb_adds(sb, "]");
}

static void add_scores(struct strbuf *sb, const struct score_entry *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *q = yaml_quote(s[i].name);
		sb_addf(sb, "%s%s: %.17g", i ? ", " : "", q, s[i].score);
		free(q);
	}
}

/* The entry written to the home registry: every field loco reads, the model
 * file at file_rel (relative to $LOCO_HOME), the dataset only where it is a
 * file on this machine, and where it came from. */
static char *entry_yaml(const struct registry *src, const struct adapter *a, const char *file_rel,
                        bool active, const char *from)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "{");
	add_str(&sb, "version", a->version);
	add_str(&sb, "domain", a->domain);
	sb_addf(&sb, ", active: %s, type: %s", active ? "true" : "false",
	        adapter_type_name(a->type));
	add_str(&sb, "description", a->description);
	add_str(&sb, "system_prompt", a->system_prompt);
	if (a->type != ADAPTER_SYSTEM_PROMPT)
		add_str(&sb, a->type == ADAPTER_MERGED_GGUF ? "gguf_path" : "adapter_path",
		        file_rel);
	add_str(&sb, "url", a->url);
	add_str(&sb, "sha256", a->sha256);
	add_list(&sb, "tags", a->tags, a->n_tags);
	add_list(&sb, "authors", a->authors, a->n_authors);
	add_str(&sb, "semester", a->semester);
	char *ds = adapter_dataset_path(src, a);
	if (ds && ds[0] == '/' && file_exists(ds))
		add_str(&sb, "eval_dataset", ds);
	free(ds);
	add_str(&sb, "eval_type", a->eval_type);
	add_list(&sb, "router_keywords", a->router_keywords, a->n_router_keywords);
	if (a->n_router_patterns) {
		sb_adds(&sb, ", router_patterns: [");
		for (size_t i = 0; i < a->n_router_patterns; i++) {
			char *q = yaml_quote(a->router_patterns[i].text);
			sb_addf(&sb, "%s%s", i ? ", " : "", q);
			free(q);
		}
		sb_adds(&sb, "]");
	}
	if (a->n_benchmark_scores) {
		sb_adds(&sb, ", benchmark_scores: {");
		add_scores(&sb, a->benchmark_scores, a->n_benchmark_scores);
		sb_adds(&sb, "}");
	}
	if (a->training_method || a->training_dataset || a->n_training) {
		sb_adds(&sb, ", training: {");
		size_t before = sb.len;
		if (a->training_method) {
			char *q = yaml_quote(a->training_method);
			sb_addf(&sb, "method: %s", q);
			free(q);
		}
		if (a->training_dataset) {
			char *q = yaml_quote(a->training_dataset);
			sb_addf(&sb, "%sdataset: %s", sb.len > before ? ", " : "", q);
			free(q);
		}
		if (a->n_training && sb.len > before)
			sb_adds(&sb, ", ");
		add_scores(&sb, a->training, a->n_training);
		sb_adds(&sb, "}");
	}
	add_str(&sb, MARK_KEY, from);
	sb_adds(&sb, "}");
	return sb_detach(&sb);
}

/* ---- one run --------------------------------------------------------------- */

struct run {
	struct loco_ctx *ctx;
	bool showing, create, force;
	struct progress_display show;
	struct backend *b;
	struct model_info *models;
	size_t n_models;
	struct model_records rec;
	bool have_rec;
	cJSON *json; /* the --json list */
	int exit_code;
	bool stop; /* Ctrl-C or the server went away: no further adapters */
	char *download_label;
};

/* Keeps the worst exit code: an interruption over everything, then the rest. */
static void fail(struct run *r, int code)
{
	if (r->exit_code != LOCO_INTERRUPTED && (code == LOCO_INTERRUPTED || !r->exit_code))
		r->exit_code = code;
	if (code == LOCO_INTERRUPTED || code == LOCO_UNREACHABLE)
		r->stop = true;
}

static int report_server(const struct run *r, const struct net_error *e, const char *doing,
                         const char *fix)
{
	if (e->status == NET_INTERRUPTED) {
		loco_error("interrupted while %s", doing);
		return LOCO_INTERRUPTED;
	}
	if (e->status == NET_UNREACHABLE) {
		loco_error(
		    "cannot reach Ollama at %s (%s) while %s; start it with 'ollama serve' or "
		    "set OLLAMA_HOST%s",
		    backend_address(r->b), e->message, doing, fix);
		return LOCO_UNREACHABLE;
	}
	loco_error("Ollama at %s failed while %s: %s", backend_address(r->b), doing, e->message);
	return LOCO_FAIL;
}

/* The server must answer before anything is downloaded. */
static int open_server(struct run *r)
{
	if (strcmp(r->ctx->cfg.backend_kind, "ollama")) {
		loco_error(
		    "'%s' makes Ollama models, but backend.kind is '%s'; pass --no-create to "
		    "only download and register",
		    r->ctx->command, r->ctx->cfg.backend_kind);
		return LOCO_USAGE;
	}
	int rc = open_backend(r->ctx, &r->b);
	if (rc)
		return rc;
	struct net_error e = {0};
	if (backend_list_models(r->b, &r->models, &r->n_models, &e) < 0)
		rc = report_server(
		    r, &e, "listing its models",
		    ", or pass --no-create to download now and let 'loco setup' create "
		    "the model later");
	net_error_clear(&e);
	if (rc == 0) {
		char *path = path_join(r->ctx->cfg.home, "models.json"), *err = NULL;
		if (model_records_load(&r->rec, path, &err) < 0) {
			loco_warn("%s; it will be written anew", err);
			free(err);
			r->rec.dirty = true;
		}
		r->have_rec = true;
		free(path);
	}
	return rc;
}

static void on_download(void *ctx, int64_t completed, int64_t total)
{
	struct run *r = ctx;
	if (!r->showing)
		return;
	struct progress_event ev = {r->download_label, "", total > 0 ? total : 0,
	                            total > 0 ? completed : 0};
	progress_event(&r->show, &ev);
}

static void on_model_event(void *ctx, const char *model, const struct progress_event *ev)
{
	(void)model;
	struct run *r = ctx;
	if (r->showing)
		progress_event(&r->show, ev);
}

static void on_starting(void *ctx, const char *model, const char *reason)
{
	struct run *r = ctx;
	if (r->showing)
		progress_heading(&r->show, "creating %s (%s)", model, reason);
}

/* "lora.gguf" from "math/lora.gguf", else from the URL's path. */
static char *file_name_for(const struct adapter *a)
{
	const char *given = a->type == ADAPTER_MERGED_GGUF ? a->gguf_path : a->adapter_path;
	if (given && *given) {
		const char *slash = strrchr(given, '/');
		return xstrdup(slash ? slash + 1 : given);
	}
	const char *p = strstr(a->url, "://");
	p = p ? p + 3 : a->url;
	size_t end = strcspn(p, "?#");
	const char *last = p;
	for (size_t i = 0; i < end; i++)
		if (p[i] == '/')
			last = p + i + 1;
	size_t n = (size_t)(p + end - last);
	if (n == 0 || (n == 1 && *last == '.') || (n == 2 && !strncmp(last, "..", 2)))
		return xstrdup("model.gguf");
	return xstrndup(last, n);
}

struct fetched {
	char *file_rel; /* "adapters/NAME/FILE", relative to $LOCO_HOME */
	char sha256[65];
	int64_t bytes, resumed_from;
};

static int download_failure(const struct run *r, const struct adapter *a, const char *source,
                            const char *dest, const struct download_error *e)
{
	char *part = xasprintf("%s.part", dest);
	int rc = LOCO_FAIL;
	switch (e->status) {
	case DL_CHECKSUM:
		loco_error(
		    "the download of '%s' from %s is not the file its registry entry names: %s; "
		    "the download was deleted. Check the url and sha256 of '%s' in %s",
		    a->name, a->url, e->message, a->name, source);
		break;
	case DL_HTTP:
		loco_error("cannot download '%s' from %s: %s; check its url in %s", a->name, a->url,
		           e->message, source);
		break;
	case DL_UNREACHABLE:
		loco_error(
		    "cannot download '%s': cannot reach %s (%s); check the network and the url "
		    "in %s",
		    a->name, a->url, e->message, source);
		break;
	case DL_CUT:
		loco_error(
		    "the download of '%s' from %s stopped: %s; run 'loco adapters install %s' "
		    "again to resume from the bytes kept in %s",
		    a->name, a->url, e->message, a->name, part);
		break;
	case DL_INTERRUPTED:
		loco_error(
		    "interrupted while downloading '%s'; the bytes so far are kept in %s and "
		    "'loco adapters install %s' resumes",
		    a->name, part, a->name);
		rc = LOCO_INTERRUPTED;
		break;
	default:
		loco_error("cannot download '%s' from %s: %s", a->name, a->url, e->message);
	}
	(void)r;
	free(part);
	return rc;
}

/* Whether dest holds the file the entry names: 1 when its SHA-256 is the
 * entry's (f filled in), 0 when it is absent or differs (*have set to its
 * digest, "" when absent), -1 when it cannot be read (said). */
static int check_present(const struct adapter *a, const char *dest, struct fetched *f,
                         char have[65])
{
	have[0] = '\0';
	struct stat st;
	if (stat(dest, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	char *err = NULL;
	if (sha256_file(dest, have, &err) < 0) {
		loco_error("cannot read %s: %s", dest, err);
		free(err);
		return -1;
	}
	if (strcasecmp(have, a->sha256))
		return 0;
	memcpy(f->sha256, have, sizeof f->sha256);
	f->bytes = (int64_t)st.st_size;
	f->resumed_from = 0;
	return 1;
}

/* $LOCO_HOME/adapters/NAME/ for a download; *made says which of adapters/
 * (2) and NAME/ (1) this run created, so a failure can take them away. */
static int make_folders(const struct loco_ctx *ctx, const char *name, int *made, char **err)
{
	char *top = path_join(ctx->cfg.home, "adapters"), *dir = path_join(top, name);
	struct stat st;
	*made = (stat(top, &st) < 0 ? 2 : 0) | (stat(dir, &st) < 0 ? 1 : 0);
	int rc = mkdir_parents(dir, false, err);
	free(top);
	free(dir);
	return rc;
}

/* A failed download leaves no empty folder behind: only the folders this
 * run made, and only when empty (a .part kept for resuming keeps its own). */
static void drop_new_folders(const struct loco_ctx *ctx, const char *name, int made)
{
	char *top = path_join(ctx->cfg.home, "adapters"), *dir = path_join(top, name);
	if (made & 1)
		rmdir(dir);
	if (made & 2)
		rmdir(top);
	free(top);
	free(dir);
}

/* Downloads and verifies the adapter's file into $LOCO_HOME/adapters/NAME/;
 * a file already there with the entry's sha256 is kept as it is, and an
 * entry without url can only use such a file. */
static int fetch_file(struct run *r, const struct adapter *a, const char *source, struct fetched *f)
{
	char *file = file_name_for(a), *err = NULL;
	char *rel_dir = path_join("adapters", a->name);
	f->file_rel = path_join(rel_dir, file);
	char *dest = path_join(r->ctx->cfg.home, f->file_rel);
	char have[65] = "";
	int rc = 0, made = 0;
	int present = a->sha256 ? check_present(a, dest, f, have) : 0;
	if (present < 0) {
		rc = LOCO_FAIL;
	} else if (present) {
		if (r->showing)
			progress_heading(&r->show, "%s %s: %s already downloaded, checksum ok",
			                 a->name, a->version, file);
	} else if (!a->url) {
		if (have[0])
			loco_error("%s is not the file the entry of '%s' names: its SHA-256 is %s, "
			           "not %s; "
			           "it was left as it is",
			           dest, a->name, have, a->sha256);
		else
			loco_error(
			    "'%s' has no url to download from in %s; place its %s file at %s (its "
			    "SHA-256 is checked against the entry's sha256) and run this again",
			    a->name, source, a->type == ADAPTER_LORA ? "lora" : "gguf", dest);
		rc = LOCO_FAIL;
	} else if (make_folders(r->ctx, a->name, &made, &err) < 0) {
		loco_error("cannot make the folder for '%s': %s", dest, err);
		rc = LOCO_FAIL;
	} else {
		if (r->showing && have[0])
			progress_heading(
			    &r->show,
			    "%s %s: %s is here but its SHA-256 is %s, not the entry's; "
			    "downloading it again",
			    a->name, a->version, file, have);
		if (r->showing)
			progress_heading(&r->show, "downloading %s %s from %s", a->name, a->version,
			                 a->url);
		r->download_label = xasprintf("downloading %s", file);
		struct download_opts o = {a->url, r->ctx->cfg.connect_timeout,
		                          r->ctx->cfg.stall_timeout, on_download, r};
		struct download_info info;
		struct download_error e;
		if (download_file(&o, dest, a->sha256, &info, &e) < 0) {
			if (r->showing)
				progress_close(&r->show);
			rc = download_failure(r, a, source, dest, &e);
		} else {
			memcpy(f->sha256, info.sha256, sizeof f->sha256);
			f->bytes = info.bytes;
			f->resumed_from = info.resumed_from;
			if (r->showing) {
				char *size = format_bytes(info.bytes);
				progress_heading(&r->show, "verified %s: %s, sha256 %s%s", file,
				                 size, info.sha256,
				                 info.resumed_from ? " (resumed)" : "");
				free(size);
			}
		}
		download_error_clear(&e);
		free(r->download_label);
		r->download_label = NULL;
	}
	if (rc)
		drop_new_folders(r->ctx, a->name, made);
	free(err);
	free(file);
	free(rel_dir);
	free(dest);
	return rc;
}

/* Whether another adapter of the home registry is active in a's domain. */
static bool domain_taken(const struct registry *home, const struct adapter *a)
{
	for (size_t i = 0; i < home->n_adapters; i++) {
		const struct adapter *o = &home->adapters[i];
		if (o->active && strcmp(o->name, a->name) && !strcmp(o->domain, a->domain))
			return true;
	}
	return false;
}

/* Makes the model of the just-written entry; returns the outcome word. */
static const char *create_model(struct run *r, const struct registry *home, const char *name,
                                const char *file_sha)
{
	const struct adapter *a = registry_find(home, name);
	struct model_ensure_opts o = {
	    .installed = r->models,
	    .n_installed = r->n_models,
	    .base_available = model_find(r->models, r->n_models, home->base_ollama_name) != NULL,
	    .file_sha256 = file_sha,
	    .starting = on_starting,
	    .progress = on_model_event,
	    .ctx = r,
	};
	struct model_outcome out;
	model_ensure_adapter(r->b, home, a, &r->rec, &o, &out);
	if (r->showing)
		progress_close(&r->show);
	char *model = adapter_model_name(a);
	const char *word = model_status_name(out.status);
	if (out.status == MODEL_FAILED) {
		if (out.error.status == NET_UNREACHABLE || out.error.status == NET_INTERRUPTED) {
			fail(r, report_server(
			            r, &out.error, "creating the model",
			            "; the adapter is installed and 'loco setup' creates it"));
		} else {
			loco_error(
			    "cannot create '%s': %s; the adapter is installed, and 'loco setup' "
			    "creates its model once this is fixed",
			    model, out.reason);
			fail(r, LOCO_FAIL);
		}
	} else if (out.status == MODEL_CREATED) {
		struct model_info *list = NULL;
		size_t n = 0;
		struct net_error e = {0};
		if (backend_list_models(r->b, &list, &n, &e) == 0) {
			const struct model_info *m = model_find(list, n, model);
			if (m)
				model_records_set_digest(&r->rec, backend_address(r->b), model,
				                         m->digest);
		}
		net_error_clear(&e);
		model_list_free(list, n);
	}
	model_outcome_free(&out);
	free(model);
	return word;
}

/* Removes the old file of an entry being replaced when the new one differs. */
static void drop_old_file(const struct loco_ctx *ctx, const struct registry *home, const char *name,
                          const char *new_rel)
{
	const struct adapter *old = registry_find(home, name);
	if (!old || !has_mark(old))
		return;
	char *oldp = adapter_file_path(home, old), *newp = path_join(ctx->cfg.home, new_rel);
	char *dir = path_join(ctx->cfg.home, "adapters");
	size_t n = strlen(dir);
	if (oldp && strcmp(oldp, newp) && !strncmp(oldp, dir, n) && oldp[n] == '/')
		unlink(oldp);
	free(oldp);
	free(newp);
	free(dir);
}

/* Puts a's entry into $LOCO_HOME/registry.yaml as the file is now, under its
 * lock: the download took a while, and another install, remove or promote
 * may have written it since it was first read. On success *h becomes that
 * text; the old file of a replaced entry goes. */
static int enter_locked(const struct loco_ctx *ctx, struct home *h, const struct registry *src,
                        const struct adapter *a, const struct fetched *f, const char *from,
                        bool *active, char **err)
{
	int lock = file_lock(h->path, err);
	if (lock < 0)
		return -1;
	struct home now;
	struct registry reg;
	int rc = home_open(ctx, &now, err);
	if (rc == 0 && (rc = home_parse(ctx, &now, now.text, now.len, &reg, err)) == 0) {
		*active = a->active && !domain_taken(&reg, a);
		char *yaml = entry_yaml(src, a, f->file_rel, *active, from);
		rc = home_put(&now, a->name, yaml, err);
		if (rc == 0)
			rc = home_write(ctx, &now, err);
		if (rc == 0 && f->file_rel)
			drop_old_file(ctx, &reg, a->name, f->file_rel);
		free(yaml);
		registry_free(&reg);
	}
	file_unlock(lock);
	if (rc < 0) {
		home_free(&now);
		return -1;
	}
	home_free(h);
	*h = now;
	return 0;
}

/* Installs adapter a (from registry src, named by `from` in the entry):
 * download, entry, model. previous: the version it replaces (update), or
 * NULL. Returns 0 or the exit code of what failed (also kept in r). */
static int install_one(struct run *r, const struct registry *src, const struct adapter *a,
                       const char *from, const char *source_label, const char *previous)
{
	struct loco_ctx *ctx = r->ctx;
	struct home h;
	char *err = NULL;
	if (home_open(ctx, &h, &err) < 0) {
		loco_error("cannot read %s: %s", h.path, err);
		free(err);
		home_free(&h);
		fail(r, LOCO_BAD_INPUT);
		return LOCO_BAD_INPUT;
	}
	struct registry home;
	if (home_parse(ctx, &h, h.text, h.len, &home, &err) < 0) {
		loco_error("%s; fix it by hand before installing", err);
		free(err);
		home_free(&h);
		fail(r, LOCO_BAD_INPUT);
		return LOCO_BAD_INPUT;
	}
	int rc = 0;
	if (a->type == ADAPTER_LORA && src->base_ollama_name && home.base_ollama_name &&
	    !model_name_equal(src->base_ollama_name, home.base_ollama_name)) {
		loco_error(
		    "'%s' is a LoRA for the base model '%s', but %s uses '%s'; it cannot work "
		    "on another base model",
		    a->name, src->base_ollama_name, h.path, home.base_ollama_name);
		rc = LOCO_FAIL;
	} else if (a->type != ADAPTER_SYSTEM_PROMPT && !a->url && !a->sha256) {
		loco_error(
		    "'%s' has no url to download from in %s, and no sha256: a file placed by "
		    "hand could not be verified, so it is not installed; add the file's sha256 to "
		    "the entry (sha256sum prints it), or let 'loco setup' use it from the registry "
		    "that names it",
		    a->name, source_label);
		rc = LOCO_FAIL;
	}
	struct fetched f = {0};
	if (rc == 0 && a->type != ADAPTER_SYSTEM_PROMPT)
		rc = fetch_file(r, a, source_label, &f);
	bool active = false;
	if (rc == 0 && enter_locked(ctx, &h, src, a, &f, from, &active, &err) < 0) {
		loco_error("cannot add '%s' to %s: %s", a->name, h.path, err);
		rc = LOCO_FAIL;
	}
	if (rc == 0 && h.seeded_from)
		loco_note(ctx, "created %s with the adapters of %s", h.path, h.seeded_from);
	if (rc == 0 && a->active && !active)
		loco_note(ctx,
		          "'%s' is installed inactive: domain '%s' already has an active adapter; "
		          "'loco promote %s' makes it the active one",
		          a->name, a->domain, a->name);
	const char *model_word = "not_created";
	int before = r->exit_code;
	if (rc == 0 && r->create) {
		struct registry now;
		r->exit_code = 0;
		if (home_parse(ctx, &h, h.text, h.len, &now, &err) == 0) {
			model_word = create_model(r, &now, a->name, f.file_rel ? f.sha256 : NULL);
			registry_free(&now);
		}
		int made = r->exit_code;
		r->exit_code = before;
		if (made)
			fail(r, made);
	}
	if (rc)
		fail(r, rc);
	else if (r->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", a->name);
		cJSON_AddStringToObject(o, "status", previous ? "updated" : "installed");
		if (previous)
			cJSON_AddStringToObject(o, "previous", previous);
		cJSON_AddStringToObject(o, "version", a->version);
		cJSON_AddStringToObject(o, "type", adapter_type_name(a->type));
		cJSON_AddStringToObject(o, "from", from);
		cJSON_AddStringToObject(o, "registry", h.path);
		if (f.file_rel) {
			char *p = path_join(ctx->cfg.home, f.file_rel);
			cJSON_AddStringToObject(o, "file", p);
			free(p);
			cJSON_AddStringToObject(o, "sha256", f.sha256);
			cJSON_AddNumberToObject(o, "bytes", (double)f.bytes);
			cJSON_AddNumberToObject(o, "resumed_from", (double)f.resumed_from);
		} else {
			cJSON_AddNullToObject(o, "file");
		}
		char *model = adapter_model_name(a);
		cJSON_AddStringToObject(o, "model", model);
		free(model);
		cJSON_AddStringToObject(o, "model_status", model_word);
		cJSON_AddBoolToObject(o, "active", active);
		cJSON_AddItemToArray(r->json, o);
	} else {
		char *model = adapter_model_name(a);
		char *what = previous
		                 ? xasprintf("updated %s %s -> %s", a->name, previous, a->version)
		                 : xasprintf("installed %s %s", a->name, a->version);
		if (!r->create)
			printf("%s (%s) from %s; run 'loco setup' to create %s\n", what,
			       adapter_type_name(a->type), from, model);
		else
			printf("%s (%s) from %s; model %s %s\n", what, adapter_type_name(a->type),
			       from, model,
			       !strcmp(model_word, "created") ? "created"
			       : !strcmp(model_word, "ready") ? "is up to date"
			                                      : "not created");
		free(what);
		free(model);
	}
	free(err);
	free(f.file_rel);
	registry_free(&home);
	home_free(&h);
	return rc;
}

static void run_init(struct run *r, struct loco_ctx *ctx, const struct cmd_args *args)
{
	memset(r, 0, sizeof *r);
	r->ctx = ctx;
	r->showing = !ctx->quiet;
	r->create = !arg_flag(args, "no-create");
	r->force = arg_flag(args, "force");
	progress_init(&r->show, stderr, ctx->tty_err, ctx->verbose > 0);
	if (ctx->json)
		r->json = cJSON_CreateArray();
}

/* Saves the model records, prints --json, frees; returns the exit code. */
static int run_finish(struct run *r, const char *json_key)
{
	if (r->showing)
		progress_close(&r->show);
	char *err = NULL;
	if (r->have_rec && model_records_save(&r->rec, &err) < 0) {
		loco_error("cannot record the models made: %s; 'loco setup' will make them again",
		           err);
		free(err);
		fail(r, LOCO_FAIL);
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
	backend_free(r->b);
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
	struct download_error e;
	char *text = NULL, *err = NULL;
	size_t len = 0;
	int rc = 0;
	if (download_text(&o, INDEX_MAX, &text, &len, &e) < 0) {
		if (e.status == DL_INTERRUPTED) {
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
	download_error_clear(&e);
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

static int run_install(struct loco_ctx *ctx, const struct cmd_args *args)
{
	struct run r;
	run_init(&r, ctx, args);
	struct sigaction old;
	backend_catch_sigint(&old);
	struct registry index;
	bool have_index = false;
	int rc = 0;
	/* every name is checked before anything is downloaded */
	for (int i = 0; rc == 0 && i < args->npos; i++) {
		if (registry_find(&ctx->reg, args->pos[i]))
			continue;
		if (!have_index && ctx->cfg.index_url) {
			rc = adapters_load_index(ctx, &index);
			have_index = rc == 0;
		}
		if (rc == 0 && !(have_index && registry_find(&index, args->pos[i]))) {
			not_found(ctx, args->pos[i], have_index ? &index : NULL);
			rc = LOCO_NOT_FOUND;
		}
	}
	if (rc == 0 && r.create)
		rc = open_server(&r);
	for (int i = 0; rc == 0 && i < args->npos && !r.stop; i++) {
		const char *name = args->pos[i];
		const struct adapter *a = registry_find(&ctx->reg, name);
		const struct registry *src = a ? &ctx->reg : &index;
		if (!a)
			a = registry_find(&index, name);
		char *have = r.force ? NULL : home_ready_version(ctx, name);
		if (have) {
			loco_note(ctx,
			          "'%s' %s is already installed; 'loco adapters update %s' looks "
			          "for a newer version, --force installs it again",
			          name, have, name);
			free(have);
			continue;
		}
		/* installed_from names the source so it means the same from any folder */
		char *real = src == &index ? NULL : realpath(ctx->reg.path, NULL);
		const char *from = src == &index ? index.path : real ? real : ctx->reg.path;
		install_one(&r, src, a, from, src == &index ? "the index" : ctx->reg.path, NULL);
		free(real);
	}
	backend_release_sigint(&old);
	if (have_index)
		registry_free(&index);
	if (rc) {
		fail(&r, rc);
	} else if (r.exit_code == 0) {
		note_shadowed(ctx);
	}
	return run_finish(&r, "installed");
}

/* ---- update ----------------------------------------------------------------------- */

static int update_one(struct run *r, const struct registry *home, const struct adapter *cur,
                      const struct registry *index, bool check)
{
	const struct adapter *next = registry_find(index, cur->name);
	int cmp = 0;
	const char *status;
	if (!next)
		status = "not_in_index";
	else if (semver_compare(next->version, cur->version, &cmp) < 0)
		status = "not_comparable";
	else if (cmp <= 0)
		status = "up_to_date";
	else
		status = check ? "would_update" : "update";
	if (!strcmp(status, "update"))
		return install_one(r, index, next, index->path, "the index", cur->version);
	if (r->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", cur->name);
		cJSON_AddStringToObject(o, "status", status);
		cJSON_AddStringToObject(o, "version", cur->version);
		if (next)
			cJSON_AddStringToObject(o, "available", next->version);
		else
			cJSON_AddNullToObject(o, "available");
		cJSON_AddItemToArray(r->json, o);
	} else if (!strcmp(status, "not_in_index")) {
		printf("%s %s: not in the index; kept\n", cur->name, cur->version);
	} else if (!strcmp(status, "not_comparable")) {
		printf("%s %s: the index has '%s'; not semantic versions, so kept\n", cur->name,
		       cur->version, next->version);
	} else if (!strcmp(status, "up_to_date")) {
		printf("%s %s: up to date\n", cur->name, cur->version);
	} else {
		printf("%s %s -> %s: would update\n", cur->name, cur->version, next->version);
	}
	(void)home;
	return 0;
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
	struct home h;
	char *err = NULL;
	struct registry home;
	bool have_home = false;
	if (home_open(ctx, &h, &err) == 0 && home_parse(ctx, &h, h.text, h.len, &home, &err) == 0)
		have_home = true;
	if (!have_home) {
		loco_error("cannot read %s: %s", h.path, err);
		free(err);
		home_free(&h);
		return LOCO_BAD_INPUT;
	}
	int rc = 0;
	for (int i = 0; i < args->npos && rc == 0; i++) {
		const struct adapter *a = registry_find(&home, args->pos[i]);
		if (!a || !has_mark(a)) {
			struct suggestion sg;
			suggest_init(&sg, args->pos[i]);
			for (size_t k = 0; k < home.n_adapters; k++)
				if (has_mark(&home.adapters[k]))
					suggest_consider(&sg, home.adapters[k].name);
			const char *s = suggest_result(&sg);
			if (s)
				loco_error("'%s' is not installed in %s; did you mean '%s'?",
				           args->pos[i], h.path, s);
			else
				loco_error(
				    "'%s' is not installed in %s; install it with 'loco adapters "
				    "install %s'",
				    args->pos[i], h.path, args->pos[i]);
			rc = LOCO_NOT_FOUND;
		}
	}
	struct run r;
	run_init(&r, ctx, args);
	struct sigaction old;
	backend_catch_sigint(&old);
	struct registry index;
	bool have_index = false;
	if (rc == 0) {
		rc = adapters_load_index(ctx, &index);
		have_index = rc == 0;
	}
	/* the server is needed only when something will be installed */
	bool any = false;
	for (size_t i = 0; rc == 0 && i < home.n_adapters; i++) {
		const struct adapter *a = &home.adapters[i], *next;
		bool named = args->npos == 0 && has_mark(a);
		for (int k = 0; k < args->npos; k++)
			named |= !strcmp(args->pos[k], a->name);
		int cmp = 0;
		if (named && (next = registry_find(&index, a->name)) &&
		    semver_compare(next->version, a->version, &cmp) == 0 && cmp > 0)
			any = true;
	}
	if (rc == 0 && any && !check && r.create)
		rc = open_server(&r);
	size_t seen = 0;
	for (size_t i = 0; rc == 0 && i < home.n_adapters && !r.stop; i++) {
		const struct adapter *a = &home.adapters[i];
		bool named = args->npos == 0 && has_mark(a);
		for (int k = 0; k < args->npos; k++)
			named |= !strcmp(args->pos[k], a->name);
		if (!named)
			continue;
		seen++;
		update_one(&r, &home, a, &index, check);
	}
	if (rc == 0 && seen == 0 && !ctx->json)
		printf("no adapters installed with 'loco adapters install'; nothing to update\n");
	backend_release_sigint(&old);
	if (have_index)
		registry_free(&index);
	registry_free(&home);
	home_free(&h);
	if (rc)
		fail(&r, rc);
	return run_finish(&r, "adapters");
}

/* ---- remove ----------------------------------------------------------------------- */

/* Deletes the regular files of $LOCO_HOME/adapters/NAME and the folder;
 * returns how many files went, or -1 with *err. */
static int remove_files(const struct loco_ctx *ctx, const char *name, char **err)
{
	char *base = path_join(ctx->cfg.home, "adapters"), *dir = path_join(base, name);
	free(base);
	DIR *d = opendir(dir);
	if (!d) {
		int e = errno;
		int rc = e == ENOENT ? 0 : set_err(err, "cannot open '%s': %s", dir, strerror(e));
		free(dir);
		return rc;
	}
	int n = 0, rc = 0;
	for (struct dirent *de; (de = readdir(d));) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		char *p = path_join(dir, de->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && !S_ISDIR(st.st_mode)) {
			if (unlink(p) == 0)
				n++;
			else if (rc == 0)
				rc = set_err(err, "cannot delete '%s': %s", p, strerror(errno));
		}
		free(p);
	}
	closedir(d);
	if (rc == 0 && rmdir(dir) < 0)
		rc = set_err(err,
		             "'%s' still holds folders loco did not make (%s); delete them by hand",
		             dir, strerror(errno));
	free(dir);
	return rc < 0 ? -1 : n;
}

/* The entry of name in the registry $LOCO_HOME/registry.yaml shadows (the
 * installed or built-in one), as remove writes it back: flow YAML with its
 * paths absolute, as the first install copied them, active unless another
 * adapter of home holds its domain. *yaml stays NULL when that registry has
 * no such adapter. Returns 0, or -1 with *err. */
static int shipped_entry(const struct registry *home, const char *name, char **yaml, char **from,
                         char **version, char **err)
{
	char *text = NULL, *path = NULL, *dir = NULL;
	size_t len = 0;
	*yaml = NULL;
	if (registry_fallback_text(&text, &len, &path, &dir, err) < 0)
		return -1;
	struct registry r;
	int rc = registry_parse(&r, path, text, len, err);
	if (rc == 0) {
		r.dir = dir;
		dir = NULL;
		const struct adapter *a = registry_find(&r, name);
		if (a) {
			char *file = adapter_file_path(&r, a);
			const char *given =
			    a->type == ADAPTER_MERGED_GGUF ? a->gguf_path : a->adapter_path;
			*yaml = entry_yaml(&r, a, file ? file : given,
			                   a->active && !domain_taken(home, a), NULL);
			*from = path;
			path = NULL;
			*version = xstrdup(a->version);
			free(file);
		}
		registry_free(&r);
	}
	free(text);
	free(path);
	free(dir);
	return rc;
}

/* What remove did to one adapter. */
struct removal {
	const char *name;
	char *restored_from; /* the registry whose entry was put back; NULL: deleted */
	char *restored_version;
	int files; /* deleted; -1 when they could not all be */
	char *files_err;
	const char *model_status; /* deleted, absent, kept, not_deleted */
};

/* Deletes locollm-NAME; a model the server does not have is fine. */
static int remove_model(struct run *r, const char *model, const char **word)
{
	struct net_error e = {0};
	int rc = 0;
	*word = "deleted";
	if (backend_delete_model(r->b, model, &e) < 0) {
		if (e.status == NET_NOT_FOUND) {
			*word = "absent";
		} else {
			char *doing = xasprintf("deleting '%s'", model);
			rc = report_server(r, &e, doing, "");
			free(doing);
			*word = "not_deleted";
		}
	}
	net_error_clear(&e);
	if (rc == 0)
		model_records_forget(&r->rec, backend_address(r->b), model);
	return rc;
}

static void not_installed(const char *name, const struct home *h, const struct registry *home,
                          const struct adapter *a)
{
	struct suggestion sg;
	suggest_init(&sg, name);
	for (size_t k = 0; k < home->n_adapters; k++)
		if (has_mark(&home->adapters[k]))
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

/* Says what became of one adapter once its entry is written: a line on
 * stdout (or its --json object), or the error naming what was not removed. */
static void report_removal(struct run *r, const struct home *h, const struct removal *x)
{
	char *model = xasprintf("locollm-%s", x->name);
	bool partial = x->files < 0 || !strcmp(x->model_status, "not_deleted");
	if (r->json) {
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
		cJSON_AddStringToObject(o, "model_status", x->model_status);
		cJSON_AddItemToArray(r->json, o);
	}
	char *entry = x->restored_from ? xasprintf("its entry in %s is the one of %s again (%s)",
	                                           h->path, x->restored_from, x->restored_version)
	                               : xasprintf("its entry in %s", h->path);
	if (partial) {
		struct strbuf done = STRBUF_INIT, not_done = STRBUF_INIT;
		if (x->restored_from)
			sb_adds(&done, entry);
		else
			sb_addf(&done, "its entry is gone from %s", h->path);
		if (x->files > 0)
			sb_addf(&done, " and its %d file%s deleted", x->files,
			        x->files == 1 ? "" : "s");
		else if (x->files < 0)
			sb_addf(&not_done, "its files were not all deleted (%s)", x->files_err);
		if (!strcmp(x->model_status, "not_deleted"))
			sb_addf(&not_done,
			        "%sits model %s is still on the server; delete it with 'ollama "
			        "rm %s'",
			        not_done.len ? ", and " : "", model, model);
		loco_error("'%s' was removed only in part: %s, but %s", x->name, done.buf,
		           not_done.buf);
		sb_free(&done);
		sb_free(&not_done);
	} else if (!r->json) {
		const char *word = x->model_status;
		printf("removed %s: %s, %d file%s, model %s %s%s\n", x->name, entry, x->files,
		       x->files == 1 ? "" : "s", model,
		       !strcmp(word, "deleted")  ? "deleted"
		       : !strcmp(word, "absent") ? "(was not on the server)"
		                                 : "kept (--keep-model)",
		       x->restored_from ? "; 'loco setup' makes the model of that entry" : "");
	}
	free(entry);
	free(model);
}

/* Every name is checked, the new registry text made and the server reached
 * before anything changes; then the registry is written once (atomically),
 * and only then are the models and files deleted, one adapter at a time. */
static int run_remove(struct loco_ctx *ctx, const struct cmd_args *args)
{
	struct run r;
	run_init(&r, ctx, args);
	bool keep = arg_flag(args, "keep-model");
	struct home h;
	struct registry home;
	bool parsed = false;
	char *err = NULL;
	int rc = 0, lock = -1; /* held from the read to the write of the registry */
	memset(&h, 0, sizeof h);
	h.path = path_join(ctx->cfg.home, "registry.yaml");
	if (!file_exists(h.path)) {
		for (int i = 0; i < args->npos; i++)
			loco_error(
			    "'%s' is not installed: %s does not exist (nothing was installed with "
			    "'loco adapters install')",
			    args->pos[i], h.path);
		rc = LOCO_NOT_FOUND;
	} else if ((lock = file_lock(h.path, &err)) < 0) {
		loco_error("%s; nothing was removed", err);
		rc = LOCO_FAIL;
	} else if (read_file(h.path, HOME_REGISTRY_MAX, &h.text, &h.len, &err) < 0 ||
	           home_parse(ctx, &h, h.text, h.len, &home, &err) < 0) {
		loco_error("%s; fix it by hand first", err);
		rc = LOCO_BAD_INPUT;
	} else {
		parsed = true;
	}
	struct removal *rm = xcalloc((size_t)args->npos + 1, sizeof *rm);
	size_t n = 0;
	for (int i = 0; parsed && i < args->npos; i++) {
		const char *name = args->pos[i];
		bool twice = false;
		for (size_t k = 0; k < n; k++)
			twice |= !strcmp(rm[k].name, name);
		const struct adapter *a = registry_find(&home, name);
		if (twice)
			continue;
		if (!a || !has_mark(a)) {
			not_installed(name, &h, &home, a);
			rc = LOCO_NOT_FOUND;
			continue;
		}
		rm[n].name = name;
		rm[n++].model_status = "kept";
	}
	/* the new text: each entry deleted, or the shipped one put back in its place */
	for (size_t k = 0; rc == 0 && k < n; k++) {
		char *yaml = NULL;
		if (shipped_entry(&home, rm[k].name, &yaml, &rm[k].restored_from,
		                  &rm[k].restored_version, &err) < 0) {
			loco_error(
			    "cannot read the registry %s takes the place of: %s; nothing was "
			    "removed",
			    h.path, err);
			rc = LOCO_BAD_INPUT;
		} else if ((yaml ? home_put(&h, rm[k].name, yaml, &err)
		                 : home_drop(&h, rm[k].name, &err)) < 0) {
			loco_error("cannot remove '%s' from %s: %s; nothing was removed",
			           rm[k].name, h.path, err);
			rc = LOCO_FAIL;
		}
		free(yaml);
	}
	struct sigaction old;
	backend_catch_sigint(&old);
	if (rc == 0 && !keep) {
		if (strcmp(ctx->cfg.backend_kind, "ollama")) {
			loco_error(
			    "removing an adapter deletes its Ollama model, but backend.kind is "
			    "'%s'; pass --keep-model",
			    ctx->cfg.backend_kind);
			rc = LOCO_USAGE;
		} else {
			rc = open_backend(ctx, &r.b);
		}
		struct net_error e = {0};
		if (rc == 0 && backend_list_models(r.b, &r.models, &r.n_models, &e) < 0)
			rc = report_server(
			    &r, &e, "listing its models; nothing was removed",
			    ", or pass --keep-model to remove the files and the entries now "
			    "and delete the models later with 'ollama rm'");
		net_error_clear(&e);
		if (rc == 0) {
			char *path = path_join(ctx->cfg.home, "models.json");
			if (model_records_load(&r.rec, path, &err) < 0) {
				loco_warn("%s; it will be written anew", err);
				free(err);
				err = NULL;
				r.rec.dirty = true;
			}
			r.have_rec = true;
			free(path);
		}
	}
	if (rc == 0 && backend_interrupted()) {
		loco_error("interrupted; nothing was removed");
		rc = LOCO_INTERRUPTED;
	}
	if (rc == 0 && home_write(ctx, &h, &err) < 0) {
		loco_error("%s; nothing was removed", err);
		rc = LOCO_FAIL;
	}
	file_unlock(lock);
	/* the entries are gone: now each adapter's model, then its files */
	for (size_t k = 0; rc == 0 && k < n; k++) {
		struct removal *x = &rm[k];
		if (r.b && !r.stop) {
			char *model = xasprintf("locollm-%s", x->name);
			int one = remove_model(&r, model, &x->model_status);
			if (one)
				fail(&r, one == LOCO_INTERRUPTED ? one : LOCO_FAIL);
			if (one == LOCO_UNREACHABLE)
				r.stop = true;
			free(model);
		} else if (r.b) {
			x->model_status = "not_deleted"; /* the server went away, or Ctrl-C */
		}
		char *ferr = NULL;
		x->files = remove_files(ctx, x->name, &ferr);
		if (x->files < 0) {
			x->files_err = ferr;
			fail(&r, LOCO_FAIL);
		} else {
			free(ferr);
		}
		report_removal(&r, &h, x);
	}
	backend_release_sigint(&old);
	for (size_t k = 0; k < n; k++) {
		free(rm[k].restored_from);
		free(rm[k].restored_version);
		free(rm[k].files_err);
	}
	free(rm);
	free(err);
	if (parsed)
		registry_free(&home);
	home_free(&h);
	if (rc)
		fail(&r, rc);
	return run_finish(&r, "removed");
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
    .needs = CMD_NEEDS_REGISTRY | CMD_NEEDS_SERVER,
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
    .needs = CMD_NEEDS_REGISTRY | CMD_NEEDS_SERVER,
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

static const struct optspec remove_opts[] = {
    {"keep-model", 0, NULL, "leave the Ollama model (no server needed)"},
    {"json", 0, NULL, "print what was removed as JSON"},
};

const struct command cmd_adapters_remove = {
    .name = "remove",
    .run = run_remove,
    .needs = CMD_NEEDS_REGISTRY | CMD_NEEDS_SERVER,
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
