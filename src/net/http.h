/* http.h: the one transfer engine. Every HTTP request loco makes (to the
 * model server in backend.c, and the downloads in download.c) is a struct
 * http_transfer on a struct http: this file sets the easy handle's common
 * options, drives the libcurl multi loop (the only caller of multi_perform
 * and multi_poll; scripts/lint.sh checks it), guards against stalls, stops
 * on Ctrl-C (interrupt.h) and turns what happened into one struct net_error.
 * As in curl itself, where every protocol handler sits on one transfer
 * engine, the clients only read bodies and word their own messages.
 *
 * Ownership: a struct http owns its multi handle; a transfer owns its easy
 * handle, headers and request body until http_transfer_cleanup(), which
 * also cancels it when it still runs. The client owns the transfer's memory
 * and the struct net_error it points at. Strings in a net_error belong to it
 * (net_error_clear()).
 */
#ifndef LOCO_HTTP_H
#define LOCO_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "netlib.h"
#include "util.h"

/* Why a transfer failed, for every client; main maps these to exit codes
 * (net_exit_code()). */
enum net_status {
	NET_OK = 0,
	NET_UNREACHABLE,  /* cannot connect or resolve */
	NET_NOT_FOUND,    /* 404, or the server has no such model */
	NET_SERVER_ERROR, /* an HTTP error status or an error line, with the server's text */
	NET_BUSY,         /* 503 or 429: try again later */
	NET_UNAUTHORIZED, /* 401 or 403 */
	NET_PROTOCOL,     /* not JSON, no done:true, a reply past its ceiling, not an http URL */
	NET_CUT,          /* the connection closed before the whole reply arrived */
	NET_STALLED,      /* no byte for stall_timeout seconds */
	NET_INTERRUPTED,  /* Ctrl-C */
	NET_CHECKSUM,     /* a download arrived whole but its SHA-256 is not the expected one */
	NET_LOCAL,        /* a local file could not be read or written */
};

struct net_error {
	enum net_status status;
	long http_status; /* the last HTTP status seen; 0 when no response arrived */
	char *message;    /* the server's text, or what went wrong (without the URL) */
	bool empty_body;  /* an HTTP error status came with no text */
};

int net_exit_code(enum net_status s);
void net_error_clear(struct net_error *e);
/* Records a failure unless one is already there: the first cause is the one
 * worth reporting. Returns -1, for `return net_fail(...)`. */
int net_fail(struct net_error *e, enum net_status s, const char *fmt, ...) LOCO_PRINTF(3, 4);

struct http_opts {
	long connect_timeout; /* seconds; 0 = libcurl's default */
	long stall_timeout;   /* seconds without a byte before giving up; 0 = wait forever */
};

struct http;
struct http *http_new(const struct http_opts *o, char **err);
void http_free(struct http *h);
/* The libcurl table, for options only one client sets (CURLOPT_NOBODY, ...). */
const struct curl_api *http_curl(const struct http *h);

struct http_transfer {
	/* The client's, set after http_transfer_init() (any may be NULL). */
	/* Body bytes of a 2xx response; -1 stops the transfer (say why in *err first). */
	int (*on_body)(struct http_transfer *t, const char *data, size_t n);
	/* The words for an error status (the caller frees them); NULL: http_error_words(). */
	char *(*status_words)(const struct http_transfer *t);
	/* The words for a connection that closed early; NULL: a generic sentence. */
	char *(*cut_words)(const struct http_transfer *t);
	/* The transfer is over and *err says how; ok: it ran to the end with a 2xx
	 * status and no failure, so the client may finish reading. */
	void (*on_done)(struct http_transfer *t, bool ok);
	void *owner;
	struct net_error *err;

	/* The engine's; clients read them (and set aborted, see on_body). */
	struct http *h;
	CURL *easy;
	long status;              /* the response's status, 0 until one arrives */
	struct strbuf error_body; /* the body of an error status, up to its ceiling */
	bool aborted;             /* a callback of the client's stopped it and said why */
	bool stalled;

	struct curl_slist *headers;
	char *request_body;
	bool running;
	double last_byte; /* when bytes last moved (or the request started) */
};

/* A GET of url (borrowed) that keeps at most error_max bytes of an error
 * status's body; failures go to *err. */
void http_transfer_init(struct http_transfer *t, struct http *h, const char *url, size_t error_max,
                        struct net_error *err);
void http_add_header(struct http_transfer *t, const char *line);
/* Makes it a POST of body (copied) as application/json. */
void http_post_json(struct http_transfer *t, const char *body);
/* Follows up to 10 redirects, to http and https only (downloads). */
void http_follow_redirects(struct http_transfer *t);
/* Bytes that moved the other way (an upload) count for the stall guard. */
void http_touch(struct http_transfer *t);
void http_start(struct http_transfer *t);
void http_transfer_cleanup(struct http_transfer *t);

/* One turn of the loop: runs transfers for at most timeout_ms and returns how
 * many finished. After Ctrl-C every running transfer ends NET_INTERRUPTED. */
int http_step(struct http *h, int timeout_ms);
/* Runs every started transfer to its end (or Ctrl-C), calling progress (may
 * be NULL) with (finished, total) as transfers finish. */
void http_run(struct http *h, void (*progress)(void *ctx, int done, int total), void *ctx);
size_t http_active(const struct http *h);

/* The server's words from an error body: {"error": "..."}, OpenAI's
 * {"error": {"message": ...}}, or the raw text (gin's "404 page not found",
 * a proxy's HTML) as http_one_line(200); "HTTP <status> with an empty body"
 * when it has none. The caller frees it. */
char *http_error_words(const char *body, size_t len, long status);
/* text as one readable line: blanks folded to single spaces, control bytes
 * dropped, ends trimmed, stopping once it holds max bytes; "" when nothing is
 * left. The caller frees it. */
char *http_one_line(const char *text, size_t len, size_t max);

/* Whether url names this machine (localhost, 127.x, [::1]): a proxy from the
 * environment must not capture it. */
bool http_url_is_loopback(const char *url);

#endif
