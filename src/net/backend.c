/* backend.c: requests to the model server, as clients of the transfer engine
 * (http.c).
 *
 * A transfer is one HTTP request. The engine hands the body bytes of a 2xx
 * response to a protocol reader here (NDJSON lines for Ollama, SSE events for
 * OpenAI-compatible servers) and says how the transfer ended in one struct
 * net_error; this file reads the protocols and words what the readers saw. */
#define _GNU_SOURCE
#include "backend.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host.h"
#include "interrupt.h"
#include "json.h"
#include "stream.h"
#include "think.h"

#define ERROR_BODY_MAX  (64 * 1024)
#define SIMPLE_BODY_MAX (16u << 20)

/* ---- the backend ------------------------------------------------------- */

struct backend {
	struct http *http;
	enum backend_kind kind;
	char *base;    /* URL prefix: ".../api/..." or ".../chat/completions" is appended */
	char *address; /* for messages */
	char *warning;
	char *keep_alive;
	char *auth_header;
	size_t max_line;
	char *root; /* OpenAI-compatible: base without its "/v1" */
	struct route {
		char *model, *send, *error, *tag;
		int lora_id;
	} * routes;
	size_t n_routes;
	int *lora_ids;
	size_t n_lora_ids;
};

/* One request: the engine's transfer and the protocol reader of its body. */
struct transfer {
	struct http_transfer x;
	struct backend *b; /* NULL: made by chat_call_from_bytes, no network parts */
	/* protocol reader: exactly one of these is used */
	struct line_splitter lines;
	struct sse_reader sse;
	bool use_sse;
	int (*on_line)(struct transfer *t, const char *line, size_t len);
	int (*on_event)(struct transfer *t, const char *data, size_t len);
	void (*after_write)(struct transfer *t);
	void (*on_done)(struct transfer *t);
	void *owner;
	double first_byte_at; /* monotonic_seconds() of the first body byte; 0: none yet */
};

struct backend *backend_new(const struct backend_opts *o, char **err)
{
	struct http_opts ho = {o->connect_timeout, o->stall_timeout};
	struct http *http = http_new(&ho, err);
	if (!http)
		return NULL;
	struct backend *b = xcalloc(1, sizeof *b);
	b->http = http;
	b->kind = o->kind;
	if (o->kind == BACKEND_OLLAMA) {
		struct server_url u;
		server_url_parse(o->url, &u, &b->warning);
		b->base = xstrdup(u.base);
		b->address = xstrdup(u.base);
		server_url_free(&u);
	} else {
		size_t n = strlen(o->url);
		while (n && o->url[n - 1] == '/')
			n--;
		b->base = xstrndup(o->url, n);
		b->address = xstrdup(b->base);
		if (n >= 3 && !strcmp(b->base + n - 3, "/v1"))
			n -= 3;
		b->root = xstrndup(b->base, n);
	}
	b->keep_alive = o->keep_alive ? xstrdup(o->keep_alive) : NULL;
	b->auth_header =
	    o->api_key && *o->api_key ? xasprintf("Authorization: Bearer %s", o->api_key) : NULL;
	b->max_line = o->max_line ? o->max_line : 64u << 20;
	return b;
}

void backend_free(struct backend *b)
{
	if (!b)
		return;
	http_free(b->http);
	free(b->base);
	free(b->address);
	free(b->warning);
	free(b->keep_alive);
	free(b->auth_header);
	free(b->root);
	backend_set_routes(b, NULL, 0, NULL, 0);
	free(b);
}

const char *backend_address(const struct backend *b)
{
	return b->address;
}

enum backend_kind backend_kind(const struct backend *b)
{
	return b->kind;
}

const char *backend_warning(const struct backend *b)
{
	return b->warning;
}

/* ---- transfers --------------------------------------------------------- */

static int line_cb(void *ctx, const char *line, size_t len)
{
	struct transfer *t = ctx;
	return t->on_line(t, line, len);
}

static int event_cb(void *ctx, const char *event, const char *data, size_t len)
{
	(void)event;
	struct transfer *t = ctx;
	return t->on_event(t, data, len);
}

/* The engine's on_body: a 2xx body's bytes into the protocol reader. */
static int read_body(struct http_transfer *x, const char *data, size_t n)
{
	struct transfer *t = x->owner;
	if (!t->first_byte_at)
		t->first_byte_at = monotonic_seconds();
	char *msg = NULL;
	int rc = t->use_sse ? sse_reader_feed(&t->sse, data, n, &msg)
	                    : line_splitter_feed(&t->lines, data, n, line_cb, t, &msg);
	if (msg)
		net_fail(x->err, NET_PROTOCOL, "%s", msg);
	free(msg);
	if (t->after_write)
		t->after_write(t);
	return rc < 0 ? -1 : 0;
}

/* The engine's on_done: a body that arrived whole is read to its end. */
static void body_done(struct http_transfer *x, bool ok)
{
	struct transfer *t = x->owner;
	if (ok) {
		char *msg = NULL;
		int frc = t->use_sse ? sse_reader_finish(&t->sse, &msg)
		                     : line_splitter_finish(&t->lines, line_cb, t, &msg);
		if (frc < 0 && msg)
			net_fail(x->err, NET_PROTOCOL, "%s", msg);
		free(msg);
		if (t->after_write)
			t->after_write(t);
	}
	if (t->on_done)
		t->on_done(t);
}

static char *cut_words(const struct http_transfer *x)
{
	(void)x;
	return xstrdup("the server closed the connection before the answer was complete");
}

static void transfer_init_at(struct transfer *t, struct backend *b, const char *prefix,
                             const char *path, const char *body, struct net_error *err)
{
	memset(t, 0, sizeof *t);
	t->b = b;
	char *url = xasprintf("%s%s", prefix, path);
	http_transfer_init(&t->x, b->http, url, ERROR_BODY_MAX, err);
	free(url);
	t->x.owner = t;
	t->x.on_body = read_body;
	t->x.on_done = body_done;
	t->x.cut_words = cut_words;
	if (b->auth_header)
		http_add_header(&t->x, b->auth_header);
	if (body)
		http_post_json(&t->x, body);
	line_splitter_init(&t->lines, b->max_line);
}

static void transfer_init(struct transfer *t, struct backend *b, const char *path, const char *body,
                          struct net_error *err)
{
	transfer_init_at(t, b, b->base, path, body, err);
}

static void transfer_cleanup(struct transfer *t)
{
	if (t->b)
		http_transfer_cleanup(&t->x);
	line_splitter_free(&t->lines);
	if (t->use_sse)
		sse_reader_free(&t->sse);
}

static void transfer_start(struct transfer *t)
{
	http_start(&t->x);
}

void backend_run(struct backend *b)
{
	http_run(b->http, NULL, NULL);
}

int backend_step(struct backend *b, int timeout_ms)
{
	return http_step(b->http, timeout_ms);
}

size_t backend_active(const struct backend *b)
{
	return http_active(b->http);
}

void backend_run_progress(struct backend *b, void (*progress)(void *ctx, int done, int total),
                          void *ctx)
{
	http_run(b->http, progress, ctx);
}

/* ---- simple requests (tags, version) ---------------------------------- */

struct simple {
	struct strbuf body;
};

static int simple_line(struct transfer *t, const char *line, size_t len)
{
	struct simple *s = t->owner;
	if (sb_add(&s->body, line, len) < 0 || sb_add(&s->body, "\n", 1) < 0) {
		net_fail(t->x.err, NET_PROTOCOL, "the reply is larger than %u bytes",
		         SIMPLE_BODY_MAX);
		return -1;
	}
	return 0;
}

/* GET (or HEAD) prefix + path and keep the body in s; returns 0 or -1 with *e. */
static int fetch_at(struct backend *b, const char *prefix, const char *path, bool head,
                    struct simple *s, struct net_error *e)
{
	sb_init(&s->body, SIMPLE_BODY_MAX);
	sb_add(&s->body, "", 0);
	struct transfer t;
	transfer_init_at(&t, b, prefix, path, NULL, e);
	if (head)
		http_curl(b->http)->easy_setopt(t.x.easy, CURLOPT_NOBODY, 1L);
	t.owner = s;
	t.on_line = simple_line;
	transfer_start(&t);
	backend_run(b);
	transfer_cleanup(&t);
	return e->status == NET_OK ? 0 : -1;
}

static int fetch(struct backend *b, const char *path, bool head, struct simple *s,
                 struct net_error *e)
{
	return fetch_at(b, b->base, path, head, s, e);
}

int backend_get_root(struct backend *b, const char *path, char **body, size_t *len,
                     struct net_error *e)
{
	struct simple s;
	int rc = fetch_at(b, b->root ? b->root : b->base, path, false, &s, e);
	*len = s.body.len;
	*body = sb_detach(&s.body);
	return rc;
}

/* GET path and parse the JSON reply; *out is the caller's. */
static int get_json(struct backend *b, const char *path, cJSON **out, struct net_error *e)
{
	struct simple s;
	*out = NULL;
	if (fetch(b, path, false, &s, e) == 0) {
		*out = cJSON_ParseWithLength(s.body.buf, s.body.len);
		if (!*out)
			net_fail(e, NET_PROTOCOL, "%s%s answered with something that is not JSON",
			         b->address, path);
	}
	sb_free(&s.body);
	return e->status == NET_OK ? 0 : -1;
}

/* HEAD / : Ollama answers 200 "Ollama is running" (no body for HEAD). An
 * OpenAI-compatible server gets a GET /models, so that a refusal comes with
 * its words (llama-server's 401 says "Invalid API Key" only in the body). */
int backend_ping(struct backend *b, struct net_error *e)
{
	struct simple s;
	bool openai = backend_kind_openai(b->kind);
	int rc = fetch(b, openai ? "/models" : "/", !openai, &s, e);
	sb_free(&s.body);
	return rc;
}

int backend_context_length(struct backend *b, const char *model, long *n, struct net_error *e)
{
	*n = 0;
	if (b->kind != BACKEND_OLLAMA)
		return 0;
	cJSON *req = cJSON_CreateObject();
	cJSON_AddStringToObject(req, "model", model);
	char *body = cJSON_PrintUnformatted(req);
	cJSON_Delete(req);
	struct simple s;
	sb_init(&s.body, SIMPLE_BODY_MAX);
	sb_add(&s.body, "", 0);
	struct transfer t;
	transfer_init(&t, b, "/api/show", body, e);
	free(body);
	t.owner = &s;
	t.on_line = simple_line;
	transfer_start(&t);
	backend_run(b);
	transfer_cleanup(&t);
	cJSON *j = e->status == NET_OK ? cJSON_ParseWithLength(s.body.buf, s.body.len) : NULL;
	sb_free(&s.body);
	const cJSON *info = cJSON_GetObjectItemCaseSensitive(j, "model_info");
	const cJSON *arch = cJSON_GetObjectItemCaseSensitive(info, "general.architecture");
	if (cJSON_IsString(arch)) {
		char *key = xasprintf("%s.context_length", arch->valuestring);
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(info, key);
		if (cJSON_IsNumber(v) && v->valuedouble >= 1 && v->valuedouble < 1e12)
			*n = (long)v->valuedouble;
		free(key);
	}
	cJSON_Delete(j);
	return e->status == NET_OK ? 0 : -1;
}

/* ---- embeddings ------------------------------------------------------------ */

static void add_keep_alive(const struct backend *b, cJSON *body)
{
	if (!b->keep_alive)
		return;
	double secs;
	if (parse_double(b->keep_alive, &secs))
		cJSON_AddNumberToObject(body, "keep_alive", secs);
	else
		cJSON_AddStringToObject(body, "keep_alive", b->keep_alive);
}

static char *embed_body(const struct backend *b, const char *model, const char *const *inputs,
                        size_t n, const struct chat_options *o)
{
	cJSON *req = cJSON_CreateObject();
	cJSON_AddStringToObject(req, "model", model);
	cJSON *in = cJSON_AddArrayToObject(req, "input");
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(in, cJSON_CreateString(inputs[i]));
	if (b->kind == BACKEND_OLLAMA) {
		add_keep_alive(b, req);
		/* the runner options of a chat (ollama_body): a different num_ctx
		 * would make the scheduler load the model again (server/sched.go
		 * needsReload compares the runner options) */
		cJSON *opts = cJSON_AddObjectToObject(req, "options");
		if (o && o->num_ctx)
			cJSON_AddNumberToObject(opts, "num_ctx", (double)o->num_ctx);
	}
	char *text = cJSON_PrintUnformatted(req);
	cJSON_Delete(req);
	return text;
}

/* One vector of numbers into row (dim floats); false when it is not that. */
static bool read_vector(const cJSON *v, float *row, size_t dim)
{
	if (!cJSON_IsArray(v) || (size_t)cJSON_GetArraySize(v) != dim)
		return false;
	size_t k = 0;
	const cJSON *x;
	cJSON_ArrayForEach(x, v)
	{
		if (!cJSON_IsNumber(x) || !(x->valuedouble > -1e30 && x->valuedouble < 1e30))
			return false;
		row[k++] = (float)x->valuedouble;
	}
	return true;
}

/* The vectors of a reply, in input order: Ollama's "embeddings", or
 * OpenAI's "data" items placed by their "index". */
static int embed_reply(const cJSON *j, bool openai, size_t n, float **vecs, size_t *dim)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(j, openai ? "data" : "embeddings");
	if (!cJSON_IsArray(list) || (size_t)cJSON_GetArraySize(list) != n || !n)
		return -1;
	const cJSON *first = cJSON_GetArrayItem(list, 0);
	if (openai)
		first = cJSON_GetObjectItemCaseSensitive(first, "embedding");
	if (!cJSON_IsArray(first) || cJSON_GetArraySize(first) < 1 ||
	    cJSON_GetArraySize(first) > 1 << 20)
		return -1;
	*dim = (size_t)cJSON_GetArraySize(first);
	*vecs = xcalloc(n * *dim, sizeof **vecs);
	bool *seen = xcalloc(n, sizeof *seen);
	size_t i = 0;
	int rc = 0;
	const cJSON *item;
	cJSON_ArrayForEach(item, list)
	{
		size_t at = i++;
		const cJSON *v = item;
		if (openai) {
			const cJSON *ix = cJSON_GetObjectItemCaseSensitive(item, "index");
			if (cJSON_IsNumber(ix))
				at = ix->valuedouble >= 0 && ix->valuedouble < (double)n
				         ? (size_t)ix->valuedouble
				         : n;
			v = cJSON_GetObjectItemCaseSensitive(item, "embedding");
		}
		if (at >= n || seen[at] || !read_vector(v, *vecs + at * *dim, *dim)) {
			rc = -1;
			break;
		}
		seen[at] = true;
	}
	free(seen);
	if (rc < 0) {
		free(*vecs);
		*vecs = NULL;
	}
	return rc;
}

int backend_embed(struct backend *b, const char *model, const char *const *inputs, size_t n,
                  const struct chat_options *o, float **vecs, size_t *dim, struct net_error *e)
{
	*vecs = NULL;
	*dim = 0;
	bool openai = backend_kind_openai(b->kind);
	char *body = embed_body(b, model, inputs, n, o);
	struct simple s;
	sb_init(&s.body, SIMPLE_BODY_MAX);
	sb_add(&s.body, "", 0);
	struct transfer t;
	transfer_init(&t, b, openai ? "/embeddings" : "/api/embed", body, e);
	free(body);
	t.owner = &s;
	t.on_line = simple_line;
	transfer_start(&t);
	backend_run(b);
	transfer_cleanup(&t);
	if (e->status == NET_OK) {
		cJSON *j = cJSON_ParseWithLength(s.body.buf, s.body.len);
		if (!j || embed_reply(j, openai, n, vecs, dim) < 0)
			net_fail(e, NET_PROTOCOL,
			         "%s%s answered without %zu vectors of numbers (an \"%s\" list)",
			         b->address, openai ? "/embeddings" : "/api/embed", n,
			         openai ? "data" : "embeddings");
		cJSON_Delete(j);
	}
	sb_free(&s.body);
	return e->status == NET_OK ? 0 : -1;
}

bool backend_embed_refused(const struct net_error *e)
{
	if (e->status != NET_SERVER_ERROR)
		return false;
	if (e->http_status == 501)
		return true;
	const char *m = e->message ? e->message : "";
	return (e->http_status == 400 || e->http_status == 500) &&
	       (strcasestr(m, "not support embed") || strcasestr(m, "embeddings not supported") ||
	        strcasestr(m, "does not support embedding"));
}

int backend_is_ollama(struct backend *b, char **what, struct net_error *e)
{
	static const char banner[] = "Ollama is running"; /* server/routes.go */
	struct simple s;
	*what = NULL;
	int rc = fetch(b, "/", false, &s, e);
	bool ollama = rc == 0 && !strncmp(s.body.buf, banner, sizeof banner - 1);
	if (rc == 0 && !ollama) {
		char *text = http_error_words(s.body.buf, s.body.len, 200);
		*what =
		    xasprintf("GET / answered \"%.60s%s\"", text, strlen(text) > 60 ? "..." : "");
		free(text);
	} else if (rc < 0 && e->status != NET_UNREACHABLE && e->status != NET_INTERRUPTED) {
		*what = xasprintf("GET / answered HTTP %ld: %.60s", e->http_status,
		                  e->message ? e->message : "");
		net_error_clear(e);
		rc = 0;
	}
	sb_free(&s.body);
	if (rc < 0 || ollama)
		return rc < 0 ? -1 : 1;
	/* a proxy may answer / itself and pass /api/ on */
	cJSON *j = NULL;
	struct net_error ve = {0};
	if (get_json(b, "/api/version", &j, &ve) == 0 &&
	    cJSON_IsString(cJSON_GetObjectItemCaseSensitive(j, "version")))
		ollama = true;
	cJSON_Delete(j);
	net_error_clear(&ve);
	if (ollama) {
		free(*what);
		*what = NULL;
	}
	return ollama ? 1 : 0;
}

int backend_version(struct backend *b, char **version, struct net_error *e)
{
	cJSON *j;
	*version = NULL;
	if (b->kind == BACKEND_LLAMACPP || b->kind == BACKEND_VLLM) {
		/* llama-server's GET /props has "build_info" ("b6100-de3ff81"),
		 * vLLM's GET /version "version"; both at the root */
		bool llama = b->kind == BACKEND_LLAMACPP;
		struct simple s;
		struct net_error ve = {0};
		if (fetch_at(b, b->root, llama ? "/props" : "/version", false, &s, &ve) == 0) {
			cJSON *p = cJSON_ParseWithLength(s.body.buf, s.body.len);
			const cJSON *v =
			    cJSON_GetObjectItemCaseSensitive(p, llama ? "build_info" : "version");
			if (cJSON_IsString(v) && *v->valuestring)
				*version = xasprintf("(%s %.40s)", llama ? "llama-server" : "vLLM",
				                     v->valuestring);
			cJSON_Delete(p);
		}
		sb_free(&s.body);
		net_error_clear(&ve);
	}
	if (backend_kind_openai(b->kind)) {
		if (!*version)
			*version = xstrdup("(OpenAI-compatible)");
		return 0;
	}
	if (get_json(b, "/api/version", &j, e) < 0)
		return -1;
	cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "version");
	*version = xstrdup(cJSON_IsString(v) ? v->valuestring : "unknown");
	cJSON_Delete(j);
	return 0;
}

void model_list_free(struct model_info *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].name);
		free(list[i].digest);
		for (size_t k = 0; k < list[i].n_aliases; k++)
			free(list[i].aliases[k]);
		free(list[i].aliases);
	}
	free(list);
}

/* llama-server's /v1/models entries: {"id", "aliases": [...]} (its --alias
 * takes a comma-separated list; the id is one of them). */
static void read_aliases(struct model_info *m, const cJSON *entry)
{
	const cJSON *aliases = cJSON_GetObjectItemCaseSensitive(entry, "aliases"), *a;
	m->exact = true;
	if (!cJSON_IsArray(aliases))
		return;
	m->aliases = xcalloc((size_t)cJSON_GetArraySize(aliases) + 1, sizeof *m->aliases);
	cJSON_ArrayForEach(a, aliases) if (cJSON_IsString(a)) m->aliases[m->n_aliases++] =
	    xstrdup(a->valuestring);
}

static void list_routes(const struct backend *b, struct model_info **list, size_t *count);

int backend_list_models(struct backend *b, struct model_info **list, size_t *count,
                        struct net_error *e)
{
	cJSON *j;
	*list = NULL;
	*count = 0;
	bool openai = backend_kind_openai(b->kind);
	if (get_json(b, openai ? "/models" : "/api/tags", &j, e) < 0)
		return -1;
	const cJSON *models = cJSON_GetObjectItemCaseSensitive(j, openai ? "data" : "models"), *m;
	size_t n = (size_t)cJSON_GetArraySize(models);
	*list = xcalloc(n ? n : 1, sizeof **list);
	cJSON_ArrayForEach(m, models)
	{
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(m, openai ? "id" : "name");
		const cJSON *digest = cJSON_GetObjectItemCaseSensitive(m, "digest");
		if (!cJSON_IsString(name))
			continue;
		struct model_info *info = &(*list)[(*count)++];
		info->name = xstrdup(name->valuestring);
		info->digest = xstrdup(cJSON_IsString(digest) ? digest->valuestring : "");
		if (openai)
			read_aliases(info, m);
	}
	cJSON_Delete(j);
	if (b->n_routes)
		list_routes(b, list, count);
	return 0;
}

/* ---- chat -------------------------------------------------------------- */

struct chat_call {
	struct transfer t;
	struct chat_result r;
	struct think_filter think;
	struct chat_sink sink;
	double t0;
	bool openai_finished; /* OpenAI: finish_reason or [DONE] seen */
	bool finished;        /* chat_done ran */
};

static void deliver_text(struct chat_call *c, const char *text, size_t n, bool thinking)
{
	struct chat_result *r = &c->r;
	if (thinking) {
		sb_add_text(&r->thinking, text, n, LOCO_TEXT_CUT_NOTE);
		if (c->sink.thinking)
			c->sink.thinking(c->sink.ctx, text, n);
		return;
	}
	size_t a0 = r->answer.len, t0 = r->thinking.len;
	think_filter_feed(&c->think, text, n, &r->answer, &r->thinking);
	if (c->sink.thinking && r->thinking.len > t0)
		c->sink.thinking(c->sink.ctx, r->thinking.buf + t0, r->thinking.len - t0);
	if (c->sink.answer && r->answer.len > a0)
		c->sink.answer(c->sink.ctx, r->answer.buf + a0, r->answer.len - a0);
}

int64_t json_count(const cJSON *o, const char *key, double max)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	/* !(x >= 0) also catches NaN; converting a double out of range is undefined */
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) || v->valuedouble > max)
		return 0;
	return (int64_t)v->valuedouble;
}

static long json_long(const cJSON *o, const char *key)
{
	return (long)json_count(o, key, COUNT_MAX);
}

static int64_t json_i64(const cJSON *o, const char *key)
{
	return json_count(o, key, DURATION_MAX);
}

static void not_json(struct transfer *t, const char *line, size_t len)
{
	net_fail(t->x.err, NET_PROTOCOL, "the server sent a line that is not JSON: '%.*s%s'",
	         (int)(len < 60 ? len : 60), line, len > 60 ? "..." : "");
}

/* The text with every \u0000 escape written as \ufffd, or NULL when it has
 * none. cJSON keeps strings NUL-terminated, so a NUL a server sends inside a
 * chunk (Go's encoding/json writes it as \u0000) would cut the rest of the
 * answer; it is shown as U+FFFD, the replacement character, instead. Every
 * backslash in valid JSON starts an escape inside a string, so pairs are
 * skipped whole ("\\u0000" is a backslash and the text "u0000"). */
static char *nul_escapes_replaced(const char *text, size_t len)
{
	char *copy = NULL;
	for (size_t i = 0; i + 1 < len; i++) {
		if (text[i] != '\\')
			continue;
		if (text[i + 1] == 'u' && len - i >= 6 && !memcmp(text + i + 2, "0000", 4)) {
			if (!copy)
				copy = xstrndup(text, len);
			memcpy(copy + i + 2, "fffd", 4);
		}
		i++;
	}
	return copy;
}

/* A stream line or event as a JSON object, or NULL (failure recorded). */
static cJSON *parse_object(struct transfer *t, const char *text, size_t len)
{
	char *fixed = nul_escapes_replaced(text, len);
	cJSON *j = cJSON_ParseWithLength(fixed ? fixed : text, len);
	free(fixed);
	if (cJSON_IsObject(j))
		return j;
	cJSON_Delete(j);
	not_json(t, text, len);
	return NULL;
}

/* An Ollama stream line {"error": ...}: records the failure and says so.
 * Servers before v0.12.6 also put the real status in the line. */
static bool line_error(struct transfer *t, const cJSON *j)
{
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(j, "error");
	if (!err)
		return false;
	long status = json_long(j, "status");
	net_fail(t->x.err, status == 404 ? NET_NOT_FOUND : NET_SERVER_ERROR, "%s",
	         cJSON_IsString(err) ? err->valuestring : "the server reported an error");
	t->x.err->http_status = status ? status : t->x.status;
	return true;
}

/* ---- tool calls (issue 19) ------------------------------------------------ */

/* All of one answer's tool calls together stay under this (arguments are
 * code: far below it), so a hostile stream cannot grow them without end. */
#define TOOL_CALLS_MAX (1u << 20)

/* The entry for stream index idx, made when new. */
static cJSON *tool_call_at(cJSON *calls, int idx)
{
	cJSON *e;
	cJSON_ArrayForEach(e, calls)
	{
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(e, "function");
		const cJSON *i = cJSON_GetObjectItemCaseSensitive(f, "index");
		if (cJSON_IsNumber(i) && i->valuedouble == idx)
			return e;
	}
	e = cJSON_CreateObject();
	cJSON_AddNumberToObject(cJSON_AddObjectToObject(e, "function"), "index", idx);
	cJSON_AddItemToArray(calls, e);
	return e;
}

/* Appends piece to the string member key of o (OpenAI streams a call's
 * arguments in pieces; Ollama sends them whole, as an object). */
static void join_string(cJSON *o, const char *key, const char *piece)
{
	cJSON *s = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!cJSON_IsString(s)) {
		cJSON_DeleteItemFromObjectCaseSensitive(o, key);
		cJSON_AddStringToObject(o, key, piece);
		return;
	}
	char *joined = xasprintf("%s%s", s->valuestring, piece);
	cJSON_ReplaceItemInObjectCaseSensitive(o, key, cJSON_CreateString(joined));
	free(joined);
}

/* Ollama sends each call whole (arguments an object): it is appended.
 * OpenAI streams a call in pieces under one index (the id and name first,
 * then fragments of the arguments string): they are joined into the entry of
 * that index. */
static void merge_tool_call(cJSON *calls, const cJSON *in, int pos)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(in, "function");
	const cJSON *args = cJSON_GetObjectItemCaseSensitive(f, "arguments");
	if (args && !cJSON_IsString(args)) {
		cJSON *whole = cJSON_Duplicate(in, 1);
		cJSON *wf = cJSON_GetObjectItemCaseSensitive(whole, "function");
		if (cJSON_IsObject(wf))
			cJSON_DeleteItemFromObjectCaseSensitive(wf, "index");
		if (cJSON_IsObject(wf))
			cJSON_AddNumberToObject(wf, "index", pos);
		cJSON_AddItemToArray(calls, whole);
		return;
	}
	const cJSON *idx = cJSON_GetObjectItemCaseSensitive(in, "index");
	if (!cJSON_IsNumber(idx))
		idx = cJSON_GetObjectItemCaseSensitive(f, "index");
	cJSON *e = tool_call_at(calls, cJSON_IsNumber(idx) ? (int)idx->valuedouble : pos);
	cJSON *ef = cJSON_GetObjectItemCaseSensitive(e, "function");
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(in, "id");
	if (cJSON_IsString(id) && id->valuestring[0]) {
		cJSON_DeleteItemFromObjectCaseSensitive(e, "id");
		cJSON_AddStringToObject(e, "id", id->valuestring);
	}
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(f, "name");
	if (cJSON_IsString(name) && name->valuestring[0]) {
		cJSON_DeleteItemFromObjectCaseSensitive(ef, "name");
		cJSON_AddStringToObject(ef, "name", name->valuestring);
	}
	if (cJSON_IsString(args))
		join_string(ef, "arguments", args->valuestring);
}

/* A message's (or a delta's) tool_calls, merged into the call's result. */
static int take_tool_calls(struct transfer *t, const cJSON *in)
{
	struct chat_call *c = t->owner;
	if (!in || cJSON_IsNull(in))
		return 0;
	if (!cJSON_IsArray(in)) {
		net_fail(t->x.err, NET_PROTOCOL, "tool_calls is %s, expected an array",
		         json_kind(in));
		return -1;
	}
	if (!c->r.tool_calls)
		c->r.tool_calls = cJSON_CreateArray();
	int pos = cJSON_GetArraySize(c->r.tool_calls);
	const cJSON *e;
	cJSON_ArrayForEach(e, in)
	{
		merge_tool_call(c->r.tool_calls, e, pos++);
	}
	char *all = cJSON_PrintUnformatted(c->r.tool_calls);
	bool big = strlen(all) > TOOL_CALLS_MAX;
	free(all);
	if (big) {
		net_fail(t->x.err, NET_PROTOCOL, "the model's tool calls passed %u bytes",
		         TOOL_CALLS_MAX);
		return -1;
	}
	return 0;
}

/* One NDJSON object of an Ollama /api/chat stream. */
/* A chunk's logprobs: Ollama's [{"token", "logprob", "bytes"}, ...]
 * (api.Logprob in api/types.go, sent with each ChatResponse by ChatHandler in
 * server/routes.go), which /v1 and OpenAI send as choices[0].logprobs.content
 * (openai/openai.go ChoiceLogprobs). Entries without a number are skipped. */
static void take_logprobs(struct chat_result *r, const cJSON *list)
{
	const cJSON *e;
	if (!cJSON_IsArray(list))
		return;
	cJSON_ArrayForEach(e, list)
	{
		const cJSON *lp = cJSON_GetObjectItemCaseSensitive(e, "logprob");
		if (cJSON_IsNumber(lp) && isfinite(lp->valuedouble) && lp->valuedouble <= 0) {
			r->logprob_sum += lp->valuedouble;
			r->logprob_n++;
		}
	}
}

double chat_result_mean_logprob(const struct chat_result *r)
{
	return r->logprob_n ? r->logprob_sum / (double)r->logprob_n : NAN;
}

static int ollama_line(struct transfer *t, const char *line, size_t len)
{
	struct chat_call *c = t->owner;
	cJSON *j = parse_object(t, line, len);
	if (!j)
		return -1;
	if (line_error(t, j)) {
		cJSON_Delete(j);
		return -1;
	}
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(j, "message");
	const cJSON *thinking = cJSON_GetObjectItemCaseSensitive(msg, "thinking");
	const cJSON *content = cJSON_GetObjectItemCaseSensitive(msg, "content");
	if (cJSON_IsString(thinking) && thinking->valuestring[0])
		deliver_text(c, thinking->valuestring, strlen(thinking->valuestring), true);
	if (cJSON_IsString(content) && content->valuestring[0])
		deliver_text(c, content->valuestring, strlen(content->valuestring), false);
	if (take_tool_calls(t, cJSON_GetObjectItemCaseSensitive(msg, "tool_calls")) < 0) {
		cJSON_Delete(j);
		return -1;
	}
	take_logprobs(&c->r, cJSON_GetObjectItemCaseSensitive(j, "logprobs"));
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "done"))) {
		struct chat_result *r = &c->r;
		r->done = true;
		const cJSON *reason = cJSON_GetObjectItemCaseSensitive(j, "done_reason");
		free(r->done_reason);
		r->done_reason = cJSON_IsString(reason) ? xstrdup(reason->valuestring) : NULL;
		r->prompt_tokens = json_long(j, "prompt_eval_count");
		r->tokens = json_long(j, "eval_count");
		r->total_ns = json_i64(j, "total_duration");
		r->load_ns = json_i64(j, "load_duration");
		r->prompt_ns = json_i64(j, "prompt_eval_duration");
		r->eval_ns = json_i64(j, "eval_duration");
	}
	cJSON_Delete(j);
	return 0;
}

/* One SSE event of an OpenAI-compatible /chat/completions stream. */
static int openai_event(struct transfer *t, const char *data, size_t len)
{
	struct chat_call *c = t->owner;
	cJSON *j = parse_object(t, data, len);
	if (!j)
		return -1;
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(j, "error");
	if (err) {
		const cJSON *m =
		    cJSON_IsObject(err) ? cJSON_GetObjectItemCaseSensitive(err, "message") : err;
		net_fail(t->x.err, NET_SERVER_ERROR, "%s",
		         cJSON_IsString(m) ? m->valuestring : "the server reported an error");
		cJSON_Delete(j);
		return -1;
	}
	const cJSON *choice = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "choices"), 0);
	const cJSON *delta = cJSON_GetObjectItemCaseSensitive(choice, "delta");
	static const char *const thinking_keys[] = {"reasoning", "reasoning_content"};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(thinking_keys); i++) {
		const cJSON *th = cJSON_GetObjectItemCaseSensitive(delta, thinking_keys[i]);
		if (cJSON_IsString(th) && th->valuestring[0])
			deliver_text(c, th->valuestring, strlen(th->valuestring), true);
	}
	const cJSON *content = cJSON_GetObjectItemCaseSensitive(delta, "content");
	if (cJSON_IsString(content) && content->valuestring[0])
		deliver_text(c, content->valuestring, strlen(content->valuestring), false);
	if (take_tool_calls(t, cJSON_GetObjectItemCaseSensitive(delta, "tool_calls")) < 0) {
		cJSON_Delete(j);
		return -1;
	}
	take_logprobs(&c->r, cJSON_GetObjectItemCaseSensitive(
	                         cJSON_GetObjectItemCaseSensitive(choice, "logprobs"), "content"));
	const cJSON *finish = cJSON_GetObjectItemCaseSensitive(choice, "finish_reason");
	if (cJSON_IsString(finish)) {
		c->openai_finished = true;
		free(c->r.done_reason);
		c->r.done_reason = xstrdup(finish->valuestring);
	}
	const cJSON *usage = cJSON_GetObjectItemCaseSensitive(j, "usage");
	if (cJSON_IsObject(usage)) {
		c->r.prompt_tokens = json_long(usage, "prompt_tokens");
		c->r.tokens = json_long(usage, "completion_tokens");
	}
	cJSON_Delete(j);
	return 0;
}

static void chat_after_write(struct transfer *t)
{
	struct chat_call *c = t->owner;
	if (c->sink.flush)
		c->sink.flush(c->sink.ctx);
}

static void chat_done(struct transfer *t)
{
	struct chat_call *c = t->owner;
	struct chat_result *r = &c->r;
	c->finished = true;
	think_filter_finish(&c->think, &r->answer, &r->thinking);
	r->done_at = monotonic_seconds();
	r->seconds = r->done_at - c->t0;
	r->sent_at = c->t0;
	r->first_byte_at = t->first_byte_at;
	if (t->use_sse && (c->openai_finished || t->sse.done))
		r->done = true;
	if (r->error.status == NET_OK && !r->done)
		net_fail(&r->error, NET_PROTOCOL,
		         "the server ended the stream without finishing the answer (no done:true)");
}

static cJSON *ollama_body(const struct backend *b, const char *model, const cJSON *messages,
                          const struct chat_options *o)
{
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "model", model);
	cJSON_AddItemToObject(body, "messages", cJSON_Duplicate(messages, true));
	cJSON_AddBoolToObject(body, "stream", true);
	if (o->think >= 0)
		cJSON_AddBoolToObject(body, "think", o->think != 0);
	add_keep_alive(b, body);
	cJSON *opts = cJSON_AddObjectToObject(body, "options");
	if (o->num_ctx)
		cJSON_AddNumberToObject(opts, "num_ctx", (double)o->num_ctx);
	if (o->num_predict)
		cJSON_AddNumberToObject(opts, "num_predict", (double)o->num_predict);
	if (o->has_temperature)
		cJSON_AddNumberToObject(opts, "temperature", o->temperature);
	if (o->has_top_p)
		cJSON_AddNumberToObject(opts, "top_p", o->top_p);
	if (o->top_k)
		cJSON_AddNumberToObject(opts, "top_k", (double)o->top_k);
	if (o->has_seed)
		cJSON_AddNumberToObject(opts, "seed", (double)o->seed);
	if (o->tools)
		cJSON_AddItemToObject(body, "tools", cJSON_Duplicate(o->tools, 1));
	if (o->logprobs)
		cJSON_AddBoolToObject(body, "logprobs", true);
	return body;
}

/* The conversation in OpenAI's words: a tool call's arguments are a JSON
 * string and it has a type; a tool's result names the call by
 * tool_call_id, not by tool_name (Ollama's api.Message has both). */
static cJSON *openai_messages(const cJSON *messages)
{
	cJSON *out = cJSON_Duplicate(messages, true), *m;
	cJSON_ArrayForEach(m, out)
	{
		cJSON *calls = cJSON_GetObjectItemCaseSensitive(m, "tool_calls"), *c;
		cJSON_ArrayForEach(c, calls)
		{
			cJSON *f = cJSON_GetObjectItemCaseSensitive(c, "function");
			cJSON *args = cJSON_GetObjectItemCaseSensitive(f, "arguments");
			if (args && !cJSON_IsString(args)) {
				char *s = cJSON_PrintUnformatted(args);
				cJSON_ReplaceItemInObjectCaseSensitive(f, "arguments",
				                                       cJSON_CreateString(s));
				free(s);
			}
			cJSON_DeleteItemFromObjectCaseSensitive(f, "index");
			if (!cJSON_GetObjectItemCaseSensitive(c, "type"))
				cJSON_AddStringToObject(c, "type", "function");
		}
		const cJSON *role = cJSON_GetObjectItemCaseSensitive(m, "role");
		if (cJSON_IsString(role) && !strcmp(role->valuestring, "tool"))
			cJSON_DeleteItemFromObjectCaseSensitive(m, "tool_name");
	}
	return out;
}

/* ---- per-request adapters (llama.cpp, vLLM) ----------------------------- */

void backend_set_routes(struct backend *b, const struct model_route *routes, size_t n,
                        const int *ids, size_t n_ids)
{
	for (size_t i = 0; i < b->n_routes; i++) {
		free(b->routes[i].model);
		free(b->routes[i].send);
		free(b->routes[i].error);
		free(b->routes[i].tag);
	}
	free(b->routes);
	free(b->lora_ids);
	b->routes = n ? xcalloc(n, sizeof *b->routes) : NULL;
	b->n_routes = n;
	for (size_t i = 0; i < n; i++) {
		const struct model_route *r = &routes[i];
		b->routes[i] = (struct route){
		    .model = xstrdup(r->model),
		    .send = r->send ? xstrdup(r->send) : NULL,
		    .error = r->error ? xstrdup(r->error) : NULL,
		    .tag = r->tag ? xstrdup(r->tag) : NULL,
		    .lora_id = r->lora_id,
		};
	}
	b->lora_ids = n_ids ? xcalloc(n_ids, sizeof *ids) : NULL;
	if (n_ids)
		memcpy(b->lora_ids, ids, n_ids * sizeof *ids);
	b->n_lora_ids = n_ids;
}

static const struct route *route_of(const struct backend *b, const char *model)
{
	for (size_t i = 0; model && i < b->n_routes; i++)
		if (!strcmp(b->routes[i].model, model))
			return &b->routes[i];
	return NULL;
}

const char *backend_route_error(const struct backend *b, const char *model)
{
	const struct route *r = route_of(b, model);
	return r ? r->error : NULL;
}

bool backend_swaps_per_request(const struct backend *b)
{
	return b->kind == BACKEND_LLAMACPP || b->kind == BACKEND_VLLM;
}

/* llama-server's "lora": every loaded adapter, the route's at scale 1 and
 * the rest at 0. server.cpp's parse_lora_request() of older builds copies
 * the loaded adapters, sets every scale to 0 and then the named ones
 * ("invalid adapter id" for one it has not loaded); server-common.cpp's of
 * newer builds returns only the named ids, as a map. Naming them all gives
 * the same request on both, and the scenarios check it. */
static void add_lora(const struct backend *b, cJSON *body, const struct route *r)
{
	if (!b->n_lora_ids)
		return;
	cJSON *list = cJSON_AddArrayToObject(body, "lora");
	for (size_t i = 0; i < b->n_lora_ids; i++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "id", b->lora_ids[i]);
		cJSON_AddNumberToObject(e, "scale", r && r->lora_id == b->lora_ids[i] ? 1.0 : 0.0);
		cJSON_AddItemToArray(list, e);
	}
}

/* Routes that answer add their names to a server's model list, so that the
 * checks of query, chat and eval find them: an adapter served through the
 * base, with the base's entry's digest and the route's tag. */
static void list_routes(const struct backend *b, struct model_info **list, size_t *count)
{
	size_t served = *count;
	*list = xrealloc(*list, (served + b->n_routes + 1) * sizeof **list);
	for (size_t i = 0; i < b->n_routes; i++) {
		const struct route *r = &b->routes[i];
		const struct model_info *base = NULL;
		for (size_t k = 0; k < served && !base; k++)
			if (r->send && !strcmp((*list)[k].name, r->send))
				base = &(*list)[k];
		if (r->error || !r->send || !strcmp(r->send, r->model) || (!base && served != 1))
			continue;
		if (!base)
			base = &(*list)[0]; /* a single-model server answers with its own */
		struct model_info *m = &(*list)[(*count)++];
		memset(m, 0, sizeof *m);
		m->name = xstrdup(r->model);
		m->digest = xasprintf("%s%s%s", base->digest, *base->digest ? " " : "",
		                      r->tag ? r->tag : "");
		m->exact = true;
	}
}

static cJSON *openai_body(const struct backend *b, const char *model, const cJSON *messages,
                          const struct chat_options *o)
{
	const struct route *r = route_of(b, model);
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "model", r && r->send ? r->send : model);
	if (b->kind == BACKEND_LLAMACPP)
		add_lora(b, body, r);
	cJSON_AddItemToObject(body, "messages", openai_messages(messages));
	cJSON_AddBoolToObject(body, "stream", true);
	cJSON_AddBoolToObject(cJSON_AddObjectToObject(body, "stream_options"), "include_usage",
	                      true);
	if (o->tools)
		cJSON_AddItemToObject(body, "tools", cJSON_Duplicate(o->tools, 1));
	if (o->num_predict)
		cJSON_AddNumberToObject(body, "max_tokens", (double)o->num_predict);
	if (o->has_temperature)
		cJSON_AddNumberToObject(body, "temperature", o->temperature);
	if (o->has_top_p)
		cJSON_AddNumberToObject(body, "top_p", o->top_p);
	if (o->has_seed)
		cJSON_AddNumberToObject(body, "seed", (double)o->seed);
	if (o->logprobs)
		cJSON_AddBoolToObject(body, "logprobs", true);
	/* llama.cpp's server and vLLM pass these to the chat template, where
	 * qwen3's reads enable_thinking (Ollama's think has no OpenAI field) */
	if (o->think >= 0)
		cJSON_AddBoolToObject(cJSON_AddObjectToObject(body, "chat_template_kwargs"),
		                      "enable_thinking", o->think != 0);
	return body;
}

struct chat_call *backend_chat_start(struct backend *b, const char *model, const cJSON *messages,
                                     const struct chat_options *o, const struct chat_sink *sink)
{
	struct chat_call *c = xcalloc(1, sizeof *c);
	sb_init(&c->r.answer, LOCO_TEXT_MAX);
	sb_add(&c->r.answer, "", 0);
	sb_init(&c->r.thinking, LOCO_TEXT_MAX);
	sb_add(&c->r.thinking, "", 0);
	think_filter_init(&c->think);
	if (sink)
		c->sink = *sink;
	bool openai = backend_kind_openai(b->kind);
	const struct route *route = route_of(b, model);
	if (route && route->error) {
		line_splitter_init(&c->t.lines, 1);
		c->finished = true;
		net_fail(&c->r.error, NET_NOT_FOUND, "%s", route->error);
		return c;
	}
	cJSON *body =
	    openai ? openai_body(b, model, messages, o) : ollama_body(b, model, messages, o);
	char *text = cJSON_PrintUnformatted(body);
	cJSON_Delete(body);
	transfer_init(&c->t, b, openai ? "/chat/completions" : "/api/chat", text, &c->r.error);
	free(text);
	c->t.owner = c;
	c->t.after_write = chat_after_write;
	c->t.on_done = chat_done;
	if (openai) {
		c->t.use_sse = true;
		c->t.on_event = openai_event;
		sse_reader_init(&c->t.sse, b->max_line, event_cb, &c->t);
	} else {
		c->t.on_line = ollama_line;
	}
	c->t0 = monotonic_seconds();
	transfer_start(&c->t);
	return c;
}

/* Everything a chat does with a response body, minus the network: the same
 * readers and checks, fed from memory in reads of read_size bytes. */
struct chat_call *chat_call_from_bytes(enum backend_kind kind, const char *data, size_t n,
                                       size_t read_size, const struct chat_sink *sink)
{
	struct chat_call *c = xcalloc(1, sizeof *c);
	sb_init(&c->r.answer, LOCO_TEXT_MAX);
	sb_add(&c->r.answer, "", 0);
	sb_init(&c->r.thinking, LOCO_TEXT_MAX);
	sb_add(&c->r.thinking, "", 0);
	think_filter_init(&c->think);
	if (sink)
		c->sink = *sink;
	struct transfer *t = &c->t;
	t->x.err = &c->r.error;
	t->owner = c;
	t->x.status = 200;
	line_splitter_init(&t->lines, 16u << 20);
	if (backend_kind_openai(kind)) {
		t->use_sse = true;
		t->on_event = openai_event;
		sse_reader_init(&t->sse, 16u << 20, event_cb, t);
	} else {
		t->on_line = ollama_line;
	}
	c->t0 = monotonic_seconds();
	char *msg = NULL;
	int rc = 0;
	for (size_t at = 0; at < n && rc == 0; at += read_size) {
		size_t len = n - at < read_size ? n - at : read_size;
		rc = t->use_sse ? sse_reader_feed(&t->sse, data + at, len, &msg)
		                : line_splitter_feed(&t->lines, data + at, len, line_cb, t, &msg);
	}
	if (rc == 0)
		rc = t->use_sse ? sse_reader_finish(&t->sse, &msg)
		                : line_splitter_finish(&t->lines, line_cb, t, &msg);
	if (msg)
		net_fail(t->x.err, NET_PROTOCOL, "%s", msg);
	free(msg);
	chat_done(t);
	return c;
}

struct chat_call *chat_call_replay(const char *answer, const char *thinking, long prompt_tokens,
                                   long tokens, const char *done_reason)
{
	struct chat_call *c = xcalloc(1, sizeof *c);
	sb_init(&c->r.answer, 0);
	sb_adds(&c->r.answer, answer);
	sb_init(&c->r.thinking, 0);
	sb_adds(&c->r.thinking, thinking ? thinking : "");
	think_filter_init(&c->think);
	line_splitter_init(&c->t.lines, 1);
	c->r.done = true;
	c->r.cached = true;
	c->finished = true;
	c->r.prompt_tokens = prompt_tokens;
	c->r.tokens = tokens;
	c->r.done_reason = done_reason ? xstrdup(done_reason) : NULL;
	return c;
}

void chat_call_replay_tool_calls(struct chat_call *c, cJSON *calls)
{
	cJSON_Delete(c->r.tool_calls);
	c->r.tool_calls = calls;
}

bool chat_call_finished(const struct chat_call *c)
{
	return c->finished;
}

void chat_call_cancel(struct chat_call *c)
{
	if (c->finished)
		return;
	http_transfer_cleanup(&c->t.x);
	c->finished = true;
	c->r.cancelled = true;
	c->r.seconds = monotonic_seconds() - c->t0;
	net_fail(&c->r.error, NET_INTERRUPTED, "cancelled: the answer was not needed");
}

const struct chat_result *chat_call_result(const struct chat_call *c)
{
	return &c->r;
}

void chat_call_free(struct chat_call *c)
{
	if (!c)
		return;
	transfer_cleanup(&c->t);
	think_filter_free(&c->think);
	sb_free(&c->r.answer);
	sb_free(&c->r.thinking);
	free(c->r.done_reason);
	cJSON_Delete(c->r.tool_calls);
	net_error_clear(&c->r.error);
	free(c);
}

/* ---- model management (pull, create, blobs, delete) -------------------- */

struct progress_call {
	progress_fn fn;
	void *ctx;
	bool success; /* {"status":"success"} arrived */
};

static const char *json_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* One NDJSON object of a pull or create stream. */
static int progress_line(struct transfer *t, const char *line, size_t len)
{
	struct progress_call *pc = t->owner;
	cJSON *j = parse_object(t, line, len);
	if (!j)
		return -1;
	if (line_error(t, j)) {
		cJSON_Delete(j);
		return -1;
	}
	struct progress_event ev = {
	    .status = json_str(j, "status"),
	    .digest = json_str(j, "digest"),
	    .total = json_i64(j, "total"),
	    .completed = json_i64(j, "completed"),
	};
	if (!strcmp(ev.status, "success"))
		pc->success = true;
	if (pc->fn)
		pc->fn(pc->ctx, &ev);
	cJSON_Delete(j);
	return 0;
}

static bool need_ollama(struct backend *b, const char *what, struct net_error *e)
{
	if (b->kind == BACKEND_OLLAMA)
		return true;
	net_fail(e, NET_PROTOCOL, "%s needs Ollama's native API; %s is an OpenAI-compatible server",
	         what, b->address);
	return false;
}

/* POSTs body to path and reads the NDJSON status stream that answers. */
static int progress_request(struct backend *b, const char *path, const cJSON *body,
                            const char *what, progress_fn fn, void *ctx, struct net_error *e)
{
	struct progress_call pc = {fn, ctx, false};
	char *text = cJSON_PrintUnformatted(body);
	struct transfer t;
	transfer_init(&t, b, path, text, e);
	free(text);
	t.owner = &pc;
	t.on_line = progress_line;
	transfer_start(&t);
	backend_run(b);
	transfer_cleanup(&t);
	if (e->status == NET_OK && !pc.success)
		net_fail(e, NET_PROTOCOL,
		         "the server ended the %s stream without reporting success", what);
	return e->status == NET_OK ? 0 : -1;
}

int backend_pull(struct backend *b, const char *model, progress_fn fn, void *ctx,
                 struct net_error *e)
{
	if (!need_ollama(b, "pulling a model", e))
		return -1;
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "model", model);
	cJSON_AddBoolToObject(body, "stream", true);
	int rc = progress_request(b, "/api/pull", body, "pull", fn, ctx, e);
	cJSON_Delete(body);
	return rc;
}

int backend_create(struct backend *b, const cJSON *request, progress_fn fn, void *ctx,
                   struct net_error *e)
{
	if (!need_ollama(b, "creating a model", e))
		return -1;
	return progress_request(b, "/api/create", request, "create", fn, ctx, e);
}

static bool valid_digest(const char *hex)
{
	size_t n = strspn(hex, "0123456789abcdef");
	return n == 64 && !hex[n];
}

int backend_blob_exists(struct backend *b, const char *sha256_hex, bool *exists,
                        struct net_error *e)
{
	*exists = false;
	if (!need_ollama(b, "uploading a file", e))
		return -1;
	if (!valid_digest(sha256_hex)) {
		net_fail(e, NET_PROTOCOL, "'%s' is not a SHA-256 digest (64 lowercase hex digits)",
		         sha256_hex);
		return -1;
	}
	char *path = xasprintf("/api/blobs/sha256:%s", sha256_hex);
	struct simple s;
	int rc = fetch(b, path, true, &s, e);
	sb_free(&s.body);
	free(path);
	if (rc < 0 && e->status == NET_NOT_FOUND && e->http_status == 404) {
		net_error_clear(e);
		return 0;
	}
	*exists = rc == 0;
	return rc;
}

struct upload {
	struct transfer *t;
	int fd;
	const char *file;
	int64_t size, sent;
	const char *status; /* "uploading <name>" */
	char digest[80];
	progress_fn fn;
	void *ctx;
};

static void upload_report(struct upload *u)
{
	if (!u->fn)
		return;
	struct progress_event ev = {u->status, u->digest, u->size, u->sent};
	u->fn(u->ctx, &ev);
}

static size_t upload_read(char *buf, size_t size, size_t nitems, void *ud)
{
	struct upload *u = ud;
	if (interrupt_requested())
		return CURL_READFUNC_ABORT;
	ssize_t n;
	do
		n = read(u->fd, buf, size * nitems);
	while (n < 0 && errno == EINTR && !interrupt_requested());
	if (n < 0) {
		/* not the server's fault: the message says what happened here */
		net_fail(u->t->x.err, NET_PROTOCOL, "cannot read '%s': %s", u->file,
		         strerror(errno));
		u->t->x.aborted = true;
		return CURL_READFUNC_ABORT;
	}
	u->sent += n;
	http_touch(&u->t->x); /* sending counts as progress for the stall guard */
	upload_report(u);
	return (size_t)n;
}

/* libcurl rewinds when it resends the body (a reused connection that died). */
static int upload_seek(void *ud, curl_off_t offset, int origin)
{
	struct upload *u = ud;
	off_t at = lseek(u->fd, (off_t)offset, origin);
	if (at < 0)
		return CURL_SEEKFUNC_FAIL;
	u->sent = at;
	return CURL_SEEKFUNC_OK;
}

int backend_blob_upload(struct backend *b, const char *file, const char *sha256_hex, progress_fn fn,
                        void *ctx, struct net_error *e)
{
	if (!need_ollama(b, "uploading a file", e))
		return -1;
	if (!valid_digest(sha256_hex)) {
		net_fail(e, NET_PROTOCOL, "'%s' is not a SHA-256 digest (64 lowercase hex digits)",
		         sha256_hex);
		return -1;
	}
	struct upload u = {
	    .fd = open(file, O_RDONLY | O_CLOEXEC), .file = file, .fn = fn, .ctx = ctx};
	struct stat st;
	if (u.fd < 0 || fstat(u.fd, &st) < 0) {
		net_fail(e, NET_PROTOCOL, "cannot read '%s': %s", file, strerror(errno));
		if (u.fd >= 0)
			close(u.fd);
		return -1;
	}
	u.size = st.st_size;
	const char *base = strrchr(file, '/');
	char *status = xasprintf("uploading %s", base ? base + 1 : file);
	u.status = status;
	snprintf(u.digest, sizeof u.digest, "sha256:%s", sha256_hex);
	char *path = xasprintf("/api/blobs/%s", u.digest);
	struct simple s;
	sb_init(&s.body, SIMPLE_BODY_MAX);
	struct transfer t;
	transfer_init(&t, b, path, NULL, e);
	u.t = &t;
	const struct curl_api *c = http_curl(b->http);
	http_add_header(&t.x, "Content-Type: application/octet-stream");
	c->easy_setopt(t.x.easy, CURLOPT_POST, 1L);
	c->easy_setopt(t.x.easy, CURLOPT_READFUNCTION, upload_read);
	c->easy_setopt(t.x.easy, CURLOPT_READDATA, &u);
	c->easy_setopt(t.x.easy, CURLOPT_SEEKFUNCTION, upload_seek);
	c->easy_setopt(t.x.easy, CURLOPT_SEEKDATA, &u);
	c->easy_setopt(t.x.easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)u.size);
	t.owner = &s;
	t.on_line = simple_line;
	upload_report(&u);
	transfer_start(&t);
	backend_run(b);
	transfer_cleanup(&t);
	sb_free(&s.body);
	close(u.fd);
	free(path);
	free(status);
	return e->status == NET_OK ? 0 : -1;
}

int backend_delete_model(struct backend *b, const char *model, struct net_error *e)
{
	if (!need_ollama(b, "deleting a model", e))
		return -1;
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "model", model);
	char *text = cJSON_PrintUnformatted(body);
	cJSON_Delete(body);
	struct simple s;
	sb_init(&s.body, SIMPLE_BODY_MAX);
	struct transfer t;
	transfer_init(&t, b, "/api/delete", text, e);
	free(text);
	http_curl(b->http)->easy_setopt(t.x.easy, CURLOPT_CUSTOMREQUEST, "DELETE");
	t.owner = &s;
	t.on_line = simple_line;
	transfer_start(&t);
	backend_run(b);
	transfer_cleanup(&t);
	sb_free(&s.body);
	return e->status == NET_OK ? 0 : -1;
}

/* ---- model names --------------------------------------------------------- */

/* "name" -> "name:latest"; a ':' before the last '/' is a host port, not a tag. */
static char *with_tag(const char *name)
{
	const char *colon = strrchr(name, ':'), *slash = strrchr(name, '/');
	if (colon && (!slash || colon > slash))
		return xstrdup(name);
	return xasprintf("%s:latest", name);
}

bool model_name_equal(const char *a, const char *b)
{
	char *x = with_tag(a), *y = with_tag(b);
	bool same = strcasecmp(x, y) == 0;
	free(x);
	free(y);
	return same;
}

double backend_busy_delay(int attempts_made)
{
	double wait = 0.5;
	for (int i = 1; i < attempts_made && wait < 3600; i++)
		wait *= 2;
	return wait;
}
