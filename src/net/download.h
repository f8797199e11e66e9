/* download.h: plain HTTP(S) downloads for `adapters install` (an adapter's
 * `url`) and the remote index (`index_url`), over libcurl loaded by netlib.
 *
 * A file download writes to "<dest>.part", resumes an existing .part with an
 * HTTP Range request, hashes the bytes as they arrive (the .part's old bytes
 * first), and renames to dest only when the SHA-256 matches; a mismatch
 * deletes the .part. Redirects are followed; there is a connect timeout but
 * no total one (a big file on a slow link is fine); Ctrl-C (held with
 * backend_catch_sigint) stops the transfer and keeps the .part for a resume.
 *
 * Nothing here prints: progress goes to the caller's callback. Strings in a
 * struct download_error belong to it (download_error_clear()).
 */
#ifndef LOCO_DOWNLOAD_H
#define LOCO_DOWNLOAD_H

#include <stddef.h>
#include <stdint.h>

enum download_status {
	DL_OK = 0,
	DL_HTTP,        /* the server answered an error status (404, 500, ...) */
	DL_UNREACHABLE, /* cannot resolve or connect */
	DL_CUT,         /* the connection ended before the whole body arrived */
	DL_CHECKSUM,    /* the bytes arrived but their SHA-256 is not the expected one */
	DL_TOO_LARGE,   /* a text download passed its ceiling */
	DL_LOCAL,       /* a local file could not be read or written */
	DL_INTERRUPTED, /* Ctrl-C */
};

struct download_error {
	enum download_status status;
	long http_status; /* the last HTTP status seen, 0 when none */
	char *message;    /* what went wrong, without the URL (callers name it) */
};
void download_error_clear(struct download_error *e);

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
 * (64 hex digits, any case) is required. Returns 0, or -1 with *e. On
 * DL_CHECKSUM the .part is gone; on DL_CUT and DL_INTERRUPTED it stays when
 * it holds bytes to resume from; an empty .part never stays. */
int download_file(const struct download_opts *o, const char *dest, const char *expected_sha256,
                  struct download_info *info, struct download_error *e);

/* Downloads url into memory (at most max bytes, NUL-terminated); 0 or -1. */
int download_text(const struct download_opts *o, size_t max, char **out, size_t *len,
                  struct download_error *e);

#endif
