/* models.c: an adapter's Ollama model made to match the registry, and the
 * record of what was made ($LOCO_HOME/models.json, see models.h).
 *
 * The record is keyed by server address, then model name:
 *   {"format": 1, "servers": {"http://127.0.0.1:11434": {"locollm-math": {
 *     "adapter": "math", "version": "0.1.0", "type": "system-prompt",
 *     "request_sha256": "...", "file": {"path", "size", "mtime", "sha256"},
 *     "model_digest": "...", "created_at": "2026-08-01T10:00:00Z"}}}}
 * "file" also caches the GGUF's digest: a file whose path, size and mtime
 * are unchanged is not hashed again (git's index does the same). */
#define _GNU_SOURCE
#include "models.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "interrupt.h"
#include "netlib.h"
#include "prompt.h"
#include "json.h"
#include "util.h"

#define RECORDS_FORMAT 1
#define RECORDS_MAX    (16u << 20)

/* ---- the record file ----------------------------------------------------- */

static cJSON *empty_records(void)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "format", RECORDS_FORMAT);
	cJSON_AddObjectToObject(root, "servers");
	return root;
}

int model_records_load(struct model_records *r, const char *path, char **err)
{
	memset(r, 0, sizeof *r);
	r->path = xstrdup(path);
	r->root = empty_records();
	char *text = NULL;
	size_t len = 0;
	if (!file_exists(path))
		return 0;
	if (read_file(path, RECORDS_MAX, &text, &len, err) < 0)
		return -1;
	cJSON *j = cJSON_ParseWithLength(text, len);
	free(text);
	double format = json_number_or(j, "format", NAN);
	if (isnan(format) || !cJSON_IsObject(json_get(j, "servers"))) {
		cJSON_Delete(j);
		return set_err(err, "'%s' is not a record of loco's models", path);
	}
	if (format != RECORDS_FORMAT) {
		cJSON_Delete(j);
		return set_err(err, "'%s' has record format %g; this loco reads format %d", path,
		               format, RECORDS_FORMAT);
	}
	cJSON_Delete(r->root);
	r->root = j;
	return 0;
}

int model_records_save(struct model_records *r, char **err)
{
	if (!r->dirty)
		return 0;
	char *text = cJSON_Print(r->root);
	size_t len = strlen(text);
	text = xrealloc(text, len + 2);
	text[len++] = '\n';
	text[len] = '\0';
	int rc = mkdir_parents(r->path, true, err);
	if (rc == 0)
		rc = write_file_atomic(r->path, text, len, err);
	free(text);
	if (rc == 0)
		r->dirty = false;
	return rc;
}

void model_records_free(struct model_records *r)
{
	cJSON_Delete(r->root);
	free(r->path);
	memset(r, 0, sizeof *r);
}

static cJSON *server_table(struct model_records *r, const char *server, bool create)
{
	cJSON *servers = cJSON_GetObjectItemCaseSensitive(r->root, "servers");
	cJSON *t = cJSON_GetObjectItemCaseSensitive(servers, server);
	if (!cJSON_IsObject(t) && create) {
		cJSON_DeleteItemFromObjectCaseSensitive(servers, server);
		t = cJSON_AddObjectToObject(servers, server);
	}
	return cJSON_IsObject(t) ? t : NULL;
}

static const cJSON *record_of(struct model_records *r, const char *server, const char *model)
{
	const cJSON *rec = cJSON_GetObjectItemCaseSensitive(server_table(r, server, false), model);
	return cJSON_IsObject(rec) ? rec : NULL;
}

void model_records_forget(struct model_records *r, const char *server, const char *model)
{
	cJSON *t = server_table(r, server, false);
	if (t && cJSON_GetObjectItemCaseSensitive(t, model)) {
		cJSON_DeleteItemFromObjectCaseSensitive(t, model);
		r->dirty = true;
	}
}

void model_records_set_digest(struct model_records *r, const char *server, const char *model,
                              const char *digest)
{
	cJSON *rec = cJSON_GetObjectItemCaseSensitive(server_table(r, server, false), model);
	if (!cJSON_IsObject(rec))
		return;
	const char *old = json_string_or(rec, "model_digest", NULL);
	if (old && !strcmp(old, digest))
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(rec, "model_digest");
	cJSON_AddStringToObject(rec, "model_digest", digest);
	r->dirty = true;
}

/* ---- deciding -------------------------------------------------------------- */

const char *model_status_name(enum model_status s)
{
	static const char *const names[] = {"ready", "created", "would_create", "skipped",
	                                    "failed"};
	return names[s];
}

const struct model_info *model_find(const struct model_info *list, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (model_name_equal(list[i].name, name))
			return &list[i];
	return NULL;
}

static const char *file_key(const struct adapter *a)
{
	return a->type == ADAPTER_MERGED_GGUF ? "gguf_path" : "adapter_path";
}

static const char *file_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

cJSON *model_create_request(const struct registry *reg, const struct adapter *a,
                            const char *file_sha256)
{
	cJSON *req = cJSON_CreateObject();
	char *model = adapter_model_name(a);
	cJSON_AddStringToObject(req, "model", model);
	free(model);
	char *digest = file_sha256 ? xasprintf("sha256:%s", file_sha256) : NULL;
	const char *file = a->type == ADAPTER_MERGED_GGUF ? a->gguf_path : a->adapter_path;
	switch (a->type) {
	case ADAPTER_SYSTEM_PROMPT: {
		cJSON_AddStringToObject(req, "from", reg->base_ollama_name);
		/* the same system context a query sends with this adapter */
		char *system = prompt_system(a, NULL);
		cJSON_AddStringToObject(req, "system", system);
		free(system);
		break;
	}
	case ADAPTER_MERGED_GGUF:
		cJSON_AddStringToObject(cJSON_AddObjectToObject(req, "files"), file_name(file),
		                        digest ? digest : "");
		break;
	case ADAPTER_LORA:
		cJSON_AddStringToObject(req, "from", reg->base_ollama_name);
		cJSON_AddStringToObject(cJSON_AddObjectToObject(req, "adapters"), file_name(file),
		                        digest ? digest : "");
		break;
	}
	if (a->type != ADAPTER_SYSTEM_PROMPT && a->system_prompt)
		cJSON_AddStringToObject(req, "system", a->system_prompt);
	cJSON_AddBoolToObject(req, "stream", true);
	free(digest);
	return req;
}

struct hash_progress {
	const struct model_ensure_opts *o;
	const char *model;
	char *status;
	long long total;
};

static int on_hash_progress(void *ctx, long long done)
{
	struct hash_progress *h = ctx;
	if (h->o->progress) {
		struct progress_event ev = {h->status, "", h->total, done};
		h->o->progress(h->o->ctx, h->model, &ev);
	}
	return interrupt_requested() ? -1 : 0;
}

static char *mtime_text(const struct stat *st)
{
	return xasprintf("%lld.%09ld", (long long)st->st_mtim.tv_sec, (long)st->st_mtim.tv_nsec);
}

/* The GGUF's digest: from the record when path, size and mtime still match,
 * else hashed (with progress). Fills *file_json with what to record. */
static int file_digest(const char *path, const cJSON *old, bool rehash, const char *model,
                       const struct model_ensure_opts *o, char out[65], cJSON **file_json,
                       char **err)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return set_err(err, "cannot read '%s': %s", path, strerror(errno));
	char *mtime = mtime_text(&st);
	const char *old_sha = json_string_or(old, "sha256", NULL),
	           *old_path = json_string_or(old, "path", NULL);
	const char *old_mtime = json_string_or(old, "mtime", NULL);
	double old_size = json_number_or(old, "size", -1);
	int rc = 0;
	if (o->file_sha256 && strlen(o->file_sha256) == 64) {
		memcpy(out, o->file_sha256, 65);
	} else if (!rehash && old_sha && strlen(old_sha) == 64 && old_path &&
	           !strcmp(old_path, path) && old_mtime && !strcmp(old_mtime, mtime) &&
	           old_size == (double)st.st_size) {
		memcpy(out, old_sha, 65);
	} else {
		struct hash_progress h = {o, model, xasprintf("hashing %s", file_name(path)),
		                          (long long)st.st_size};
		on_hash_progress(&h, 0);
		rc = sha256_file_progress(path, out, on_hash_progress, &h, err);
		free(h.status);
	}
	if (rc == 0) {
		*file_json = cJSON_CreateObject();
		cJSON_AddStringToObject(*file_json, "path", path);
		cJSON_AddNumberToObject(*file_json, "size", (double)st.st_size);
		cJSON_AddStringToObject(*file_json, "mtime", mtime);
		cJSON_AddStringToObject(*file_json, "sha256", out);
	}
	free(mtime);
	return rc;
}

/* Why the model must be (re)made, or NULL when it is up to date. */
static char *why_create(const struct adapter *a, const cJSON *rec, const struct model_info *m,
                        const char *request_sha, const char *file_sha, bool force)
{
	if (force)
		return xstrdup("--force");
	if (!m)
		return xstrdup(rec ? "no longer on the server" : "missing");
	if (!rec)
		return xstrdup("no record of how it was made");
	const char *v = json_string_or(rec, "version", NULL);
	if (!v || strcmp(v, a->version))
		return xasprintf("version %s -> %s", v ? v : "?", a->version);
	const char *old_file = json_string_or(json_get(rec, "file"), "sha256", NULL);
	if (file_sha && (!old_file || strcmp(old_file, file_sha)))
		return xstrdup("file changed");
	const char *old_req = json_string_or(rec, "request_sha256", NULL);
	if (!old_req || strcmp(old_req, request_sha))
		return xstrdup("definition changed");
	const char *digest = json_string_or(rec, "model_digest", NULL);
	if (digest && digest[0] && m->digest[0] && strcmp(digest, m->digest))
		return xstrdup("changed on the server");
	return NULL;
}

static char *utc_now(void)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char buf[32];
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(buf);
}

/* Records the model just made; takes file_json into the record. */
static void remember_take(struct model_records *r, const char *server, const char *model,
                          const struct adapter *a, const char *request_sha, cJSON *file_json)
{
	cJSON *t = server_table(r, server, true);
	cJSON_DeleteItemFromObjectCaseSensitive(t, model);
	cJSON *rec = cJSON_AddObjectToObject(t, model);
	cJSON_AddStringToObject(rec, "adapter", a->name);
	cJSON_AddStringToObject(rec, "version", a->version);
	cJSON_AddStringToObject(rec, "type", adapter_type_name(a->type));
	cJSON_AddStringToObject(rec, "request_sha256", request_sha);
	if (file_json)
		cJSON_AddItemToObject(rec, "file", file_json);
	cJSON_AddStringToObject(rec, "model_digest", "");
	char *now = utc_now();
	cJSON_AddStringToObject(rec, "created_at", now);
	free(now);
	r->dirty = true;
}

/* ---- doing ----------------------------------------------------------------- */

struct relay {
	const struct model_ensure_opts *o;
	const char *model;
};

static void relay_progress(void *ctx, const struct progress_event *ev)
{
	struct relay *r = ctx;
	if (r->o->progress)
		r->o->progress(r->o->ctx, r->model, ev);
}

static void fail_with(struct model_outcome *out, struct net_error *e, const char *what)
{
	out->status = MODEL_FAILED;
	out->error = *e;
	memset(e, 0, sizeof *e);
	free(out->reason);
	out->reason = xasprintf("%s: %s", what, out->error.message ? out->error.message : "failed");
}

/* Uploads the GGUF unless the server already has its blob. */
static int ensure_blob(struct backend *b, const char *path, const char *sha, struct relay *rl,
                       struct model_outcome *out)
{
	struct net_error e = {0};
	bool exists = false;
	if (backend_blob_exists(b, sha, &exists, &e) < 0) {
		fail_with(out, &e, "cannot check the server's copy of the file");
		return -1;
	}
	if (exists) {
		char *status = xasprintf("%s is already on the server", file_name(path));
		char *digest = xasprintf("sha256:%s", sha);
		struct progress_event ev = {status, digest, 0, 0};
		relay_progress(rl, &ev);
		free(status);
		free(digest);
		return 0;
	}
	if (backend_blob_upload(b, path, sha, relay_progress, rl, &e) < 0) {
		fail_with(out, &e, "upload failed");
		return -1;
	}
	return 0;
}

void model_ensure_adapter(struct backend *b, const struct registry *reg, const struct adapter *a,
                          struct model_records *rec, const struct model_ensure_opts *o,
                          struct model_outcome *out)
{
	memset(out, 0, sizeof *out);
	const char *server = backend_address(b);
	char *model = adapter_model_name(a);
	const cJSON *old = record_of(rec, server, model);
	const struct model_info *m = model_find(o->installed, o->n_installed, model);
	char *path = NULL, *err = NULL, sha[65] = "", request_sha[65] = "";
	cJSON *file_json = NULL, *request = NULL;
	struct relay rl = {o, model};

	if (a->type != ADAPTER_SYSTEM_PROMPT) {
		const char *given = a->type == ADAPTER_MERGED_GGUF ? a->gguf_path : a->adapter_path;
		path = adapter_file_path(reg, a);
		if (!path) {
			out->status = MODEL_SKIPPED;
			out->reason =
			    xasprintf("%s '%s' is relative but the built-in registry has no "
			              "folder; give the registry file with --registry",
			              file_key(a), given);
			goto done;
		}
		if (!file_exists(path) && m && old && !o->force &&
		    !strcmp(json_string_or(old, "version", ""), a->version)) {
			/* The GGUF went after it was copied into the server's store. */
			out->status = MODEL_READY;
			out->reason =
			    xasprintf("%s not found, the model made from it stays", file_key(a));
			goto done;
		}
		if (!file_exists(path)) {
			out->status = MODEL_SKIPPED;
			out->reason =
			    xasprintf("%s not found: %s%s", file_key(a), path,
			              a->url ? "; 'loco adapters install' downloads it" : "");
			goto done;
		}
		/* recorded by its real path: the same file found from another folder */
		char *real = realpath(path, NULL);
		if (real) {
			free(path);
			path = real;
		}
		if (file_digest(path, cJSON_GetObjectItemCaseSensitive(old, "file"), o->force,
		                model, o, sha, &file_json, &err) < 0) {
			out->status = MODEL_FAILED;
			if (interrupt_requested())
				out->error.status = NET_INTERRUPTED;
			out->reason = err;
			err = NULL;
			goto done;
		}
	}
	request = model_create_request(reg, a, path ? sha : NULL);
	char *text = cJSON_PrintUnformatted(request);
	int hrc = sha256_buffer(text, strlen(text), request_sha, &err);
	free(text);
	if (hrc < 0) {
		out->status = MODEL_FAILED;
		out->reason = err;
		err = NULL;
		goto done;
	}
	out->reason = why_create(a, old, m, request_sha, path ? sha : NULL, o->force);
	if (!out->reason) {
		out->status = MODEL_READY;
		goto done;
	}
	if (o->dry_run) {
		out->status = MODEL_WOULD_CREATE;
		goto done;
	}
	if (a->type != ADAPTER_MERGED_GGUF && !o->base_available) {
		out->status = MODEL_FAILED;
		free(out->reason);
		out->reason =
		    xasprintf("the base model '%s' is not on the server", reg->base_ollama_name);
		goto done;
	}
	if (o->starting)
		o->starting(o->ctx, model, out->reason);
	if (path && ensure_blob(b, path, sha, &rl, out) < 0)
		goto done;
	struct net_error e = {0};
	if (backend_create(b, request, relay_progress, &rl, &e) < 0) {
		fail_with(out, &e, "create failed");
		goto done;
	}
	remember_take(rec, server, model, a, request_sha, file_json);
	file_json = NULL;
	out->status = MODEL_CREATED;
done:
	cJSON_Delete(file_json);
	cJSON_Delete(request);
	free(err);
	free(path);
	free(model);
}

void model_outcome_free(struct model_outcome *o)
{
	free(o->reason);
	net_error_clear(&o->error);
	o->reason = NULL;
}
