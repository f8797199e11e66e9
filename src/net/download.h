/* download.h: plain HTTP(S) downloads for `adapters install` (an adapter's
 * `url`) and the remote index (`index_url`), over libcurl loaded by netlib.
 *
 * A file download writes to "<dest>.part", resumes an existing .part with an
 * HTTP Range request, hashes the bytes as they arrive (the .part's old bytes
 * first), and renames to dest only when the SHA-256 matches; a mismatch
 * deletes the .part. Redirects are followed; there is a connect timeout but
 * no total one (a big file on a slow link is fine); Ctrl-C (caught with
 * interrupt_catch()) stops the transfer and keeps the .part for a resume.
 * The transfers run on the engine of http.h, and fail in its vocabulary
 * (struct net_error): an error status is NET_NOT_FOUND, NET_SERVER_ERROR, ...
 * with "HTTP <status> (<what>): <the server's words>" as the message; a cut
 * connection NET_CUT, a stall NET_STALLED, a wrong SHA-256 NET_CHECKSUM, a
 * text past its ceiling NET_PROTOCOL, a local file NET_LOCAL.
 *
 * Nothing here prints: progress goes to the caller's callback.
 */
#ifndef LOCO_DOWNLOAD_H
#define LOCO_DOWNLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "http.h"

/* completed counts from byte 0 of the file (a resumed .part included);
 * total is -1 while unknown. */
typedef void (*download_progress_fn)(void *ctx, int64_t completed, int64_t total);

struct download_opts {
	const char *url;
	long connect_timeout; /* seconds; 0 = libcurl's default */
	long stall_timeout;   /* seconds without a byte before giving up; 0 = wait forever */
	download_progress_fn progress; /* may be NULL */
	void *ctx;
};

/* What a file download did besides succeeding. */
struct download_info {
	int64_t resumed_from; /* bytes of the .part kept and not downloaded again */
	int64_t bytes;        /* size of the finished file */
	char sha256[65];      /* its digest */
};

/* Downloads url to dest via dest.part as described above; expected_sha256
 * (64 hex digits, any case) is required. Returns 0, or -1 with *e (the
 * caller's to clear). On NET_CHECKSUM the .part is gone; on NET_CUT,
 * NET_STALLED and NET_INTERRUPTED it stays when it holds bytes to resume
 * from; an empty .part never stays. */
int download_file(const struct download_opts *o, const char *dest, const char *expected_sha256,
                  struct download_info *info, struct net_error *e);

/* Downloads url into memory (at most max bytes, NUL-terminated); 0 or -1. */
int download_text(const struct download_opts *o, size_t max, char **out, size_t *len,
                  struct net_error *e);

#endif
