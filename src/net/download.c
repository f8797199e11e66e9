/* download.c: HTTP(S) downloads with resume and a streaming SHA-256 (see
 * download.h), as a client of the transfer engine (http.c): this file decides
 * where the bytes go (the .part and its digest, or memory), the engine moves
 * them, stops on Ctrl-C and a stall, and classifies the failures. */
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

#include "interrupt.h"
#include "netlib.h"
#include "util.h"

#define ERROR_BODY_MAX 4096

/* One transfer: where its body goes and what it saw. */
struct dl {
	const struct crypto_api *k;
	const struct download_opts *o;
	struct http_transfer x;
	bool started;             /* the first body byte of the final response was seen */
	int fd;                   /* file mode: the .part; -1 in text mode */
	struct evp_md_ctx_st *md; /* file mode: the digest of every byte in the .part */
	int64_t offset;           /* bytes the .part held when the request went out */
	int64_t completed, total;
	struct strbuf *text; /* text mode */
	int write_errno;
	bool too_large;
};

static bool is_http_url(const char *url)
{
	return !strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8);
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

/* The first bytes of the final (2xx) response: decide what the body is. */
static void start_body(struct dl *d)
{
	curl_off_t cl = -1;
	http_curl(d->x.h)->easy_getinfo(d->x.easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl);
	if (d->fd >= 0 && d->offset > 0 && d->x.status != 206) {
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

static int write_part(struct dl *d, const char *data, size_t n)
{
	for (size_t done = 0; done < n;) {
		ssize_t w = write(d->fd, data + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			d->write_errno = errno;
			return -1;
		}
		done += (size_t)w;
	}
	if (d->k->digest_update(d->md, data, n) != 1) {
		d->write_errno = EIO;
		return -1;
	}
	return 0;
}

/* The engine's on_body; a failure here is recorded in on_done (download_done). */
static int on_body(struct http_transfer *x, const char *data, size_t n)
{
	struct dl *d = x->owner;
	if (!d->started) {
		d->started = true;
		start_body(d);
	}
	if (d->write_errno)
		return -1;
	if (d->text) {
		if (sb_add(d->text, data, n) < 0) {
			d->too_large = true;
			return -1;
		}
	} else if (write_part(d, data, n) < 0) {
		return -1;
	}
	d->completed += (int64_t)n;
	report(d);
	return 0;
}

static void download_done(struct http_transfer *x, bool ok)
{
	(void)ok;
	struct dl *d = x->owner;
	if (d->write_errno)
		net_fail(x->err, NET_LOCAL, "cannot write: %s", strerror(d->write_errno));
	else if (d->too_large)
		net_fail(x->err, NET_PROTOCOL, "the reply is larger than %zu bytes", d->text->max);
}

/* "HTTP 404 (not found): "<the server's words>"" */
static char *status_words(const struct http_transfer *x)
{
	long s = x->status;
	char *words =
	    http_one_line(x->error_body.buf ? x->error_body.buf : "", x->error_body.len, 120);
	const char *what = s == 404   ? "not found"
	                   : s == 403 ? "forbidden"
	                   : s == 401 ? "needs authentication"
	                              : "error";
	char *text = xasprintf("HTTP %ld (%s)%s%s%s", s, what, words[0] ? ": \"" : "", words,
	                       words[0] ? "\"" : "");
	free(words);
	return text;
}

static char *cut_words(const struct http_transfer *x)
{
	const struct dl *d = x->owner;
	if (d->total >= 0)
		return xasprintf("the connection closed after %lld of %lld bytes",
		                 (long long)d->completed, (long long)d->total);
	return xasprintf("the connection closed after %lld bytes", (long long)d->completed);
}

/* Runs the transfer to its end; 0, or -1 with *e. */
static int perform(struct dl *d, struct net_error *e)
{
	char *err = NULL;
	struct http_opts ho = {d->o->connect_timeout, d->o->stall_timeout};
	struct http *h = http_new(&ho, &err);
	if (!h) {
		net_fail(e, NET_LOCAL, "%s", err);
		free(err);
		return -1;
	}
	http_transfer_init(&d->x, h, d->o->url, ERROR_BODY_MAX, e);
	http_follow_redirects(&d->x);
	d->x.owner = d;
	d->x.on_body = on_body;
	d->x.on_done = download_done;
	d->x.status_words = status_words;
	d->x.cut_words = cut_words;
	char range[32];
	if (d->offset > 0) {
		snprintf(range, sizeof range, "%lld-", (long long)d->offset);
		http_curl(h)->easy_setopt(d->x.easy, CURLOPT_RANGE, range);
	}
	http_start(&d->x);
	http_run(h, NULL, NULL);
	http_transfer_cleanup(&d->x);
	http_free(h);
	return e->status == NET_OK ? 0 : -1;
}

int download_text(const struct download_opts *o, size_t max, char **out, size_t *len,
                  struct net_error *e)
{
	memset(e, 0, sizeof *e);
	if (!is_http_url(o->url))
		return net_fail(e, NET_PROTOCOL, "not an http:// or https:// URL");
	struct strbuf text;
	sb_init(&text, max);
	sb_add(&text, "", 0);
	struct dl d = {.o = o, .fd = -1, .total = -1, .text = &text};
	if (perform(&d, e) < 0) {
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
static int64_t hash_existing(struct dl *d, struct net_error *e, const char *part)
{
	char buf[65536];
	int64_t n = 0;
	for (;;) {
		ssize_t r = read(d->fd, buf, sizeof buf);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return net_fail(e, NET_LOCAL, "cannot read '%s': %s", part,
			                strerror(errno));
		if (r == 0)
			return n;
		if (d->k->digest_update(d->md, buf, (size_t)r) != 1)
			return net_fail(e, NET_LOCAL, "libcrypto failed to hash '%s'", part);
		n += r;
		if (interrupt_requested())
			return net_fail(e, NET_INTERRUPTED, "interrupted");
	}
}

/* One attempt: open (or continue) the .part and transfer into it. */
static int attempt(struct dl *d, const char *part, struct net_error *e)
{
	d->fd = open(part, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (d->fd < 0)
		return net_fail(e, NET_LOCAL, "cannot write '%s': %s", part, strerror(errno));
	int64_t have = digest_restart(d) == 0 ? hash_existing(d, e, part) : -1;
	if (have < 0) {
		net_fail(e, NET_LOCAL, "libcrypto failed to start a SHA-256");
		close(d->fd);
		return -1;
	}
	d->offset = have;
	d->started = false;
	int rc = perform(d, e);
	if (close(d->fd) < 0 && rc == 0)
		rc = net_fail(e, NET_LOCAL, "cannot write '%s': %s", part, strerror(errno));
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

/* The digest of the whole file, and whether it is the expected one. */
static int check_digest(struct dl *d, const char *part, const char *expected,
                        struct download_info *info, struct net_error *e)
{
	unsigned char md[32];
	unsigned int mdlen = 0;
	if (d->k->digest_final(d->md, md, &mdlen) != 1 || mdlen != 32)
		return net_fail(e, NET_LOCAL, "libcrypto failed to finish the SHA-256");
	sha256_hex(md, info->sha256);
	info->bytes = d->completed;
	info->resumed_from = d->offset;
	if (hex_equal(info->sha256, expected))
		return 0;
	unlink(part);
	return net_fail(e, NET_CHECKSUM, "its SHA-256 is %s, not the expected %s", info->sha256,
	                expected);
}

int download_file(const struct download_opts *o, const char *dest, const char *expected_sha256,
                  struct download_info *info, struct net_error *e)
{
	memset(e, 0, sizeof *e);
	memset(info, 0, sizeof *info);
	if (!is_http_url(o->url))
		return net_fail(e, NET_PROTOCOL, "not an http:// or https:// URL");
	char *err = NULL;
	const struct crypto_api *k = netlib_curl(&err) ? netlib_crypto(&err) : NULL;
	if (!k) {
		net_fail(e, NET_LOCAL, "%s", err);
		free(err);
		return -1;
	}
	char *part = xasprintf("%s.part", dest);
	struct dl d = {.k = k, .o = o, .fd = -1, .total = -1, .md = k->md_ctx_new()};
	int rc = d.md ? attempt(&d, part, e) : net_fail(e, NET_LOCAL, "libcrypto failed to start");
	if (rc < 0 && e->http_status == 416) {
		/* "Range not satisfiable": the .part is longer than the file.
		 * It cannot be a prefix of it, so start again from nothing. */
		net_error_clear(e);
		unlink(part);
		rc = attempt(&d, part, e);
	}
	if (rc == 0)
		rc = check_digest(&d, part, expected_sha256, info, e);
	if (rc == 0 && rename(part, dest) < 0)
		rc = net_fail(e, NET_LOCAL, "cannot rename '%s' to '%s': %s", part, dest,
		              strerror(errno));
	if (rc < 0) {
		info->bytes = d.completed;
		drop_empty_part(part);
	}
	k->md_ctx_free(d.md);
	free(part);
	return rc;
}
