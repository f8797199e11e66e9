/* download.c: HTTP(S) downloads with resume and a streaming SHA-256 (see
 * download.h). One easy handle on a multi handle of its own, so the loop
 * wakes every 100 ms to notice Ctrl-C the way the backend does. */
#define _GNU_SOURCE
#include "download.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend.h"
#include "netlib.h"
#include "util.h"

#define ERROR_BODY_MAX 4096

void download_error_clear(struct download_error *e)
{
	free(e->message);
	memset(e, 0, sizeof *e);
}

static int dl_fail(struct download_error *e, enum download_status s, const char *fmt, ...)
    LOCO_PRINTF(3, 4);
static int dl_fail(struct download_error *e, enum download_status s, const char *fmt, ...)
{
	if (e->status != DL_OK)
		return -1; /* the first cause is the one worth reporting */
	va_list ap;
	va_start(ap, fmt);
	free(e->message);
	e->message = xvasprintf(fmt, ap);
	va_end(ap);
	e->status = s;
	return -1;
}

/* One transfer: where its body goes and what it saw. */
struct dl {
	const struct curl_api *c;
	const struct crypto_api *k;
	CURL *easy;
	const struct download_opts *o;
	long status;
	bool started;             /* the first body byte of the final response was seen */
	int fd;                   /* file mode: the .part; -1 in text mode */
	struct evp_md_ctx_st *md; /* file mode: the digest of every byte in the .part */
	int64_t offset;           /* bytes the .part held when the request went out */
	int64_t completed, total;
	struct strbuf *text; /* text mode */
	struct strbuf error_body;
	int write_errno;
	bool too_large;
	double last_byte; /* when the server last sent something (the stall guard) */
	bool stalled;
};

static bool is_http_url(const char *url)
{
	return !strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8);
}

/* A proxy from the environment must not capture a server on this machine
 * (the same rule as the backend's). */
static bool url_is_loopback(const char *url)
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

static void report(struct dl *d)
{
	if (d->o->progress)
		d->o->progress(d->o->ctx, d->completed, d->total);
}

static int digest_restart(struct dl *d)
{
	return d->k->digest_init(d->md, d->k->sha256(), NULL) == 1 ? 0 : -1;
}

/* The first bytes of the final response: decide what the body is. */
static void start_body(struct dl *d)
{
	d->c->easy_getinfo(d->easy, CURLINFO_RESPONSE_CODE, &d->status);
	if (d->status < 200 || d->status >= 300)
		return;
	curl_off_t cl = -1;
	d->c->easy_getinfo(d->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl);
	if (d->fd >= 0 && d->offset > 0 && d->status != 206) {
		/* The server ignored the Range: the whole file comes again. */
		if (ftruncate(d->fd, 0) < 0 || lseek(d->fd, 0, SEEK_SET) < 0 ||
		    digest_restart(d) < 0)
			d->write_errno = errno ? errno : EIO;
		d->offset = 0;
	}
	d->completed = d->fd >= 0 ? d->offset : 0;
	d->total = cl >= 0 ? d->completed + (int64_t)cl : -1;
	report(d);
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
	struct dl *d = ud;
	size_t n = size * nmemb;
	d->last_byte = monotonic_seconds();
	if (backend_interrupted())
		return 0;
	if (!d->started) {
		d->started = true;
		start_body(d); /* an error status: the body is the server's text */
	}
	if (d->status < 200 || d->status >= 300) {
		size_t room = ERROR_BODY_MAX - d->error_body.len;
		sb_add(&d->error_body, data, n < room ? n : room);
		return n;
	}
	if (d->write_errno)
		return 0;
	if (d->text) {
		if (sb_add(d->text, data, n) < 0) {
			d->too_large = true;
			return 0;
		}
	} else {
		for (size_t done = 0; done < n;) {
			ssize_t w = write(d->fd, data + done, n - done);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				d->write_errno = errno;
				return 0;
			}
			done += (size_t)w;
		}
		if (d->k->digest_update(d->md, data, n) != 1) {
			d->write_errno = EIO;
			return 0;
		}
	}
	d->completed += (int64_t)n;
	report(d);
	return n;
}

/* The server's words for an error status, trimmed to one short line. */
static char *error_words(const struct strbuf *body)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "");
	for (size_t i = 0; i < body->len && sb.len < 120; i++) {
		char ch = body->buf[i];
		if (ch == '\n' || ch == '\r' || ch == '\t')
			ch = ' ';
		if ((unsigned char)ch >= 0x20 &&
		    !(ch == ' ' && (!sb.len || sb.buf[sb.len - 1] == ' ')))
			sb_add(&sb, &ch, 1);
	}
	while (sb.len && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	return sb_detach(&sb);
}

static void http_failure(struct dl *d, struct download_error *e)
{
	char *words = error_words(&d->error_body);
	const char *what = d->status == 404   ? "not found"
	                   : d->status == 403 ? "forbidden"
	                   : d->status == 401 ? "needs authentication"
	                                      : "error";
	dl_fail(e, DL_HTTP, "HTTP %ld (%s)%s%s%s", d->status, what, words[0] ? ": \"" : "", words,
	        words[0] ? "\"" : "");
	e->http_status = d->status;
	free(words);
}

static void curl_failure(struct dl *d, CURLcode rc, struct download_error *e)
{
	const char *why = d->c->easy_strerror(rc);
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		dl_fail(e, DL_UNREACHABLE, "%s",
		        rc == CURLE_COULDNT_CONNECT ? "connection refused" : why);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		if (d->status)
			dl_fail(e, DL_CUT, "the server stopped sending");
		else
			dl_fail(e, DL_UNREACHABLE, "no connection after %ld s",
			        d->o->connect_timeout);
		break;
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
		if (d->total >= 0)
			dl_fail(e, DL_CUT, "the connection closed after %lld of %lld bytes",
			        (long long)d->completed, (long long)d->total);
		else
			dl_fail(e, DL_CUT, "the connection closed after %lld bytes",
			        (long long)d->completed);
		break;
	default:
		dl_fail(e, DL_HTTP, "%s", why);
	}
}

/* Runs the transfer to its end; fills *e unless it succeeded. */
static int perform(struct dl *d, struct download_error *e)
{
	const struct curl_api *c = d->c;
	CURLM *multi = c->multi_init();
	d->easy = c->easy_init();
	if (!multi || !d->easy) {
		if (multi)
			c->multi_cleanup(multi);
		if (d->easy)
			c->easy_cleanup(d->easy);
		return dl_fail(e, DL_LOCAL, "libcurl could not start a transfer");
	}
	CURL *h = d->easy;
	c->easy_setopt(h, CURLOPT_URL, d->o->url);
	c->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	c->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	c->easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
	c->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	c->easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	if (d->o->connect_timeout > 0)
		c->easy_setopt(h, CURLOPT_CONNECTTIMEOUT, d->o->connect_timeout);
	if (url_is_loopback(d->o->url))
		c->easy_setopt(h, CURLOPT_PROXY, "");
	c->easy_setopt(h, CURLOPT_USERAGENT, "loco/" LOCO_VERSION);
	c->easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
	c->easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	c->easy_setopt(h, CURLOPT_WRITEDATA, d);
	char range[32];
	if (d->offset > 0) {
		snprintf(range, sizeof range, "%lld-", (long long)d->offset);
		c->easy_setopt(h, CURLOPT_RANGE, range);
	}
	c->multi_add_handle(multi, h);
	CURLcode rc = CURLE_OK;
	bool finished = false;
	d->last_byte = monotonic_seconds();
	while (!finished) {
		int running = 0;
		c->multi_perform(multi, &running);
		CURLMsg *m;
		int left;
		while ((m = c->multi_info_read(multi, &left)))
			if (m->msg == CURLMSG_DONE)
				rc = m->data.result, finished = true;
		if (finished || backend_interrupted())
			break;
		/* the stall guard, as for answers: nothing for stall_timeout seconds */
		if (d->o->stall_timeout > 0 &&
		    monotonic_seconds() - d->last_byte >= (double)d->o->stall_timeout) {
			d->stalled = true;
			break;
		}
		c->multi_poll(multi, NULL, 0, 100, NULL);
	}
	if (!d->status)
		c->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &d->status);
	c->multi_remove_handle(multi, h);
	c->easy_cleanup(h);
	c->multi_cleanup(multi);
	d->easy = NULL;

	if (backend_interrupted())
		return dl_fail(e, DL_INTERRUPTED, "interrupted");
	if (d->stalled)
		return dl_fail(e, DL_CUT,
		               "the server sent nothing for %ld s (ollama.stall_timeout)",
		               d->o->stall_timeout);
	if (d->status && (d->status < 200 || d->status >= 300)) {
		http_failure(d, e);
		return -1;
	}
	if (d->write_errno)
		return dl_fail(e, DL_LOCAL, "cannot write: %s", strerror(d->write_errno));
	if (d->too_large)
		return dl_fail(e, DL_TOO_LARGE, "the reply is larger than %zu bytes", d->text->max);
	if (rc != CURLE_OK) {
		curl_failure(d, rc, e);
		return -1;
	}
	return 0;
}

int download_text(const struct download_opts *o, size_t max, char **out, size_t *len,
                  struct download_error *e)
{
	memset(e, 0, sizeof *e);
	if (!is_http_url(o->url))
		return dl_fail(e, DL_HTTP, "not an http:// or https:// URL");
	char *err = NULL;
	const struct curl_api *c = netlib_curl(&err);
	if (!c) {
		dl_fail(e, DL_LOCAL, "%s", err);
		free(err);
		return -1;
	}
	struct strbuf text;
	sb_init(&text, max);
	sb_add(&text, "", 0);
	struct dl d = {.c = c, .o = o, .fd = -1, .total = -1, .text = &text};
	sb_init(&d.error_body, ERROR_BODY_MAX);
	int rc = perform(&d, e);
	sb_free(&d.error_body);
	if (rc < 0) {
		sb_free(&text);
		return -1;
	}
	*len = text.len;
	*out = sb_detach(&text);
	return 0;
}

static bool hex_equal(const char *a, const char *b)
{
	return strlen(a) == 64 && strlen(b) == 64 && !strncasecmp(a, b, 64);
}

/* Feeds the bytes already in the .part to the digest; returns their count. */
static int64_t hash_existing(struct dl *d, struct download_error *e, const char *part)
{
	char buf[65536];
	int64_t n = 0;
	for (;;) {
		ssize_t r = read(d->fd, buf, sizeof buf);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			dl_fail(e, DL_LOCAL, "cannot read '%s': %s", part, strerror(errno));
			return -1;
		}
		if (r == 0)
			return n;
		if (d->k->digest_update(d->md, buf, (size_t)r) != 1) {
			dl_fail(e, DL_LOCAL, "libcrypto failed to hash '%s'", part);
			return -1;
		}
		n += r;
		if (backend_interrupted()) {
			dl_fail(e, DL_INTERRUPTED, "interrupted");
			return -1;
		}
	}
}

static void to_hex(const unsigned char md[32], char out[65])
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

/* One attempt: open (or continue) the .part and transfer into it. */
static int attempt(struct dl *d, const char *part, struct download_error *e)
{
	d->fd = open(part, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (d->fd < 0)
		return dl_fail(e, DL_LOCAL, "cannot write '%s': %s", part, strerror(errno));
	int64_t have = digest_restart(d) == 0 ? hash_existing(d, e, part) : -1;
	if (have < 0) {
		if (e->status == DL_OK)
			dl_fail(e, DL_LOCAL, "libcrypto failed to start a SHA-256");
		close(d->fd);
		return -1;
	}
	d->offset = have;
	d->started = false;
	d->status = 0;
	sb_reset(&d->error_body);
	int rc = perform(d, e);
	if (close(d->fd) < 0 && rc == 0)
		rc = dl_fail(e, DL_LOCAL, "cannot write '%s': %s", part, strerror(errno));
	d->fd = -1;
	return rc;
}

/* A failure with no byte to resume from (a 404, a refused redirect, a
 * server that never answered) leaves no file behind either. */
static void drop_empty_part(const char *part)
{
	struct stat st;
	if (stat(part, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0)
		unlink(part);
}

int download_file(const struct download_opts *o, const char *dest, const char *expected_sha256,
                  struct download_info *info, struct download_error *e)
{
	memset(e, 0, sizeof *e);
	memset(info, 0, sizeof *info);
	if (!is_http_url(o->url))
		return dl_fail(e, DL_HTTP, "not an http:// or https:// URL");
	char *err = NULL;
	const struct curl_api *c = netlib_curl(&err);
	const struct crypto_api *k = c ? netlib_crypto(&err) : NULL;
	if (!k) {
		dl_fail(e, DL_LOCAL, "%s", err);
		free(err);
		return -1;
	}
	char *part = xasprintf("%s.part", dest);
	struct dl d = {.c = c, .k = k, .o = o, .fd = -1, .total = -1, .md = k->md_ctx_new()};
	sb_init(&d.error_body, ERROR_BODY_MAX);
	int rc = d.md ? attempt(&d, part, e) : dl_fail(e, DL_LOCAL, "libcrypto failed to start");
	if (rc < 0 && e->status == DL_HTTP && e->http_status == 416) {
		/* "Range not satisfiable": the .part is longer than the file.
		 * It cannot be a prefix of it, so start again from nothing. */
		download_error_clear(e);
		unlink(part);
		rc = attempt(&d, part, e);
	}
	if (rc == 0) {
		unsigned char md[32];
		unsigned int mdlen = 0;
		if (k->digest_final(d.md, md, &mdlen) != 1 || mdlen != 32)
			rc = dl_fail(e, DL_LOCAL, "libcrypto failed to finish the SHA-256");
		else
			to_hex(md, info->sha256);
	}
	if (rc == 0) {
		info->bytes = d.completed;
		info->resumed_from = d.offset;
		if (!hex_equal(info->sha256, expected_sha256)) {
			unlink(part);
			rc = dl_fail(e, DL_CHECKSUM, "its SHA-256 is %s, not the expected %s",
			             info->sha256, expected_sha256);
		} else if (rename(part, dest) < 0) {
			rc = dl_fail(e, DL_LOCAL, "cannot rename '%s' to '%s': %s", part, dest,
			             strerror(errno));
		}
	}
	if (rc < 0) {
		info->bytes = d.completed;
		drop_empty_part(part);
	}
	k->md_ctx_free(d.md);
	sb_free(&d.error_body);
	free(part);
	return rc;
}
