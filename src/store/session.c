/* session.c: a chat conversation, what of it is sent, and its file. */
#define _GNU_SOURCE
#include "session.h"

#include "backend.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "prompt.h"
#include "json.h"
#include "util.h"

#define SESSION_FILE_MAX (64u << 20)
#define SESSION_FORMAT   1

static char *now_rfc3339(void)
{
	char buf[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(buf);
}

static bool session_file_exists(const char *dir, const char *id)
{
	char *path = xasprintf("%s/%s.json", dir, id);
	bool e = file_exists(path);
	free(path);
	return e;
}

/* 20261123-134501, or -2, -3 ... when a session started in the same second. */
static char *fresh_id(const char *dir)
{
	char stamp[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	char *id = xstrdup(stamp);
	for (int i = 2; dir && session_file_exists(dir, id); i++) {
		free(id);
		id = xasprintf("%s-%d", stamp, i);
	}
	return id;
}

void session_init(struct session *s, const char *dir)
{
	memset(s, 0, sizeof *s);
	s->id = fresh_id(dir);
	s->created = now_rfc3339();
	s->updated = xstrdup(s->created);
}

static void message_free(struct chat_message *m)
{
	free(m->role);
	free(m->content);
	free(m->adapter);
	free(m->model);
	cJSON_Delete(m->tool_calls);
}

static void free_messages(struct session *s)
{
	for (size_t i = 0; i < s->n; i++)
		message_free(&s->msgs[i]);
	free(s->msgs);
	s->msgs = NULL;
	s->n = s->cap = s->context_start = 0;
}

void session_free(struct session *s)
{
	free_messages(s);
	free(s->id);
	free(s->created);
	free(s->updated);
	free(s->adapter);
	free(s->system);
	free(s->model);
	free(s->conversation);
	memset(s, 0, sizeof *s);
}

void session_reset(struct session *s, const char *dir)
{
	free_messages(s);
	free(s->id);
	free(s->created);
	free(s->updated);
	s->id = fresh_id(dir);
	free(s->conversation); /* a new conversation in the log too */
	s->conversation = NULL;
	s->named = false;
	s->on_disk = false;
	s->created = now_rfc3339();
	s->updated = xstrdup(s->created);
	if (s->mode == MODE_AUTO) {
		free(s->adapter);
		s->adapter = NULL;
	}
}

struct chat_message *session_add(struct session *s, const char *role, const char *content)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->msgs = xrealloc(s->msgs, s->cap * sizeof *s->msgs);
	}
	struct chat_message *m = &s->msgs[s->n++];
	memset(m, 0, sizeof *m);
	m->role = xstrdup(role);
	m->content = xstrdup(content);
	return m;
}

void session_drop_last(struct session *s)
{
	if (!s->n)
		return;
	message_free(&s->msgs[--s->n]);
	if (s->context_start > s->n)
		s->context_start = s->n;
}

static long newest_user(const struct session *s)
{
	for (size_t i = s->n; i-- > 0;)
		if (!strcmp(s->msgs[i].role, "user"))
			return (long)i;
	return -1;
}

const char *session_last_question(const struct session *s)
{
	long i = newest_user(s);
	return i < 0 ? NULL : s->msgs[i].content;
}

static cJSON *message_json(const char *role, const char *content)
{
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "role", role);
	cJSON_AddStringToObject(m, "content", content);
	return m;
}

cJSON *session_request(const struct session *s, const char *system, bool reread)
{
	cJSON *list = cJSON_CreateArray();
	if (system)
		cJSON_AddItemToArray(list, message_json("system", system));
	long last = newest_user(s);
	for (size_t i = s->context_start; i < s->n; i++) {
		const struct chat_message *m = &s->msgs[i];
		if ((long)i == last) {
			char *user = prompt_user(m->content, reread);
			cJSON_AddItemToArray(list, message_json("user", user));
			free(user);
		} else {
			cJSON_AddItemToArray(list, message_json(m->role, m->content));
		}
	}
	return list;
}

static long text_tokens(const char *text)
{
	return prompt_estimate_tokens(text); /* the estimate query and the context checks use */
}

long session_estimate(const struct session *s, const char *system, bool reread)
{
	/* what session_request() sends, counted without building it */
	long total = system ? text_tokens(system) : 0;
	long last = newest_user(s);
	for (size_t i = s->context_start; i < s->n; i++) {
		if ((long)i == last && reread) {
			char *user = prompt_user(s->msgs[i].content, true);
			total += text_tokens(user);
			free(user);
		} else {
			total += text_tokens(s->msgs[i].content);
		}
	}
	return total;
}

size_t session_compact(struct session *s, const char *system, bool reread, long limit)
{
	size_t dropped = 0;
	double threshold = 0.9 * (double)limit;
	while (s->n - s->context_start > SESSION_KEEP &&
	       (double)session_estimate(s, system, reread) >= threshold) {
		s->context_start++;
		dropped++;
		/* A context that opens with an answer to a question it lost reads oddly. */
		while (s->n - s->context_start > SESSION_KEEP &&
		       !strcmp(s->msgs[s->context_start].role, "assistant")) {
			s->context_start++;
			dropped++;
		}
	}
	return dropped;
}

/* ---- files --------------------------------------------------------------- */

static cJSON *string_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static const char *mode_name(enum adapter_mode m)
{
	return m == MODE_AUTO    ? "auto"
	       : m == MODE_NONE  ? "none"
	       : m == MODE_MODEL ? "model"
	                         : "fixed";
}

static cJSON *session_json(const struct session *s)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "loco_session", SESSION_FORMAT);
	cJSON_AddStringToObject(o, "id", s->id);
	cJSON_AddBoolToObject(o, "named", s->named);
	cJSON_AddStringToObject(o, "created", s->created);
	cJSON_AddStringToObject(o, "updated", s->updated);
	cJSON_AddStringToObject(o, "mode", mode_name(s->mode));
	cJSON_AddItemToObject(o, "adapter", string_or_null(s->adapter));
	cJSON_AddItemToObject(o, "system", string_or_null(s->system));
	if (s->mode == MODE_MODEL)
		cJSON_AddStringToObject(o, "model", s->model);
	if (s->conversation)
		cJSON_AddStringToObject(o, "conversation", s->conversation);
	cJSON_AddNumberToObject(o, "context_start", (double)s->context_start);
	cJSON *list = cJSON_AddArrayToObject(o, "messages");
	for (size_t i = 0; i < s->n; i++) {
		const struct chat_message *m = &s->msgs[i];
		cJSON *j = message_json(m->role, m->content);
		if (!strcmp(m->role, "assistant")) {
			cJSON_AddItemToObject(j, "adapter", string_or_null(m->adapter));
			cJSON_AddItemToObject(j, "model", string_or_null(m->model));
			cJSON_AddNumberToObject(j, "tokens", (double)m->tokens);
			cJSON_AddBoolToObject(j, "partial", m->partial);
			/* optional: a file without it reads as before (and older loco
			 * ignores it), so the format stays 1 */
			if (m->tool_calls)
				cJSON_AddItemToObject(j, "tool_calls",
				                      cJSON_Duplicate(m->tool_calls, 1));
		}
		cJSON_AddItemToArray(list, j);
	}
	return o;
}

/* LOCO_HOME/sessions holds conversations: only the user may read it. */
static int make_private_dir(const char *dir, char **err)
{
	struct stat st;
	if (stat(dir, &st) == 0)
		return 0;
	return mkdir_private(dir, false, err);
}

/* The first save takes dir/<id>.json with O_EXCL, so two chats started in
 * the same second never share a file. */
static int claim_file(struct session *s, const char *dir, char **err)
{
	for (int tries = 0; !s->on_disk; tries++) {
		char *path = xasprintf("%s/%s.json", dir, s->id);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		int e = errno;
		free(path);
		if (fd >= 0) {
			close(fd);
			s->on_disk = true;
		} else if (e == EEXIST && !s->named && tries < 100) {
			free(s->id);
			s->id = fresh_id(dir);
		} else if (e == EEXIST) {
			return set_err(err, "a conversation named '%s' exists already", s->id);
		} else {
			return set_err(err, "cannot create %s/%s.json: %s", dir, s->id,
			               strerror(e));
		}
	}
	return 0;
}

int session_save(struct session *s, const char *dir, char **err)
{
	bool claimed_now = !s->on_disk;
	if (make_private_dir(dir, err) < 0 || claim_file(s, dir, err) < 0)
		return -1;
	free(s->updated);
	s->updated = now_rfc3339();
	char *path = xasprintf("%s/%s.json", dir, s->id);
	cJSON *o = session_json(s);
	char *text = cJSON_Print(o);
	cJSON_Delete(o);
	size_t len = strlen(text);
	text = xrealloc(text, len + 2);
	text[len++] = '\n';
	text[len] = '\0';
	int rc = write_file_private(path, text, len, err);
	if (rc < 0 && claimed_now) {
		/* the empty file claimed a moment ago holds nothing: a full disk
		 * must not leave it for every later listing to trip over */
		unlink(path);
		s->on_disk = false;
	}
	free(text);
	free(path);
	return rc;
}

/* ---- reading ------------------------------------------------------------- */

struct reader {
	const char *path;
	char **err;
};

static int bad(const struct reader *r, const char *what)
{
	return set_err(r->err, "%s: %s; fix it or move the file away", r->path, what);
}

/* bad() with a message of json.h's, which it frees. */
static int bad_take(const struct reader *r, char *why)
{
	bad(r, why);
	free(why);
	return -1;
}

/* A copy of o's string key into *out (NULL when nullable and absent); where
 * ("messages[2].") goes before the key in the message. */
static int get_string(const struct reader *r, const cJSON *o, const char *key, bool nullable,
                      char **out, const char *where)
{
	char *why = NULL;
	struct json_at at = {NULL, where, &why};
	const char *v = NULL;
	*out = NULL;
	if (json_read_string(&at, o, key, nullable ? JSON_OPTIONAL : JSON_REQUIRED, &v) < 0)
		return bad_take(r, why);
	*out = v ? xstrdup(v) : NULL;
	return 0;
}

static int read_message(const struct reader *r, const cJSON *j, size_t i, struct session *s)
{
	char where[48];
	snprintf(where, sizeof where, "messages[%zu].", i);
	char *role = NULL, *content = NULL;
	if (!cJSON_IsObject(j))
		return bad_take(
		    r, xasprintf("messages[%zu]: expected an object, found %s", i, json_kind(j)));
	if (get_string(r, j, "role", false, &role, where) < 0)
		return -1;
	if (strcmp(role, "user") && strcmp(role, "assistant")) {
		char *m = xasprintf("%srole: expected \"user\" or \"assistant\", found \"%s\"",
		                    where, role);
		free(role);
		return bad_take(r, m);
	}
	if (get_string(r, j, "content", false, &content, where) < 0) {
		free(role);
		return -1;
	}
	struct chat_message *m = session_add(s, role, content);
	free(role);
	free(content);
	if (get_string(r, j, "adapter", true, &m->adapter, where) < 0 ||
	    get_string(r, j, "model", true, &m->model, where) < 0)
		return -1;
	m->tokens = (long)json_count(j, "tokens", COUNT_MAX);
	m->partial = json_true(j, "partial");
	const cJSON *calls = cJSON_GetObjectItemCaseSensitive(j, "tool_calls");
	if (calls && !cJSON_IsArray(calls))
		return bad_take(r, xasprintf("%stool_calls: expected an array, found %s", where,
		                             json_kind(calls)));
	if (calls)
		m->tool_calls = cJSON_Duplicate(calls, 1);
	return 0;
}

static int read_session(const struct reader *r, const cJSON *o, struct session *s)
{
	if (!cJSON_IsObject(o))
		return bad(r, "expected a JSON object");
	double fmt = json_number_or(o, "loco_session", NAN);
	if (isnan(fmt))
		return bad(r, "not a loco session (no \"loco_session\" key)");
	if (fmt != SESSION_FORMAT)
		return set_err(r->err,
		               "%s: written by a newer loco (session format %g); upgrade loco",
		               r->path, fmt);
	char *mode = NULL;
	if (get_string(r, o, "id", false, &s->id, "") < 0 ||
	    get_string(r, o, "created", false, &s->created, "") < 0 ||
	    get_string(r, o, "updated", false, &s->updated, "") < 0 ||
	    get_string(r, o, "mode", false, &mode, "") < 0 ||
	    get_string(r, o, "adapter", true, &s->adapter, "") < 0 ||
	    get_string(r, o, "system", true, &s->system, "") < 0 ||
	    get_string(r, o, "conversation", true, &s->conversation, "") < 0) {
		free(mode);
		return -1;
	}
	s->mode = !strcmp(mode, "none")    ? MODE_NONE
	          : !strcmp(mode, "fixed") ? MODE_FIXED
	          : !strcmp(mode, "model") ? MODE_MODEL
	                                   : MODE_AUTO;
	bool known = !strcmp(mode, "none") || !strcmp(mode, "fixed") || !strcmp(mode, "auto") ||
	             !strcmp(mode, "model");
	if (!known) {
		char *m = xasprintf(
		    "mode: expected \"auto\", \"fixed\", \"none\" or \"model\", found \"%s\"",
		    mode);
		free(mode);
		return bad_take(r, m);
	}
	free(mode);
	if (s->mode == MODE_MODEL && get_string(r, o, "model", false, &s->model, "") < 0)
		return -1;
	s->named = json_true(o, "named");
	char *why = NULL;
	struct json_at at = {NULL, NULL, &why};
	const cJSON *list = NULL, *j;
	if (json_read_array(&at, o, "messages", JSON_REQUIRED, &list) < 0)
		return bad_take(r, why);
	size_t i = 0;
	cJSON_ArrayForEach(j, list) if (read_message(r, j, i++, s) < 0) return -1;
	long start = 0; /* the first message the model is sent */
	if (json_read_integer(&at, o, "context_start", JSON_OPTIONAL, 0, (long)s->n, &start) < 0)
		return bad_take(r, why);
	s->context_start = (size_t)start;
	return 0;
}

int session_load_file(const char *path, struct session *s, char **err)
{
	char *text = NULL;
	size_t len = 0;
	memset(s, 0, sizeof *s);
	if (read_file(path, SESSION_FILE_MAX, &text, &len, err) < 0)
		return -1;
	if (len == 0) {
		free(text);
		return set_err(err,
		               "%s is empty: a save that never finished (a full disk, or loco "
		               "killed); delete it",
		               path);
	}
	const char *end = NULL;
	long deep = json_too_deep(text, len, JSON_MAX_DEPTH);
	cJSON *o = deep < 0 ? cJSON_ParseWithLengthOpts(text, len + 1, &end, true) : NULL;
	int rc;
	if (deep >= 0) {
		size_t line, col;
		text_line_col(text, (size_t)deep, &line, &col);
		rc = set_err(err,
		             "%s:%zu:%zu: nested deeper than %d lists or objects; fix it or "
		             "move the file away",
		             path, line, col, JSON_MAX_DEPTH);
	} else if (!o || strlen(text) != len) {
		size_t line, col;
		text_line_col(text, o ? strlen(text) : (size_t)(end - text), &line, &col);
		rc = set_err(err, "%s:%zu:%zu: %s; fix it or move the file away", path, line, col,
		             o ? "NUL byte in the file" : "invalid JSON");
	} else {
		struct reader r = {path, err};
		rc = read_session(&r, o, s);
	}
	if (rc == 0) {
		/* The file's name is the id: a copied file is its own conversation,
		 * and an id inside it can never point a save elsewhere. */
		const char *base = strrchr(path, '/');
		base = base ? base + 1 : path;
		size_t stem = strlen(base);
		if (stem > 5 && !strcmp(base + stem - 5, ".json"))
			stem -= 5;
		free(s->id);
		s->id = xstrndup(base, stem);
		s->on_disk = true;
	}
	cJSON_Delete(o);
	free(text);
	if (rc < 0)
		session_free(s);
	return rc;
}

static char *shorten(const char *text, size_t max)
{
	struct strbuf sb = STRBUF_INIT;
	size_t cols = 0;
	for (const char *p = text; *p && cols < max; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c & 0xC0) != 0x80)
			cols++;
		sb_add(&sb, c == '\n' || c == '\t' ? " " : p, 1);
	}
	/* finish a multi-byte character cut at the end */
	const char *rest = text + sb.len;
	while (*rest && ((unsigned char)*rest & 0xC0) == 0x80)
		sb_add(&sb, rest++, 1);
	if (*rest)
		sb_adds(&sb, "...");
	return sb_detach(&sb);
}

static int by_updated_desc(const void *a, const void *b)
{
	const struct session_info *x = a, *y = b;
	int c = strcmp(y->updated, x->updated);
	return c ? c : strcmp(y->id, x->id);
}

static bool is_session_file(const char *name, size_t *stem)
{
	size_t l = strlen(name);
	if (l <= 5 || strcmp(name + l - 5, ".json") || name[0] == '.')
		return false;
	*stem = l - 5;
	return true;
}

int session_list(const char *dir, struct session_info **list, size_t *n, char **warnings,
                 char **err)
{
	*list = NULL;
	*n = 0;
	*warnings = NULL;
	DIR *d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		return set_err(err, "cannot read %s: %s", dir, strerror(errno));
	}
	struct strbuf warn = STRBUF_INIT;
	size_t cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t stem;
		if (!is_session_file(e->d_name, &stem))
			continue;
		char *path = path_join(dir, e->d_name);
		struct session s;
		char *lerr = NULL;
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0) {
			/* a claim whose first save never finished (full disk, kill -9),
			 * or one being written right now: not a conversation */
			free(path);
			continue;
		}
		if (session_load_file(path, &s, &lerr) < 0) {
			sb_addf(&warn, "%s\n", lerr);
			free(lerr);
			free(path);
			continue;
		}
		free(path);
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*list = xrealloc(*list, cap * sizeof **list);
		}
		struct session_info *info = &(*list)[(*n)++];
		info->id = xstrndup(e->d_name, stem);
		info->updated = xstrdup(s.updated);
		info->messages = s.n;
		info->adapter = s.adapter ? xstrdup(s.adapter) : NULL;
		const char *q = s.n ? s.msgs[0].content : "";
		info->first = shorten(q, 48);
		session_free(&s);
	}
	closedir(d);
	if (*n)
		qsort(*list, *n, sizeof **list, by_updated_desc);
	*warnings = warn.len ? sb_detach(&warn) : NULL;
	sb_free(&warn);
	return 0;
}

void session_list_free(struct session_info *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].id);
		free(list[i].updated);
		free(list[i].adapter);
		free(list[i].first);
	}
	free(list);
}

char *session_find(const char *dir, const char *handle, char **err)
{
	if (!session_name_valid(handle)) {
		set_err(err, "'%s' is not a session name (letters, digits, '.', '_' and '-')",
		        handle);
		return NULL;
	}
	if (session_file_exists(dir, handle))
		return xasprintf("%s/%s.json", dir, handle);
	DIR *d = opendir(dir);
	char *found = NULL, **ids = NULL;
	size_t matches = 0, hl = strlen(handle), n = 0;
	struct suggestion sug;
	suggest_init(&sug, handle);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		size_t stem;
		if (!is_session_file(e->d_name, &stem))
			continue;
		ids = xrealloc(ids, (n + 1) * sizeof *ids);
		char *id = ids[n++] = xstrndup(e->d_name, stem);
		suggest_consider(&sug, id); /* keeps the pointer: ids live until the end */
		if (stem >= hl && !strncmp(id, handle, hl)) {
			matches++;
			found = id;
		}
	}
	char *path = NULL;
	if (matches == 1)
		path = xasprintf("%s/%s.json", dir, found);
	else if (matches > 1)
		set_err(err,
		        "'%s' matches %zu sessions; give more of the id (see 'loco chat --list')",
		        handle, matches);
	else if (suggest_result(&sug))
		set_err(err, "no session '%s'; did you mean '%s'?", handle, suggest_result(&sug));
	else
		set_err(err, "no session '%s' in %s; see 'loco chat --list'", handle, dir);
	free_string_list(ids, n);
	if (d)
		closedir(d);
	return path;
}

bool session_name_valid(const char *name)
{
	size_t l = strlen(name);
	if (!l || l > 64 || name[0] == '.' || name[0] == '-')
		return false;
	return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
	       l;
}
