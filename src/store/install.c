/* install.c: the registry of installed adapters and the install, update and
 * remove transactions on it (install.h). The commands that drive them are in
 * src/cmd/adapters_install.c. */
#define _GNU_SOURCE
#include "install.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend.h"
#include "semver.h"
#include "registry.h"
#include "download.h"
#include "netlib.h"
#include "progress.h"
#include "yedit.h"

#define HOME_REGISTRY_MAX (64u << 20)
#define MARK_KEY          "installed_from"

/* ---- the home registry --------------------------------------------------- */

void home_registry_free(struct home_registry *h)
{
	free(h->path);
	free(h->text);
	free(h->seeded_from);
	memset(h, 0, sizeof *h);
}

int home_registry_parse(const char *home, const struct home_registry *h, struct registry *r,
                        char **err)
{
	if (registry_parse(r, h->path, h->text, h->len, err) < 0)
		return -1;
	r->dir = xstrdup(home);
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

/* Makes the relative paths of registry r (text, read from `from` in dir)
 * absolute in text. */
static int absolutize_all(const struct registry *r, const char *from, const char *dir, char **text,
                          size_t *len, char **err)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && dir && i < r->n_adapters; i++) {
		const struct adapter *a = &r->adapters[i];
		if (a->eval_dataset && a->eval_dataset[0] != '/') {
			char *folder = path_join(dir, a->name),
			     *abs = path_join(folder, a->eval_dataset);
			rc = absolutize(from, text, len, a->name, "eval_dataset", abs, err);
			free(folder);
			free(abs);
		}
		const char *key = a->gguf_path ? "gguf_path" : "adapter_path";
		const char *f = a->gguf_path ? a->gguf_path : a->adapter_path;
		if (rc == 0 && f && f[0] != '/') {
			char *abs = path_join(dir, f);
			rc = absolutize(from, text, len, a->name, key, abs, err);
			free(abs);
		}
	}
	return rc;
}

/* The first text of $LOCO_HOME/registry.yaml: the registry it will shadow,
 * with its relative paths made absolute so they still find their files. */
static int seed_text(struct home_registry *h, char **err)
{
	char *text = NULL, *from = NULL, *dir = NULL;
	size_t len = 0;
	if (registry_fallback_text(&text, &len, &from, &dir, err) < 0)
		return -1;
	struct registry r;
	int rc = registry_parse(&r, from, text, len, err);
	if (rc == 0) {
		rc = absolutize_all(&r, from, dir, &text, &len, err);
		registry_free(&r);
	}
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

void home_registry_init(const char *home, struct home_registry *h)
{
	memset(h, 0, sizeof *h);
	h->path = path_join(home, "registry.yaml");
}

int home_registry_read(struct home_registry *h, char **err)
{
	return read_file(h->path, HOME_REGISTRY_MAX, &h->text, &h->len, err);
}

int home_registry_open(const char *home, struct home_registry *h, char **err)
{
	home_registry_init(home, h);
	if (file_exists(h->path))
		return home_registry_read(h, err);
	return seed_text(h, err);
}

bool adapter_installed_here(const struct adapter *a)
{
	for (size_t i = 0; i < a->n_unknown_keys; i++)
		if (!strcmp(a->unknown_keys[i], MARK_KEY))
			return true;
	return false;
}

char *home_ready_version(const char *home, const char *name)
{
	char *path = path_join(home, "registry.yaml"), *v = NULL;
	struct registry r;
	if (file_exists(path) && registry_load_file(&r, path, NULL) == 0) {
		const struct adapter *a = registry_find(&r, name);
		if (a && adapter_installed_here(a) && adapter_files_present(&r, a))
			v = xstrdup(a->version);
		registry_free(&r);
	}
	free(path);
	return v;
}

/* Replaces the entry of name with entry_yaml where it stands (registry order
 * is kept), or adds it at the end; in memory. */
static int home_put(struct home_registry *h, const char *name, const char *entry_yaml, char **err)
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

static int home_drop(struct home_registry *h, const char *name, char **err)
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

int home_registry_write(const char *home, const struct home_registry *h, char **err)
{
	struct registry check;
	if (home_registry_parse(home, h, &check, err) < 0)
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
	add_list(&sb, "tools", a->tools, a->n_tools);
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

/* ---- progress ------------------------------------------------------------------ */

struct download_show {
	struct progress_display *show;
	const char *label;
};

static void on_download(void *ctx, int64_t completed, int64_t total)
{
	struct download_show *d = ctx;
	struct progress_event ev = {d->label, "", total > 0 ? total : 0, total > 0 ? completed : 0};
	progress_event(d->show, &ev);
}

static void on_model_event(void *ctx, const char *model, const struct progress_event *ev)
{
	(void)model;
	const struct install_env *env = ctx;
	if (env->show)
		progress_event(env->show, ev);
}

static void on_starting(void *ctx, const char *model, const char *reason)
{
	const struct install_env *env = ctx;
	if (env->show)
		progress_heading(env->show, "creating %s (%s)", model, reason);
}

static void close_show(const struct install_env *env)
{
	if (env->show)
		progress_close(env->show);
}

int install_server_error(const struct backend *b, const struct net_error *e, const char *doing,
                         const char *fix, char **err)
{
	if (e->status == NET_INTERRUPTED) {
		set_err(err, "interrupted while %s", doing);
		return LOCO_INTERRUPTED;
	}
	if (e->status == NET_UNREACHABLE) {
		set_err(err,
		        "cannot reach Ollama at %s (%s) while %s; start it with 'ollama serve' or "
		        "set OLLAMA_HOST%s",
		        backend_address(b), e->message, doing, fix);
		return LOCO_UNREACHABLE;
	}
	set_err(err, "Ollama at %s failed while %s: %s", backend_address(b), doing, e->message);
	return LOCO_FAIL;
}

/* ---- the download ---------------------------------------------------------------- */

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

static int download_failure(const struct adapter *a, const char *source, const char *dest,
                            const struct net_error *e, char **err)
{
	char *part = xasprintf("%s.part", dest);
	int rc = LOCO_FAIL;
	switch (e->status) {
	case NET_CHECKSUM:
		set_err(
		    err,
		    "the download of '%s' from %s is not the file its registry entry names: %s; "
		    "the download was deleted. Check the url and sha256 of '%s' in %s",
		    a->name, a->url, e->message, a->name, source);
		break;
	case NET_NOT_FOUND:
	case NET_SERVER_ERROR:
	case NET_BUSY:
	case NET_UNAUTHORIZED:
	case NET_PROTOCOL:
		set_err(err, "cannot download '%s' from %s: %s; check its url in %s", a->name,
		        a->url, e->message, source);
		break;
	case NET_UNREACHABLE:
		set_err(err,
		        "cannot download '%s': cannot reach %s (%s); check the network and the url "
		        "in %s",
		        a->name, a->url, e->message, source);
		break;
	case NET_CUT:
	case NET_STALLED:
		set_err(err,
		        "the download of '%s' from %s stopped: %s; run 'loco adapters install %s' "
		        "again to resume from the bytes kept in %s",
		        a->name, a->url, e->message, a->name, part);
		break;
	case NET_INTERRUPTED:
		set_err(err,
		        "interrupted while downloading '%s'; the bytes so far are kept in %s and "
		        "'loco adapters install %s' resumes",
		        a->name, part, a->name);
		rc = LOCO_INTERRUPTED;
		break;
	default:
		set_err(err, "cannot download '%s' from %s: %s", a->name, a->url, e->message);
	}
	free(part);
	return rc;
}

/* Whether dest holds the file the entry names: 1 when its SHA-256 is the
 * entry's (f filled in), 0 when it is absent or differs (*have set to its
 * digest, "" when absent), -1 when it cannot be read (*err). */
static int check_present(const struct adapter *a, const char *dest, struct fetched *f,
                         char have[65], char **err)
{
	have[0] = '\0';
	struct stat st;
	if (stat(dest, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	char *why = NULL;
	if (sha256_file(dest, have, &why) < 0) {
		set_err(err, "cannot read %s: %s", dest, why);
		free(why);
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
static int make_folders(const char *home, const char *name, int *made, char **err)
{
	char *top = path_join(home, "adapters"), *dir = path_join(top, name);
	struct stat st;
	*made = (stat(top, &st) < 0 ? 2 : 0) | (stat(dir, &st) < 0 ? 1 : 0);
	int rc = mkdir_parents(dir, false, err);
	free(top);
	free(dir);
	return rc;
}

/* A failed download leaves no empty folder behind: only the folders this
 * run made, and only when empty (a .part kept for resuming keeps its own). */
static void drop_new_folders(const char *home, const char *name, int made)
{
	char *top = path_join(home, "adapters"), *dir = path_join(top, name);
	if (made & 1)
		rmdir(dir);
	if (made & 2)
		rmdir(top);
	free(top);
	free(dir);
}

/* Downloads dest from a's url and checks it against a's sha256. */
static int download_into(const struct install_env *env, const struct adapter *a, const char *file,
                         const char *dest, const char *source, struct fetched *f, char **err)
{
	if (env->show)
		progress_heading(env->show, "downloading %s %s from %s", a->name, a->version,
		                 a->url);
	char *label = xasprintf("downloading %s", file);
	struct download_show shown = {env->show, label};
	struct download_opts o = {a->url, env->connect_timeout, env->stall_timeout,
	                          env->show ? on_download : NULL, &shown};
	struct download_info info;
	struct net_error e;
	int rc = 0;
	if (download_file(&o, dest, a->sha256, &info, &e) < 0) {
		close_show(env);
		rc = download_failure(a, source, dest, &e, err);
	} else {
		memcpy(f->sha256, info.sha256, sizeof f->sha256);
		f->bytes = info.bytes;
		f->resumed_from = info.resumed_from;
		if (env->show) {
			char *size = format_bytes(info.bytes);
			progress_heading(env->show, "verified %s: %s, sha256 %s%s", file, size,
			                 info.sha256, info.resumed_from ? " (resumed)" : "");
			free(size);
		}
	}
	net_error_clear(&e);
	free(label);
	return rc;
}

/* Downloads and verifies the adapter's file into $LOCO_HOME/adapters/NAME/;
 * a file already there with the entry's sha256 is kept as it is, and an
 * entry without url can only use such a file. */
static int fetch_file(const struct install_env *env, const struct adapter *a, const char *source,
                      struct fetched *f, char **err)
{
	char *file = file_name_for(a), *rel_dir = path_join("adapters", a->name);
	f->file_rel = path_join(rel_dir, file);
	char *dest = path_join(env->home, f->file_rel);
	char have[65] = "";
	int rc = 0, made = 0;
	int present = a->sha256 ? check_present(a, dest, f, have, err) : 0;
	if (present < 0) {
		rc = LOCO_FAIL;
	} else if (present) {
		if (env->show)
			progress_heading(env->show, "%s %s: %s already downloaded, checksum ok",
			                 a->name, a->version, file);
	} else if (!a->url) {
		if (have[0])
			set_err(err,
			        "%s is not the file the entry of '%s' names: its SHA-256 is %s, "
			        "not %s; "
			        "it was left as it is",
			        dest, a->name, have, a->sha256);
		else
			set_err(
			    err,
			    "'%s' has no url to download from in %s; place its %s file at %s (its "
			    "SHA-256 is checked against the entry's sha256) and run this again",
			    a->name, source, a->type == ADAPTER_LORA ? "lora" : "gguf", dest);
		rc = LOCO_FAIL;
	} else if (make_folders(env->home, a->name, &made, err) < 0) {
		char *why = *err;
		*err = NULL;
		set_err(err, "cannot make the folder for '%s': %s", dest, why);
		free(why);
		rc = LOCO_FAIL;
	} else {
		if (env->show && have[0])
			progress_heading(
			    env->show,
			    "%s %s: %s is here but its SHA-256 is %s, not the entry's; "
			    "downloading it again",
			    a->name, a->version, file, have);
		rc = download_into(env, a, file, dest, source, f, err);
	}
	if (rc)
		drop_new_folders(env->home, a->name, made);
	free(file);
	free(rel_dir);
	free(dest);
	return rc;
}

/* ---- install ----------------------------------------------------------------------- */

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

/* Removes the old file of an entry being replaced when the new one differs. */
static void drop_old_file(const char *home_dir, const struct registry *home, const char *name,
                          const char *new_rel)
{
	const struct adapter *old = registry_find(home, name);
	if (!old || !adapter_installed_here(old))
		return;
	char *oldp = adapter_file_path(home, old), *newp = path_join(home_dir, new_rel);
	char *dir = path_join(home_dir, "adapters");
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
static int enter_locked(const char *home, struct home_registry *h, const struct registry *src,
                        const struct adapter *a, const struct fetched *f, const char *from,
                        bool *active, char **err)
{
	int lock = file_lock(h->path, err);
	if (lock < 0)
		return -1;
	struct home_registry now;
	struct registry reg;
	int rc = home_registry_open(home, &now, err);
	if (rc == 0 && (rc = home_registry_parse(home, &now, &reg, err)) == 0) {
		*active = a->active && !domain_taken(&reg, a);
		char *yaml = entry_yaml(src, a, f->file_rel, *active, from);
		rc = home_put(&now, a->name, yaml, err);
		if (rc == 0)
			rc = home_registry_write(home, &now, err);
		if (rc == 0 && f->file_rel)
			drop_old_file(home, &reg, a->name, f->file_rel);
		free(yaml);
		registry_free(&reg);
	}
	file_unlock(lock);
	if (rc < 0) {
		home_registry_free(&now);
		return -1;
	}
	home_registry_free(h);
	*h = now;
	return 0;
}

/* Whether a can be installed into home at all (from the registry src). */
static int check_installable(const struct registry *src, const struct adapter *a,
                             const struct registry *home, const char *home_path, const char *source,
                             char **err)
{
	if (a->type == ADAPTER_LORA && src->base_ollama_name && home->base_ollama_name &&
	    !model_name_equal(src->base_ollama_name, home->base_ollama_name))
		return set_err(
		    err,
		    "'%s' is a LoRA for the base model '%s', but %s uses '%s'; it cannot "
		    "work on another base model",
		    a->name, src->base_ollama_name, home_path, home->base_ollama_name);
	if (a->type != ADAPTER_SYSTEM_PROMPT && !a->url && !a->sha256)
		return set_err(
		    err,
		    "'%s' has no url to download from in %s, and no sha256: a file placed by "
		    "hand could not be verified, so it is not installed; add the file's sha256 to "
		    "the entry (sha256sum prints it), or let 'loco setup' use it from the registry "
		    "that names it",
		    a->name, source);
	return 0;
}

/* Opens and parses the home registry for an install. */
static int open_for_install(const char *home, struct home_registry *h, struct registry *reg,
                            char **err)
{
	char *why = NULL;
	int rc = 0;
	if (home_registry_open(home, h, &why) < 0) {
		set_err(err, "cannot read %s: %s", h->path, why);
		rc = LOCO_BAD_INPUT;
	} else if (home_registry_parse(home, h, reg, &why) < 0) {
		set_err(err, "%s; fix it by hand before installing", why);
		rc = LOCO_BAD_INPUT;
	}
	free(why);
	return rc;
}

int install_adapter(const struct install_env *env, const struct registry *src,
                    const struct adapter *a, const char *from, const char *source,
                    struct install_outcome *out)
{
	memset(out, 0, sizeof *out);
	out->model = MODEL_SKIPPED;
	struct home_registry *h = &out->entered;
	struct registry home;
	out->code = open_for_install(env->home, h, &home, &out->error);
	if (out->code)
		return out->code;
	struct fetched f = {0};
	if (check_installable(src, a, &home, h->path, source, &out->error) < 0)
		out->code = LOCO_FAIL;
	else if (a->type != ADAPTER_SYSTEM_PROMPT)
		out->code = fetch_file(env, a, source, &f, &out->error);
	char *why = NULL;
	if (out->code == 0 &&
	    enter_locked(env->home, h, src, a, &f, from, &out->active, &why) < 0) {
		set_err(&out->error, "cannot add '%s' to %s: %s", a->name, h->path, why);
		out->code = LOCO_FAIL;
	}
	if (out->code == 0 && f.file_rel) {
		out->file = path_join(env->home, f.file_rel);
		memcpy(out->sha256, f.sha256, sizeof out->sha256);
		out->bytes = f.bytes;
		out->resumed_from = f.resumed_from;
	}
	free(why);
	free(f.file_rel);
	registry_free(&home);
	return out->code;
}

/* The server's digest of a model just created, kept in the records so
 * 'loco setup' sees it is up to date. */
static void record_digest(const struct install_env *env, const char *model)
{
	struct model_info *list = NULL;
	size_t n = 0;
	struct net_error e = {0};
	if (backend_list_models(env->b, &list, &n, &e) == 0) {
		const struct model_info *m = model_find(list, n, model);
		if (m)
			model_records_set_digest(env->rec, backend_address(env->b), model,
			                         m->digest);
	}
	net_error_clear(&e);
	model_list_free(list, n);
}

/* Makes the model of adapter name of the registry home. */
static void make_model(const struct install_env *env, const struct registry *home, const char *name,
                       struct install_outcome *out)
{
	const struct adapter *a = registry_find(home, name);
	struct model_ensure_opts o = {
	    .installed = env->models,
	    .n_installed = env->n_models,
	    .base_available =
	        model_find(env->models, env->n_models, home->base_ollama_name) != NULL,
	    .file_sha256 = out->file ? out->sha256 : NULL,
	    .starting = on_starting,
	    .progress = on_model_event,
	    .ctx = (void *)env,
	};
	struct model_outcome m;
	model_ensure_adapter(env->b, home, a, env->rec, &o, &m);
	close_show(env);
	char *model = adapter_model_name(a);
	out->model_made = true;
	out->model = m.status;
	bool server_gone = m.error.status == NET_UNREACHABLE || m.error.status == NET_INTERRUPTED;
	if (m.status == MODEL_FAILED && server_gone) {
		out->model_code = install_server_error(
		    env->b, &m.error, "creating the model",
		    "; the adapter is installed and 'loco setup' creates it", &out->model_error);
	} else if (m.status == MODEL_FAILED) {
		set_err(
		    &out->model_error,
		    "cannot create '%s': %s; the adapter is installed, and 'loco setup' creates "
		    "its model once this is fixed",
		    model, m.reason);
		out->model_code = LOCO_FAIL;
	} else if (m.status == MODEL_CREATED) {
		record_digest(env, model);
	}
	model_outcome_free(&m);
	free(model);
}

void install_make_model(const struct install_env *env, const char *name,
                        struct install_outcome *out)
{
	struct registry now;
	if (home_registry_parse(env->home, &out->entered, &now, NULL) < 0)
		return; /* it was written after this parse passed: cannot happen */
	make_model(env, &now, name, out);
	registry_free(&now);
}

void install_outcome_free(struct install_outcome *out)
{
	free(out->error);
	home_registry_free(&out->entered);
	free(out->file);
	free(out->model_error);
	memset(out, 0, sizeof *out);
}

/* ---- update -------------------------------------------------------------------------- */

const char *update_status_name(enum update_status s)
{
	static const char *const names[] = {"not_in_index", "not_comparable", "up_to_date",
	                                    "would_update", "update"};
	return names[s];
}

enum update_status update_compare(const struct registry *index, const struct adapter *cur,
                                  bool check, const struct adapter **next)
{
	int cmp = 0;
	*next = registry_find(index, cur->name);
	if (!*next)
		return UPDATE_NOT_IN_INDEX;
	if (semver_compare((*next)->version, cur->version, &cmp) < 0)
		return UPDATE_NOT_COMPARABLE;
	if (cmp <= 0)
		return UPDATE_UP_TO_DATE;
	return check ? UPDATE_WOULD_UPDATE : UPDATE_NEWER;
}

/* ---- remove -------------------------------------------------------------------------- */

const char *removal_model_name(enum removal_model m)
{
	static const char *const names[] = {"kept", "deleted", "absent", "not_deleted"};
	return names[m];
}

/* Deletes the regular files of $LOCO_HOME/adapters/NAME and the folder;
 * returns how many files went, or -1 with *err. */
static int remove_files(const char *home, const char *name, char **err)
{
	char *base = path_join(home, "adapters"), *dir = path_join(base, name);
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

int remove_plan(struct home_registry *h, const struct registry *home, struct removal *rm, size_t n,
                char **err)
{
	char *why = NULL;
	int rc = 0;
	for (size_t k = 0; rc == 0 && k < n; k++) {
		char *yaml = NULL;
		if (shipped_entry(home, rm[k].name, &yaml, &rm[k].restored_from,
		                  &rm[k].restored_version, &why) < 0) {
			set_err(err,
			        "cannot read the registry %s takes the place of: %s; nothing was "
			        "removed",
			        h->path, why);
			rc = LOCO_BAD_INPUT;
		} else if ((yaml ? home_put(h, rm[k].name, yaml, &why)
		                 : home_drop(h, rm[k].name, &why)) < 0) {
			set_err(err, "cannot remove '%s' from %s: %s; nothing was removed",
			        rm[k].name, h->path, why);
			rc = LOCO_FAIL;
		}
		free(yaml);
	}
	free(why);
	return rc;
}

/* Deletes locollm-NAME; a model the server does not have is fine. */
static int remove_model(const struct install_env *env, struct removal *x, char **err)
{
	char *model = xasprintf("locollm-%s", x->name);
	struct net_error e = {0};
	int rc = 0;
	x->model = REMOVAL_MODEL_DELETED;
	if (backend_delete_model(env->b, model, &e) < 0) {
		if (e.status == NET_NOT_FOUND) {
			x->model = REMOVAL_MODEL_ABSENT;
		} else {
			char *doing = xasprintf("deleting '%s'", model);
			rc = install_server_error(env->b, &e, doing, "", err);
			free(doing);
			x->model = REMOVAL_MODEL_NOT_DELETED;
		}
	}
	net_error_clear(&e);
	if (rc == 0)
		model_records_forget(env->rec, backend_address(env->b), model);
	free(model);
	return rc;
}

int remove_apply(const struct install_env *env, bool stop, struct removal *x, char **err)
{
	int rc = 0;
	if (env->b && !stop)
		rc = remove_model(env, x, err);
	else if (env->b)
		x->model = REMOVAL_MODEL_NOT_DELETED; /* the server went away, or Ctrl-C */
	char *ferr = NULL;
	x->files = remove_files(env->home, x->name, &ferr);
	if (x->files < 0)
		x->files_err = ferr;
	else
		free(ferr);
	return rc;
}

void removal_free(struct removal *x)
{
	free(x->restored_from);
	free(x->restored_version);
	free(x->files_err);
}
