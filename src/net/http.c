/* http.c: the transfer engine (see http.h). A transfer's body bytes go to its
 * client when the status is 2xx, or to a bounded error buffer otherwise; when
 * libcurl is done with it, transfer_finished() turns what happened (Ctrl-C,
 * the stall guard, the status, curl's result) into one struct net_error. */
#define _GNU_SOURCE
#include "http.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "interrupt.h"

/* ---- the error vocabulary ------------------------------------------------ */

int net_exit_code(enum net_status s)
{
	switch (s) {
	case NET_OK:
		return LOCO_OK;
	case NET_UNREACHABLE:
		return LOCO_UNREACHABLE;
	case NET_NOT_FOUND:
		return LOCO_NOT_FOUND;
	case NET_INTERRUPTED:
		return LOCO_INTERRUPTED;
	default:
		return LOCO_FAIL;
	}
}

void net_error_clear(struct net_error *e)
{
	free(e->message);
	memset(e, 0, sizeof *e);
}

int net_fail(struct net_error *e, enum net_status s, const char *fmt, ...)
{
	if (e->status != NET_OK)
		return -1; /* the first cause is the one worth reporting */
	va_list ap;
	va_start(ap, fmt);
	free(e->message);
	e->message = xvasprintf(fmt, ap);
	va_end(ap);
	e->status = s;
	return -1;
}

char *http_one_line(const char *text, size_t len, size_t max)
{
	struct strbuf sb;
	sb_init(&sb, STRBUF_NO_CEILING); /* bounded by max below */
	sb_adds(&sb, "");
	for (size_t i = 0; i < len && sb.len < max; i++) {
		char c = text[i];
		if (c == '\n' || c == '\r' || c == '\t')
			c = ' ';
		if ((unsigned char)c >= 0x20 &&
		    !(c == ' ' && (!sb.len || sb.buf[sb.len - 1] == ' ')))
			sb_add(&sb, &c, 1);
	}
	while (sb.len && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	return sb_detach(&sb);
}

char *http_error_words(const char *body, size_t len, long status)
{
	cJSON *j = cJSON_ParseWithLength(body, len);
	const cJSON *e = j ? cJSON_GetObjectItemCaseSensitive(j, "error") : NULL;
	char *text = NULL;
	if (cJSON_IsString(e)) {
		text = xstrdup(e->valuestring);
	} else if (cJSON_IsObject(e)) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "message");
		if (cJSON_IsString(m))
			text = xstrdup(m->valuestring);
	}
	cJSON_Delete(j);
	if (text)
		return text;
	text = http_one_line(body, len, 200);
	if (!*text) {
		free(text);
		return xasprintf("HTTP %ld with an empty body", status);
	}
	return text;
}

bool http_url_is_loopback(const char *url)
{
	const char *h = strstr(url, "://");
	h = h ? h + 3 : url;
	const char *at = h + strcspn(h, "/?#");
	const char *cred = memchr(h, '@', (size_t)(at - h));
	if (cred)
		h = cred + 1;
	if (*h == '[')
		return !strncmp(h, "[::1]", 5);
	size_t n = strcspn(h, ":/?#");
	return (n == 9 && !strncasecmp(h, "localhost", 9)) || (n >= 4 && !strncmp(h, "127.", 4));
}

/* ---- the engine ------------------------------------------------------------ */

struct http {
	const struct curl_api *curl;
	CURLM *multi;
	long connect_timeout, stall_timeout;
	struct http_transfer **active;
	size_t n_active, cap_active;
};

struct http *http_new(const struct http_opts *o, char **err)
{
	const struct curl_api *curl = netlib_curl(err);
	if (!curl)
		return NULL;
	CURLM *multi = curl->multi_init();
	if (!multi) {
		set_err(err, "libcurl could not start a transfer");
		return NULL;
	}
	struct http *h = xcalloc(1, sizeof *h);
	h->curl = curl;
	h->multi = multi;
	h->connect_timeout = o->connect_timeout;
	h->stall_timeout = o->stall_timeout;
	return h;
}

void http_free(struct http *h)
{
	if (!h)
		return;
	h->curl->multi_cleanup(h->multi);
	free(h->active);
	free(h);
}

const struct curl_api *http_curl(const struct http *h)
{
	return h->curl;
}

size_t http_active(const struct http *h)
{
	return h->n_active;
}

/* ---- one transfer ---------------------------------------------------------- */

static size_t on_write(char *data, size_t size, size_t nmemb, void *ud)
{
	struct http_transfer *t = ud;
	size_t n = size * nmemb;
	t->last_byte = monotonic_seconds();
	if (interrupt_requested()) {
		t->aborted = true;
		return 0;
	}
	if (!t->status)
		t->h->curl->easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &t->status);
	if (t->status < 200 || t->status >= 300) {
		size_t room = t->error_body.max - t->error_body.len;
		sb_add(&t->error_body, data, n < room ? n : room);
		return n;
	}
	if (t->on_body && t->on_body(t, data, n) < 0) {
		t->aborted = true;
		return 0;
	}
	return n;
}

void http_transfer_init(struct http_transfer *t, struct http *h, const char *url, size_t error_max,
                        struct net_error *err)
{
	memset(t, 0, sizeof *t);
	t->h = h;
	t->err = err;
	const struct curl_api *c = h->curl;
	sb_init(&t->error_body, error_max);
	t->easy = c->easy_init();
	if (!t->easy) { /* http_start() then ends it at once */
		net_fail(err, NET_LOCAL, "libcurl could not start a transfer");
		return;
	}
	c->easy_setopt(t->easy, CURLOPT_URL, url);
	c->easy_setopt(t->easy, CURLOPT_NOSIGNAL, 1L);
	c->easy_setopt(t->easy, CURLOPT_CONNECTTIMEOUT, h->connect_timeout);
	if (http_url_is_loopback(url))
		c->easy_setopt(t->easy, CURLOPT_PROXY, "");
	c->easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, on_write);
	c->easy_setopt(t->easy, CURLOPT_WRITEDATA, t);
	c->easy_setopt(t->easy, CURLOPT_PRIVATE, t);
	c->easy_setopt(t->easy, CURLOPT_USERAGENT, "loco/" LOCO_VERSION);
	c->easy_setopt(t->easy, CURLOPT_TCP_KEEPALIVE, 1L);
	/* no "Expect: 100-continue" wait before a large body */
	http_add_header(t, "Expect:");
}

void http_add_header(struct http_transfer *t, const char *line)
{
	t->headers = t->h->curl->slist_append(t->headers, line);
	if (t->easy)
		t->h->curl->easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->headers);
}

void http_post_json(struct http_transfer *t, const char *body)
{
	const struct curl_api *c = t->h->curl;
	free(t->request_body);
	t->request_body = xstrdup(body);
	http_add_header(t, "Content-Type: application/json");
	c->easy_setopt(t->easy, CURLOPT_POSTFIELDS, t->request_body);
	c->easy_setopt(t->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(t->request_body));
}

void http_follow_redirects(struct http_transfer *t)
{
	const struct curl_api *c = t->h->curl;
	c->easy_setopt(t->easy, CURLOPT_FOLLOWLOCATION, 1L);
	c->easy_setopt(t->easy, CURLOPT_MAXREDIRS, 10L);
	c->easy_setopt(t->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	c->easy_setopt(t->easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
}

void http_touch(struct http_transfer *t)
{
	t->last_byte = monotonic_seconds();
}

void http_start(struct http_transfer *t)
{
	struct http *h = t->h;
	if (!t->easy) {
		if (t->on_done)
			t->on_done(t, false);
		return;
	}
	if (h->n_active == h->cap_active) {
		h->cap_active = h->cap_active ? 2 * h->cap_active : 8;
		h->active = xrealloc(h->active, h->cap_active * sizeof *h->active);
	}
	h->active[h->n_active++] = t;
	t->running = true;
	t->last_byte = monotonic_seconds();
	h->curl->multi_add_handle(h->multi, t->easy);
}

/* Takes t off the multi handle and the active list. */
static void detach(struct http_transfer *t)
{
	struct http *h = t->h;
	h->curl->multi_remove_handle(h->multi, t->easy);
	t->running = false;
	for (size_t i = 0; i < h->n_active; i++)
		if (h->active[i] == t)
			h->active[i] = h->active[--h->n_active];
}

void http_transfer_cleanup(struct http_transfer *t)
{
	if (!t->h)
		return;
	if (t->running)
		detach(t);
	if (t->easy)
		t->h->curl->easy_cleanup(t->easy);
	t->h->curl->slist_free_all(t->headers);
	free(t->request_body);
	sb_free(&t->error_body);
	t->easy = NULL;
	t->headers = NULL;
	t->request_body = NULL;
}

/* ---- what happened --------------------------------------------------------- */

static void status_failure(struct http_transfer *t)
{
	long s = t->status;
	const char *body = t->error_body.buf ? t->error_body.buf : "";
	char *text =
	    t->status_words ? t->status_words(t) : http_error_words(body, t->error_body.len, s);
	enum net_status ns = s == 404               ? NET_NOT_FOUND
	                     : s == 503 || s == 429 ? NET_BUSY
	                     : s == 401 || s == 403 ? NET_UNAUTHORIZED
	                                            : NET_SERVER_ERROR;
	net_fail(t->err, ns, "%s", text);
	t->err->http_status = s;
	t->err->empty_body = strspn(body, " \t\r\n") == t->error_body.len;
	free(text);
}

static void cut_failure(struct http_transfer *t)
{
	char *text = t->cut_words ? t->cut_words(t) : NULL;
	net_fail(t->err, NET_CUT, "%s",
	         text ? text : "the server closed the connection before the reply was complete");
	free(text);
}

/* libcurl's result in the shared vocabulary. */
static void curl_failure(struct http_transfer *t, CURLcode rc)
{
	const char *why = t->h->curl->easy_strerror(rc);
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		net_fail(t->err, NET_UNREACHABLE, "connection refused");
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		net_fail(t->err, NET_UNREACHABLE, "%s", why);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		/* only the connect timeout is set: after a status it is the server that went quiet
		 */
		if (t->status)
			net_fail(t->err, NET_CUT, "the server stopped sending");
		else
			net_fail(t->err, NET_UNREACHABLE, "no connection after %ld s",
			         t->h->connect_timeout);
		break;
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
		cut_failure(t);
		break;
	default:
		net_fail(t->err, NET_SERVER_ERROR, "%s", why);
	}
}

/* Runs when a transfer is over: decide what happened, then tell the client. */
static void transfer_finished(struct http_transfer *t, CURLcode rc)
{
	if (!t->status)
		t->h->curl->easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &t->status);
	bool ok = false;
	if (interrupt_requested())
		net_fail(t->err, NET_INTERRUPTED, "interrupted");
	else if (t->stalled)
		net_fail(t->err, NET_STALLED,
		         "the server sent nothing for %ld s (ollama.stall_timeout)",
		         t->h->stall_timeout);
	else if (t->aborted)
		; /* the client stopped it on purpose and has said why */
	else if (t->status >= 300 || (t->status && t->status < 200))
		status_failure(t);
	else if (rc != CURLE_OK)
		curl_failure(t, rc);
	else
		ok = true;
	if (t->on_done)
		t->on_done(t, ok);
}

static int drain_messages(struct http *h)
{
	CURLMsg *m;
	int left, finished = 0;
	while ((m = h->curl->multi_info_read(h->multi, &left))) {
		if (m->msg != CURLMSG_DONE)
			continue;
		struct http_transfer *t = NULL;
		h->curl->easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&t);
		CURLcode rc = m->data.result;
		detach(t);
		transfer_finished(t, rc);
		finished++;
	}
	return finished;
}

static void abort_transfer(struct http_transfer *t)
{
	detach(t);
	transfer_finished(t, CURLE_ABORTED_BY_CALLBACK);
}

/* The stall guard: a transfer that has moved no byte for stall_timeout
 * seconds (curl's low-speed check averages over a window and can miss it). */
static int check_stalls(struct http *h)
{
	if (h->stall_timeout <= 0)
		return 0;
	double now = monotonic_seconds();
	int stalled = 0;
	for (size_t i = 0; i < h->n_active;) {
		struct http_transfer *t = h->active[i];
		if (now - t->last_byte >= (double)h->stall_timeout) {
			t->stalled = true;
			abort_transfer(t);
			stalled++;
		} else {
			i++;
		}
	}
	return stalled;
}

int http_step(struct http *h, int timeout_ms)
{
	int running = 0;
	h->curl->multi_perform(h->multi, &running);
	int finished = drain_messages(h);
	if (interrupt_requested()) {
		while (h->n_active) {
			abort_transfer(h->active[0]);
			finished++;
		}
		return finished;
	}
	finished += check_stalls(h);
	if (!finished && h->n_active)
		h->curl->multi_poll(h->multi, NULL, 0, timeout_ms, NULL);
	return finished;
}

void http_run(struct http *h, void (*progress)(void *ctx, int done, int total), void *ctx)
{
	int total = (int)h->n_active, done = 0;
	while (h->n_active) {
		/* Wake at least every 100 ms to notice Ctrl-C. */
		int now = http_step(h, 100);
		done += now;
		if (now && progress && !interrupt_requested())
			progress(ctx, done, total);
	}
}
